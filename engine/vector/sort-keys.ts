/** Sort keys: ORDER BY key specs, per-row normalized keys (order class + number) and row comparators. */
import { physicalKind } from '../types/data-type.js';
import type { Vector } from './vector.js';

/** One ORDER BY key: input column, direction and where NULLs go. */
export interface SortKey {
  col: number;
  desc: boolean;
  nullsFirst: boolean;
}

/**
 * Order classes of a normalized key, compared before the value. NaN counts as larger than every
 * number (as in PostgreSQL), so it sorts last ascending and first descending; NULLs go where the
 * key says regardless of direction.
 */
export const CLS_NULLS_FIRST = 0;
export const CLS_NULLS_LAST = 3;
/** Class of an ordinary value for a key direction. */
export function normalClass(desc: boolean): number {
  return desc ? 2 : 1;
}
/** Class of NaN for a key direction. */
export function nanClass(desc: boolean): number {
  return desc ? 1 : 2;
}

/**
 * A sort key normalized so that rows compare as (cls, vals) ascending whatever the key's direction:
 * descending keys are negated, strings become the rank of their dictionary entry. `cls` is null
 * when every row is an ordinary value (no NULL, no NaN), which enables the cheapest comparator.
 */
export interface NormalizedKey {
  vals: Float64Array;
  cls: Uint8Array | null;
}

/**
 * Rank of every entry of a dictionary in string order (plain JS `<`), equal strings sharing a rank,
 * and the codes in that order. Computed once per dictionary so per-row comparisons are integer.
 */
export function rankDictionary(dict: readonly string[]): { order: Int32Array; rank: Int32Array } {
  const n = dict.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const x = dict[a];
    const y = dict[b];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Int32Array(n);
  let r = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || dict[order[i]] !== dict[order[i - 1]]) r++;
    rank[order[i]] = r;
  }
  return { order, rank };
}

/** Normalizes rows 0..n) of a dense vector (no selection) for `key`. */
export function normalizeKey(v: Vector, key: SortKey, n: number): NormalizedKey {
  const vals = new Float64Array(n);
  const data = v.data;
  const sign = key.desc ? -1 : 1;
  if (physicalKind(v.type) === 'str') {
    const rank = rankDictionary(v.dict ?? []).rank;
    for (let i = 0; i < n; i++) vals[i] = sign * rank[data[i]];
  } else {
    for (let i = 0; i < n; i++) vals[i] = sign * data[i];
  }
  let cls: Uint8Array | null = null;
  const nullCls = key.nullsFirst ? CLS_NULLS_FIRST : CLS_NULLS_LAST;
  const validity = v.validity;
  const isFloat = v.type.id === 'double';
  if (validity !== null || isFloat) {
    const normal = normalClass(key.desc);
    const nan = nanClass(key.desc);
    for (let i = 0; i < n; i++) {
      const isNull = validity !== null && validity[i] === 0;
      const isNaN = vals[i] !== vals[i];
      if (isNull || isNaN) {
        if (cls === null) cls = new Uint8Array(n).fill(normal);
        cls[i] = isNull ? nullCls : nan;
        vals[i] = 0;
      }
    }
  }
  return { vals, cls };
}

/**
 * A comparator of row indices by the normalized keys, ties broken by index so that sorting a
 * permutation that starts in input order is stable.
 */
export function makeRowComparator(keys: readonly NormalizedKey[]): (a: number, b: number) => number {
  if (keys.length === 1 && keys[0].cls === null) {
    // The common single-key case without NULL/NaN: two loads and two compares.
    const v = keys[0].vals;
    return (a, b) => {
      const x = v[a];
      const y = v[b];
      return x < y ? -1 : x > y ? 1 : a - b;
    };
  }
  const vals = keys.map((k) => k.vals);
  const cls = keys.map((k) => k.cls);
  const nk = keys.length;
  return (a, b) => {
    for (let i = 0; i < nk; i++) {
      const c = cls[i];
      if (c !== null) {
        const ca = c[a];
        const cb = c[b];
        if (ca !== cb) return ca - cb;
      }
      const v = vals[i];
      const x = v[a];
      const y = v[b];
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return a - b;
  };
}

/** Row indices 0..n) of `columns` in key order; stable (equal keys keep their row order). */
export function sortedPermutation(columns: readonly Vector[], keys: readonly SortKey[], n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n < 2 || keys.length === 0) return perm;
  const normalized = keys.map((k) => normalizeKey(columns[k.col], k, n));
  perm.sort(makeRowComparator(normalized));
  return perm;
}
