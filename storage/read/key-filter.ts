/** Applies runtime key filters (RuntimeKeyFilter: a key range plus an optional byte-per-key bitmap) to column values. */
import type { Vector } from '../../engine/vector/vector.js';

/** The part of RuntimeKeyFilter these kernels read. */
export interface KeyFilterBits {
  readonly min: number;
  readonly max: number;
  readonly bits: Uint8Array | null;
  /** The same set, a bit per key (RuntimeKeyFilter.bitset); used when present. */
  readonly bitset?: Int32Array | null;
}

/**
 * Clears `mask[i]` (1 = row still live) for rows i < n whose key fails the filter: outside
 * [min, max], bit 0, or NULL (a NULL key joins nothing). Returns the rows still live. One loop
 * per array type keeps each loop monomorphic; the test is branch-free apart from the bounds
 * check that guards the bitmap read.
 */
export function keyFilterMask(f: KeyFilterBits, values: Int32Array | Float64Array, validity: Uint8Array | null, n: number, mask: Uint8Array): number {
  const { min, bits } = f;
  const range = f.max - min;
  let live = 0;
  if (values instanceof Int32Array) {
    if (bits !== null) {
      for (let i = 0; i < n; i++) {
        const x = values[i] - min;
        const ok = x >= 0 && x <= range ? bits[x] : 0;
        live += mask[i] &= ok;
      }
    } else {
      for (let i = 0; i < n; i++) live += mask[i] &= +(values[i] >= min) & +(values[i] <= f.max);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = values[i] - min;
      const ok = x >= 0 && x <= range ? (bits === null ? 1 : bits[x]) : 0;
      live += mask[i] &= ok;
    }
  }
  if (validity !== null) {
    live = 0;
    for (let i = 0; i < n; i++) live += mask[i] &= validity[i];
  }
  return live;
}

/**
 * Writes into `out` the rows of `sel[0, n)` (or 0..n when sel is null) whose key in `v` passes
 * the filter, and returns how many. A selection-vector form of {@link keyFilterMask} for batches.
 */
export function keyFilterSelect(f: KeyFilterBits, v: Vector, sel: Int32Array | null, n: number, out: Int32Array): number {
  const values = v.data as Int32Array | Float64Array;
  const validity = v.validity;
  const { min, bits } = f;
  const range = f.max - min;
  if (bits !== null && validity === null && values instanceof Int32Array) {
    const bitset = f.bitset;
    return bitset !== undefined && bitset !== null ? selectInt32Bitset(values, bitset, min, range + 1, sel, n, out) : selectInt32Bits(values, bits, min, sel, n, out);
  }
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : sel[k];
    const x = values[i] - min;
    let ok = x >= 0 && x <= range ? (bits === null ? 1 : bits[x]) : 0;
    if (validity !== null) ok &= validity[i];
    out[m] = i;
    m += ok;
  }
  return m;
}

/**
 * keyFilterSelect for the common star-join case (INTEGER keys, no NULLs, a bitmap): monomorphic
 * loops whose only test is one unsigned bounds compare (`x >>> 0 < size` covers x < 0 too).
 * Measured on SSB SF 1 (6 M rows, 3 filters): 36 ms for the general loop, 12 ms for these.
 */
function selectInt32Bits(values: Int32Array, bits: Uint8Array, min: number, sel: Int32Array | null, n: number, out: Int32Array): number {
  const size = bits.length;
  let m = 0;
  if (sel === null) {
    for (let k = 0; k < n; k++) {
      const x = values[k] - min;
      out[m] = k;
      m += x >>> 0 < size ? bits[x] : 0;
    }
  } else {
    for (let k = 0; k < n; k++) {
      const i = sel[k];
      const x = values[i] - min;
      out[m] = i;
      m += x >>> 0 < size ? bits[x] : 0;
    }
  }
  return m;
}

/** {@link selectInt32Bits} over the one-bit-per-key form (see RuntimeKeyFilter.bitset): `size` keys from `min`. */
export function selectInt32Bitset(values: Int32Array, bitset: Int32Array, min: number, size: number, sel: Int32Array | null, n: number, out: Int32Array): number {
  let m = 0;
  if (sel === null) {
    for (let k = 0; k < n; k++) {
      const x = values[k] - min;
      out[m] = k;
      m += x >>> 0 < size ? (bitset[x >>> 5] >>> (x & 31)) & 1 : 0;
    }
  } else {
    for (let k = 0; k < n; k++) {
      const i = sel[k];
      const x = values[i] - min;
      out[m] = i;
      m += x >>> 0 < size ? (bitset[x >>> 5] >>> (x & 31)) & 1 : 0;
    }
  }
  return m;
}
