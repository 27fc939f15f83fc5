/**
 * The HyperLogLog aggregate state behind approx_count_distinct(x), hll_sketch(x) and
 * hll_union(sketch): per-group sketches that start sparse and turn dense as they grow.
 */
import { BIGINT, VARCHAR } from '../../types/data-type.js';
import { StringInterner } from '../../vector/string-interner.js';
import { Vector } from '../../vector/vector.js';
import type { AggregateState } from './aggregate-states.js';
import {
  decodeSketch,
  encodeRegisters,
  encodeSparse,
  estimateRegisters,
  estimateSparse,
  HLL_M,
  numberUpdate,
  RANK_BITS,
  RANK_MASK,
  registerIndex,
  registerRank,
  stringUpdate,
} from './hll-sketch.js';

/** What the state reads: argument values to hash, or stored sketch texts to union. */
export type HllInput = 'values' | 'sketches';
/** What it produces per group: the estimate (BIGINT, 0 for no values) or the sketch text (VARCHAR, NULL for none). */
export type HllOutput = 'estimate' | 'sketch';

/** A sparse table grows past this capacity (4 bytes a slot) only by becoming dense: it would be as big as the registers. */
const MAX_SPARSE_CAPACITY = HLL_M / 8;
/** Dense register pages are allocated in chunks of 2^8 (1 MB), so growing never copies the pages. */
const CHUNK_SHIFT = 8;
const PAGES_PER_CHUNK = 1 << CHUNK_SHIFT;
const PAGE_MASK = PAGES_PER_CHUNK - 1;
/** Layout of a group's {@link HllAggregateState.meta} entry. */
const META = 4;
const PAGE = 0;
const OFF = 1;
const CAP = 2;
const SIZE = 3;

/**
 * Group g is either sparse: an open-addressing table of updates (hll-sketch.ts; 0 = empty slot, at
 * most half full, keyed by sparse index, keeping the highest rank) at `off[g]` in a shared
 * Int32Array arena, `cap[g]` slots; or dense: `page[g]` names HLL_M one-byte registers in a chunk
 * of pages. A group with one distinct value costs 8 arena bytes plus 16 bytes of `meta`;
 * a sparse table would reach the size of the registers at 512 slots, so the 257th distinct
 * sparse index turns the group dense. Whether a group is sparse, and what it holds, is a function
 * of the set of values it has seen (however they were split and merged), so the estimate and the
 * sketch text are too: a union of sketches answers exactly like one sketch over all the rows.
 *
 * Arena space freed by a growing table is reclaimed when the arena fills: it is rebuilt with only
 * the live tables (so it is at most about twice the live size).
 */
export class HllAggregateState implements AggregateState {
  /**
   * Per group, side by side so that a row touches one cache line of them: the dense page (-1
   * while sparse), the sparse table's arena offset, capacity and number of entries.
   */
  private meta: Int32Array = new Int32Array(0);
  private groups = 0;
  private arena: Int32Array = new Int32Array(1024);
  private arenaUsed = 0;
  private chunks: Uint8Array[] = [];
  private pages = 0;

  /** Register updates of the current input dictionary's entries (values of a VARCHAR argument). */
  private dict: readonly string[] | null = null;
  private dictUpdates: Int32Array = new Int32Array(0);
  private dictHashed = 0;
  /** One decoded sketch text (hll_union's input): at most HLL_M updates or registers. */
  private readonly decoded = new Int32Array(HLL_M);

  constructor(
    private readonly input: HllInput,
    private readonly output: HllOutput,
  ) {}

  get byteSize(): number {
    return (
      this.meta.byteLength +
      this.arena.byteLength +
      this.chunks.length * PAGES_PER_CHUNK * HLL_M +
      this.dictUpdates.byteLength +
      this.decoded.byteLength
    );
  }

  resize(groups: number): void {
    if (groups <= this.groups) return;
    if (groups * META > this.meta.length) {
      const n = Math.max(groups, (this.meta.length / META) * 2, 16);
      const meta = new Int32Array(n * META);
      meta.set(this.meta);
      for (let g = this.meta.length / META; g < n; g++) meta[g * META + PAGE] = -1;
      this.meta = meta;
    }
    this.groups = groups;
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const v = arg as Vector;
    if (this.input === 'sketches') this.updateFromSketches(gids, v, sel, n);
    else if (v.dict !== null) this.updateFromDictionary(gids, v, sel, n);
    else this.updateFromNumbers(gids, v, sel, n);
  }

  private updateFromNumbers(gids: Int32Array, v: Vector, sel: Int32Array | null, n: number): void {
    const data = v.data;
    const validity = v.validity;
    for (let k = 0; k < n; k++) {
      const row = sel === null ? k : sel[k];
      if (validity !== null && validity[row] === 0) continue;
      this.add(gids[k], numberUpdate(data[row]));
    }
  }

  /** Strings: each dictionary entry is hashed once (dictionaries only grow by appending), rows look their update up. */
  private updateFromDictionary(gids: Int32Array, v: Vector, sel: Int32Array | null, n: number): void {
    const dict = v.dict as string[];
    if (dict !== this.dict) {
      this.dict = dict;
      this.dictHashed = 0;
    }
    if (this.dictHashed < dict.length) {
      if (this.dictUpdates.length < dict.length) {
        const grown = new Int32Array(Math.max(dict.length, this.dictUpdates.length * 2));
        grown.set(this.dictUpdates.subarray(0, this.dictHashed));
        this.dictUpdates = grown;
      }
      for (let c = this.dictHashed; c < dict.length; c++) this.dictUpdates[c] = stringUpdate(dict[c]);
      this.dictHashed = dict.length;
    }
    const updates = this.dictUpdates;
    const data = v.data;
    const validity = v.validity;
    for (let k = 0; k < n; k++) {
      const row = sel === null ? k : sel[k];
      if (validity !== null && validity[row] === 0) continue;
      this.add(gids[k], updates[data[row]]);
    }
  }

  /**
   * Sketch texts, decoded row by row: cube rows rarely share a sketch, and a cache of decoded
   * dense sketches would hold 16 KB per row.
   */
  private updateFromSketches(gids: Int32Array, v: Vector, sel: Int32Array | null, n: number): void {
    const dict = v.dict as string[];
    const data = v.data;
    const validity = v.validity;
    const decoded = this.decoded;
    for (let k = 0; k < n; k++) {
      const row = sel === null ? k : sel[k];
      if (validity !== null && validity[row] === 0) continue;
      const end = decodeSketch(dict[data[row]], decoded, 0);
      const g = gids[k];
      // Sparse updates are added like hashed values; dense registers (negative) make the group dense.
      for (let i = 0; i < end; i++) {
        const d = decoded[i];
        if (d >= 0) this.add(g, d);
        else this.addRegister(g, ~d);
      }
    }
  }

  /** Folds update `u` (a hashed value) into group g. */
  private add(g: number, u: number): void {
    const p = this.meta[g * META + PAGE];
    if (p >= 0) {
      const regs = this.chunks[p >>> CHUNK_SHIFT];
      const j = (p & PAGE_MASK) * HLL_M + registerIndex(u);
      const r = registerRank(u);
      if (r > regs[j]) regs[j] = r;
      return;
    }
    this.addSparse(g, u);
  }

  /** Folds dense register value `(index << 6) | value` into group g, which becomes dense. */
  private addRegister(g: number, v: number): void {
    if (this.meta[g * META + PAGE] < 0) this.makeDense(g);
    const p = this.meta[g * META + PAGE];
    const regs = this.chunks[p >>> CHUNK_SHIFT];
    const j = (p & PAGE_MASK) * HLL_M + (v >>> RANK_BITS);
    const r = v & RANK_MASK;
    if (r > regs[j]) regs[j] = r;
  }

  private addSparse(g: number, u: number): void {
    const cap = this.meta[g * META + CAP];
    if (cap === 0) {
      this.meta[g * META + OFF] = this.alloc(2);
      this.meta[g * META + CAP] = 2;
      this.arena[this.meta[g * META + OFF] + ((u >>> RANK_BITS) & 1)] = u;
      this.meta[g * META + SIZE] = 1;
      return;
    }
    const index = u >>> RANK_BITS;
    const mask = cap - 1;
    const base = this.meta[g * META + OFF];
    const arena = this.arena;
    let s = index & mask;
    for (;;) {
      const e = arena[base + s];
      if (e === 0) break;
      if (e >>> RANK_BITS === index) {
        if ((u & RANK_MASK) > (e & RANK_MASK)) arena[base + s] = u;
        return;
      }
      s = (s + 1) & mask;
    }
    if (2 * (this.meta[g * META + SIZE] + 1) > cap) {
      this.grow(g);
      this.add(g, u);
      return;
    }
    arena[base + s] = u;
    this.meta[g * META + SIZE]++;
  }

  /** Doubles group g's sparse table, or makes the group dense when the table would be as big as the registers. */
  private grow(g: number): void {
    const cap = this.meta[g * META + CAP];
    if (2 * cap > MAX_SPARSE_CAPACITY) {
      this.makeDense(g);
      return;
    }
    const to = this.alloc(2 * cap);
    // alloc may have moved the group's table (arena compaction): read its offset afterwards.
    const from = this.meta[g * META + OFF];
    const arena = this.arena;
    const mask = 2 * cap - 1;
    for (let i = from; i < from + cap; i++) {
      const e = arena[i];
      if (e === 0) continue;
      let s = (e >>> RANK_BITS) & mask;
      while (arena[to + s] !== 0) s = (s + 1) & mask;
      arena[to + s] = e;
    }
    this.meta[g * META + OFF] = to;
    this.meta[g * META + CAP] = 2 * cap;
  }

  private makeDense(g: number): void {
    const p = this.pages++;
    if (p % PAGES_PER_CHUNK === 0) this.chunks.push(new Uint8Array(PAGES_PER_CHUNK * HLL_M));
    const regs = this.chunks[p >>> CHUNK_SHIFT];
    const at = (p & PAGE_MASK) * HLL_M;
    const base = this.meta[g * META + OFF];
    for (let i = base; i < base + this.meta[g * META + CAP]; i++) {
      const e = this.arena[i];
      if (e === 0) continue;
      // Several sparse indexes share a register: it keeps the highest rank.
      const j = at + registerIndex(e);
      const r = registerRank(e);
      if (r > regs[j]) regs[j] = r;
    }
    this.meta[g * META + PAGE] = p;
    this.meta[g * META + CAP] = 0;
    this.meta[g * META + SIZE] = 0;
  }

  /** `n` zeroed slots at the arena's end; a full arena is rebuilt with only live tables (and room to spare). */
  private alloc(n: number): number {
    if (this.arenaUsed + n > this.arena.length) {
      let live = 0;
      for (let g = 0; g < this.groups; g++) live += this.meta[g * META + CAP];
      const next = new Int32Array(Math.max(1024, 2 * (live + n)));
      let at = 0;
      for (let g = 0; g < this.groups; g++) {
        const c = this.meta[g * META + CAP];
        if (c === 0) continue;
        next.set(this.arena.subarray(this.meta[g * META + OFF], this.meta[g * META + OFF] + c), at);
        this.meta[g * META + OFF] = at;
        at += c;
      }
      this.arena = next;
      this.arenaUsed = at;
    }
    const start = this.arenaUsed;
    this.arenaUsed += n;
    return start;
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    const o = other as HllAggregateState;
    for (let i = 0; i < otherGroups; i++) {
      const g = map[i];
      const p = o.meta[i * META + PAGE];
      if (p >= 0) {
        // The union has at least the other side's registers: go dense and take the register-wise max.
        if (this.meta[g * META + PAGE] < 0) this.makeDense(g);
        const src = o.chunks[p >>> CHUNK_SHIFT];
        const at = (p & PAGE_MASK) * HLL_M;
        const q = this.meta[g * META + PAGE];
        const dst = this.chunks[q >>> CHUNK_SHIFT];
        const to = (q & PAGE_MASK) * HLL_M;
        for (let j = 0; j < HLL_M; j++) if (src[at + j] > dst[to + j]) dst[to + j] = src[at + j];
        continue;
      }
      const base = o.meta[i * META + OFF];
      for (let s = base; s < base + o.meta[i * META + CAP]; s++) {
        const e = o.arena[s];
        if (e !== 0) this.add(g, e);
      }
    }
  }

  finish(groups: number): Vector {
    return this.output === 'estimate' ? this.finishEstimates(groups) : this.finishSketches(groups);
  }

  private finishEstimates(groups: number): Vector {
    const out = new Float64Array(groups);
    for (let g = 0; g < groups; g++) {
      const p = this.meta[g * META + PAGE];
      out[g] = p >= 0 ? estimateRegisters(this.chunks[p >>> CHUNK_SHIFT], (p & PAGE_MASK) * HLL_M) : estimateSparse(this.meta[g * META + SIZE]);
    }
    return new Vector(BIGINT, out, null, null, groups);
  }

  private finishSketches(groups: number): Vector {
    const interner = new StringInterner();
    const codes = new Int32Array(groups);
    let validity: Uint8Array | null = null;
    const sorted = new Int32Array(MAX_SPARSE_CAPACITY);
    for (let g = 0; g < groups; g++) {
      const p = this.meta[g * META + PAGE];
      let text: string;
      if (p >= 0) text = encodeRegisters(this.chunks[p >>> CHUNK_SHIFT], (p & PAGE_MASK) * HLL_M);
      else if (this.meta[g * META + SIZE] > 0) {
        let n = 0;
        const base = this.meta[g * META + OFF];
        for (let s = base; s < base + this.meta[g * META + CAP]; s++) if (this.arena[s] !== 0) sorted[n++] = this.arena[s];
        text = encodeSparse(sorted.subarray(0, n).sort(), n);
      } else {
        validity ??= new Uint8Array(groups).fill(1);
        validity[g] = 0;
        continue;
      }
      codes[g] = interner.intern(text);
    }
    return new Vector(VARCHAR, codes, validity, interner.dict, groups);
  }
}


/**
 * The union of two stored sketches (NULL is the empty sketch): exactly the sketch of the union of
 * both inputs, as hll_union computes it. For merging cube rows outside a query.
 */
export function mergeSketches(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  const state = new HllAggregateState('sketches', 'sketch');
  state.resize(1);
  state.update(new Int32Array(2), new Vector(VARCHAR, new Int32Array([0, 1]), null, [a, b], 2), null, 2);
  return state.finish(1).get(0) as string;
}

/** The estimate of stored sketch text (hll_estimate). */
export function sketchEstimate(s: string): number {
  const state = new HllAggregateState('sketches', 'estimate');
  state.resize(1);
  state.update(new Int32Array(1), new Vector(VARCHAR, new Int32Array(1), null, [s], 1), null, 1);
  return state.finish(1).get(0) as number;
}

/**
 * The union of each run of stored sketches: run g is rows [starts[g], starts[g + 1]) of `v` (dense
 * VARCHAR, NULL = empty sketch). One sketch per run, NULL for a run of NULLs: what hll_union
 * computes per group, for merging cube rows with equal keys at flush and compaction.
 */
export function mergeSketchRuns(v: Vector, starts: Int32Array, groups: number): Vector {
  const rows = starts[groups];
  const gids = new Int32Array(rows);
  for (let g = 0; g < groups; g++) gids.fill(g, starts[g], starts[g + 1]);
  const state = new HllAggregateState('sketches', 'sketch');
  state.resize(groups);
  state.update(gids, v, null, rows);
  return state.finish(groups);
}
