/** What an encoder sees of a block: its values with NULL slots filled in, and statistics gathered in one pass over them. */
import type { PhysicalKind, TypedArray } from '../../engine/types/data-type.js';

/**
 * The physical kinds a block stores: 'u8' (BOOLEAN 0/1), 'i32' (INTEGER, DATE, string codes),
 * 'f64' (DOUBLE, and BIGINT / DECIMAL / TIMESTAMP as integer-valued doubles). Strings never reach
 * a block: a VARCHAR chunk stores Int32 codes into a chunk-level dictionary.
 */
export type BlockKind = Exclude<PhysicalKind, 'str'>;

/** The array type of each kind: Uint8Array, Int32Array or Float64Array. */
export type BlockValues = TypedArray;

/** Largest magnitude of an integer-valued double that integer encodings accept (every integer up to it is exact). */
export const MAX_EXACT_INTEGER = 2 ** 53;

/**
 * Facts about a block's (NULL-filled) values, gathered in one pass so that most `analyze`
 * estimates are formulas over them.
 */
export interface BlockStats {
  /**
   * Smallest and largest non-NaN value. NULL slots hold copies of valid values, so these are the
   * valid values' extremes; when no value is valid they are 0 (the fill), and when every valid
   * value is NaN they are NaN.
   */
  readonly min: number;
  readonly max: number;
  /** Some value is NaN (f64 only). */
  readonly hasNaN: boolean;
  /** Every value is an integer of magnitude <= 2^53 (always true for u8 and i32; -0 counts as 0). */
  readonly integral: boolean;
  /** Number of runs of identical values (bit-identical for f64: -0 differs from 0, NaN equals NaN). */
  readonly runCount: number;
  /**
   * Smallest and largest difference between consecutive values, exact when `integral`
   * (0 and 0 for fewer than two values; meaningless when not integral).
   */
  readonly minDelta: number;
  readonly maxDelta: number;
}

/** One block as handed to `analyze` and `encode`. */
export interface BlockInput {
  readonly kind: BlockKind;
  /**
   * The values, `values[0, n)`. NULL slots hold the previous valid value (the first valid value
   * for leading NULLs, 0 when there is none), so NULLs extend runs, add no distinct value and no
   * delta; a block's validity is stored separately and reapplied on decode.
   */
  readonly values: BlockValues;
  readonly n: number;
  readonly nullCount: number;
  /** The caller's flag: the f64 values are integers (BIGINT, DECIMAL, TIMESTAMP). Always true for u8 and i32. */
  readonly integral: boolean;
  readonly stats: BlockStats;
}

/**
 * Builds the encoder input for `values[0, n)` with optional `validity` (1 = valid) holding
 * `nullCount` zeros. Copies the values only when there are NULLs to fill.
 */
export function prepareBlockInput(
  kind: BlockKind,
  values: BlockValues,
  validity: Uint8Array | null,
  n: number,
  nullCount: number,
  integral: boolean,
): BlockInput {
  const filled = nullCount > 0 && validity !== null ? fillNulls(values, validity, n) : values;
  return {
    kind,
    values: filled,
    n,
    nullCount,
    integral: kind !== 'f64' || integral,
    stats: kind === 'f64' ? statsF64(filled as Float64Array, n) : statsInt(filled as Int32Array | Uint8Array, n),
  };
}

/** A copy of `values[0, n)` whose NULL slots hold the previous valid value (see {@link BlockInput.values}). */
function fillNulls(values: BlockValues, validity: Uint8Array, n: number): BlockValues {
  const out = values.slice(0, n);
  let first = 0;
  while (first < n && validity[first] === 0) first++;
  // Leading NULLs take the first valid value (the first VALID value is not always row 0).
  let prev = first < n ? values[first] : 0;
  for (let i = 0; i < n; i++) {
    if (validity[i] === 0) out[i] = prev;
    else prev = values[i];
  }
  return out;
}

function statsInt(v: Int32Array | Uint8Array, n: number): BlockStats {
  if (n === 0) return { min: 0, max: 0, hasNaN: false, integral: true, runCount: 0, minDelta: 0, maxDelta: 0 };
  let min = v[0];
  let max = v[0];
  let runs = 1;
  let minDelta = Infinity;
  let maxDelta = -Infinity;
  let prev = v[0];
  for (let i = 1; i < n; i++) {
    const x = v[i];
    if (x < min) min = x;
    if (x > max) max = x;
    if (x !== prev) runs++;
    // Exact in doubles even when it overflows int32.
    const d = x - prev;
    if (d < minDelta) minDelta = d;
    if (d > maxDelta) maxDelta = d;
    prev = x;
  }
  if (n === 1) minDelta = maxDelta = 0;
  return { min, max, hasNaN: false, integral: true, runCount: runs, minDelta, maxDelta };
}

function statsF64(v: Float64Array, n: number): BlockStats {
  if (n === 0) return { min: 0, max: 0, hasNaN: false, integral: true, runCount: 0, minDelta: 0, maxDelta: 0 };
  let min = Infinity;
  let max = -Infinity;
  let hasNaN = false;
  let integral = true;
  let runs = 1;
  let minDelta = Infinity;
  let maxDelta = -Infinity;
  let prev = v[0];
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (x !== x) {
      hasNaN = true;
      integral = false;
    } else {
      if (x < min) min = x;
      if (x > max) max = x;
      // Infinity fails the magnitude test, NaN never gets here.
      if (integral && (x !== Math.floor(x) || x > MAX_EXACT_INTEGER || x < -MAX_EXACT_INTEGER)) integral = false;
    }
    if (i > 0) {
      if (!sameF64(x, prev)) runs++;
      const d = x - prev;
      if (d < minDelta) minDelta = d;
      if (d > maxDelta) maxDelta = d;
    }
    prev = x;
  }
  if (min === Infinity && max === -Infinity) min = max = NaN;
  if (n === 1) minDelta = maxDelta = 0;
  return { min, max, hasNaN, integral, runCount: runs, minDelta, maxDelta };
}

/**
 * Whether two doubles are the same stored value, as run-length and dictionary encodings must
 * treat them to round-trip exactly: -0 differs from 0 (unlike `===`), and NaN equals NaN.
 * (NaN payload bits are not preserved.)
 */
export function sameF64(a: number, b: number): boolean {
  return a === b ? a !== 0 || 1 / a === 1 / b : a !== a && b !== b;
}
