/** Physical nested-loop join for non-equi conditions: every left row against the materialized right side. */
import type { DataType } from '../types/data-type.js';
import { type Batch, VECTOR_SIZE } from '../vector/batch.js';
import { ColumnBuilder } from '../vector/column-builder.js';
import { BoundedBatches } from './batch-utils.js';
import { JoinPairs, type JoinPredicate } from './join-pairs.js';
import type { ExecOperator } from './operator.js';

/** Join types of the nested-loop join ('cross' is an inner join without predicate). */
export type NestedLoopJoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross';

/**
 * Joins on an arbitrary predicate. The right input is materialized; each left batch is paired with
 * every right row in candidate batches of at most VECTOR_SIZE (left row × block of right rows),
 * the predicate picks the joined pairs. Output, outer, semi and anti semantics are those of
 * {@link HashJoinExec}; a null predicate joins every pair.
 */
export class NestedLoopJoinExec implements ExecOperator {
  private pairs: JoinPairs | null = null;
  private buildRows = 0;
  private readonly leftBatches: BoundedBatches;
  private leftDone = false;
  private probe: Batch | null = null;
  private probeK = 0;
  private buildPos = 0;
  private queued: Batch | null = null;

  constructor(
    private readonly left: ExecOperator,
    private readonly right: ExecOperator,
    private readonly joinType: NestedLoopJoinType,
    private readonly predicate: JoinPredicate | null,
    private readonly leftTypes: readonly DataType[],
    private readonly rightTypes: readonly DataType[],
  ) {
    this.leftBatches = new BoundedBatches(left);
  }

  next(): Batch | null {
    if (this.pairs === null) this.build();
    const pairs = this.pairs as JoinPairs;
    for (;;) {
      if (this.queued !== null) {
        const q = this.queued;
        this.queued = null;
        return q;
      }
      if (this.probe !== null) {
        const out = this.continueProbe(pairs);
        if (out !== null) return out;
        continue;
      }
      if (!this.leftDone) {
        const b = this.leftBatches.next();
        if (b === null) {
          this.leftDone = true;
          continue;
        }
        pairs.startProbe(b.length);
        if (this.predicate === null && !pairs.emitsPairs) {
          // semi/anti without predicate: a left row matches iff the right side has any row.
          pairs.probeMatched.fill(this.buildRows > 0 ? 1 : 0, 0, b.length);
          const out = pairs.finishProbe(b);
          if (out !== null) return out;
          continue;
        }
        this.probe = b;
        this.probeK = 0;
        this.buildPos = 0;
        continue;
      }
      return pairs.nextUnmatchedBuild();
    }
  }

  close(): void {
    this.left.close?.();
    this.right.close?.();
  }

  private build(): void {
    const builders = this.rightTypes.map((t) => new ColumnBuilder(t));
    let rows = 0;
    for (let b = this.right.next(); b !== null; b = this.right.next()) {
      for (let c = 0; c < builders.length; c++) builders[c].appendVector(b.columns[c], b.sel, b.length);
      rows += b.length;
    }
    this.buildRows = rows;
    const jt = this.joinType === 'cross' ? 'inner' : this.joinType;
    const cols = builders.map((b) => b.finish());
    this.pairs = new JoinPairs(jt, this.predicate, cols, rows, this.leftTypes, this.rightTypes);
    if (rows === 0 && (jt === 'inner' || jt === 'semi' || jt === 'right')) {
      this.leftDone = true;
      this.left.close?.();
    }
  }

  /** Enumerates the next chunk of (left row, right row) pairs, left-major, and evaluates it. */
  private continueProbe(pairs: JoinPairs): Batch | null {
    const b = this.probe as Batch;
    const n = b.length;
    const rows = this.buildRows;
    const live = pairs.pairLive;
    const build = pairs.pairBuild;
    const pm = pairs.probeMatched;
    const stopAtMatch = !pairs.emitsPairs;
    let k = this.probeK;
    let j = this.buildPos;
    let m = 0;
    while (k < n && m < VECTOR_SIZE) {
      if (j >= rows || (stopAtMatch && pm[k] !== 0)) {
        k++;
        j = 0;
        continue;
      }
      const take = Math.min(rows - j, VECTOR_SIZE - m);
      for (let t = 0; t < take; t++) {
        live[m] = k;
        build[m++] = j++;
      }
    }
    // Step past a row whose pairs are all enumerated so the end test below is exact.
    if (k < n && j >= rows) {
      k++;
      j = 0;
    }
    this.probeK = k;
    this.buildPos = j;
    const out = pairs.evaluate(b, m);
    if (k >= n) {
      this.probe = null;
      const tail = pairs.finishProbe(b);
      if (out === null) return tail;
      this.queued = tail;
    }
    return out;
  }
}
