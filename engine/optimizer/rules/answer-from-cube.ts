/** answer-from-cube: answers an aggregate over a star of tables from a materialized cube that provably holds its result. */
import { type CubeDefinition, dimColumn, partColumn } from '../../cube/cube-definition.js';
import { freshCid } from '../../cube/cube-ids.js';
import { type DerivedAggregate, deriveAggregate, mergeFn } from '../../cube/cube-measures.js';
import { canonicalKey, sameTables, type StarRegion, starRegion } from '../../cube/star-region.js';
import { andAll, type BoundExpr, mapChildren } from '../../expr/expr.js';
import type { AggregateCall, AggregateNode, LogicalPlan, PlanColumn, ScanNode } from '../../plan/logical-plan.js';
import { transformPlanUp } from '../../plan/plan-utils.js';
import { BOOLEAN } from '../../types/data-type.js';
import type { OptimizerContext, OptimizerRule } from '../rule.js';

/**
 * Rewrites `Aggregate(region)` into `Projection(Aggregate(Scan cube filters=[gs = k, ...]))` when
 * a cube over the same tables holds the answer:
 * - every conjunct of the cube's WHERE/ON appears in the query (canonically equal), and every
 *   other conjunct of the query reads only expressions that are cube dimensions;
 * - every grouping expression is computed from dimensions, and one grouping set of the cube keeps
 *   all the dimensions the query reads (the one with the fewest rows is read);
 * - every aggregate derives from stored parts (count/sum by summing, min/max by min/max, avg as
 *   sum/count). The cube is always re-aggregated, so delta rows appended by inserts are merged
 *   here, and the grouping set id keeps a rolled-up dimension apart from a NULL value.
 * Anything else keeps the plan (the base tables answer).
 */
export const answerFromCubeRule: OptimizerRule = {
  name: 'answer-from-cube',
  rewrite(plan: LogicalPlan, context?: OptimizerContext): LogicalPlan {
    const cubes = context?.cubes ?? [];
    if (cubes.length === 0) return plan;
    return transformPlanUp(plan, (p) => (p.kind === 'aggregate' ? (answerFromCubes(p, cubes) ?? p) : p));
  },
};

/** A chosen rewrite: the cube and grouping set it reads and how many rows that is. */
interface Candidate {
  readonly cube: CubeDefinition;
  readonly set: number;
  readonly rows: number;
  readonly groups: BoundExpr[];
  readonly residual: BoundExpr[];
  readonly derived: DerivedAggregate[];
}

function answerFromCubes(agg: AggregateNode, cubes: readonly CubeDefinition[]): LogicalPlan | null {
  const region = starRegion(agg.input);
  if (region === null) return null;
  let best: Candidate | null = null;
  for (const cube of cubes) {
    const c = match(agg, region, cube);
    if (c !== null && (best === null || c.rows < best.rows)) best = c;
  }
  return best === null ? null : rewriteWith(agg, best);
}

function match(agg: AggregateNode, region: StarRegion, cube: CubeDefinition): Candidate | null {
  const layout = cube.layout;
  if (!sameTables(region, layout.region)) return null;
  const residual: BoundExpr[] = [];
  const seen = new Set<string>();
  for (const c of region.conjuncts) {
    const key = canonicalKey(c, region.columnKeys);
    if (key !== null && layout.conjuncts.has(key)) seen.add(key);
    else residual.push(c);
  }
  if (seen.size !== layout.conjuncts.size) return null;

  // Placeholders for dimension i; replaced by the cube scan's columns once the set is chosen.
  const dimKeys = new Map(layout.dims.map((d, i) => [d.key, i]));
  const used = new Set<number>();
  const toDims = (e: BoundExpr): BoundExpr | null => {
    const key = canonicalKey(e, region.columnKeys);
    const d = key === null ? undefined : dimKeys.get(key);
    if (d !== undefined) {
      used.add(d);
      return { kind: 'column', cid: -1 - d, type: e.type, name: `d${d}` };
    }
    if (e.kind === 'column' || e.kind === 'outer' || e.kind === 'subquery' || e.kind === 'param') return null;
    if (e.kind === 'call' && !e.deterministic) return null;
    let failed = false;
    const out = mapChildren(e, (x) => {
      const y = failed ? null : toDims(x);
      if (y === null) failed = true;
      return y ?? x;
    });
    return failed ? null : out;
  };
  const groups: BoundExpr[] = [];
  for (const g of agg.groups) {
    const m = toDims(g);
    if (m === null) return null;
    groups.push(m);
  }
  const mappedResidual: BoundExpr[] = [];
  for (const r of residual) {
    const m = toDims(r);
    if (m === null) return null;
    mappedResidual.push(m);
  }
  const partIndex = new Map(layout.parts.map((p, i) => [p.key, i]));
  const derived: DerivedAggregate[] = [];
  for (const a of agg.aggs) {
    const d = deriveAggregate(a, a.arg === null ? null : canonicalKey(a.arg, region.columnKeys));
    if (d === null || d.parts.some((k) => !partIndex.has(k))) return null;
    derived.push(d);
  }
  let set = -1;
  layout.sets.forEach((s, i) => {
    if ([...used].every((d) => s.dims.includes(d)) && (set < 0 || cube.setRows[i] < cube.setRows[set])) set = i;
  });
  if (set < 0) return null;
  return { cube, set, rows: cube.setRows[set], groups, residual: mappedResidual, derived };
}

function rewriteWith(agg: AggregateNode, c: Candidate): LogicalPlan {
  const layout = c.cube.layout;
  const table = c.cube.table;
  const partIndex = new Map(layout.parts.map((p, i) => [p.key, i]));
  const scanCols: PlanColumn[] = [];
  const columnIndexes: number[] = [];
  const colFor = new Map<number, BoundExpr>();
  const read = (tableColumn: number): BoundExpr => {
    let e = colFor.get(tableColumn);
    if (e === undefined) {
      const col = table.columns[tableColumn];
      const pc = { cid: freshCid(), name: col.name, type: col.type };
      scanCols.push(pc);
      columnIndexes.push(tableColumn);
      e = { kind: 'column', cid: pc.cid, type: pc.type, name: pc.name };
      colFor.set(tableColumn, e);
    }
    return e;
  };
  // Dimension placeholders (cid -1 - i) become the scan's dimension columns.
  const bindDims = (e: BoundExpr): BoundExpr =>
    e.kind === 'column' && e.cid < 0 ? read(dimColumn(-1 - e.cid)) : mapChildren(e, bindDims);
  const groups = c.groups.map(bindDims);
  const filters = c.residual.map(bindDims);
  if (layout.sets.length > 1) {
    const gs = read(0);
    filters.unshift({ kind: 'op', op: '=', args: [gs, { kind: 'const', value: layout.sets[c.set].id, type: gs.type }], type: BOOLEAN });
  }
  const merged: AggregateCall[] = [];
  const finals = c.derived.map((d) => {
    const outs = d.parts.map((key) => {
      const j = partIndex.get(key)!;
      const part = layout.parts[j];
      const call: AggregateCall = { cid: freshCid(), fn: mergeFn(part.fn), arg: read(partColumn(layout, j)), distinct: false, type: part.type };
      merged.push(call);
      return { kind: 'column', cid: call.cid, type: call.type, name: call.fn } as BoundExpr;
    });
    return d.finish(outs);
  });
  const scan: ScanNode = { kind: 'scan', table, alias: c.cube.name, columnIndexes, filters: [], cols: scanCols };
  const predicate = andAll(filters);
  const input: LogicalPlan = predicate === null ? scan : { kind: 'filter', input: scan, predicate, cols: scan.cols };
  const nGroups = agg.groups.length;
  const groupingCols = agg.cols.slice(nGroups + agg.aggs.length);
  const reAggregate: AggregateNode = {
    kind: 'aggregate',
    input,
    groups,
    aggs: merged,
    ...(agg.groupingSets === undefined ? {} : { groupingSets: agg.groupingSets }),
    ...(agg.groupingCalls === undefined ? {} : { groupingCalls: agg.groupingCalls }),
    cols: [...agg.cols.slice(0, nGroups), ...merged.map((m) => ({ cid: m.cid, name: m.fn, type: m.type })), ...groupingCols],
  };
  const passThrough = (col: PlanColumn): BoundExpr => ({ kind: 'column', cid: col.cid, type: col.type, name: col.name });
  const exprs = [
    ...agg.cols.slice(0, nGroups).map(passThrough),
    ...finals.map((f, i) => retype(f, agg.aggs[i])),
    ...groupingCols.map(passThrough),
  ];
  return { kind: 'project', input: reAggregate, exprs, cols: agg.cols };
}

/** The derived value must have the original aggregate's type (it does by construction; checked so a mismatch is loud). */
function retype(e: BoundExpr, a: AggregateCall): BoundExpr {
  if (e.type.id !== a.type.id) throw new Error(`answer-from-cube: ${a.fn} derived as ${e.type.id}, expected ${a.type.id}`);
  return e;
}
