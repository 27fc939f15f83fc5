/** LogicalPlan: the relational operator tree the binder builds and the optimizer rewrites. */
import type { TableEntry } from '../catalog/catalog.js';
import type { BoundExpr, ConstValue } from '../expr/expr.js';
import type { DataType } from '../types/data-type.js';

/** One output column of a plan node: a plan-wide unique id, a display name and a type. */
export interface PlanColumn {
  readonly cid: number;
  readonly name: string;
  readonly type: DataType;
}

export type AggregateFn =
  | 'count_star'
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'bool_and'
  | 'bool_or'
  | 'any_value'
  | 'string_agg'
  | 'stddev_samp'
  | 'stddev_pop'
  | 'var_samp'
  | 'var_pop'
  | 'median'
  | 'quantile_cont'
  | 'quantile_disc'
  | 'approx_count_distinct'
  /** The HyperLogLog sketch of x as text (what a cube stores for approx_count_distinct). */
  | 'hll_sketch'
  /** The union of sketch texts (merging a cube's sketches). */
  | 'hll_union'
  | 'arg_min'
  | 'arg_max';

/** Constant parameters of an aggregate: string_agg's separator and order, a quantile's fraction. */
export interface AggregateOptions {
  /** string_agg: the separator (default ','). */
  readonly separator?: string;
  /** quantile_cont / quantile_disc: the fraction in [0, 1] (median: 0.5). */
  readonly fraction?: number;
  /** string_agg(x, sep ORDER BY k): `arg2` is the key; direction and NULL placement of that key. */
  readonly orderDesc?: boolean;
  readonly orderNullsFirst?: boolean;
}

export interface AggregateCall {
  readonly cid: number;
  readonly fn: AggregateFn;
  readonly arg: BoundExpr | null;
  readonly distinct: boolean;
  readonly type: DataType;
  /** Second argument: arg_min/arg_max's ordering value, string_agg's ORDER BY key. */
  readonly arg2?: BoundExpr | null;
  readonly options?: AggregateOptions;
}

/** `GROUPING(a, b)` / `grouping_id(...)` in a grouping-sets query: bit i says group `groups[i]` is rolled up. */
export interface GroupingCall {
  readonly cid: number;
  /** Indexes into the aggregate's `groups`, most significant bit first. */
  readonly groups: readonly number[];
}

export type LogicalJoinType = 'inner' | 'left' | 'right' | 'full' | 'cross' | 'semi' | 'anti';

export interface SortKey {
  readonly expr: BoundExpr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/**
 * The plan node union. Every node lists its output columns in `cols`; expressions reference
 * input columns by `cid`, so rules can move expressions between nodes without renumbering.
 */
export type LogicalPlan =
  | ScanNode
  | ValuesNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | JoinNode
  | SortNode
  | LimitNode
  | DistinctNode
  | SetOpNode
  | WindowNode
  | RecursiveCteNode
  | WorkingTableNode
  | LateralJoinNode;

export interface ScanNode {
  readonly kind: 'scan';
  readonly table: TableEntry;
  /** The alias the query used, for EXPLAIN. */
  readonly alias: string;
  /** `columnIndexes[i]` is the table column behind `cols[i]`. */
  readonly columnIndexes: number[];
  /** Conjuncts pushed into the scan (evaluated as the scan produces batches). */
  readonly filters: BoundExpr[];
  readonly cols: PlanColumn[];
}

export interface ValuesNode {
  readonly kind: 'values';
  /** Rows of expressions (constants after folding; may reference outer columns). */
  readonly rows: BoundExpr[][];
  readonly cols: PlanColumn[];
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
  readonly cols: PlanColumn[];
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  /** `exprs[i]` computes `cols[i]`. */
  readonly exprs: BoundExpr[];
  readonly cols: PlanColumn[];
}

export interface AggregateNode {
  readonly kind: 'aggregate';
  readonly input: LogicalPlan;
  /**
   * Group expressions; `cols` starts with one column per group, then one per aggregate, then one
   * per grouping call.
   */
  readonly groups: BoundExpr[];
  readonly aggs: AggregateCall[];
  /**
   * GROUPING SETS / ROLLUP / CUBE: each set lists indexes into `groups` (a group not in a set is
   * NULL in that set's rows). Absent: one set of all groups, an ordinary GROUP BY.
   */
  readonly groupingSets?: readonly (readonly number[])[];
  /** `GROUPING(...)` outputs (only with `groupingSets`), after the aggregate columns. */
  readonly groupingCalls?: readonly GroupingCall[];
  readonly cols: PlanColumn[];
}

export interface JoinNode {
  readonly kind: 'join';
  readonly type: LogicalJoinType;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  /** The join condition; null for a cross join. Semi/anti joins output only the left columns. */
  readonly condition: BoundExpr | null;
  readonly cols: PlanColumn[];
  /** Set by the star-join rule on the join of a star's fact side (left) with one dimension arm (right). */
  readonly star?: StarJoinMark;
}

/** What the star-join rule records on a fact-to-dimension join (shown by EXPLAIN). */
export interface StarJoinMark {
  /** Estimated fraction of the fact side's rows that find a partner in the dimension arm. */
  readonly selectivity: number;
}

export interface SortNode {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: SortKey[];
  readonly cols: PlanColumn[];
}

export interface LimitNode {
  readonly kind: 'limit';
  readonly input: LogicalPlan;
  readonly limit: number | null;
  readonly offset: number;
  readonly cols: PlanColumn[];
}

export interface DistinctNode {
  readonly kind: 'distinct';
  readonly input: LogicalPlan;
  readonly cols: PlanColumn[];
}

export interface SetOpNode {
  readonly kind: 'setop';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  /** New output columns; left and right columns map to them by position. */
  readonly cols: PlanColumn[];
}

/** The window functions of {@link WindowNode}: rank-like, value (navigation) and every aggregate. */
export type WindowFn =
  | AggregateFn
  | 'row_number'
  | 'rank'
  | 'dense_rank'
  | 'percent_rank'
  | 'cume_dist'
  | 'ntile'
  | 'lag'
  | 'lead'
  | 'first_value'
  | 'last_value'
  | 'nth_value';

/** One end of a window frame; `offset` is set for `n PRECEDING` / `n FOLLOWING`. */
export interface FrameBound {
  readonly kind: 'unbounded_preceding' | 'preceding' | 'current_row' | 'following' | 'unbounded_following';
  /**
   * ROWS/GROUPS: a BIGINT count. RANGE: a value of the ORDER BY key's type (for DATE/TIMESTAMP
   * keys a constant BIGINT in days/microseconds).
   */
  readonly offset: BoundExpr | null;
}

export interface WindowFrame {
  readonly units: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

/**
 * One window function call: `fn(args) OVER (PARTITION BY ... ORDER BY ... frame)`. For aggregates
 * `args` is `[arg]` (empty for count(*)) plus `arg2` when the aggregate has one; for lag/lead it
 * is `[value, offset?, default?]`, for ntile `[buckets]`, for nth_value `[value, n]`.
 */
export interface WindowCall {
  readonly cid: number;
  readonly fn: WindowFn;
  readonly args: BoundExpr[];
  readonly distinct: boolean;
  /** `IGNORE NULLS` (lag, lead, first_value, last_value, nth_value). */
  readonly ignoreNulls: boolean;
  readonly partitionBy: BoundExpr[];
  readonly orderBy: SortKey[];
  readonly frame: WindowFrame;
  readonly options?: AggregateOptions;
  readonly type: DataType;
}

/** Window functions over the input rows: `cols` is the input columns then one column per call. */
export interface WindowNode {
  readonly kind: 'window';
  readonly input: LogicalPlan;
  readonly calls: WindowCall[];
  readonly cols: PlanColumn[];
}

/**
 * `WITH RECURSIVE name AS (anchor UNION [ALL] recursive)`: `recursive` reads the rows of the
 * previous iteration through {@link WorkingTableNode}s with the same `id`; iteration stops when
 * an iteration adds no rows. `cols` are new columns; anchor and recursive columns map by position.
 */
export interface RecursiveCteNode {
  readonly kind: 'recursive_cte';
  readonly id: number;
  readonly name: string;
  readonly all: boolean;
  readonly anchor: LogicalPlan;
  readonly recursive: LogicalPlan;
  readonly cols: PlanColumn[];
}

/**
 * `left [LEFT] JOIN LATERAL (subquery) ON condition` (also `left, LATERAL (...)`): `right` reads
 * the `correlated` columns of `left` as outer references, so it runs once per left row with that
 * row's values. Output: left columns then right columns; a LEFT lateral join keeps left rows for
 * which no right row passes the condition, with NULLs on the right.
 */
export interface LateralJoinNode {
  readonly kind: 'lateral_join';
  readonly type: 'inner' | 'left';
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  /** Left column ids the right side reads, in the order their values are set per row. */
  readonly correlated: readonly number[];
  readonly condition: BoundExpr | null;
  readonly cols: PlanColumn[];
}

/** A reference to a recursive CTE inside its own recursive term: the previous iteration's rows. */
export interface WorkingTableNode {
  readonly kind: 'working_table';
  readonly id: number;
  readonly name: string;
  readonly cols: PlanColumn[];
}

/** The output columns of a window node over `input`. */
export function windowColumns(input: LogicalPlan, calls: readonly WindowCall[]): PlanColumn[] {
  return [...input.cols, ...calls.map((c) => ({ cid: c.cid, name: c.fn, type: c.type }))];
}

/** The direct inputs of a node. */
export function childrenOf(p: LogicalPlan): LogicalPlan[] {
  switch (p.kind) {
    case 'scan':
    case 'values':
    case 'working_table':
      return [];
    case 'join':
    case 'setop':
    case 'lateral_join':
      return [p.left, p.right];
    case 'recursive_cte':
      return [p.anchor, p.recursive];
    default:
      return [p.input];
  }
}

/** A copy of `p` with new inputs (same arity as childrenOf). */
export function withChildren(p: LogicalPlan, children: LogicalPlan[]): LogicalPlan {
  switch (p.kind) {
    case 'scan':
    case 'values':
    case 'working_table':
      return p;
    case 'recursive_cte':
      return { ...p, anchor: children[0], recursive: children[1] };
    case 'window':
      return { ...p, input: children[0], cols: windowColumns(children[0], p.calls) };
    case 'join': {
      const cols =
        p.type === 'semi' || p.type === 'anti' ? children[0].cols : [...children[0].cols, ...children[1].cols];
      return { ...p, left: children[0], right: children[1], cols };
    }
    case 'setop':
      return { ...p, left: children[0], right: children[1] };
    case 'lateral_join':
      return { ...p, left: children[0], right: children[1], cols: [...children[0].cols, ...children[1].cols] };
    case 'filter':
    case 'sort':
    case 'limit':
    case 'distinct':
      return { ...p, input: children[0], cols: children[0].cols };
    default:
      return { ...p, input: children[0] } as LogicalPlan;
  }
}

/** Allocates plan-wide unique column ids. One generator per statement. */
export class ColumnIdGenerator {
  private next = 1;
  fresh(): number {
    return this.next++;
  }
}

export function constExpr(value: ConstValue, type: DataType): BoundExpr {
  return { kind: 'const', value, type };
}
