/** Join output shared by the hash and nested-loop joins: candidate pairs → residual → matched flags → output batches. */
import { allocData, type DataType, typeEquals } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { Vector } from '../vector/vector.js';
import { NullColumns, physicalLength } from './batch-utils.js';

/** Join types of the physical joins; 'cross' (nested loop only) behaves as 'inner'. */
export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross';

/** A join condition beyond key equality: one byte per live row of a candidate batch, 1 = keep. */
export type JoinPredicate = (b: Batch) => Uint8Array;

/**
 * Turns candidate (probe row, build row) pairs into join output, and remembers which probe rows
 * (per probe batch) and build rows (over the whole join) found a passing partner, for the outer,
 * semi and anti variants. Pairs are enumerated by the caller into {@link pairLive} /
 * {@link pairBuild} in chunks of at most VECTOR_SIZE.
 */
export class JoinPairs {
  /** Live-row index (into the probe batch) of each pending pair. */
  readonly pairLive = new Int32Array(VECTOR_SIZE);
  /** Build row of each pending pair. */
  readonly pairBuild = new Int32Array(VECTOR_SIZE);
  /** Per live row of the current probe batch: 1 once it joined with a passing pair. */
  probeMatched = new Uint8Array(VECTOR_SIZE);
  /** Per build row: 1 once it joined (right/full only). */
  readonly buildMatched: Uint8Array | null;
  /** Whether the join emits pairs (inner/left/right/full) rather than probe rows only (semi/anti). */
  readonly emitsPairs: boolean;
  private readonly leftNulls: NullColumns;
  private readonly rightNulls: NullColumns;
  private readonly pairRow = new Int32Array(VECTOR_SIZE);
  /** Per right column: the left column holding the same values on every emitted pair, or -1. */
  readonly rightFromLeft: Int32Array;
  /** Whether per-probe-row match flags are needed (left/full/semi/anti). */
  private readonly tracksProbe: boolean;
  private tailPos = 0;

  constructor(
    readonly joinType: JoinType,
    readonly residual: JoinPredicate | null,
    /** The materialized build (right) side. */
    readonly buildColumns: readonly Vector[],
    readonly buildRows: number,
    leftTypes: readonly DataType[],
    rightTypes: readonly DataType[],
    /**
     * Equi-join key columns as [left column, right column] pairs. For inner/right joins every
     * emitted pair has equal keys, so the right key column is output as the left one (no gather).
     */
    equalKeys: readonly (readonly [number, number])[] = [],
  ) {
    this.buildMatched = joinType === 'right' || joinType === 'full' ? new Uint8Array(buildRows) : null;
    this.emitsPairs = joinType !== 'semi' && joinType !== 'anti';
    this.tracksProbe = joinType === 'left' || joinType === 'full' || !this.emitsPairs;
    this.rightFromLeft = new Int32Array(rightTypes.length).fill(-1);
    if (joinType === 'inner' || joinType === 'right' || joinType === 'cross') {
      for (const [l, r] of equalKeys) if (typeEquals(leftTypes[l], rightTypes[r])) this.rightFromLeft[r] = l;
    }
    this.leftNulls = new NullColumns(leftTypes);
    this.rightNulls = new NullColumns(rightTypes);
  }

  /** Resets the per-probe-batch flags for a batch of `n` live rows. */
  startProbe(n: number): void {
    if (this.probeMatched.length < n) this.probeMatched = new Uint8Array(n);
    else this.probeMatched.fill(0, 0, n);
  }

  /**
   * Evaluates the first `m` pending pairs of probe batch `b`: builds the candidate batch (left
   * columns ++ right columns, gathered), applies the residual, marks matches. Returns the passing
   * pairs as an output batch for pair-emitting joins, else null.
   */
  evaluate(b: Batch, m: number): Batch | null {
    if (m === 0) return null;
    const sel = b.sel;
    const rows = this.pairRow;
    const live = this.pairLive;
    const build = this.pairBuild;
    for (let i = 0; i < m; i++) rows[i] = sel === null ? live[i] : sel[live[i]];
    const cols: Vector[] = [];
    for (const v of b.columns) cols.push(v.gather(rows, m));
    const bc = this.buildColumns;
    for (let c = 0; c < bc.length; c++) {
      const l = this.rightFromLeft[c];
      cols.push(l >= 0 ? cols[l] : bc[c].gather(build, m));
    }
    const candidate = new Batch(cols, m, null);
    let outSel: Int32Array | null = null;
    let kept = m;
    if (this.residual !== null) {
      const mask = this.residual(candidate);
      const keep = new Int32Array(m);
      kept = 0;
      for (let i = 0; i < m; i++) {
        keep[kept] = i;
        kept += mask[i] !== 0 ? 1 : 0;
      }
      if (kept < m) outSel = keep;
    }
    const pm = this.probeMatched;
    const bm = this.buildMatched;
    if (this.tracksProbe || bm !== null) {
      for (let j = 0; j < kept; j++) {
        const i = outSel === null ? j : outSel[j];
        pm[live[i]] = 1;
        if (bm !== null) bm[build[i]] = 1;
      }
    }
    if (!this.emitsPairs || kept === 0) return null;
    return new Batch(cols, kept, outSel);
  }

  /**
   * Evaluates a probe batch whose live rows each have at most one candidate build row
   * (`buildRowOf[k]`, -1 for none): the right columns are scattered into rows aligned with the
   * probe batch's physical rows, so the left columns pass through uncopied under a selection.
   * Handles inner/left/right/full; returns the whole output for this probe batch.
   */
  evaluateAligned(b: Batch, buildRowOf: Int32Array): Batch | null {
    const n = b.length;
    const sel = b.sel;
    const physLen = physicalLength(b);
    // `rows` becomes the output selection, so it is a fresh array rather than scratch.
    const rows = new Int32Array(n);
    const live = this.pairLive;
    const build = this.pairBuild;
    let m = 0;
    // Branch-free compaction: `(br >>> 31) ^ 1` is 1 for a match (br >= 0), 0 for -1.
    if (sel === null) {
      for (let k = 0; k < n; k++) {
        const br = buildRowOf[k];
        live[m] = k;
        rows[m] = k;
        build[m] = br;
        m += (br >>> 31) ^ 1;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const br = buildRowOf[k];
        live[m] = k;
        rows[m] = sel[k];
        build[m] = br;
        m += (br >>> 31) ^ 1;
      }
    }
    const outer = this.joinType === 'left' || this.joinType === 'full';
    const bc = this.buildColumns;
    const rightCols: Vector[] = [];
    for (let c = 0; c < bc.length; c++) {
      const l = this.rightFromLeft[c];
      rightCols.push(l >= 0 ? b.columns[l] : scatter(bc[c], build, rows, m, physLen, outer));
    }
    const cols = b.columns.concat(rightCols);
    let kept = m;
    let keptRows = rows.subarray(0, m);
    if (this.residual !== null && m > 0) {
      const mask = this.residual(new Batch(cols, m, keptRows));
      kept = 0;
      for (let i = 0; i < m; i++) {
        const row = rows[i];
        if (mask[i] !== 0) {
          live[kept] = live[i];
          build[kept] = build[i];
          rows[kept++] = row;
        } else if (outer) {
          // A failed residual leaves the probe row unmatched: null-extend it.
          for (const v of rightCols) clearRow(v, row);
        }
      }
      keptRows = rows.subarray(0, kept);
    }
    const pm = this.probeMatched;
    const bm = this.buildMatched;
    if (this.tracksProbe || bm !== null) {
      for (let i = 0; i < kept; i++) {
        pm[live[i]] = 1;
        if (bm !== null) bm[build[i]] = 1;
      }
    }
    if (outer) return new Batch(cols, n, sel);
    return kept === 0 ? null : new Batch(cols, kept, keptRows);
  }

  /**
   * The output of an inner join without residual whose `m` pairs are probe physical row `rows[i]`
   * with build row `build[i]` (rows ascending, each at most once): the probe columns pass through
   * under a selection and the build columns are scattered to the probe rows.
   */
  alignInner(b: Batch, rows: Int32Array, build: Int32Array, m: number): Batch {
    const physLen = physicalLength(b);
    const bc = this.buildColumns;
    const cols = b.columns.slice();
    for (let c = 0; c < bc.length; c++) {
      const l = this.rightFromLeft[c];
      cols.push(l >= 0 ? b.columns[l] : scatter(bc[c], build, rows, m, physLen, false));
    }
    return new Batch(cols, m, rows.slice(0, m));
  }

  /**
   * What a finished probe batch still owes: its unmatched rows null-extended (left/full), its
   * matched rows (semi) or its unmatched rows (anti); null when nothing.
   */
  finishProbe(b: Batch): Batch | null {
    const jt = this.joinType;
    if (jt !== 'left' && jt !== 'full' && jt !== 'semi' && jt !== 'anti') return null;
    const want = jt === 'semi' ? 1 : 0;
    const n = b.length;
    const sel = b.sel;
    const pm = this.probeMatched;
    const out = new Int32Array(n);
    let m = 0;
    for (let k = 0; k < n; k++) {
      out[m] = sel === null ? k : sel[k];
      m += pm[k] === want ? 1 : 0;
    }
    if (m === 0) return null;
    if (jt === 'semi' || jt === 'anti') return new Batch(b.columns, m, m === n ? sel : out.subarray(0, m));
    const cols = b.columns.concat(this.rightNulls.get(physicalLength(b)));
    return new Batch(cols, m, out.subarray(0, m));
  }

  /** The next chunk of build rows that never joined, left-null-extended (right/full); null when done. */
  nextUnmatchedBuild(): Batch | null {
    const bm = this.buildMatched;
    if (bm === null) return null;
    const rows = new Int32Array(VECTOR_SIZE);
    let m = 0;
    let pos = this.tailPos;
    const end = this.buildRows;
    while (pos < end && m < VECTOR_SIZE) {
      rows[m] = pos;
      m += bm[pos] === 0 ? 1 : 0;
      pos++;
    }
    this.tailPos = pos;
    if (m === 0) return null;
    const cols = this.leftNulls.get(m);
    for (const v of this.buildColumns) cols.push(v.gather(rows, m));
    return new Batch(cols, m, null);
  }
}

/**
 * A vector of `physLen` rows with build row `build[i]` placed at physical row `rows[i]`. Rows not
 * written are NULL (they are either not live, or unmatched rows of an outer join).
 */
function scatter(v: Vector, build: Int32Array, rows: Int32Array, m: number, physLen: number, outer: boolean): Vector {
  const src = v.data;
  const out = allocData(v.type, physLen);
  for (let i = 0; i < m; i++) out[rows[i]] = src[build[i]];
  const sv = v.validity;
  let validity: Uint8Array | null = null;
  if (outer || sv !== null) {
    validity = new Uint8Array(physLen);
    if (sv === null) for (let i = 0; i < m; i++) validity[rows[i]] = 1;
    else for (let i = 0; i < m; i++) validity[rows[i]] = sv[build[i]];
  }
  return new Vector(v.type, out, validity, v.dict, physLen);
}

/** Sets physical row `row` of a vector built by {@link scatter} to NULL. */
function clearRow(v: Vector, row: number): void {
  (v.validity as Uint8Array)[row] = 0;
  v.data[row] = 0;
}
