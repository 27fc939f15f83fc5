/** Physical hash join: builds a JoinHashTable on the right input, then streams the left input through it. */
import { selectInt32Bitset } from '../../storage/read/key-filter.js';
import { type DataType, physicalKind } from '../types/data-type.js';
import { type Batch, VECTOR_SIZE } from '../vector/batch.js';
import type { Vector } from '../vector/vector.js';
import { BoundedBatches, physicalLength } from './batch-utils.js';
import { JoinHashTable } from './hash/join-hash-table.js';
import { buildRuntimeFilter } from './hash/runtime-filter.js';
import { JoinOutputBuffer } from './join-output-buffer.js';
import { JoinPairs, type JoinPredicate } from './join-pairs.js';
import type { ExecOperator } from './operator.js';

/**
 * Inner-join matches fewer than 1 in SPARSE_OUTPUT of the probe batch's physical rows are copied
 * into the output buffer rather than emitted under a selection over the whole probe batch.
 */
const SPARSE_OUTPUT = 4;

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
  /**
   * Inner join on one INTEGER/DATE key with unique build keys: a bit per key value in
   * [bitsMin, bitsMin + bitsSize), 1 when the key is built. Probing reads this small array
   * first and looks up build rows only for the rows that pass (see {@link probeByBits}).
   */
  private bits: Int32Array | null = null;
  private bitsMin = 0;
  private bitsSize = 0;
  private buildRows = new Int32Array(VECTOR_SIZE);
  private probeRows = new Int32Array(VECTOR_SIZE);
  /** Matches of sparse probe batches waiting to fill an output batch. */
  private buffer: JoinOutputBuffer | null = null;

  constructor(
    private readonly left: ExecOperator,
    private readonly right: ExecOperator,
    private readonly leftKeys: readonly number[],
    private readonly rightKeys: readonly number[],
    private readonly joinType: HashJoinType,
    private readonly residual: JoinPredicate | null,
    private readonly leftTypes: readonly DataType[],
    private readonly rightTypes: readonly DataType[],
    /** Called once the build side is complete, before the first probe batch is pulled (runtime filters). */
    private readonly onBuild: ((table: JoinHashTable) => void) | null = null,
  ) {
    this.leftBatches = new BoundedBatches(left);
    this.keyVectors = new Array<Vector>(leftKeys.length);
  }

  /** Bytes held by the build side, its key bitmap and buffered output (0 before the first `next`). */
  get byteSize(): number {
    const bits = this.bits === null ? 0 : this.bits.byteLength;
    return (this.table === null ? 0 : this.table.byteSize) + bits + (this.buffer?.byteSize ?? 0);
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
          const rest = this.buffer?.take() ?? null;
          if (rest !== null) return rest;
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
    this.onBuild?.(table);
    if (this.joinType === 'inner' && this.residual === null && table.unique && this.leftKeys.length === 1) {
      const l = this.leftTypes[this.leftKeys[0]];
      const r = this.rightTypes[this.rightKeys[0]];
      if (physicalKind(l) === 'i32' && physicalKind(r) === 'i32') {
        const f = buildRuntimeFilter(table.columns[this.rightKeys[0]], 0, '');
        if (f !== null && f.bitset !== undefined && f.bitset !== null) {
          this.bits = f.bitset;
          this.bitsMin = f.min;
          this.bitsSize = f.max - f.min + 1;
        }
      }
    }
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
    if (this.bits !== null) {
      const key = b.columns[this.leftKeys[0]];
      if (key.validity === null && key.data instanceof Int32Array) return this.probeByBits(b, key, table, pairs);
    }
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
    if (table.unique && jt === 'inner' && this.residual === null) {
      const rows = this.probeRows;
      const build = this.buildRows;
      const sel = b.sel;
      const first = table.first;
      const idIsRow = table.idIsRow;
      let m = 0;
      for (let k = 0; k < n; k++) {
        const id = ids[k];
        rows[m] = sel === null ? k : sel[k];
        build[m] = id < 0 || idIsRow ? id : first[id];
        m += (id >>> 31) ^ 1;
      }
      return this.emitUnique(b, rows, build, m, pairs);
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

  /**
   * The unique-key inner join of one probe batch in two passes: a branch-free pass over the live
   * rows keeps those whose key's bit in {@link bits} is set (a small array: SSB's 200,000 part
   * keys take 25 KB where the key table takes 800 KB), then only the survivors look up their
   * build row. A selective dimension thus costs about one cached load per probe row.
   */
  private probeByBits(b: Batch, key: Vector, table: JoinHashTable, pairs: JoinPairs): Batch | null {
    const n = b.length;
    const sel = b.sel;
    const data = key.data as Int32Array;
    const bits = this.bits as Int32Array;
    const size = this.bitsSize;
    const min = this.bitsMin;
    const rows = this.probeRows;
    const m = selectInt32Bitset(data, bits, min, size, sel, n, rows);
    if (m === 0) return null;
    this.keyVectors[0] = key;
    const ids = this.probeIds;
    table.probe(this.keyVectors, rows, m, ids);
    let build = ids;
    if (!table.idIsRow) {
      build = this.buildRows;
      const first = table.first;
      for (let i = 0; i < m; i++) build[i] = first[ids[i]];
    }
    return this.emitUnique(b, rows, build, m, pairs);
  }

  /**
   * Output of `m` pairs (probe physical row `rows[i]`, build row `build[i]`) of an inner join
   * without residual: buffered when they are few (see {@link JoinOutputBuffer}), else the probe
   * batch passed through under a selection. Returns a batch or null (nothing to emit yet).
   */
  private emitUnique(b: Batch, rows: Int32Array, build: Int32Array, m: number, pairs: JoinPairs): Batch | null {
    if (m === 0) return null;
    if (m * SPARSE_OUTPUT < physicalLength(b)) {
      this.buffer ??= new JoinOutputBuffer(this.leftTypes, this.rightTypes, pairs.rightFromLeft);
      return this.buffer.add(b.columns, rows, pairs.buildColumns, build, m);
    }
    return pairs.alignInner(b, rows, build, m);
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
