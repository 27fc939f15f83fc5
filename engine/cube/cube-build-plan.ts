/** The plan that computes a cube's rows: the definition's aggregate with its measures split into stored parts and the grouping set id added. */
import type { TableEntry } from '../catalog/catalog.js';
import type { AggregateCall, LogicalPlan } from '../plan/logical-plan.js';
import { transformPlanUp } from '../plan/plan-utils.js';
import { BIGINT } from '../types/data-type.js';
import type { CubeLayout } from './cube-definition.js';
import { columnIdsAbove } from './cube-ids.js';

/**
 * A plan whose output columns are the cube table's columns in order. With `delta`, the scan of
 * `delta.table` reads `delta.rows` instead (a table entry holding only newly appended rows): inner
 * joins distribute over union, so the result is exactly the cube rows those rows add.
 */
export function cubeBuildPlan(layout: CubeLayout, delta: { table: TableEntry; rows: TableEntry } | null = null): LogicalPlan {
  const agg = layout.aggregate;
  const input =
    delta === null
      ? agg.input
      : transformPlanUp(agg.input, (p) => (p.kind === 'scan' && p.table === delta.table ? { ...p, table: delta.rows } : p));
  const freshCid = columnIdsAbove(agg);
  const aggs: AggregateCall[] = layout.parts.map((p) => ({ cid: freshCid(), fn: p.fn, arg: p.arg, distinct: false, type: p.type }));
  const groupCols = agg.cols.slice(0, agg.groups.length);
  const sets = agg.groupingSets;
  const gsCall = sets === undefined ? null : { cid: freshCid(), groups: agg.groups.map((_, i) => i) };
  const built: LogicalPlan = {
    kind: 'aggregate',
    input,
    groups: agg.groups,
    aggs,
    ...(sets === undefined ? {} : { groupingSets: sets, groupingCalls: [gsCall!] }),
    cols: [
      ...groupCols,
      ...aggs.map((a) => ({ cid: a.cid, name: a.fn, type: a.type })),
      ...(gsCall === null ? [] : [{ cid: gsCall.cid, name: 'grouping', type: BIGINT }]),
    ],
  };
  const column = (c: { cid: number; type: typeof BIGINT; name: string }) => ({ kind: 'column' as const, cid: c.cid, type: c.type, name: c.name });
  const exprs = [
    gsCall === null ? { kind: 'const' as const, value: 0, type: BIGINT } : column({ cid: gsCall.cid, type: BIGINT, name: 'gs' }),
    ...groupCols.map(column),
    ...aggs.map((a) => column({ cid: a.cid, type: a.type, name: a.fn })),
  ];
  return {
    kind: 'project',
    input: built,
    exprs,
    cols: exprs.map((e, i) => ({ cid: freshCid(), name: i === 0 ? 'gs' : `c${i}`, type: e.type })),
  };
}
