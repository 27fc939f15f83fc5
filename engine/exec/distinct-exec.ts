/** Physical SELECT DISTINCT operator: passes through the first occurrence of each row, in input order. */
import type { DataType } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { BoundedBatches } from './batch-utils.js';
import { KeyHashTable } from './hash/key-hash-table.js';
import type { ExecOperator } from './operator.js';

/**
 * Removes duplicate rows (all columns equal, NULL equal to NULL). Streams: each batch comes out as
 * the same columns under a selection of its rows not seen before, so output order is first-seen
 * order and nothing is copied.
 */
export class DistinctExec implements ExecOperator {
  private readonly seen: KeyHashTable;
  private readonly batches: BoundedBatches;
  private readonly ids = new Int32Array(VECTOR_SIZE);

  constructor(
    private readonly input: ExecOperator,
    types: readonly DataType[],
  ) {
    this.seen = new KeyHashTable(types);
    this.batches = new BoundedBatches(input);
  }

  /** Bytes held by the table of distinct rows. */
  get byteSize(): number {
    return this.seen.byteSize;
  }

  next(): Batch | null {
    for (let b = this.batches.next(); b !== null; b = this.batches.next()) {
      const out = firstOccurrences(this.seen, b, this.ids);
      if (out !== null) return out;
    }
    return null;
  }

  close(): void {
    this.input.close?.();
  }
}

/**
 * Inserts the live rows of `b` into `seen` and returns `b` narrowed to the rows whose key was new
 * (the first of equal rows in the batch included); null when none was.
 */
export function firstOccurrences(seen: KeyHashTable, b: Batch, ids: Int32Array): Batch | null {
  const n = b.length;
  const before = seen.size;
  seen.findOrInsert(b.columns, b.sel, n, ids);
  if (seen.size === before) return null;
  if (seen.size - before === n) return b;
  // Ids are handed out densely in row order, so a row is new iff its id is the next unused one.
  const sel = b.sel;
  const out = new Int32Array(seen.size - before);
  let next = before;
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (ids[k] === next) {
      next++;
      out[m++] = sel === null ? k : sel[k];
    }
  }
  return new Batch(b.columns, m, out);
}
