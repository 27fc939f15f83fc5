/** Physical UNION / INTERSECT / EXCEPT operator, with and without ALL, in first-seen order. */
import type { DataType } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { BoundedBatches } from './batch-utils.js';
import { firstOccurrences } from './distinct-exec.js';
import { KeyHashTable } from './hash/key-hash-table.js';
import type { ExecOperator } from './operator.js';

/** The set operation. */
export type SetOpKind = 'union' | 'intersect' | 'except';

/**
 * Set operations over two inputs with identical column types; rows are equal when every column is
 * (NULL equal to NULL). Bag semantics with ALL follow PostgreSQL: UNION ALL concatenates,
 * INTERSECT ALL keeps min(m, n) copies, EXCEPT ALL keeps max(m - n, 0).
 *
 * - UNION [ALL] streams the left input then the right, passing batches through (UNION narrows
 *   each to its first occurrences).
 * - INTERSECT / EXCEPT first consume the right input into a {@link KeyHashTable} with a count per
 *   distinct row, then stream the left input; output is left rows in first-seen order.
 *
 * Output batches are input batches under a selection vector; nothing is copied.
 */
export class SetOpExec implements ExecOperator {
  private readonly table: KeyHashTable | null;
  private readonly leftBatches: BoundedBatches;
  private readonly rightBatches: BoundedBatches;
  private readonly ids = new Int32Array(VECTOR_SIZE);
  private leftDone = false;
  /** INTERSECT/EXCEPT: copies of each right-side row id still to match; null until the right side is read. */
  private remaining: Int32Array | null = null;
  /** EXCEPT (distinct): the next id a left-only row would get (right rows hold the ids below), to spot first occurrences. */
  private nextNew = 0;

  constructor(
    private readonly left: ExecOperator,
    private readonly right: ExecOperator,
    readonly op: SetOpKind,
    readonly all: boolean,
    types: readonly DataType[],
  ) {
    this.table = op === 'union' && all ? null : new KeyHashTable(types);
    this.leftBatches = new BoundedBatches(left);
    this.rightBatches = new BoundedBatches(right);
  }

  /** Bytes held by the row table. */
  get byteSize(): number {
    return (this.table === null ? 0 : this.table.byteSize) + (this.remaining === null ? 0 : this.remaining.byteLength);
  }

  next(): Batch | null {
    return this.op === 'union' ? this.nextUnion() : this.nextIntersectExcept();
  }

  close(): void {
    this.left.close?.();
    this.right.close?.();
  }

  private nextUnion(): Batch | null {
    for (;;) {
      const src = this.leftDone ? this.rightBatches : this.leftBatches;
      const b = src.next();
      if (b === null) {
        if (this.leftDone) return null;
        this.leftDone = true;
        continue;
      }
      if (this.table === null) return b;
      const out = firstOccurrences(this.table, b, this.ids);
      if (out !== null) return out;
    }
  }

  private readRight(): void {
    const table = this.table as KeyHashTable;
    let counts = new Int32Array(1024);
    for (let b = this.rightBatches.next(); b !== null; b = this.rightBatches.next()) {
      table.findOrInsert(b.columns, b.sel, b.length, this.ids);
      if (counts.length < table.size) {
        const grown = new Int32Array(Math.max(table.size, counts.length * 2));
        grown.set(counts);
        counts = grown;
      }
      for (let k = 0; k < b.length; k++) counts[this.ids[k]]++;
    }
    this.nextNew = table.size;
    // Without ALL each distinct row is emitted (intersect) or cancelled (except) at most once.
    if (!this.all) counts.fill(1, 0, table.size);
    this.remaining = counts;
  }

  private nextIntersectExcept(): Batch | null {
    if (this.remaining === null) this.readRight();
    const table = this.table as KeyHashTable;
    const rem = this.remaining as Int32Array;
    const ids = this.ids;
    const intersect = this.op === 'intersect';
    const exceptDistinct = !intersect && !this.all;
    for (let b = this.leftBatches.next(); b !== null; b = this.leftBatches.next()) {
      const n = b.length;
      // INTERSECT only needs to look rows up; EXCEPT (distinct) also remembers left-only rows.
      if (exceptDistinct) table.findOrInsert(b.columns, b.sel, n, ids);
      else table.find(b.columns, b.sel, n, ids, true);
      const sel = b.sel;
      const out = new Int32Array(n);
      let m = 0;
      for (let k = 0; k < n; k++) {
        const id = ids[k];
        let keep: boolean;
        if (intersect) {
          keep = id >= 0 && rem[id] > 0;
          if (keep) rem[id]--;
        } else if (exceptDistinct) {
          keep = id === this.nextNew;
          if (keep) this.nextNew++;
        } else if (id >= 0 && rem[id] > 0) {
          // EXCEPT ALL: this copy is cancelled by a right-side copy.
          rem[id]--;
          keep = false;
        } else {
          keep = true;
        }
        out[m] = sel === null ? k : sel[k];
        m += keep ? 1 : 0;
      }
      if (m > 0) return new Batch(b.columns, m, m === n ? sel : out.subarray(0, m));
    }
    return null;
  }
}
