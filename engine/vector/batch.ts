/** Batch: a set of equal-length column vectors plus an optional selection vector. */
import { Vector } from './vector.js';

/**
 * Rows per batch produced by scans and operators. 2048 keeps a batch's working set (a few
 * columns of 8-byte values) inside L2 while amortising per-batch overhead; see ARCHITECTURE.md.
 */
export const VECTOR_SIZE = 2048;

/**
 * A batch of rows. When `sel` is set, only rows `sel[0..length)` of the column vectors are live
 * (a filter narrows a batch without copying it); otherwise rows `0..length)` are.
 */
export class Batch {
  constructor(
    readonly columns: Vector[],
    readonly length: number,
    readonly sel: Int32Array | null = null,
  ) {}

  /** This batch with its selection applied, so that row i of every column is live row i. */
  compact(): Batch {
    const sel = this.sel;
    if (sel === null) return this;
    const n = this.length;
    return new Batch(this.columns.map((c) => c.gather(sel, n)), n, null);
  }

  /** Physical row index of live row k (for code outside hot loops). */
  rowIndex(k: number): number {
    return this.sel === null ? k : this.sel[k];
  }
}
