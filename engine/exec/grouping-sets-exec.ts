/** Physical GROUPING SETS / ROLLUP / CUBE: aggregates the finest grouping once, then rolls states up per set. */
import type { DataType } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { Vector } from '../vector/vector.js';
import { nullVector } from './batch-utils.js';
import { AggregateHashTable } from './hash/aggregate-hash-table.js';
import type { AggregateSpec } from './hash/aggregate-states.js';
import type { ExecOperator } from './operator.js';

/**
 * Grouping sets in one pass over the input: rows are aggregated by the union of all group
 * columns (the finest grouping), and each set's groups are then derived by merging the states of
 * a finer table already computed ({@link AggregateHashTable.rollUp}): the smallest finer one, so
 * ROLLUP(a, b, c) derives (a, b) from (a, b, c), (a) from (a, b) and () from (a). This costs one
 * hash of every input row plus work proportional to group counts, against one pass over the input
 * per set, and it is the derivation a materialized cube needs.
 *
 * Output per row: every group column (NULL where the row's set rolls it up), the aggregates, then
 * one column per GROUPING() call; rows come set by set, groups in first-seen order.
 */
export class GroupingSetsExec implements ExecOperator {
  private output: Vector[][] | null = null;
  private setIdx = 0;
  private pos = 0;

  constructor(
    private readonly input: ExecOperator,
    /** Number of group columns (the input's first columns); the aggregate arguments follow. */
    private readonly groupTypes: readonly DataType[],
    private readonly aggs: readonly AggregateSpec[],
    private readonly inputTypes: readonly DataType[],
    /** Each set as indexes of group columns. */
    private readonly sets: readonly (readonly number[])[],
    /** Each GROUPING() call as indexes of group columns, most significant bit first. */
    private readonly groupingCalls: readonly (readonly number[])[],
    private readonly groupingType: DataType,
  ) {}

  next(): Batch | null {
    if (this.output === null) this.output = this.consume();
    while (this.setIdx < this.output.length) {
      const cols = this.output[this.setIdx];
      const rows = cols.length > 0 ? cols[0].length : 0;
      if (this.pos < rows) {
        const start = this.pos;
        const end = Math.min(rows, start + VECTOR_SIZE);
        this.pos = end;
        return new Batch(
          cols.map((v) => v.slice(start, end)),
          end - start,
          null,
        );
      }
      this.setIdx++;
      this.pos = 0;
    }
    return null;
  }

  close(): void {
    this.input.close?.();
  }

  private consume(): Vector[][] {
    const nGroups = this.groupTypes.length;
    const argType = (c: number | undefined): DataType | null => (c !== undefined && c >= 0 ? this.inputTypes[c] : null);
    const finest = new AggregateHashTable(
      this.groupTypes,
      this.aggs,
      this.aggs.map((a) => argType(a.argCol)),
      this.aggs.map((a) => argType(a.arg2Col)),
    );
    const groupCols = this.groupTypes.map((_, i) => i);
    const groupVectors = new Array<Vector>(nGroups);
    const args = new Array<Vector | null>(this.aggs.length);
    const args2 = new Array<Vector | null>(this.aggs.length);
    for (let b = this.input.next(); b !== null; b = this.input.next()) {
      for (let i = 0; i < nGroups; i++) groupVectors[i] = b.columns[groupCols[i]];
      for (let i = 0; i < this.aggs.length; i++) {
        const a = this.aggs[i];
        args[i] = a.argCol >= 0 ? b.columns[a.argCol] : null;
        args2[i] = a.arg2Col !== undefined && a.arg2Col >= 0 ? b.columns[a.arg2Col] : null;
      }
      finest.addBatch(groupVectors, args, b.sel, b.length, args2);
    }
    // Tables by the sorted, de-duplicated group columns they are keyed on.
    const tables = new Map<string, { keys: number[]; table: AggregateHashTable }>();
    tables.set(groupCols.join(','), { keys: groupCols, table: finest });
    const out: Vector[][] = [];
    // Finest sets first, so coarser ones find a small parent.
    const order = this.sets.map((_, i) => i).sort((a, b) => new Set(this.sets[b]).size - new Set(this.sets[a]).size);
    const perSet = new Array<Vector[]>(this.sets.length);
    for (const s of order) {
      const keys = [...new Set(this.sets[s])].sort((a, b) => a - b);
      const sig = keys.join(',');
      let entry = tables.get(sig);
      if (entry === undefined) {
        let parent: { keys: number[]; table: AggregateHashTable } | null = null;
        for (const t of tables.values()) {
          if (!keys.every((k) => t.keys.includes(k))) continue;
          if (parent === null || t.table.groupCount < parent.table.groupCount) parent = t;
        }
        const p = parent as { keys: number[]; table: AggregateHashTable };
        entry = { keys, table: p.table.rollUp(keys.map((k) => p.keys.indexOf(k))) };
        tables.set(sig, entry);
      }
      perSet[s] = this.setColumns(entry.keys, entry.table, s);
    }
    for (let s = 0; s < this.sets.length; s++) out.push(perSet[s]);
    return out;
  }

  /** One set's output columns: group columns (NULL when rolled up), aggregates, GROUPING() values. */
  private setColumns(keys: number[], table: AggregateHashTable, set: number): Vector[] {
    const finished = table.finish();
    const rows = table.groupCount;
    const cols: Vector[] = [];
    for (let g = 0; g < this.groupTypes.length; g++) {
      const at = keys.indexOf(g);
      cols.push(at >= 0 ? finished[at] : nullVector(this.groupTypes[g], rows));
    }
    for (let a = 0; a < this.aggs.length; a++) cols.push(finished[keys.length + a]);
    const members = new Set(this.sets[set]);
    for (const call of this.groupingCalls) {
      let bits = 0;
      for (const g of call) bits = bits * 2 + (members.has(g) ? 0 : 1);
      const data = new Float64Array(rows).fill(bits);
      cols.push(new Vector(this.groupingType, this.groupingType.id === 'integer' ? Int32Array.from(data) : data, null, null, rows));
    }
    return cols;
  }
}
