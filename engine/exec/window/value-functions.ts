/** Navigation window functions: lag, lead (row offsets) and first_value, last_value, nth_value (frame positions). */
import { physicalKind } from '../../types/data-type.js';
import { Vector } from '../../vector/vector.js';
import type { Frames } from './window-frames.js';
import type { WindowOrder } from './window-order.js';

/** Value of a per-row integer argument (offset, n) at input row `row`; null when NULL. */
function intArg(v: Vector | null, row: number, fallback: number): number | null {
  if (v === null) return fallback;
  if (v.validity !== null && v.validity[row] === 0) return null;
  return v.data[row];
}

/**
 * For each sorted position, the number of non-NULL values of `value` at earlier positions of its
 * partition (`before`), and the sorted positions of the non-NULL values (`positions`): IGNORE
 * NULLS navigation becomes index arithmetic on these.
 */
function nonNullIndex(value: Vector, order: WindowOrder): { before: Int32Array; positions: Int32Array } {
  const n = order.n;
  const before = new Int32Array(n + 1);
  const positions = new Int32Array(n);
  const validity = value.validity;
  let c = 0;
  for (let j = 0; j < n; j++) {
    before[j] = c;
    if (validity === null || validity[order.perm[j]] !== 0) positions[c++] = j;
  }
  before[n] = c;
  return { before, positions };
}

/**
 * lag(value, offset, default) / lead(...): the value `offset` rows before (after) the current one
 * in the partition, else `default` (NULL when not given). With IGNORE NULLS, rows whose value is
 * NULL are not counted. Returns the source input row per sorted position (-1: use the default;
 * -2: NULL because the offset is NULL).
 */
export function lagLeadSources(fn: 'lag' | 'lead', value: Vector, offset: Vector | null, order: WindowOrder, ignoreNulls: boolean): Int32Array {
  const n = order.n;
  const src = new Int32Array(n);
  const { partitionStarts: ps, partitionOf, perm } = order;
  const nn = ignoreNulls ? nonNullIndex(value, order) : null;
  for (let j = 0; j < n; j++) {
    const off = intArg(offset, perm[j], 1);
    if (off === null) {
      src[j] = -2;
      continue;
    }
    const p = partitionOf[j];
    const delta = fn === 'lag' ? -off : off;
    if (nn === null) {
      const t = j + delta;
      src[j] = t >= ps[p] && t < ps[p + 1] ? perm[t] : -1;
      continue;
    }
    // Index among the partition's non-NULL values.
    const lo = nn.before[ps[p]];
    const hi = nn.before[ps[p + 1]];
    const valid = value.validity === null || value.validity[perm[j]] !== 0;
    let t: number;
    if (delta === 0) t = valid ? nn.before[j] : -1;
    else if (delta < 0) t = nn.before[j] + delta;
    else t = nn.before[j] + (valid ? 1 : 0) + delta - 1;
    src[j] = t >= lo && t < hi ? perm[nn.positions[t]] : -1;
  }
  return src;
}

/** first_value / last_value / nth_value over each row's frame; source input row per position, -1 for NULL. */
export function frameValueSources(fn: 'first_value' | 'last_value' | 'nth_value', value: Vector, nth: Vector | null, order: WindowOrder, frames: Frames, ignoreNulls: boolean): Int32Array {
  const n = order.n;
  const src = new Int32Array(n).fill(-1);
  const { starts, ends } = frames;
  const perm = order.perm;
  const nn = ignoreNulls ? nonNullIndex(value, order) : null;
  for (let j = 0; j < n; j++) {
    const s = starts[j];
    const e = ends[j];
    if (e <= s) continue;
    let k = 1;
    if (fn === 'nth_value') {
      const x = intArg(nth, perm[j], 1);
      // nth_value(x, n) with n < 1 is NULL (as in DuckDB).
      if (x === null || !(x >= 1)) continue;
      k = x;
    }
    if (nn === null) {
      const t = fn === 'last_value' ? e - 1 : s + k - 1;
      if (t < e) src[j] = perm[t];
      continue;
    }
    const lo = nn.before[s];
    const hi = nn.before[e];
    const t = fn === 'last_value' ? hi - 1 : lo + k - 1;
    if (t >= lo && t < hi) src[j] = perm[nn.positions[t]];
  }
  return src;
}

/**
 * Builds the result from source rows: `value` at `src[j]`, NULL for -2 (and for -1 without a
 * default), `fallback` at the current row for -1. String results share `value`'s dictionary,
 * extended with the default's strings when needed.
 */
export function gatherSources(value: Vector, src: Int32Array, fallback: Vector | null, order: WindowOrder): Vector {
  const n = src.length;
  const out = value.gather(src.map((s) => (s < 0 ? 0 : s)), n);
  const data = out.data;
  let validity = out.validity;
  const str = physicalKind(value.type) === 'str';
  let dict = value.dict;
  let extra: Map<string, number> | null = null;
  for (let j = 0; j < n; j++) {
    const s = src[j];
    if (s >= 0) continue;
    const row = order.perm[j];
    if (s === -1 && fallback !== null && !(fallback.validity !== null && fallback.validity[row] === 0)) {
      validity ??= new Uint8Array(n).fill(1);
      validity[j] = 1;
      if (!str) {
        data[j] = fallback.data[row];
        continue;
      }
      // The default's strings live in another dictionary: append them to a copy of ours.
      const text = (fallback.dict as string[])[fallback.data[row]];
      if (extra === null) {
        dict = [...(value.dict as string[])];
        extra = new Map(dict.map((t, i) => [t, i]));
      }
      let code = extra.get(text);
      if (code === undefined) {
        code = (dict as string[]).length;
        (dict as string[]).push(text);
        extra.set(text, code);
      }
      data[j] = code;
      continue;
    }
    validity ??= new Uint8Array(n).fill(1);
    validity[j] = 0;
    data[j] = 0;
  }
  return new Vector(value.type, data, validity, dict, n);
}
