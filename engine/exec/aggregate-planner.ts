/**
 * Physical planning of the aggregates the original planner does not cover: GROUPING SETS and
 * aggregates with a second argument or constant options (arg_min, string_agg, quantiles...).
 */
import type { BoundExpr } from '../expr/expr.js';
import { aggregateCallToString, exprToString } from '../plan/display.js';
import type { AggregateNode } from '../plan/logical-plan.js';
import { GroupingSetsExec } from './grouping-sets-exec.js';
import { HashAggregateExec } from './hash-aggregate-exec.js';
import type { AggregateSpec } from './hash/aggregate-states.js';
import { openPlan, type PhysicalPlan } from './physical-planner.js';
import type { ProjectionBuilder } from './window-planner.js';

/** True when `p` needs this planner rather than the physical planner's plain hash aggregate. */
export function needsExtendedAggregate(p: AggregateNode): boolean {
  return p.groupingSets !== undefined || p.aggs.some((a) => (a.arg2 ?? null) !== null || a.options !== undefined);
}

/**
 * Plans `p` over its planned input: a projection computes group keys and aggregate arguments as
 * plain columns (groups first), then a HashAggregateExec, or a GroupingSetsExec for grouping sets.
 */
export function planExtendedAggregate(p: AggregateNode, input: PhysicalPlan, projection: ProjectionBuilder): PhysicalPlan {
  const exprs: BoundExpr[] = [...p.groups];
  const argCol = (e: BoundExpr | null | undefined): number => {
    if (e === null || e === undefined) return -1;
    exprs.push(e);
    return exprs.length - 1;
  };
  const specs: AggregateSpec[] = p.aggs.map((a) => ({
    kind: a.fn,
    argCol: argCol(a.arg),
    distinct: a.distinct,
    outputType: a.type,
    arg2Col: argCol(a.arg2),
    ...(a.options ? { options: a.options } : {}),
  }));
  const pre = projection(input, exprs, exprs.map(() => -1));
  const inputTypes = [...pre.types];
  const groupTypes = p.groups.map((g) => g.type);
  const aggText = p.aggs.map(aggregateCallToString).join(', ');
  const groupText = p.groups.map(exprToString).join(', ');
  const base = {
    children: [pre],
    cids: p.cols.map((c) => c.cid),
    types: p.cols.map((c) => c.type),
  };
  if (p.groupingSets === undefined) {
    const groupCols = p.groups.map((_, i) => i);
    return {
      ...base,
      name: 'HashAggregateExec',
      detail: `groups=[${groupText}], aggs=[${aggText}]`,
      estimate: p.groups.length === 0 ? 1 : Math.max(1, input.estimate * 0.1),
      create: (env) => new HashAggregateExec(openPlan(pre, env), groupCols, specs, inputTypes),
    };
  }
  const sets = p.groupingSets;
  const calls = (p.groupingCalls ?? []).map((g) => g.groups);
  const groupingCols = p.cols.slice(p.groups.length + p.aggs.length);
  const groupingType = groupingCols[0]?.type ?? { id: 'bigint' };
  return {
    ...base,
    name: 'GroupingSetsExec',
    detail: `groups=[${groupText}], sets=[${sets.map((s) => `(${s.map((i) => exprToString(p.groups[i])).join(', ')})`).join(', ')}], aggs=[${aggText}]`,
    estimate: Math.max(1, input.estimate * 0.1 * sets.length),
    create: (env) => new GroupingSetsExec(openPlan(pre, env), groupTypes, specs, inputTypes, sets, calls, groupingType),
  };
}
