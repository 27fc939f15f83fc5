/** Radix sort of row permutations by normalized sort keys: linear time, stable, no comparator calls. */
import type { NormalizedKey } from './sort-keys.js';

/** Below this many rows a comparator sort is cheaper than the 64 Ki-bucket histograms. */
export const RADIX_MIN_ROWS = 1 << 14;

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** An unsigned field of a key, `width` significant bits (at most 32). */
interface Field {
  data: Uint32Array;
  width: number;
}

function bitWidth(range: number): number {
  let w = 1;
  while (w < 32 && 2 ** w <= range) w++;
  return w;
}

/**
 * A sort key given as plain 32-bit integers (no NULLs), read without normalizing to doubles first:
 * INTEGER and DATE columns, dense ids.
 */
export interface IntSortKey {
  readonly ints: Int32Array;
  readonly desc: boolean;
}

/** A key as {@link normalizeKey} makes it, or as plain integers. */
export type RadixKey = NormalizedKey | IntSortKey;

function intFields(key: IntSortKey, n: number): Field[] {
  const ints = key.ints;
  let min = 2147483647;
  let max = -2147483648;
  for (let i = 0; i < n; i++) {
    const v = ints[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const w = new Uint32Array(n);
  if (key.desc) for (let i = 0; i < n; i++) w[i] = max - ints[i];
  else for (let i = 0; i < n; i++) w[i] = ints[i] - min;
  return [{ data: w, width: bitWidth(n > 0 ? max - min : 0) }];
}

/**
 * The fields of one key, least significant first: an integral key whose range fits 32 bits is one
 * field (value - min); any other double two, the halves of its order-preserving bit pattern; a
 * key with NULL/NaN rows gets its class as a last, most significant field.
 */
function keyFields(key: RadixKey, n: number): Field[] {
  if ('ints' in key) return intFields(key, n);
  const vals = key.vals;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && v !== Math.floor(v)) integral = false;
  }
  const fields: Field[] = [];
  if (integral && max - min < 2 ** 32) {
    const w = new Uint32Array(n);
    for (let i = 0; i < n; i++) w[i] = vals[i] - min;
    fields.push({ data: w, width: bitWidth(max - min) });
  } else {
    // Order-preserving bits of a double: flip every bit of a negative, only the sign of a positive.
    const lo = new Uint32Array(n);
    const hi = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      F64[0] = v === 0 ? 0 : v;
      const h = U32[1];
      if (h & 0x80000000) {
        lo[i] = ~U32[0] >>> 0;
        hi[i] = ~h >>> 0;
      } else {
        lo[i] = U32[0];
        hi[i] = (h | 0x80000000) >>> 0;
      }
    }
    fields.push({ data: lo, width: 32 }, { data: hi, width: 32 });
  }
  if (key.cls !== null) fields.push({ data: Uint32Array.from(key.cls), width: 2 });
  return fields;
}

/**
 * Packs consecutive fields (least significant first) into as few 32-bit words as their widths
 * allow, so narrow keys share radix passes: (linenumber, orderkey) of 3 + 23 bits is one word.
 */
function pack(fields: Field[], n: number): Field[] {
  const out: Field[] = [];
  let i = 0;
  while (i < fields.length) {
    let width = fields[i].width;
    let j = i + 1;
    while (j < fields.length && width + fields[j].width <= 32) width += fields[j++].width;
    if (j === i + 1) {
      out.push(fields[i]);
    } else {
      const data = new Uint32Array(n);
      let shift = 0;
      for (let f = i; f < j; f++) {
        const src = fields[f].data;
        const scale = 2 ** shift;
        for (let r = 0; r < n; r++) data[r] += src[r] * scale;
        shift += fields[f].width;
      }
      out.push({ data, width });
    }
    i = j;
  }
  return out;
}

/** A permutation plus the sort words in sorted order, to find key boundaries with sequential compares. */
export interface RadixResult {
  /** Sorted position → row. */
  perm: Int32Array;
  /** Words of the leading `separate` keys by sorted position (equal words ⇔ equal keys). */
  leadingSorted: Uint32Array[];
  /** Words of the other keys by sorted position (equal words ⇔ equal keys). */
  restSorted: Uint32Array[];
}

/**
 * Row indices 0..n) ordered by `keys` (most significant first), normalized by
 * {@link normalizeKey} (by each key's class, then its value) or plain integers. Stable: equal rows
 * keep input order.
 *
 * LSD radix on 16-bit digits: keys become unsigned words (narrow keys packed together; the first
 * `separate` keys kept apart so the caller can tell their boundaries), passes run from the least
 * significant word up, and each pass moves the row ids and all words together, so every pass
 * reads sequentially and the words come out in sorted order (comparing neighbours afterwards is
 * sequential too; reading keys through the permutation would be a cache miss per row). Digits
 * that never vary cost no pass.
 */
export function radixPermutation(keys: readonly RadixKey[], n: number, separate = 0): RadixResult {
  const fieldsOf = (from: number, to: number): Field[] => {
    const fs: Field[] = [];
    for (let k = to - 1; k >= from; k--) fs.push(...keyFields(keys[k], n));
    return pack(fs, n);
  };
  const rest = fieldsOf(separate, keys.length);
  const leading = fieldsOf(0, separate);
  const words = [...rest, ...leading];
  let cur: Uint32Array[] = words.map((f) => f.data);
  let next: Uint32Array[] = words.map(() => new Uint32Array(n));
  let perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let permNext = new Int32Array(n);
  const dest = new Int32Array(n);
  const counts = new Int32Array(1 << 16);
  const m = words.length;
  for (let w = 0; w < m; w++) {
    for (let shift = 0; shift < words[w].width; shift += 16) {
      const digits = cur[w];
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(digits[i] >>> shift) & 0xffff]++;
      let constant = false;
      for (let b = 0; b < counts.length; b++) {
        if (counts[b] === 0) continue;
        constant = counts[b] === n;
        break;
      }
      if (constant) continue;
      let sum = 0;
      for (let b = 0; b < counts.length; b++) {
        const c = counts[b];
        counts[b] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) dest[i] = counts[(digits[i] >>> shift) & 0xffff]++;
      for (let i = 0; i < n; i++) permNext[dest[i]] = perm[i];
      [perm, permNext] = [permNext, perm];
      for (let v = 0; v < m; v++) {
        const src = cur[v];
        const dst = next[v];
        for (let i = 0; i < n; i++) dst[dest[i]] = src[i];
      }
      [cur, next] = [next, cur];
    }
  }
  return { perm, leadingSorted: cur.slice(rest.length), restSorted: cur.slice(0, rest.length) };
}
