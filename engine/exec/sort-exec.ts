/** Physical ORDER BY operator: materializes its input, sorts a row permutation, emits rows in order. */
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { ColumnBuilder } from '../vector/column-builder.js';
import type { Vector } from '../vector/vector.js';
import type { ExecOperator } from './operator.js';
import { type SortKey, sortedPermutation } from '../vector/sort-keys.js';
import { TopNExec } from './top-n-exec.js';

export type { SortKey } from '../vector/sort-keys.js';

/**
 * Creates the ORDER BY operator for a plan: a {@link TopNExec} when there is a LIMIT (it keeps only
 * limit + offset candidate rows), else a full {@link SortExec}.
 */
export function createSortExec(input: ExecOperator, keys: readonly SortKey[], limit: number | null, offset: number): ExecOperator {
  return limit === null ? new SortExec(input, keys, null, offset) : new TopNExec(input, keys, limit, offset);
}

/**
 * Full sort. Consumes its input into ColumnBuilders (strings re-interned into one dictionary per
 * column), sorts a permutation of row indices with a comparator specialized on the normalized keys
 * (strings by rank of their dictionary entry, so comparisons are numeric), then emits all columns
 * in key order in batches of at most VECTOR_SIZE. The sort is stable: equal keys keep input order.
 * `limit`/`offset` are applied to the sorted rows; prefer {@link createSortExec} when there is a limit.
 */
export class SortExec implements ExecOperator {
  private columns: Vector[] | null = null;
  private perm: Int32Array | null = null;
  private pos = 0;
  private end = 0;

  constructor(
    private readonly input: ExecOperator,
    readonly keys: readonly SortKey[],
    readonly limit: number | null,
    readonly offset: number,
  ) {}

  next(): Batch | null {
    if (this.perm === null) this.consume();
    const perm = this.perm as Int32Array;
    if (this.pos >= this.end) return null;
    const start = this.pos;
    const stop = Math.min(this.end, start + VECTOR_SIZE);
    this.pos = stop;
    const rows = perm.subarray(start, stop);
    const cols = (this.columns as Vector[]).map((v) => v.gather(rows, stop - start));
    return new Batch(cols, stop - start, null);
  }

  close(): void {
    this.input.close?.();
  }

  private consume(): void {
    let builders: ColumnBuilder[] | null = null;
    let rows = 0;
    for (let b = this.input.next(); b !== null; b = this.input.next()) {
      // Types are taken from the first batch: the operator is built without a schema.
      builders ??= b.columns.map((v) => new ColumnBuilder(v.type, VECTOR_SIZE));
      for (let c = 0; c < builders.length; c++) builders[c].appendVector(b.columns[c], b.sel, b.length);
      rows += b.length;
    }
    this.columns = builders === null ? [] : builders.map((b) => b.finish());
    this.perm = sortedPermutation(this.columns, this.keys, rows);
    this.pos = Math.min(rows, Math.max(0, this.offset));
    this.end = this.limit === null ? rows : Math.min(rows, this.pos + Math.max(0, this.limit));
  }
}
