/** Simple predicates a scan pushes into blocks (a range or an IN list on one column), and their evaluation on plain values. */
import type { BlockValues } from './block-input.js';

/**
 * A predicate on one column, in the column's physical representation (DATE as days, DECIMAL as
 * scaled integers, strings as codes into the chunk dictionary, BOOLEAN as 0/1).
 *
 * - `range`: `lo <(=) v <(=) hi`; a null bound is absent.
 * - `in`: `v` equals one of `values` (with `===`: -0 equals 0).
 *
 * Comparisons follow IEEE semantics: a NaN value matches no predicate, not even a range without
 * bounds, and a NaN bound or list entry matches nothing. (DuckDB orders NaN above +Infinity; a
 * caller that needs that must not push such a predicate down, or must handle NaN rows itself.)
 * NULL rows never match: block-level selection clears them after the encoding has answered.
 */
export type BlockPredicate =
  | {
      readonly kind: 'range';
      readonly lo: number | null;
      readonly hi: number | null;
      readonly loInclusive: boolean;
      readonly hiInclusive: boolean;
    }
  | { readonly kind: 'in'; readonly values: readonly number[] };

/** Whether value `v` satisfies `pred` (the reference semantics every encoding's `select` must reproduce). */
export function predicateMatches(pred: BlockPredicate, v: number): boolean {
  if (v !== v) return false;
  if (pred.kind === 'in') {
    for (const x of pred.values) if (x === v) return true;
    return false;
  }
  if (pred.lo !== null && !(pred.loInclusive ? v >= pred.lo : v > pred.lo)) return false;
  if (pred.hi !== null && !(pred.hiInclusive ? v <= pred.hi : v < pred.hi)) return false;
  return true;
}

/** `out[i] = 1` if entry i of `values[0, count)` matches, else 0: the per-run / per-dictionary-entry table. */
export function matchTable(pred: BlockPredicate, values: BlockValues, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = predicateMatches(pred, values[i]) ? 1 : 0;
  return out;
}

/**
 * Writes `out[i] = 1` where `values[i]` matches `pred`, 0 elsewhere, for i < n: the plain loop
 * over decoded values. Range tests are branch-free (`+(a) & +(b)`), one loop per inclusivity
 * combination so the loop body has no flag tests; an absent bound is an inclusive infinity,
 * which NaN still fails.
 */
export function selectValues(pred: BlockPredicate, values: BlockValues, n: number, out: Uint8Array): void {
  if (pred.kind === 'in') {
    selectIn(pred.values, values, n, out);
    return;
  }
  const lo = pred.lo ?? -Infinity;
  const hi = pred.hi ?? Infinity;
  const loInc = pred.lo === null || pred.loInclusive;
  const hiInc = pred.hi === null || pred.hiInclusive;
  if (loInc && hiInc) for (let i = 0; i < n; i++) out[i] = +(values[i] >= lo) & +(values[i] <= hi);
  else if (loInc) for (let i = 0; i < n; i++) out[i] = +(values[i] >= lo) & +(values[i] < hi);
  else if (hiInc) for (let i = 0; i < n; i++) out[i] = +(values[i] > lo) & +(values[i] <= hi);
  else for (let i = 0; i < n; i++) out[i] = +(values[i] > lo) & +(values[i] < hi);
}

/** Largest span of an integer IN list turned into a lookup table indexed by `v - min`. */
const IN_TABLE_MAX_SPAN = 1 << 16;

function selectIn(list: readonly number[], values: BlockValues, n: number, out: Uint8Array): void {
  // NaN entries match nothing, nor do non-int32 entries against integer arrays; duplicates change nothing.
  const isInt = !(values instanceof Float64Array);
  const keys = Float64Array.from(new Set(list.filter((x) => (isInt ? (x | 0) === x : x === x)))).sort();
  const k = keys.length;
  if (k === 0) {
    out.fill(0, 0, n);
    return;
  }
  const min = keys[0];
  const max = keys[k - 1];
  if (k <= 4) {
    // Up to four keys: branch-free equality tests (a shorter list repeats keys).
    if (isInt) {
      // Small-integer keys compare with int32 values without double conversions (measured 2x).
      selectIn4(values, n, keys[0] | 0, keys[Math.min(1, k - 1)] | 0, keys[Math.min(2, k - 1)] | 0, keys[k - 1] | 0, out);
    } else {
      selectIn4(values, n, keys[0], keys[Math.min(1, k - 1)], keys[Math.min(2, k - 1)], keys[k - 1], out);
    }
    return;
  }
  if (isInt && max - min < IN_TABLE_MAX_SPAN) {
    // Integer values only (an f64 value could index with a fraction). Entry 0 and entry span + 1
    // are zeros that values below and above the keys are clamped to, so the loop has no branch.
    const span = max - min + 1;
    const table = new Uint8Array(span + 2);
    for (let j = 0; j < k; j++) table[keys[j] - min + 1] = 1;
    for (let i = 0; i < n; i++) out[i] = table[Math.min(Math.max(values[i] - min + 1, 0), span + 1)];
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // Binary search over the sorted keys. NaN compares false both ways, which would look like a hit.
    let a = 0;
    let b = v === v ? k - 1 : -1;
    let hit = 0;
    while (a <= b) {
      const m = (a + b) >>> 1;
      const x = keys[m];
      if (x < v) a = m + 1;
      else if (x > v) b = m - 1;
      else {
        hit = 1;
        break;
      }
    }
    out[i] = hit;
  }
}

function selectIn4(values: BlockValues, n: number, a: number, b: number, c: number, d: number, out: Uint8Array): void {
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out[i] = +(v === a) | +(v === b) | +(v === c) | +(v === d);
  }
}
