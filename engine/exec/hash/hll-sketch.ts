/** HyperLogLog sketch primitives: a value's register update (64-bit hash), the estimator, and the printable text form sketches are stored in. */
import { StrataError } from '../../errors.js';

/**
 * log2 of the register count. 2^12 registers give a standard error of 1.04/sqrt(4096) ≈ 1.6%
 * (ClickHouse's uniqHLL12): DuckDB's 64 registers (≈13%) are too coarse to be worth storing in a
 * cube, Redis's 2^14 (0.8%) costs 16 KB per dense group. A dense sketch is 4 KB, so a group with
 * few distinct values stays sparse (hll-aggregate-state.ts, and the text form below), which is
 * what keeps a cube of hundreds of thousands of small groups small.
 */
export const HLL_P = 12;
export const HLL_M = 1 << HLL_P;
/** Hash bits after the register index: a register holds the rank 1..HLL_Q+1 of the first 1 bit in them. */
export const HLL_Q = 64 - HLL_P;

/**
 * Sparse precision (as HLL++): a sparse sketch keeps one entry per distinct 25-bit index, so it
 * counts small sets exactly (linear counting over 2^25 buckets: collisions are one in a thousand
 * at 256 values) where 2^12 registers would already be off by a few values at 100.
 */
export const SPARSE_P = 25;
const SPARSE_M = 2 ** SPARSE_P;
/** Index bits between the dense and the sparse index. */
const MID_BITS = SPARSE_P - HLL_P;

/**
 * A value's update is one number, `(sparse index << 6) | sparse rank` (31 bits; the rank 1..40 of
 * the first 1 in the 39 hash bits after the sparse index; never 0, so 0 can mean "empty slot"):
 * computing it is the whole per-row cost of hashing. The dense register it updates follows from
 * it ({@link registerIndex}, {@link registerRank}).
 */
export const RANK_BITS = 6;
export const RANK_MASK = (1 << RANK_BITS) - 1;

/** The dense register an update goes to: the top HLL_P bits of its sparse index. */
export function registerIndex(u: number): number {
  return u >>> (RANK_BITS + MID_BITS);
}

/** The value an update offers its dense register: the rank of the first 1 after the dense index. */
export function registerRank(u: number): number {
  const mid = (u >>> RANK_BITS) & ((1 << MID_BITS) - 1);
  return mid !== 0 ? Math.clz32(mid) - (32 - MID_BITS) + 1 : MID_BITS + (u & RANK_MASK);
}

const SEED_1 = 0x2f5a9b17;
const SEED_2 = 0x6c1e3d85;
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One murmur3 round folding 32-bit block `k` into state `h`. */
function round(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, C2);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3 (32-bit) of the 64-bit word (lo, hi) under `seed`. */
function hashWords(lo: number, hi: number, seed: number): number {
  return fmix32(round(round(seed, lo), hi) ^ 8);
}

/**
 * The update of a 64-bit hash whose high word is `h1`: its top SPARSE_P bits and the rank of the
 * first 1 in the remaining 39 bits. The low word is only needed when the 7 bits left in `h1` are
 * all zero (one value in 128), so it is computed lazily by `low`.
 */
function updateOf(h1: number, lo: number, hi: number, low: (lo: number, hi: number, seed: number) => number): number {
  const index = h1 >>> (32 - SPARSE_P);
  const rest = h1 & ((1 << (32 - SPARSE_P)) - 1);
  let rank: number;
  if (rest !== 0) rank = Math.clz32(rest) - SPARSE_P + 1;
  else {
    const h2 = low(lo, hi, SEED_2);
    rank = h2 !== 0 ? 32 - SPARSE_P + Math.clz32(h2) + 1 : 64 - SPARSE_P + 1;
  }
  return (index << RANK_BITS) | rank;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * The register update of a number in its physical form (integers, scaled decimals, DATE days,
 * TIMESTAMP micros, doubles). Int32-range integers hash as 64-bit integers, anything else by its
 * float64 bits (-0 as 0): either way equal values give equal updates.
 */
export function numberUpdate(v: number): number {
  let lo: number;
  let hi: number;
  if ((v | 0) === v) {
    lo = v | 0;
    hi = v < 0 ? -1 : 0;
  } else {
    F64[0] = v;
    lo = U32[0] | 0;
    hi = U32[1] | 0;
  }
  return updateOf(hashWords(lo, hi, SEED_1), lo, hi, hashWords);
}

/** murmur3 of a string's UTF-16 code units, two per block. */
function hashString(s: string, seed: number): number {
  let h = seed;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = round(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) h = round(h, s.charCodeAt(i));
  return fmix32(h ^ n);
}

let pendingString = '';
const lowOfString = (_lo: number, _hi: number, seed: number): number => hashString(pendingString, seed);

/** The register update of a string (hashed once per dictionary entry, not per row). */
export function stringUpdate(s: string): number {
  pendingString = s;
  return updateOf(hashString(s, SEED_1), 0, 0, lowOfString);
}

// --- estimation ---

/** Ertl's σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k-1). */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const prev = z;
    z += x * y;
    y += y;
    if (prev === z) return z;
  }
}

/** Ertl's τ(x) = (1 - x - Σ_{k≥1} (1 - x^(2^-k))^2 2^-k) / 3. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const prev = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (prev === z) return z / 3;
  }
}

const ALPHA_INF = 0.5 / Math.LN2;

/**
 * The cardinality estimate from a histogram of register values (`counts[k]` registers hold k,
 * k = 0..HLL_Q+1). This is Ertl's improved estimator ("New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017): unbiased from 0 to far beyond 2^32 without the empirical bias
 * tables of HLL++ or a switch to linear counting, and nearly exact for small counts (it degrades
 * to linear counting when most registers are 0). It depends only on the registers, so a sketch
 * gives the same estimate however it was assembled (sparse or dense, merged or not).
 */
export function estimateFromHistogram(counts: Int32Array): number {
  const m = HLL_M;
  let z = m * tau(1 - counts[HLL_Q + 1] / m);
  for (let k = HLL_Q; k >= 1; k--) z = 0.5 * (z + counts[k]);
  z += m * sigma(counts[0] / m);
  return Math.round((ALPHA_INF * m * m) / z);
}

const histogram = new Int32Array(HLL_Q + 2);

/** The estimate of dense registers `regs[offset .. offset + HLL_M)`. */
export function estimateRegisters(regs: Uint8Array, offset = 0): number {
  histogram.fill(0);
  for (let j = 0; j < HLL_M; j++) histogram[regs[offset + j]]++;
  return estimateFromHistogram(histogram);
}

/** The estimate of a sparse sketch of `entries` distinct sparse indexes: linear counting over 2^SPARSE_P buckets. */
export function estimateSparse(entries: number): number {
  return Math.round(SPARSE_M * Math.log(SPARSE_M / (SPARSE_M - entries)));
}

// --- the stored text form ---

/**
 * Sketches are stored as VARCHAR (the engine has no binary type, and a printable string survives
 * dictionary encoding, segments, the WAL and text output unchanged). Every character is one of 64
 * URL-safe ASCII characters (one byte in UTF-8) carrying 6 bits. After the header "HM" ("M" is
 * the precision, alphabet[12]: a sketch of another precision is rejected, not misread) comes one
 * of three forms, chosen by what the sketch holds, so equal sketches have equal text:
 *   "s" sparse: each update (31 bits, 6 chars), in increasing order;
 *   "r" dense with few nonzero registers: each as index (2 chars) and value (1 char), by index;
 *   "d" dense: every register's value (HLL_M chars).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
const HEADER = 'H' + ALPHABET[HLL_P];
const UPDATE_CHARS = 6;

/** The text of a sparse sketch from its updates, sorted increasingly. */
export function encodeSparse(updates: Int32Array, n: number): string {
  const parts: string[] = [HEADER, 's'];
  for (let i = 0; i < n; i++) {
    const u = updates[i];
    let t = '';
    for (let c = UPDATE_CHARS - 1; c >= 0; c--) t += ALPHABET[Math.floor(u / 2 ** (6 * c)) & 63];
    parts.push(t);
  }
  return parts.join('');
}

/** The text of dense registers `regs[offset .. offset + HLL_M)`. */
export function encodeRegisters(regs: Uint8Array, offset = 0): string {
  let nonzero = 0;
  for (let j = 0; j < HLL_M; j++) if (regs[offset + j] !== 0) nonzero++;
  if (3 * nonzero < HLL_M) {
    const parts: string[] = [HEADER, 'r'];
    for (let j = 0; j < HLL_M; j++) {
      const r = regs[offset + j];
      if (r !== 0) parts.push(ALPHABET[j >>> 6] + ALPHABET[j & 63] + ALPHABET[r]);
    }
    return parts.join('');
  }
  const chars: string[] = new Array(HLL_M);
  for (let j = 0; j < HLL_M; j++) chars[j] = ALPHABET[regs[offset + j]];
  return HEADER + 'd' + chars.join('');
}

function badSketch(why: string): StrataError {
  return new StrataError('conversion', `not a HyperLogLog sketch of this version (${why}); sketches come from hll_sketch() or hll_union()`);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const d = c < 128 ? DIGIT[c] : -1;
  if (d < 0) throw badSketch(`unexpected character at ${i}`);
  return d;
}

/**
 * Decodes sketch text `s` into `out` from position `at`, returning the end position: sparse
 * updates as they are (non-negative), dense registers as `~((index << 6) | value)` (negative), in
 * text order. `out` must have room for HLL_M entries. Throws a conversion error for text that is
 * not a sketch of this precision.
 */
export function decodeSketch(s: string, out: Int32Array, at: number): number {
  if (s.length < 3 || s.charCodeAt(0) !== 72 /* H */) throw badSketch('bad header');
  if (s[1] !== ALPHABET[HLL_P]) throw badSketch('another precision');
  const form = s[2];
  const n = s.length - 3;
  if (form === 'd') {
    if (n !== HLL_M) throw badSketch('dense sketch of the wrong length');
    for (let j = 0; j < HLL_M; j++) {
      const r = digit(s, 3 + j);
      if (r > HLL_Q + 1) throw badSketch('register out of range');
      if (r !== 0) out[at++] = ~((j << RANK_BITS) | r);
    }
  } else if (form === 'r') {
    if (n % 3 !== 0 || n / 3 > HLL_M) throw badSketch('bad register list');
    for (let i = 3; i < s.length; i += 3) {
      const r = digit(s, i + 2);
      if (r === 0 || r > HLL_Q + 1) throw badSketch('register out of range');
      out[at++] = ~((((digit(s, i) << 6) | digit(s, i + 1)) << RANK_BITS) | r);
    }
  } else if (form === 's') {
    if (n % UPDATE_CHARS !== 0 || n / UPDATE_CHARS > HLL_M) throw badSketch('bad sparse list');
    for (let i = 3; i < s.length; i += UPDATE_CHARS) {
      let u = 0;
      for (let c = 0; c < UPDATE_CHARS; c++) u = u * 64 + digit(s, i + c);
      if (u >= 2 ** 31 || (u & RANK_MASK) === 0 || (u & RANK_MASK) > 64 - SPARSE_P + 1) throw badSketch('bad sparse entry');
      out[at++] = u;
    }
  } else throw badSketch('unknown form');
  return at;
}
