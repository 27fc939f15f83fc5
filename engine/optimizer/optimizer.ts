/** Optimizer: runs the logical rewrite rules in a fixed order and checks that each keeps the output columns. */
import { StrataError } from '../errors.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import type { OptimizerContext, OptimizerRule } from './rule.js';
import { answerFromCubeRule } from './rules/answer-from-cube.js';
import { foldConstantsRule } from './rules/fold-constants.js';
import { pushDownFilterRule } from './rules/push-down-filter.js';
import { pruneColumnsRule } from './rules/prune-columns.js';
import { reorderJoinsRule } from './rules/reorder-joins.js';
import { starJoinRule } from './rules/star-join.js';
import { subqueryToJoinRule } from './rules/subquery-to-join.js';

/**
 * The rules, in order. Why this order:
 * - subquery-to-join first, so the semi/anti joins it creates take part in push-down.
 * - fold-constants next, so `WHERE 1 = 1 AND x > 2 + 3` reaches push-down as `x > 5`.
 * - answer-from-cube before any rule reshapes the aggregate's input: it compares the binder's join
 *   graph (scans, joins, filters) with the cubes' definitions, bound the same way.
 * - push-down-filter then moves conjuncts to scans and turns comma joins into inner joins,
 *   which the physical planner runs as hash joins.
 * - reorder-joins needs the conditions push-down placed on the joins; it may leave conditions
 *   that now span a different pair of inputs, so push-down-filter runs once more after it.
 * - star-join after that: it needs every dimension filter already in its scan (it measures their
 *   selectivity there) and re-orders star-shaped join trees, which reorder-joins would flatten
 *   again if it came later. Disabling it gives the plain plan (no star marks, no runtime filters).
 * - prune-columns last: it needs to see every expression in its final place.
 */
export const RULES: readonly OptimizerRule[] = [
  subqueryToJoinRule,
  foldConstantsRule,
  answerFromCubeRule,
  pushDownFilterRule,
  reorderJoinsRule,
  pushDownFilterRule,
  starJoinRule,
  pruneColumnsRule,
];

export interface OptimizeOptions extends OptimizerContext {
  /** Rule names to skip (`SET disabled_optimizers = 'push-down-filter'`). */
  disabled?: ReadonlySet<string>;
  /** Called after each rule that changed the plan (for traces and tests). */
  observer?: (rule: string, plan: LogicalPlan) => void;
}

export function optimize(plan: LogicalPlan, options: OptimizeOptions = {}): LogicalPlan {
  let current = plan;
  for (const rule of RULES) {
    if (options.disabled?.has(rule.name)) continue;
    const next = rule.rewrite(current, options);
    if (next === current) continue;
    const before = current.cols.map((c) => c.cid).join(',');
    const after = next.cols.map((c) => c.cid).join(',');
    if (before !== after) {
      throw new StrataError('internal', `optimizer rule ${rule.name} changed the output columns (${before} -> ${after})`);
    }
    current = next;
    options.observer?.(rule.name, current);
  }
  return current;
}
