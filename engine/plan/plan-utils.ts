/** Plan tree helpers: bottom-up transforms and mapping every expression of a plan. */
import { type BoundExpr, forEachChild } from '../expr/expr.js';
import { childrenOf, type FrameBound, type LogicalPlan, type WindowCall, withChildren } from './logical-plan.js';

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
        return {
          ...p,
          groups: p.groups.map(fn),
          aggs: p.aggs.map((a) => ({ ...a, arg: a.arg ? fn(a.arg) : a.arg, ...(a.arg2 ? { arg2: fn(a.arg2) } : {}) })),
        };
      case 'window':
        return { ...p, calls: p.calls.map((c) => mapWindowCallExpressions(c, fn)) };
      case 'join':
      case 'lateral_join':
        return p.condition ? { ...p, condition: fn(p.condition) } : p;
      case 'sort':
        return { ...p, keys: p.keys.map((k) => ({ ...k, expr: fn(k.expr) })) };
      default:
        return p;
    }
  });
}

/** A copy of a window call with `fn` applied to its arguments, partition and order keys and frame offsets. */
export function mapWindowCallExpressions(c: WindowCall, fn: (e: BoundExpr) => BoundExpr): WindowCall {
  const bound = (b: FrameBound): FrameBound => (b.offset === null ? b : { ...b, offset: fn(b.offset) });
  return {
    ...c,
    args: c.args.map(fn),
    partitionBy: c.partitionBy.map(fn),
    orderBy: c.orderBy.map((k) => ({ ...k, expr: fn(k.expr) })),
    frame: { ...c.frame, start: bound(c.frame.start), end: bound(c.frame.end) },
  };
}

/** Every expression a window call reads (arguments, keys, frame offsets). */
export function windowCallExpressions(c: WindowCall): BoundExpr[] {
  const out: BoundExpr[] = [...c.args, ...c.partitionBy, ...c.orderBy.map((k) => k.expr)];
  if (c.frame.start.offset !== null) out.push(c.frame.start.offset);
  if (c.frame.end.offset !== null) out.push(c.frame.end.offset);
  return out;
}

/** False when some expression of `plan` (or of a subquery in it) calls a non-deterministic function such as random(). */
export function planIsDeterministic(plan: LogicalPlan): boolean {
  let ok = true;
  const visit = (e: BoundExpr): void => {
    if (!ok) return;
    if (e.kind === 'call' && !e.deterministic) ok = false;
    else if (e.kind === 'subquery' && !planIsDeterministic(e.plan)) ok = false;
    forEachChild(e, visit);
  };
  mapPlanExpressions(plan, (e) => {
    visit(e);
    return e;
  });
  return ok;
}
