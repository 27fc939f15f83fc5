/** Column ids for plan nodes the cube code adds after binding: numbered on from the largest id the plan already uses. */
import { forEachChild, type BoundExpr } from '../expr/expr.js';
import { childrenOf, type LogicalPlan } from '../plan/logical-plan.js';
import { mapPlanExpressions } from '../plan/plan-utils.js';

/**
 * An allocator of column ids unused by `plan` (its nodes and the plans of its subqueries). Ids
 * stay small and stable from run to run, so EXPLAIN of a query answered from a cube reads like
 * any other plan (an earlier global counter from 2^30 printed ids such as `#1073741834`).
 */
export function columnIdsAbove(plan: LogicalPlan): () => number {
  let next = maxColumnId(plan) + 1;
  return () => next++;
}

function maxColumnId(plan: LogicalPlan): number {
  let max = 0;
  const visitExpr = (e: BoundExpr): void => {
    if (e.kind === 'subquery') max = Math.max(max, maxColumnId(e.plan));
    forEachChild(e, visitExpr);
  };
  const visitPlan = (p: LogicalPlan): void => {
    for (const c of p.cols) if (c.cid > max) max = c.cid;
    for (const child of childrenOf(p)) visitPlan(child);
  };
  visitPlan(plan);
  mapPlanExpressions(plan, (e) => {
    visitExpr(e);
    return e;
  });
  return max;
}
