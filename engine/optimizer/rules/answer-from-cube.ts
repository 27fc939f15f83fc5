/** answer-from-cube: answers an aggregate over a star of tables from a materialized cube that provably holds its result. */
import { type CubeDefinition, dimColumn, partColumn } from '../../cube/cube-definition.js';
import { columnIdsAbove } from '../../cube/cube-ids.js';
import { type DerivedAggregate, deriveAggregate, mergeFn } from '../../cube/cube-measures.js';
import { columnClasses, type Determinant, determinant } from '../../cube/functional-dependency.js';
import { canonicalKey, type StarRegion, starRegion } from '../../cube/star-region.js';
import { isUniqueKey } from '../../catalog/column-uniqueness.js';
import { andAll, type BoundExpr, mapChildren } from '../../expr/expr.js';
import type { AggregateCall, AggregateNode, LogicalPlan, PlanColumn, ScanNode } from '../../plan/logical-plan.js';
import { transformPlanUp } from '../../plan/plan-utils.js';
import { BOOLEAN } from '../../types/data-type.js';
import type { OptimizerContext, OptimizerRule } from '../rule.js';

/**
 * Rewrites `Aggregate(region)` into `Projection(Aggregate(Scan cube filters=[gs = k, ...]))` when
 * a cube over the same tables holds the answer, or into `Projection(Aggregate(Filter(Scan cube x
 * Scan t ...)))` when tables are joined back to the cube rows (see {@link match}):
 * - every conjunct of the cube's WHERE/ON appears in the query (canonically equal), and every
 *   other conjunct of the query reads only cube dimensions and columns of joined-back tables;
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
    const freshCid = columnIdsAbove(plan);
    return transformPlanUp(plan, (p) => (p.kind === 'aggregate' ? (answerFromCubes(p, cubes, freshCid) ?? p) : p));
  },
};

/** A chosen rewrite: the cube and grouping set it reads, the tables joined back, and how many rows that is. */
interface Candidate {
  readonly cube: CubeDefinition;
  readonly set: number;
  /** Rows read: the grouping set's, plus the rows of every table joined back. */
  readonly rows: number;
  readonly groups: BoundExpr[];
  /** Conjuncts over the cube rows and the joined tables (dimensions as placeholders). */
  readonly residual: BoundExpr[];
  readonly derived: DerivedAggregate[];
  /** The query's scans of tables outside the cube or re-joined through a key dimension (filters moved to `residual`). */
  readonly joins: ScanNode[];
}

function answerFromCubes(agg: AggregateNode, cubes: readonly CubeDefinition[], freshCid: () => number): LogicalPlan | null {
  const region = starRegion(agg.input);
  if (region === null) return null;
  let best: Candidate | null = null;
  for (const cube of cubes) {
    const c = match(agg, region, cube);
    if (c !== null && (best === null || c.rows < best.rows)) best = c;
  }
  return best === null ? null : rewriteWith(agg, best, freshCid);
}

/** A dimension placeholder: the column of dimension `d` of the cube rows, bound once the grouping set is chosen. */
function dimPlaceholder(d: number, type: BoundExpr['type']): BoundExpr {
  return { kind: 'column', cid: -1 - d, type, name: `d${d}` };
}

/**
 * The query's region must contain every table of the cube's. Tables beyond them are *joined
 * back*: their scans join the cube rows through the query's own conditions, which may read
 * dimensions but no other column of the cube's tables. That is exact for any rows those tables
 * hold (duplicate keys included): a condition that reads only dimensions has the same value for
 * every base row of a cube group, so each pair (cube group, extra row) stands for exactly the
 * pairs (base row of the group, extra row) the query joins, and counts, sums, mins and maxes
 * re-aggregate over those pairs as over the base rows. A column of one of the cube's own tables
 * that is not a dimension is read by re-joining that table when a dimension equals one of its
 * keys (functional-dependency.ts): unique and not NULL in its rows now, so each cube row finds the
 * one row its base rows had.
 */
function match(agg: AggregateNode, region: StarRegion, cube: CubeDefinition): Candidate | null {
  const layout = cube.layout;
  const cubeTables = new Set(layout.region.scans.map((s) => s.table));
  if (![...cubeTables].every((t) => region.scans.some((s) => s.table === t))) return null;
  const residual: BoundExpr[] = [];
  const seen = new Set<string>();
  for (const c of region.conjuncts) {
    const key = canonicalKey(c, region.columnKeys);
    if (key !== null && layout.conjuncts.has(key)) seen.add(key);
    else residual.push(c);
  }
  if (seen.size !== layout.conjuncts.size) return null;

  // Columns equal by the cube's own conditions stand for each other (the cube's rows satisfy them).
  const classes = columnClasses(layout.region);
  const rep = (key: string): string => classes.get(key) ?? key;
  const dimKeys = new Map<string, number>();
  layout.dims.forEach((d, i) => {
    if (!dimKeys.has(rep(d.key))) dimKeys.set(rep(d.key), i);
  });
  const scanOf = new Map<number, ScanNode>();
  for (const s of region.scans) for (const c of s.cols) scanOf.set(c.cid, s);
  const joins = new Set<ScanNode>(region.scans.filter((s) => !cubeTables.has(s.table)));
  // Cube tables re-joined through a key dimension (null: none determines it).
  const rejoined = new Map<ScanNode, Determinant | null>();
  const used = new Set<number>();
  const toDims = (e: BoundExpr): BoundExpr | null => {
    const key = canonicalKey(e, region.columnKeys);
    const d = key === null ? undefined : dimKeys.get(rep(key));
    if (d !== undefined) {
      used.add(d);
      return dimPlaceholder(d, e.type);
    }
    if (e.kind === 'column') {
      const s = scanOf.get(e.cid);
      if (s === undefined) return null;
      if (joins.has(s)) return e;
      if (!rejoined.has(s)) rejoined.set(s, determinant(s.table, dimKeys, classes, isUniqueKey));
      return rejoined.get(s) === null ? null : e;
    }
    if (e.kind === 'outer' || e.kind === 'subquery' || e.kind === 'param') return null;
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
  for (const [s, det] of rejoined) {
    if (det === null) continue;
    const i = s.columnIndexes.indexOf(det.column);
    if (i < 0) return null;
    const col = s.cols[i];
    used.add(det.dim);
    mappedResidual.push({ kind: 'op', op: '=', args: [{ kind: 'column', cid: col.cid, type: col.type, name: col.name }, dimPlaceholder(det.dim, col.type)], type: BOOLEAN });
    joins.add(s);
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
  let rows = cube.setRows[set];
  for (const s of joins) rows += s.table.data.rowCount;
  return { cube, set, rows, groups, residual: mappedResidual, derived, joins: [...joins] };
}

/** The rewritten plan; `freshCid` numbers the cube scan's and merge aggregates' columns. */
function rewriteWith(agg: AggregateNode, c: Candidate, freshCid: () => number): LogicalPlan {
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
  // Joined-back tables cross the cube rows under one filter: push-down-filter turns the
  // conditions into hash joins and reorder-joins orders them, as for any comma join.
  let joined: LogicalPlan = scan;
  for (const s of c.joins) {
    const right: ScanNode = { ...s, filters: [] };
    joined = { kind: 'join', type: 'cross', left: joined, right, condition: null, cols: [...joined.cols, ...right.cols] };
  }
  const predicate = andAll(filters);
  const input: LogicalPlan = predicate === null ? joined : { kind: 'filter', input: joined, predicate, cols: joined.cols };
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
