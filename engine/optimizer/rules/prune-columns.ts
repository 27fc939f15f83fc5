/** prune-columns: drops columns no ancestor reads, so scans decode and joins carry only what is used. */
import { type BoundExpr, columnsOf } from '../../expr/expr.js';
import { type LogicalPlan, windowColumns } from '../../plan/logical-plan.js';
import { windowCallExpressions } from '../../plan/plan-utils.js';
import type { OptimizerRule } from '../rule.js';

function addCols(out: Set<number>, exprs: readonly (BoundExpr | null)[]): Set<number> {
  for (const e of exprs) if (e !== null) columnsOf(e, out);
  return out;
}

/**
 * Returns `plan` narrowed to produce at least the columns in `required` (plus what it needs
 * itself). Nodes whose output is positional or whose result depends on every column
 * (DISTINCT, set operations, recursive CTEs, VALUES) keep all their columns.
 */
function prune(plan: LogicalPlan, required: Set<number>): LogicalPlan {
  switch (plan.kind) {
    case 'scan': {
      const need = addCols(new Set(required), plan.filters);
      let keep = plan.cols.map((c, i) => i).filter((i) => need.has(plan.cols[i].cid));
      // A scan must still yield its row count (e.g. for count(*)): keep one column.
      if (keep.length === 0 && plan.cols.length > 0) keep = [0];
      if (keep.length === plan.cols.length) return plan;
      return { ...plan, cols: keep.map((i) => plan.cols[i]), columnIndexes: keep.map((i) => plan.columnIndexes[i]) };
    }
    case 'values':
      return plan;
    case 'project': {
      const keep = plan.cols.map((_, i) => i).filter((i) => required.has(plan.cols[i].cid));
      const exprs = keep.map((i) => plan.exprs[i]);
      const input = prune(plan.input, addCols(new Set(), exprs));
      if (keep.length === plan.cols.length && input === plan.input) return plan;
      return { ...plan, input, exprs, cols: keep.map((i) => plan.cols[i]) };
    }
    case 'filter': {
      const input = prune(plan.input, addCols(new Set(required), [plan.predicate]));
      return input === plan.input ? plan : { ...plan, input, cols: input.cols };
    }
    case 'aggregate': {
      const need = addCols(new Set(), [...plan.groups, ...plan.aggs.flatMap((a) => [a.arg, a.arg2 ?? null])]);
      const input = prune(plan.input, need);
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'join': {
      const need = addCols(new Set(required), [plan.condition]);
      const left = prune(plan.left, need);
      const right = prune(plan.right, need);
      if (left === plan.left && right === plan.right) return plan;
      const cols = plan.type === 'semi' || plan.type === 'anti' ? left.cols : [...left.cols, ...right.cols];
      return { ...plan, left, right, cols };
    }
    case 'sort': {
      const input = prune(plan.input, addCols(new Set(required), plan.keys.map((k) => k.expr)));
      return input === plan.input ? plan : { ...plan, input, cols: input.cols };
    }
    case 'limit': {
      const input = prune(plan.input, required);
      return input === plan.input ? plan : { ...plan, input, cols: input.cols };
    }
    case 'distinct': {
      const input = prune(plan.input, new Set(plan.cols.map((c) => c.cid)));
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'window': {
      // Calls nobody reads are dropped; the input keeps what the rest and the parent read.
      const calls = plan.calls.filter((c) => required.has(c.cid));
      const need = addCols(new Set(required), calls.flatMap(windowCallExpressions));
      for (const c of plan.calls) need.delete(c.cid);
      const input = prune(plan.input, need);
      if (input === plan.input && calls.length === plan.calls.length) return plan;
      if (calls.length === 0) return input;
      return { ...plan, input, calls, cols: windowColumns(input, calls) };
    }
    case 'recursive_cte': {
      // Positional like a set operation: every column of both terms stays.
      const anchor = prune(plan.anchor, new Set(plan.anchor.cols.map((c) => c.cid)));
      const recursive = prune(plan.recursive, new Set(plan.recursive.cols.map((c) => c.cid)));
      return anchor === plan.anchor && recursive === plan.recursive ? plan : { ...plan, anchor, recursive };
    }
    case 'working_table':
      return plan;
    case 'lateral_join': {
      // The left side also keeps the columns whose values the right side reads per row.
      const need = addCols(new Set([...required, ...plan.correlated]), [plan.condition]);
      const left = prune(plan.left, need);
      const right = prune(plan.right, need);
      if (left === plan.left && right === plan.right) return plan;
      return { ...plan, left, right, cols: [...left.cols, ...right.cols] };
    }
    case 'setop': {
      const left = prune(plan.left, new Set(plan.left.cols.map((c) => c.cid)));
      const right = prune(plan.right, new Set(plan.right.cols.map((c) => c.cid)));
      return left === plan.left && right === plan.right ? plan : { ...plan, left, right };
    }
  }
}

export const pruneColumnsRule: OptimizerRule = {
  name: 'prune-columns',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return prune(plan, new Set(plan.cols.map((c) => c.cid)));
  },
};
