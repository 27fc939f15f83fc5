/** subquery-to-join: rewrites IN / EXISTS subqueries in WHERE into semi and anti joins. */
import { andAll, type BoundExpr, columnsOf, forEachChild, splitConjuncts, type SubqueryExpr, transformExpr } from '../../expr/expr.js';
import type { LogicalPlan } from '../../plan/logical-plan.js';
import { mapPlanExpressions, transformPlanUp } from '../../plan/plan-utils.js';
import { BOOLEAN } from '../../types/data-type.js';
import type { OptimizerRule } from '../rule.js';

/** True if `e` reads an enclosing query (an outer reference or a correlated nested subquery). */
function readsOuter(e: BoundExpr): boolean {
  if (e.kind === 'outer') return true;
  if (e.kind === 'subquery' && e.correlated.length > 0) return true;
  let found = false;
  forEachChild(e, (c) => {
    if (!found && readsOuter(c)) found = true;
  });
  return found;
}

function planReadsOuter(p: LogicalPlan): boolean {
  let found = false;
  mapPlanExpressions(p, (e) => {
    if (!found && readsOuter(e)) found = true;
    return e;
  });
  return found;
}

/**
 * Splits a subquery plan `Project(Filter(X))` into X, the value expression it projects, and the
 * WHERE conjuncts; null when the shape is anything else (aggregates, LIMIT, DISTINCT...), where
 * running the subquery per row is the only safe plan.
 */
function peel(plan: LogicalPlan): { input: LogicalPlan; value: BoundExpr; conjuncts: BoundExpr[] } | null {
  if (plan.kind !== 'project') return null;
  const value = plan.exprs[0];
  if (plan.input.kind === 'filter') return { input: plan.input.input, value, conjuncts: splitConjuncts(plan.input.predicate) };
  return { input: plan.input, value, conjuncts: [] };
}

/**
 * Turns one WHERE conjunct into a join with `input`, or returns null to leave it alone.
 * - `x IN (SELECT y ...)`            → input SEMI JOIN sub ON x = y [AND correlation]
 * - `EXISTS (SELECT ... WHERE corr)` → input SEMI JOIN sub ON corr
 * - `NOT EXISTS (...)`               → input ANTI JOIN sub ON corr
 * `NOT IN` stays a per-row test: with NULLs it is not an anti join.
 */
function toJoin(input: LogicalPlan, q: SubqueryExpr): LogicalPlan | null {
  if (q.subKind === 'scalar' || (q.subKind === 'in' && q.not)) return null;
  const peeled = peel(q.plan);
  if (peeled === null || planReadsOuter(peeled.input) || readsOuter(peeled.value)) return null;
  const have = new Set(input.cols.map((c) => c.cid));
  const local: BoundExpr[] = [];
  const joinConds: BoundExpr[] = [];
  for (const c of peeled.conjuncts) {
    if (!readsOuter(c)) {
      local.push(c);
      continue;
    }
    // A correlated conjunct becomes part of the join condition: its outer references are
    // columns of `input`. Only plain outer column references qualify.
    let ok = true;
    const asJoin = transformExpr(c, (x) => {
      if (x.kind === 'outer') {
        if (!have.has(x.cid)) ok = false;
        return { kind: 'column', cid: x.cid, type: x.type, name: x.name };
      }
      if (x.kind === 'subquery') ok = false;
      return x;
    });
    if (!ok) return null;
    joinConds.push(asJoin);
  }
  if (q.subKind === 'in') {
    if (q.arg === null || readsOuter(q.arg)) return null;
    if (![...columnsOf(q.arg)].every((cid) => have.has(cid))) return null;
    joinConds.unshift({ kind: 'op', op: '=', args: [q.arg, peeled.value], type: BOOLEAN });
  }
  const pred = andAll(local);
  const right: LogicalPlan = pred === null ? peeled.input : { kind: 'filter', input: peeled.input, predicate: pred, cols: peeled.input.cols };
  return {
    kind: 'join',
    type: q.subKind === 'exists' && q.not ? 'anti' : 'semi',
    left: input,
    right,
    condition: andAll(joinConds),
    cols: input.cols,
  };
}

export const subqueryToJoinRule: OptimizerRule = {
  name: 'subquery-to-join',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return transformPlanUp(plan, (p) => {
      if (p.kind !== 'filter') return p;
      let input = p.input;
      const keep: BoundExpr[] = [];
      for (const c of splitConjuncts(p.predicate)) {
        const joined = c.kind === 'subquery' ? toJoin(input, c) : null;
        if (joined === null) keep.push(c);
        else input = joined;
      }
      if (input === p.input) return p;
      const pred = andAll(keep);
      return pred === null ? input : { kind: 'filter', input, predicate: pred, cols: input.cols };
    });
  },
};
