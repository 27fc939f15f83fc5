/** Physical hash join: builds a JoinHashTable on the right input, then streams the left input through it. */
import type { DataType } from '../types/data-type.js';
import { type Batch, VECTOR_SIZE } from '../vector/batch.js';
import type { Vector } from '../vector/vector.js';
import { BoundedBatches } from './batch-utils.js';
import { JoinHashTable } from './hash/join-hash-table.js';
import { JoinPairs, type JoinPredicate } from './join-pairs.js';
import type { ExecOperator } from './operator.js';

/** Join types of the hash join. */
export type HashJoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

/**
 * Equi-join. The right input (the planner puts the smaller side there) is materialized into a
 * {@link JoinHashTable}; left batches then probe it one at a time. Output is left columns ++ right
 * columns (semi/anti: left columns only), in batches of at most VECTOR_SIZE rows; a probe batch
 * whose matches exceed that is resumed across calls. NULL keys never match. `residual`, when
 * given, must also pass for a pair to join; a left row without a passing pair is unmatched (left,
 * full, anti), and right/full emit the never-matched build rows after the left input ends.
 *
 * When build keys are unique (the star-schema case) each probe batch becomes one output batch
 * whose left columns are passed through under a selection vector, with only the right columns
 * written.
 */
export class HashJoinExec implements ExecOperator {
  private table: JoinHashTable | null = null;
  private pairs: JoinPairs | null = null;
  private readonly leftBatches: BoundedBatches;
  private leftDone = false;
  private keyVectors: Vector[];
  private probeIds = new Int32Array(VECTOR_SIZE);
  private buildRowOf = new Int32Array(VECTOR_SIZE);
  /** The probe batch being joined, or null between batches. */
  private probe: Batch | null = null;
  /** Next live row of the probe batch to enumerate, and where in its chain we stopped (-1: at its start). */
  private probeK = 0;
  private chainRow = -1;
  /** An output batch owed before any further work (the unmatched tail of a finished probe batch). */
  private queued: Batch | null = null;

  constructor(
    private readonly left: ExecOperator,
    private readonly right: ExecOperator,
    private readonly leftKeys: readonly number[],
    private readonly rightKeys: readonly number[],
    private readonly joinType: HashJoinType,
    private readonly residual: JoinPredicate | null,
    private readonly leftTypes: readonly DataType[],
    private readonly rightTypes: readonly DataType[],
  ) {
    this.leftBatches = new BoundedBatches(left);
    this.keyVectors = new Array<Vector>(leftKeys.length);
  }

  /** Bytes held by the build side (0 before the first `next`). */
  get byteSize(): number {
    return this.table === null ? 0 : this.table.byteSize;
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
        const out = this.startProbe(b, pairs);
        if (out !== null) return out;
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
    const table = new JoinHashTable(this.rightTypes, this.rightKeys);
    for (let b = this.right.next(); b !== null; b = this.right.next()) table.append(b);
    table.finish();
    this.table = table;
    const equalKeys = this.leftKeys.map((l, i) => [l, this.rightKeys[i]] as const);
    this.pairs = new JoinPairs(
      this.joinType,
      this.residual,
      table.columns,
      table.rowCount,
      this.leftTypes,
      this.rightTypes,
      equalKeys,
    );
    const jt = this.joinType;
    if (table.rowCount === 0 && (jt === 'inner' || jt === 'semi' || jt === 'right')) {
      // Nothing can match and nothing on the left is emitted unmatched: skip the probe side.
      this.leftDone = true;
      this.left.close?.();
    }
  }

  /** Probes a new left batch; returns its output when it fits in one batch (fast paths), else starts enumeration. */
  private startProbe(b: Batch, pairs: JoinPairs): Batch | null {
    const table = this.table as JoinHashTable;
    const n = b.length;
    for (let i = 0; i < this.leftKeys.length; i++) this.keyVectors[i] = b.columns[this.leftKeys[i]];
    const ids = this.probeIds;
    table.probe(this.keyVectors, b.sel, n, ids);
    pairs.startProbe(n);
    const jt = this.joinType;
    if ((jt === 'semi' || jt === 'anti') && this.residual === null) {
      // Existence is all that matters: a key hit is a match.
      const pm = pairs.probeMatched;
      for (let k = 0; k < n; k++) pm[k] = ids[k] >= 0 ? 1 : 0;
      return pairs.finishProbe(b);
    }
    if (table.unique && jt !== 'semi' && jt !== 'anti') {
      if (table.idIsRow) return pairs.evaluateAligned(b, ids);
      const first = table.first;
      const rowOf = this.buildRowOf;
      for (let k = 0; k < n; k++) {
        const id = ids[k];
        rowOf[k] = id >= 0 ? first[id] : -1;
      }
      return pairs.evaluateAligned(b, rowOf);
    }
    this.probe = b;
    this.probeK = 0;
    this.chainRow = -1;
    return null;
  }

  /** Enumerates the next chunk of pairs of the current probe batch and evaluates it. */
  private continueProbe(pairs: JoinPairs): Batch | null {
    const b = this.probe as Batch;
    const table = this.table as JoinHashTable;
    const n = b.length;
    const ids = this.probeIds;
    const first = table.first;
    const next = table.next;
    const live = pairs.pairLive;
    const build = pairs.pairBuild;
    const pm = pairs.probeMatched;
    // Semi/anti only need one passing partner per row; rows already matched are skipped.
    const stopAtMatch = !pairs.emitsPairs;
    let k = this.probeK;
    let row = this.chainRow;
    let m = 0;
    while (k < n && m < VECTOR_SIZE) {
      if (row < 0) {
        const id = ids[k];
        if (id < 0 || (stopAtMatch && pm[k] !== 0)) {
          k++;
          continue;
        }
        row = first[id];
      }
      while (row >= 0 && m < VECTOR_SIZE) {
        live[m] = k;
        build[m++] = row;
        row = next[row];
      }
      if (row < 0) k++;
    }
    this.probeK = k;
    this.chainRow = row;
    const out = pairs.evaluate(b, m);
    if (k >= n && row < 0) {
      this.probe = null;
      // The pairs chunk just evaluated is returned first; the unmatched rows follow on the next call.
      const tail = pairs.finishProbe(b);
      if (out === null) return tail;
      this.queued = tail;
    }
    return out;
  }
}
