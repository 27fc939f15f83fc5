/** The zone-map test shared by segment blocks and in-memory zones: may a range [min, max] of non-NULL values hold a value a pushed predicate keeps? */

/** A pushed predicate as the bounds test reads it (segment scans' BlockPredicate and memory zones' ScanPredicate both fit). */
export type BoundsPredicate<T extends number | string> =
  | { readonly kind: 'in'; readonly values: readonly T[] }
  | { readonly kind: 'range'; readonly lo: T | null; readonly hi: T | null; readonly loInclusive: boolean; readonly hiInclusive: boolean };

/**
 * False only when no value in [min, max] can pass `p` (numbers, or strings in JS order as the
 * zone bounds are kept). Not select-encoded's blockMayMatch: that one treats a NaN bound as
 * "matches nothing" (the codec's semantics), while a scan must not skip for a NaN constant, which
 * SQL orders above every number; callers keep zones holding a NaN out of this test.
 */
export function boundsMayMatch<T extends number | string>(min: T, max: T, p: BoundsPredicate<T>): boolean {
  if (p.kind === 'in') {
    for (const v of p.values) if (v >= min && v <= max) return true;
    return false;
  }
  if (p.lo !== null && (p.loInclusive ? max < p.lo : max <= p.lo)) return false;
  if (p.hi !== null && (p.hiInclusive ? min > p.hi : min >= p.hi)) return false;
  return true;
}
