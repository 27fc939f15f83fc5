/** Plan tree helpers: bottom-up transforms and mapping every expression of a plan. */
import type { BoundExpr } from '../expr/expr.js';
import { childrenOf, type LogicalPlan, withChildren } from './logical-plan.js';

/** Rebuilds `plan` bottom-up: children first, then `fn` on the node with its new children. */
export function transformPlanUp(plan: LogicalPlan, fn: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const kids = childrenOf(plan);
  const newKids = kids.map((k) => transformPlanUp(k, fn));
  const node = newKids.some((k, i) => k !== kids[i]) ? withChildren(plan, newKids) : plan;
  return fn(node);
}

/** Applies `fn` to every expression held by every node (not descending into subquery plans). */
export function mapPlanExpressions(plan: LogicalPlan, fn: (e: BoundExpr) => BoundExpr): LogicalPlan {
  return transformPlanUp(plan, (p) => {
    switch (p.kind) {
      case 'scan':
        return p.filters.length ? { ...p, filters: p.filters.map(fn) } : p;
      case 'values':
        return { ...p, rows: p.rows.map((r) => r.map(fn)) };
      case 'filter':
        return { ...p, predicate: fn(p.predicate) };
      case 'project':
        return { ...p, exprs: p.exprs.map(fn) };
      case 'aggregate':
        return { ...p, groups: p.groups.map(fn), aggs: p.aggs.map((a) => (a.arg ? { ...a, arg: fn(a.arg) } : a)) };
      case 'join':
        return p.condition ? { ...p, condition: fn(p.condition) } : p;
      case 'sort':
        return { ...p, keys: p.keys.map((k) => ({ ...k, expr: fn(k.expr) })) };
      default:
        return p;
    }
  });
}
