/** DistinctTable: gives the distinct values of a block dense ids in first-seen order (dictionary and bitmap encodings). */
import type { BlockKind, BlockValues } from './block-input.js';

// Views used to split a double into its two 32-bit words (the hash and equality key).
const F64 = new Float64Array(1);
const WORDS = new Int32Array(F64.buffer);

/**
 * An open-addressing (linear probing) hash table from value to id, reused block after block.
 * Doubles are keyed by their bits, so -0 and 0 are distinct entries and every NaN is one entry,
 * matching what an exact round trip needs (see `sameF64`). A slot is live when its stamp equals
 * the current generation, so starting a new block costs nothing instead of clearing the table.
 */
export class DistinctTable {
  /** Distinct values by id, `values[0, size)`. */
  values = new Float64Array(0);
  /** Occurrences of each id, when counted by {@link addF64} / {@link addI32}. */
  counts = new Int32Array(0);
  size = 0;

  private limit = 0;
  private shift = 32;
  private mask = 0;
  private keyLo = new Int32Array(0);
  private keyHi = new Int32Array(0);
  private slotId = new Int32Array(0);
  private stamp = new Int32Array(0);
  private generation = 0;

  /** Empties the table for a block that may hold up to `limit` distinct values. */
  reset(limit: number): void {
    this.limit = limit;
    this.size = 0;
    // Load factor at most 1/2.
    let capacity = 16;
    while (capacity < 2 * limit) capacity *= 2;
    if (capacity > this.stamp.length) {
      this.keyLo = new Int32Array(capacity);
      this.keyHi = new Int32Array(capacity);
      this.slotId = new Int32Array(capacity);
      this.stamp = new Int32Array(capacity);
      this.generation = 0;
    }
    capacity = this.stamp.length;
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    if (this.values.length < limit) {
      this.values = new Float64Array(limit);
      this.counts = new Int32Array(limit);
    } else {
      this.counts.fill(0, 0, limit);
    }
    if (++this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  /** The id of int32 value `v`, adding it if new; -1 when it is new and the table already holds `limit` values. */
  addI32(v: number): number {
    const gen = this.generation;
    let slot = Math.imul(v, 0x9e3779b1) >>> this.shift;
    while (this.stamp[slot] === gen) {
      if (this.keyLo[slot] === v) {
        const id = this.slotId[slot];
        this.counts[id]++;
        return id;
      }
      slot = (slot + 1) & this.mask;
    }
    return this.insert(slot, v, 0, v);
  }

  /** The id of double `v` (by its bits; all NaNs are one value), adding it if new; -1 when full. */
  addF64(v: number): number {
    let lo: number;
    let hi: number;
    if (v !== v) {
      lo = 0;
      hi = 0x7ff80000;
    } else {
      F64[0] = v;
      lo = WORDS[0];
      hi = WORDS[1];
    }
    const gen = this.generation;
    let slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
    while (this.stamp[slot] === gen) {
      if (this.keyLo[slot] === lo && this.keyHi[slot] === hi) {
        const id = this.slotId[slot];
        this.counts[id]++;
        return id;
      }
      slot = (slot + 1) & this.mask;
    }
    return this.insert(slot, lo, hi, v);
  }

  private insert(slot: number, lo: number, hi: number, v: number): number {
    if (this.size === this.limit) return -1;
    const id = this.size++;
    this.stamp[slot] = this.generation;
    this.keyLo[slot] = lo;
    this.keyHi[slot] = hi;
    this.slotId[slot] = id;
    this.values[id] = v;
    this.counts[id] = 1;
    return id;
  }
}

const counter = new DistinctTable();
const seen = new Uint8Array(256);

/**
 * Number of distinct values in `values[0, n)` if it is at most `limit`, else `limit + 1`. Stops
 * at the first value past the limit, so asking "at most 16?" of a high-cardinality block reads
 * only a few rows.
 */
export function countDistinct(kind: BlockKind, values: BlockValues, n: number, limit: number): number {
  if (kind === 'u8') {
    // Bytes: a 256-entry presence table beats hashing.
    seen.fill(0);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      count += 1 - seen[v];
      seen[v] = 1;
    }
    return Math.min(count, limit + 1);
  }
  counter.reset(limit);
  if (kind === 'f64') {
    for (let i = 0; i < n; i++) if (counter.addF64(values[i]) < 0) return limit + 1;
  } else {
    for (let i = 0; i < n; i++) if (counter.addI32(values[i]) < 0) return limit + 1;
  }
  return counter.size;
}
