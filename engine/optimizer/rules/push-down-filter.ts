/** push-down-filter: moves filter conjuncts as close to the scans as they can go, turning cross joins into inner joins. */
import { andAll, type BoundExpr, columnsOf, hasSideEffectsOrSubquery, splitConjuncts, transformExpr } from '../../expr/expr.js';
import { childrenOf, type LogicalPlan, withChildren } from '../../plan/logical-plan.js';
import { BOOLEAN } from '../../types/data-type.js';
import type { OptimizerRule } from '../rule.js';

function wrap(plan: LogicalPlan, preds: BoundExpr[]): LogicalPlan {
  return preds.length === 0 ? plan : { kind: 'filter', input: plan, predicate: andAll(preds) as BoundExpr, cols: plan.cols };
}

function covers(plan: LogicalPlan, e: BoundExpr): boolean {
  const have = new Set(plan.cols.map((c) => c.cid));
  for (const c of columnsOf(e)) if (!have.has(c)) return false;
  return true;
}

/** Replaces references to the columns `cids[i]` by `exprs[i]` (to move a predicate below a projection). */
function substitute(e: BoundExpr, map: Map<number, BoundExpr>): BoundExpr {
  return transformExpr(e, (x) => (x.kind === 'column' && map.has(x.cid) ? (map.get(x.cid) as BoundExpr) : x));
}

/**
 * Pushes `preds` (conjuncts that must hold on `plan`'s output) into `plan`. Rules per node:
 * - Filter: merged. Scan: becomes scan filters.
 * - Projection / Aggregate: substituted through when they only read pass-through columns or
 *   group keys (never through an expression with a subquery or a volatile call).
 * - Join: a conjunct on one side goes to that side when the join type preserves it (both sides
 *   of an inner join; the preserved side's filters stay above an outer join); a conjunct on both
 *   sides becomes the inner join's condition.
 * - Window: only conjuncts over columns every call partitions by (see pushWindow).
 * - Sort / Distinct: passed through. Limit, set operations, recursive CTEs: kept above.
 */
function push(plan: LogicalPlan, preds: BoundExpr[]): LogicalPlan {
  switch (plan.kind) {
    case 'filter':
      return push(plan.input, [...preds, ...splitConjuncts(plan.predicate)]);
    case 'scan': {
      if (preds.length === 0) return plan;
      return { ...plan, filters: [...plan.filters, ...preds] };
    }
    case 'project': {
      const map = new Map<number, BoundExpr>();
      plan.cols.forEach((c, i) => map.set(c.cid, plan.exprs[i]));
      const down: BoundExpr[] = [];
      const keep: BoundExpr[] = [];
      for (const p of preds) {
        const used = [...columnsOf(p)];
        const ok = used.every((c) => map.has(c) && !hasSideEffectsOrSubquery(map.get(c) as BoundExpr));
        if (ok) down.push(substitute(p, map));
        else keep.push(p);
      }
      return wrap({ ...plan, input: push(plan.input, down) }, keep);
    }
    case 'aggregate': {
      const map = new Map<number, BoundExpr>();
      // With grouping sets a group column is NULL in the sets that roll it up: only a group in
      // every set can be filtered before aggregating.
      const sets = plan.groupingSets;
      plan.groups.forEach((g, i) => {
        if (sets === undefined || sets.every((s) => s.includes(i))) map.set(plan.cols[i].cid, g);
      });
      const down: BoundExpr[] = [];
      const keep: BoundExpr[] = [];
      for (const p of preds) {
        const used = [...columnsOf(p)];
        // With no GROUP BY the aggregate yields a row even on empty input: nothing may move below it.
        const ok = plan.groups.length > 0 && used.every((c) => map.has(c) && !hasSideEffectsOrSubquery(map.get(c) as BoundExpr));
        if (ok) down.push(substitute(p, map));
        else keep.push(p);
      }
      return wrap({ ...plan, input: push(plan.input, down) }, keep);
    }
    case 'join':
      return pushJoin(plan, preds);
    case 'window':
      return pushWindow(plan, preds);
    case 'sort':
    case 'distinct':
      return withChildren(plan, [push(plan.input, preds)]);
    default:
      return wrap(
        withChildren(
          plan,
          childrenOf(plan).map((c) => push(c, [])),
        ),
        preds,
      );
  }
}

/**
 * A conjunct moves below a window only when it reads nothing but columns every call partitions
 * by: then it keeps or drops whole partitions, which does not change any other partition's result.
 */
function pushWindow(plan: Extract<LogicalPlan, { kind: 'window' }>, preds: BoundExpr[]): LogicalPlan {
  const partitionCols = (c: (typeof plan.calls)[number]): number[] =>
    c.partitionBy.flatMap((e) => (e.kind === 'column' ? [e.cid] : []));
  const shared = new Set<number>(plan.calls.length > 0 ? partitionCols(plan.calls[0]) : []);
  for (const c of plan.calls.slice(1)) {
    const mine = new Set(partitionCols(c));
    for (const cid of [...shared]) if (!mine.has(cid)) shared.delete(cid);
  }
  const down: BoundExpr[] = [];
  const keep: BoundExpr[] = [];
  for (const p of preds) {
    const used = [...columnsOf(p)];
    if (used.length > 0 && used.every((c) => shared.has(c)) && !hasSideEffectsOrSubquery(p)) down.push(p);
    else keep.push(p);
  }
  return wrap(withChildren(plan, [push(plan.input, down)]), keep);
}

function pushJoin(plan: Extract<LogicalPlan, { kind: 'join' }>, preds: BoundExpr[]): LogicalPlan {
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const toCond: BoundExpr[] = [];
  const keep: BoundExpr[] = [];
  const t = plan.type;
  const innerLike = t === 'inner' || t === 'cross';
  // Predicates above the join (WHERE).
  for (const p of preds) {
    const l = covers(plan.left, p);
    const r = covers(plan.right, p);
    if (l && (innerLike || t === 'left' || t === 'semi' || t === 'anti')) toLeft.push(p);
    else if (r && !l && (innerLike || t === 'right')) toRight.push(p);
    else if (innerLike && !l && !r) toCond.push(p);
    else keep.push(p);
  }
  // Conjuncts of the join condition itself.
  const cond = plan.condition ? splitConjuncts(plan.condition) : [];
  for (const c of cond) {
    const l = covers(plan.left, c);
    const r = covers(plan.right, c);
    if (l && !r && (innerLike || t === 'right' || t === 'semi')) toLeft.push(c);
    else if (r && !l && (innerLike || t === 'left' || t === 'semi' || t === 'anti')) toRight.push(c);
    else toCond.push(c);
  }
  const left = push(plan.left, toLeft);
  const right = push(plan.right, toRight);
  const type = t === 'cross' && toCond.length > 0 ? 'inner' : t;
  const joined: LogicalPlan = {
    ...plan,
    type,
    left,
    right,
    condition: andAll(toCond),
    cols: type === 'semi' || type === 'anti' ? left.cols : [...left.cols, ...right.cols],
  };
  return wrap(joined, keep);
}

export const pushDownFilterRule: OptimizerRule = {
  name: 'push-down-filter',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return push(plan, []);
  },
};
