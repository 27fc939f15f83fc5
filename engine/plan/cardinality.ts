/** Cardinality estimates for logical plans, from table row counts and fixed selectivities. */
import type { LogicalPlan } from './logical-plan.js';

/** Assumed fraction of rows a filter keeps when nothing better is known. */
export const FILTER_SELECTIVITY = 0.25;

/**
 * Rough output row count of `p`. Used to put the smaller input on the build side of a hash
 * join and to order joins; block statistics from the storage layer will sharpen it.
 */
export function estimateRows(p: LogicalPlan): number {
  switch (p.kind) {
    case 'scan':
      return Math.max(1, p.table.data.rowCount * FILTER_SELECTIVITY ** Math.min(p.filters.length, 2));
    case 'values':
      return p.rows.length;
    case 'filter':
      return Math.max(1, estimateRows(p.input) * FILTER_SELECTIVITY);
    case 'join': {
      const l = estimateRows(p.left);
      const r = estimateRows(p.right);
      if (p.type === 'cross' || p.condition === null) return l * r;
      if (p.type === 'semi' || p.type === 'anti') return l;
      return Math.max(l, r);
    }
    case 'aggregate':
      return p.groups.length === 0 ? 1 : Math.max(1, estimateRows(p.input) * 0.1);
    case 'limit':
      return Math.min(p.limit ?? Infinity, estimateRows(p.input));
    case 'setop':
      return estimateRows(p.left) + estimateRows(p.right);
    case 'window':
      return estimateRows(p.input);
    case 'recursive_cte':
      // Unknown iteration count: assume the recursion multiplies the anchor tenfold.
      return estimateRows(p.anchor) * 10;
    case 'working_table':
      return 10;
    case 'lateral_join':
      // The right side runs per left row; its own estimate is per run.
      return Math.max(p.type === 'left' ? estimateRows(p.left) : 1, estimateRows(p.left) * estimateRows(p.right));
    default:
      return estimateRows(p.input);
  }
}
