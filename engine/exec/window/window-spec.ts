/** The physical description of one window function call, as WindowExec receives it. */
import type { AggregateOptions, FrameBound, WindowFn } from '../../plan/logical-plan.js';
import type { DataType } from '../../types/data-type.js';
import type { SortKey } from '../../vector/sort-keys.js';

/** One frame end: the bound kind and its offset, a constant or a column of the input. */
export interface FrameBoundSpec {
  readonly kind: FrameBound['kind'];
  /** The constant offset; null when the offset is per row (`offsetCol`) or there is none. */
  readonly offset: number | null;
  /** Input column holding a per-row offset, or -1. */
  readonly offsetCol: number;
}

export interface FrameSpec {
  readonly units: 'rows' | 'range' | 'groups';
  readonly start: FrameBoundSpec;
  readonly end: FrameBoundSpec;
}

/** A window call over input column positions (arguments, keys and offsets already computed as columns). */
export interface WindowFunctionSpec {
  readonly fn: WindowFn;
  readonly argCols: readonly number[];
  readonly distinct: boolean;
  readonly ignoreNulls: boolean;
  readonly partitionCols: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly frame: FrameSpec;
  readonly outputType: DataType;
  readonly options?: AggregateOptions;
}

/** The key of the sort a spec needs: calls with equal keys share one sort. */
export function orderSignature(s: WindowFunctionSpec): string {
  return `${s.partitionCols.join(',')}|${s.orderKeys.map((k) => `${k.col}${k.desc ? 'd' : 'a'}${k.nullsFirst ? 'f' : 'l'}`).join(',')}`;
}

/** True when every row's frame is its whole partition (so an aggregate is computed once per partition). */
export function coversPartition(s: WindowFunctionSpec): boolean {
  const f = s.frame;
  if (f.start.kind === 'unbounded_preceding' && f.end.kind === 'unbounded_following') return true;
  // Without ORDER BY every row of a partition is a peer of every other.
  if (s.orderKeys.length === 0 && f.units !== 'rows') {
    const startOk = f.start.kind === 'unbounded_preceding' || f.start.kind === 'current_row';
    const endOk = f.end.kind === 'unbounded_following' || f.end.kind === 'current_row';
    return startOk && endOk;
  }
  return false;
}
