/** Physical GROUP BY operator: hashes group keys, folds aggregates into typed-array states, emits groups in first-seen order. */
import type { DataType } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import type { Vector } from '../vector/vector.js';
import { AggregateHashTable } from './hash/aggregate-hash-table.js';
import type { AggregateSpec } from './hash/aggregate-states.js';
import type { ExecOperator } from './operator.js';

export { type AggregateKind, type AggregateSpec, aggregateOutputType } from './hash/aggregate-states.js';

/**
 * Hash aggregation. Consumes its whole input (a pipeline breaker), then emits one row per group:
 * the group columns in `groupCols` order (input types) followed by one column per aggregate.
 * Groups come out in first-seen order, in batches of at most VECTOR_SIZE rows. With no group
 * columns there is exactly one output row, even on empty input.
 */
export class HashAggregateExec implements ExecOperator {
  private readonly table: AggregateHashTable;
  private output: Vector[] | null = null;
  private pos = 0;

  constructor(
    private readonly input: ExecOperator,
    private readonly groupCols: readonly number[],
    private readonly aggs: readonly AggregateSpec[],
    inputTypes: readonly DataType[],
  ) {
    this.table = new AggregateHashTable(
      groupCols.map((c) => inputTypes[c]),
      aggs,
      aggs.map((a) => (a.argCol >= 0 ? inputTypes[a.argCol] : null)),
      aggs.map((a) => (a.arg2Col !== undefined && a.arg2Col >= 0 ? inputTypes[a.arg2Col] : null)),
    );
  }

  /** Bytes held by the hash table and aggregate states. */
  get byteSize(): number {
    return this.table.byteSize;
  }

  next(): Batch | null {
    if (this.output === null) this.consume();
    const groups = this.table.groupCount;
    if (this.pos >= groups) return null;
    const start = this.pos;
    const end = Math.min(groups, start + VECTOR_SIZE);
    this.pos = end;
    const out = this.output as Vector[];
    return new Batch(
      out.map((v) => v.slice(start, end)),
      end - start,
      null,
    );
  }

  close(): void {
    this.input.close?.();
  }

  private consume(): void {
    const groupVectors = new Array<Vector>(this.groupCols.length);
    const argVectors = new Array<Vector | null>(this.aggs.length);
    const arg2Vectors = new Array<Vector | null>(this.aggs.length);
    for (let b = this.input.next(); b !== null; b = this.input.next()) {
      for (let i = 0; i < this.groupCols.length; i++) groupVectors[i] = b.columns[this.groupCols[i]];
      for (let i = 0; i < this.aggs.length; i++) {
        const col = this.aggs[i].argCol;
        argVectors[i] = col >= 0 ? b.columns[col] : null;
        const col2 = this.aggs[i].arg2Col ?? -1;
        arg2Vectors[i] = col2 >= 0 ? b.columns[col2] : null;
      }
      this.table.addBatch(groupVectors, argVectors, b.sel, b.length, arg2Vectors);
    }
    this.output = this.table.finish();
  }
}
