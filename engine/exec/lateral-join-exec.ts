/** Physical lateral join: runs the right-hand subquery once per left row, with that row's values as its outer references. */
import type { ExecEnv } from '../expr/compile.js';
import type { DataType } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import type { Vector } from '../vector/vector.js';
import { ColumnBuilder } from '../vector/column-builder.js';
import { JoinPairs, type JoinPredicate } from './join-pairs.js';
import type { ExecOperator } from './operator.js';
import { openPlan, type PhysicalPlan } from './physical-planner.js';

/**
 * The right side's rows for a run of left rows are appended to one build buffer, with the
 * offset where each left row's rows start; (left row, its right rows) pairs then go through
 * {@link JoinPairs} exactly like a nested-loop join's pairs, so the ON condition, the output
 * gather and LEFT JOIN's NULL-extended rows are shared with the other joins. A run ends at the
 * end of a left batch or when the buffer holds {@link RUN_ROWS} rows, which bounds its memory.
 *
 * Left rows often repeat their correlated values (a lateral join after a join, or top-N per
 * group key): when the right plan is deterministic, each distinct combination of values runs
 * once and its rows are kept (memo), up to {@link MEMO_ROWS} rows in all. Decorrelating into a
 * join would make large left inputs with many distinct values fast; that is left for later.
 */
const RUN_ROWS = 1 << 16;
const MEMO_ROWS = 1 << 20;

/** The right side's rows for one combination of correlated values. */
interface RightRows {
  readonly columns: readonly Vector[];
  readonly rows: number;
}

export class LateralJoinExec implements ExecOperator {
  private readonly queue: Batch[] = [];
  private leftDone = false;
  /** Per combination of values: its rows once seen twice, null after the first time. */
  private readonly memo: Map<string | number | null, RightRows | null> | null;
  private memoRows = 0;

  constructor(
    private readonly left: ExecOperator,
    private readonly right: PhysicalPlan,
    private readonly env: ExecEnv,
    private readonly joinType: 'inner' | 'left',
    /** Per correlated column id: its position in the left batches. */
    private readonly correlated: readonly (readonly [cid: number, position: number])[],
    private readonly predicate: JoinPredicate | null,
    private readonly leftTypes: readonly DataType[],
    private readonly rightTypes: readonly DataType[],
    /** Whether the right plan returns the same rows for the same values (no volatile calls). */
    deterministic: boolean,
  ) {
    this.memo = deterministic ? new Map() : null;
  }

  next(): Batch | null {
    for (;;) {
      const q = this.queue.shift();
      if (q !== undefined) return q;
      if (this.leftDone) return null;
      const b = this.left.next();
      if (b === null) {
        this.leftDone = true;
        continue;
      }
      this.joinBatch(b);
    }
  }

  close(): void {
    this.left.close?.();
  }

  private joinBatch(b: Batch): void {
    const outer = this.env.outer;
    const saved = this.correlated.map(([cid]) => (outer.has(cid) ? outer.get(cid) : undefined));
    try {
      let start = 0;
      let builders = this.rightTypes.map((t) => new ColumnBuilder(t));
      // offsets[k - start] .. offsets[k - start + 1]: the build rows of left row k.
      let offsets = new Int32Array(b.length + 1);
      let rows = 0;
      for (let k = 0; k < b.length; k++) {
        rows += this.appendRightRows(b, b.rowIndex(k), builders);
        offsets[k + 1 - start] = rows;
        if (rows >= RUN_ROWS || k === b.length - 1) {
          this.emitRun(b, start, k + 1, builders, offsets, rows);
          start = k + 1;
          builders = this.rightTypes.map((t) => new ColumnBuilder(t));
          offsets = new Int32Array(b.length - start + 1);
          rows = 0;
        }
      }
    } finally {
      this.correlated.forEach(([cid], j) => {
        const v = saved[j];
        if (v === undefined) outer.delete(cid);
        else outer.set(cid, v);
      });
    }
  }

  /**
   * Appends the right side's rows for physical row `i` of `b` to `builders`; returns how many.
   * A combination's rows are kept only when it comes a second time, so unique values (a lateral
   * over a key) cost no copies.
   */
  private appendRightRows(b: Batch, i: number, builders: ColumnBuilder[]): number {
    const outer = this.env.outer;
    let key: string | number | null = null;
    if (this.correlated.length === 1) {
      const v = valueAt(b, this.correlated[0][1], i);
      outer.set(this.correlated[0][0], v);
      // One value is its own Map key (SameValueZero: NaN finds NaN; a column has one type).
      key = v;
    } else {
      // Unambiguous text: strings quoted, numbers as written (NaN too, unlike JSON), NULL bare.
      let text = '';
      for (const [cid, pos] of this.correlated) {
        const v = valueAt(b, pos, i);
        outer.set(cid, v);
        text += (typeof v === 'string' ? JSON.stringify(v) : String(v)) + ',';
      }
      key = text;
    }
    const memo = this.memo;
    const hit = memo === null ? undefined : memo.get(key);
    if (hit !== undefined && hit !== null) {
      for (let c = 0; c < builders.length; c++) builders[c].appendVector(hit.columns[c], null, hit.rows);
      return hit.rows;
    }
    const keep = hit === null && this.memoRows < MEMO_ROWS;
    const target = keep ? this.rightTypes.map((t) => new ColumnBuilder(t)) : builders;
    let rows = 0;
    const op = openPlan(this.right, this.env);
    try {
      for (let r = op.next(); r !== null; r = op.next()) {
        for (let c = 0; c < target.length; c++) target[c].appendVector(r.columns[c], r.sel, r.length);
        rows += r.length;
      }
    } finally {
      op.close?.();
    }
    if (keep) {
      const kept: RightRows = { columns: target.map((x) => x.finish()), rows };
      memo!.set(key, kept);
      this.memoRows += rows + 1;
      for (let c = 0; c < builders.length; c++) builders[c].appendVector(kept.columns[c], null, rows);
    } else if (memo !== null && hit === undefined && memo.size < MEMO_ROWS) {
      memo.set(key, null);
    }
    return rows;
  }

  /** Joins left rows [from, to) of `b` with their buffered right rows. */
  private emitRun(b: Batch, from: number, to: number, builders: ColumnBuilder[], offsets: Int32Array, rows: number): void {
    const n = to - from;
    const sel = new Int32Array(n);
    for (let k = 0; k < n; k++) sel[k] = b.rowIndex(from + k);
    const probe = new Batch(b.columns, n, sel);
    const pairs = new JoinPairs(this.joinType, this.predicate, builders.map((x) => x.finish()), rows, this.leftTypes, this.rightTypes);
    pairs.startProbe(n);
    const live = pairs.pairLive;
    const build = pairs.pairBuild;
    let m = 0;
    for (let k = 0; k < n; k++) {
      for (let j = offsets[k]; j < offsets[k + 1]; j++) {
        live[m] = k;
        build[m++] = j;
        if (m === VECTOR_SIZE) {
          const out = pairs.evaluate(probe, m);
          if (out !== null) this.queue.push(out);
          m = 0;
        }
      }
    }
    const out = pairs.evaluate(probe, m);
    if (out !== null) this.queue.push(out);
    const tail = pairs.finishProbe(probe);
    if (tail !== null) this.queue.push(tail);
  }
}

/** The physical value of column `pos` at physical row `i` (what outer references read). */
function valueAt(b: Batch, pos: number, i: number): number | string | null {
  const v = b.columns[pos];
  if (v.validity !== null && v.validity[i] === 0) return null;
  return v.dict !== null ? v.dict[v.data[i]] : v.data[i];
}
