/** CubeDefinition: a materialized view's aggregate query taken apart into dimensions, grouping sets and stored measure parts. */
import type { ColumnSchema, TableEntry } from '../catalog/catalog.js';
import { StrataError } from '../errors.js';
import type { AggregateNode, LogicalPlan } from '../plan/logical-plan.js';
import { BIGINT, type DataType } from '../types/data-type.js';
import { definitionParts, type MeasurePart, partMergeKind } from './cube-measures.js';
import type { MergeRuleSpec } from '../../storage/write/aggregating-merge.js';
import { canonicalKey, type StarRegion, starRegion } from './star-region.js';

/** Column 0 of every cube table: the grouping set id of the row (GROUPING() of all dimensions). */
export const GROUPING_SET_COLUMN = 'gs';

/** One grouping set of the cube: which dimensions it keeps and the id its rows carry. */
export interface CubeSet {
  /** Indexes into {@link CubeLayout.dims}. */
  readonly dims: readonly number[];
  /** GROUPING(all dimensions): bit (n-1-i) set when dimension i is rolled up; 0 for a plain GROUP BY. */
  readonly id: number;
}

/** What one output column of the view is: a dimension, or an aggregate of the definition. */
export type CubeOutput = { readonly name: string; readonly dim: number } | { readonly name: string; readonly agg: number };

/**
 * The stored layout of a cube, derived from its bound definition. Table columns: the grouping
 * set id, one per dimension (`d0`...), one per measure part (`m0`...).
 */
export interface CubeLayout {
  readonly aggregate: AggregateNode;
  readonly region: StarRegion;
  readonly dims: readonly { readonly key: string; readonly type: DataType }[];
  readonly parts: readonly MeasurePart[];
  /** Per aggregate of the definition: indexes into `parts`. */
  readonly aggParts: readonly (readonly number[])[];
  readonly sets: readonly CubeSet[];
  readonly outputs: readonly CubeOutput[];
  /** Canonical keys of the definition's WHERE and ON conjuncts. */
  readonly conjuncts: ReadonlySet<string>;
}

function unsupported(what: string): StrataError {
  return new StrataError('not_implemented', `a materialized view must be SELECT dimensions and aggregates FROM tables joined by inner joins [WHERE ...] GROUP BY ...: ${what}`);
}

/** Takes apart a bound (and constant-folded) definition; `names` are its output column names. */
export function cubeLayout(plan: LogicalPlan, names: readonly string[]): CubeLayout {
  if (plan.kind !== 'project' || plan.input.kind !== 'aggregate') throw unsupported('the query must be a single aggregate (no HAVING, ORDER BY, LIMIT, DISTINCT or window functions)');
  const agg = plan.input;
  if ((agg.groupingCalls?.length ?? 0) > 0) throw unsupported('GROUPING() is not stored');
  const region = starRegion(agg.input);
  if (region === null) throw unsupported('its FROM clause must join base tables (each once) with inner joins');
  const dims = agg.groups.map((g) => {
    const key = canonicalKey(g, region.columnKeys);
    if (key === null) throw unsupported('a dimension must be a deterministic expression over its tables');
    return { key, type: g.type };
  });
  if (new Set(dims.map((d) => d.key)).size !== dims.length) throw unsupported('a dimension is listed twice');
  const conjuncts = new Set<string>();
  for (const c of region.conjuncts) {
    const key = canonicalKey(c, region.columnKeys);
    if (key === null) throw unsupported('its WHERE clause must be deterministic and without subqueries');
    conjuncts.add(key);
  }
  const parts: MeasurePart[] = [];
  const aggParts = agg.aggs.map((a) =>
    definitionParts(a, region.columnKeys).map((p) => {
      const i = parts.findIndex((q) => q.key === p.key);
      return i >= 0 ? i : parts.push(p) - 1;
    }),
  );
  const n = agg.groups.length;
  const setLists = agg.groupingSets ?? [agg.groups.map((_, i) => i)];
  const sets = setLists.map((s) => ({ dims: [...s], id: agg.groupingSets ? rolledUpMask(s, n) : 0 }));
  // Duplicate sets would store every group twice, and re-aggregation would count it twice.
  if (new Set(sets.map((s) => s.id)).size !== sets.length) throw unsupported('a grouping set is listed twice');
  const outputs: CubeOutput[] = plan.exprs.map((e, i) => {
    const k = e.kind === 'column' ? agg.cols.findIndex((c) => c.cid === e.cid) : -1;
    if (k < 0) throw unsupported(`output column ${names[i]} must be a dimension or an aggregate, not an expression over them`);
    return k < n ? { name: names[i], dim: k } : { name: names[i], agg: k - n };
  });
  return { aggregate: agg, region, dims, parts, aggParts, sets, outputs, conjuncts };
}

/** GROUPING(all n groups) for rows of `set`: a bit per group not in it, the first group most significant. */
function rolledUpMask(set: readonly number[], n: number): number {
  let mask = 0;
  for (let i = 0; i < n; i++) if (!set.includes(i)) mask += 2 ** (n - 1 - i);
  return mask;
}

/** The cube table's columns for `layout`. */
export function cubeTableColumns(layout: CubeLayout): ColumnSchema[] {
  const col = (name: string, type: DataType): ColumnSchema => ({ name, type, notNull: false, defaultSql: null });
  return [
    col(GROUPING_SET_COLUMN, BIGINT),
    ...layout.dims.map((d, i) => col(`d${i}`, d.type)),
    ...layout.parts.map((p, i) => col(`m${i}`, p.type)),
  ];
}

/** The cube table's key: the grouping set id and the dimensions (also its sort key). */
export function cubeKeyColumns(layout: CubeLayout): string[] {
  return [GROUPING_SET_COLUMN, ...layout.dims.map((_, i) => `d${i}`)];
}

/**
 * The cube table's merge rule: rows with the same key combine the way queries re-aggregate the
 * parts, so flushes and compactions may merge delta rows (storage/write/aggregating-merge.ts).
 */
export function cubeMergeRule(layout: CubeLayout): MergeRuleSpec {
  return { key: cubeKeyColumns(layout), parts: Object.fromEntries(layout.parts.map((p, j) => [`m${j}`, partMergeKind(p.fn)])) };
}

/** A usable cube as the answer-from-cube rule sees it. */
export interface CubeDefinition {
  /** The materialized view's name (shown by EXPLAIN as the scan's alias). */
  readonly name: string;
  /** The table holding the cube rows (one row per group and grouping set, plus delta rows). */
  readonly table: TableEntry;
  readonly layout: CubeLayout;
  /** Estimated rows per grouping set (same order as `layout.sets`); the rule reads the smallest that answers. */
  readonly setRows: readonly number[];
}

/** Table column index of dimension `i` / measure part `j`. */
export const dimColumn = (i: number): number => 1 + i;
export const partColumn = (layout: CubeLayout, j: number): number => 1 + layout.dims.length + j;
