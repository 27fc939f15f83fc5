/** Filter selectivity of a table scan, measured by running its filters over a sample of the table. */
import { type ExecEnv, compilePredicate } from '../expr/compile.js';
import { andAll, type BoundExpr, hasSideEffectsOrSubquery } from '../expr/expr.js';
import { FILTER_SELECTIVITY } from './cardinality.js';
import type { ScanNode } from './logical-plan.js';

/**
 * Rows read from the start of the table. Dimension tables are small (SSB's part has 200,000 rows
 * at SF 1), so a sample of this size is the whole table or a large part of it, and a predicate
 * keeping 1 row in 25 still keeps hundreds of sample rows.
 */
const SAMPLE_ROWS = 16_384;

const SAMPLE_ENV: ExecEnv = {
  outer: new Map(),
  metrics: null,
  runSubquery() {
    throw new Error('a sampled filter has no subqueries');
  },
};

/**
 * The fraction of `scan`'s rows that pass its filters, measured on the table's first rows. Fixed
 * selectivities cannot tell `p_category = 'MFGR#12'` (1 in 25) from `s_region = 'AMERICA'` (1 in
 * 5), and that difference decides which dimension of a star should probe first. Falls back to
 * the fixed estimate for filters that run subqueries or call non-deterministic functions.
 */
export function sampledSelectivity(scan: ScanNode): number {
  if (scan.filters.length === 0) return 1;
  const fixedSelectivity = FILTER_SELECTIVITY ** Math.min(scan.filters.length, 2);
  if (scan.filters.some(hasSideEffectsOrSubquery)) return fixedSelectivity;
  const layout = new Map<number, number>();
  scan.cols.forEach((c, i) => layout.set(c.cid, i));
  const pred = compilePredicate(andAll(scan.filters) as BoundExpr, layout);
  let rows = 0;
  let kept = 0;
  let out = new Int32Array(0);
  const it = scan.table.data.scan(scan.columnIndexes, {});
  try {
    for (let r = it.next(); !r.done && rows < SAMPLE_ROWS; r = it.next()) {
      const b = r.value;
      if (out.length < b.length) out = new Int32Array(b.length);
      kept += pred.select(b, SAMPLE_ENV, out);
      rows += b.length;
    }
  } catch {
    // A filter that fails on some row (a bad cast, a division by zero) fails the query when it
    // runs, with the right error and position; planning only loses its estimate.
    return fixedSelectivity;
  } finally {
    it.return(undefined);
  }
  // An empty sample says nothing; a sample with no survivors still leaves a chance of some.
  if (rows === 0) return FILTER_SELECTIVITY;
  return Math.max(kept, 0.5) / rows;
}
