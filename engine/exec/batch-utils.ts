/** Small batch helpers shared by the physical operators: zero-copy slicing, selection building, NULL columns. */
import { allocData, type DataType, physicalKind } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { Vector } from '../vector/vector.js';

/**
 * Live rows [start, end) of `b` as a new batch without copying column data: the selection is
 * narrowed when there is one, otherwise the columns are sliced (subarray views).
 */
export function sliceBatch(b: Batch, start: number, end: number): Batch {
  if (start === 0 && end === b.length) return b;
  if (b.sel !== null) return new Batch(b.columns, end - start, b.sel.subarray(start, end));
  const cols = new Array<Vector>(b.columns.length);
  for (let c = 0; c < cols.length; c++) cols[c] = b.columns[c].slice(start, end);
  return new Batch(cols, end - start, null);
}

/**
 * The number of physical rows behind a batch's columns (what a column aligned with it must hold).
 * Equal to `length` without a selection; a batch with no columns falls back to the largest selected row.
 */
export function physicalLength(b: Batch): number {
  if (b.columns.length > 0) return b.columns[0].length;
  const sel = b.sel;
  if (sel === null) return b.length;
  let max = -1;
  for (let k = 0; k < b.length; k++) if (sel[k] > max) max = sel[k];
  return max + 1;
}

/**
 * Physical row indices of the live rows whose `mask` byte is non-zero; `mask[k]` belongs to live
 * row k. Returns the count; the indices are written to `out`.
 */
export function selectByMask(mask: Uint8Array, sel: Int32Array | null, n: number, out: Int32Array): number {
  let m = 0;
  // Branch-free compaction: always write, advance only on a kept row.
  if (sel === null) {
    for (let k = 0; k < n; k++) {
      out[m] = k;
      m += mask[k] !== 0 ? 1 : 0;
    }
  } else {
    for (let k = 0; k < n; k++) {
      out[m] = sel[k];
      m += mask[k] !== 0 ? 1 : 0;
    }
  }
  return m;
}

/** A cache of all-NULL vectors per type, so null-extending a join output does not allocate per batch. */
export class NullColumns {
  private readonly cache: (Vector | null)[];

  constructor(private readonly types: readonly DataType[]) {
    this.cache = types.map(() => null);
  }

  /** All-NULL vectors of exactly `n` rows, one per type (views of shared buffers; readers must not write to them). */
  get(n: number): Vector[] {
    const out = new Array<Vector>(this.types.length);
    for (let c = 0; c < this.types.length; c++) {
      let v = this.cache[c];
      if (v === null || v.length < n) {
        v = nullVector(this.types[c], Math.max(n, VECTOR_SIZE));
        this.cache[c] = v;
      }
      out[c] = v.length === n ? v : v.slice(0, n);
    }
    return out;
  }
}

/** A vector of `n` NULLs of type `t` (strings get an empty dictionary). */
export function nullVector(t: DataType, n: number): Vector {
  return new Vector(t, allocData(t, n), new Uint8Array(n), physicalKind(t) === 'str' ? [] : null, n);
}

/**
 * Splits an input stream into batches of at most VECTOR_SIZE live rows (zero-copy), so an operator
 * that sizes its scratch arrays and output batches by VECTOR_SIZE can trust its input.
 */
export class BoundedBatches {
  private pending: Batch | null = null;
  private offset = 0;

  constructor(private readonly input: { next(): Batch | null }) {}

  next(): Batch | null {
    for (;;) {
      const p = this.pending;
      if (p !== null) {
        const start = this.offset;
        const end = Math.min(p.length, start + VECTOR_SIZE);
        if (end >= p.length) this.pending = null;
        else this.offset = end;
        return sliceBatch(p, start, end);
      }
      const b = this.input.next();
      if (b === null) return null;
      if (b.length === 0) continue;
      if (b.length <= VECTOR_SIZE) return b;
      this.pending = b;
      this.offset = 0;
    }
  }
}
