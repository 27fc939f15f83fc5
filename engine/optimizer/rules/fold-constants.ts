/** fold-constants: evaluates column-free deterministic subexpressions once, at plan time. */
import { EMPTY_ENV, evaluateConstant } from '../../expr/compile.js';
import { type BoundExpr, hasSideEffectsOrSubquery, mapChildren } from '../../expr/expr.js';
import type { LogicalPlan } from '../../plan/logical-plan.js';
import { mapPlanExpressions } from '../../plan/plan-utils.js';
import type { OptimizerRule } from '../rule.js';

/**
 * Folds `1 + 2` to `3` and simplifies boolean connectives with constant operands
 * (`x AND TRUE` → `x`, `x OR TRUE` → `TRUE`, `NULL AND FALSE` → `FALSE`). A subexpression
 * whose evaluation fails (e.g. an overflow) is left alone so the error surfaces only if a row
 * actually evaluates it, as in PostgreSQL.
 */
export function foldConstants(e: BoundExpr): BoundExpr {
  const folded = mapChildren(e, foldConstants);
  switch (folded.kind) {
    case 'const':
    case 'column':
    case 'outer':
    case 'param':
    case 'subquery':
      return folded;
    case 'and':
    case 'or':
      return simplifyLogic(folded.kind, folded.args, folded);
    default:
      break;
  }
  // An INTERVAL result cannot pass through a column vector (it is an object): leave it to run time.
  if (!isFoldable(folded) || folded.type.id === 'interval') return folded;
  try {
    const value = evaluateConstant(folded, EMPTY_ENV);
    return { kind: 'const', value, type: folded.type };
  } catch {
    return folded;
  }
}

function isFoldable(e: BoundExpr): boolean {
  if (e.kind === 'const') return true;
  if (e.kind === 'column' || e.kind === 'outer' || e.kind === 'param') return false;
  if (hasSideEffectsOrSubquery(e)) return false;
  let ok = true;
  mapChildren(e, (c) => {
    if (ok && !isFoldable(c)) ok = false;
    return c;
  });
  return ok;
}

function simplifyLogic(kind: 'and' | 'or', args: BoundExpr[], original: BoundExpr): BoundExpr {
  const decisive = kind === 'and' ? 0 : 1;
  const rest: BoundExpr[] = [];
  let sawNull = false;
  for (const a of args) {
    if (a.kind === 'const') {
      if (a.value === null) sawNull = true;
      else if (Number(a.value) === decisive) return { kind: 'const', value: decisive, type: original.type };
      continue; // the neutral constant drops out
    }
    rest.push(a);
  }
  if (sawNull) rest.push({ kind: 'const', value: null, type: original.type });
  if (rest.length === 0) return { kind: 'const', value: 1 - decisive, type: original.type };
  if (rest.length === 1 && !sawNull) return rest[0];
  return rest.length === args.length ? original : { kind, args: rest, type: original.type };
}

export const foldConstantsRule: OptimizerRule = {
  name: 'fold-constants',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return mapPlanExpressions(plan, foldConstants);
  },
};
