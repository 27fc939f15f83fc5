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
  | 'any_value';

export interface AggregateCall {
  readonly cid: number;
  readonly fn: AggregateFn;
  readonly arg: BoundExpr | null;
  readonly distinct: boolean;
  readonly type: DataType;
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
  | SetOpNode;

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
  /** Group expressions; `cols` starts with one column per group, then one per aggregate. */
  readonly groups: BoundExpr[];
  readonly aggs: AggregateCall[];
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

/** The direct inputs of a node. */
export function childrenOf(p: LogicalPlan): LogicalPlan[] {
  switch (p.kind) {
    case 'scan':
    case 'values':
      return [];
    case 'join':
    case 'setop':
      return [p.left, p.right];
    default:
      return [p.input];
  }
}

/** A copy of `p` with new inputs (same arity as childrenOf). */
export function withChildren(p: LogicalPlan, children: LogicalPlan[]): LogicalPlan {
  switch (p.kind) {
    case 'scan':
    case 'values':
      return p;
    case 'join': {
      const cols =
        p.type === 'semi' || p.type === 'anti' ? children[0].cols : [...children[0].cols, ...children[1].cols];
      return { ...p, left: children[0], right: children[1], cols };
    }
    case 'setop':
      return { ...p, left: children[0], right: children[1] };
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
