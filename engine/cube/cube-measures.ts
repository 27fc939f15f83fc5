/** Cube measures: how an aggregate is stored as mergeable parts, and how a query's aggregate is recomputed from them. */
import type { BoundExpr } from '../expr/expr.js';
import { castFunction } from '../types/cast.js';
import type { AggregateCall, AggregateFn } from '../plan/logical-plan.js';
import { BIGINT, type DataType, decimalType, DOUBLE, MAX_DECIMAL_PRECISION, VARCHAR } from '../types/data-type.js';
import { lookupScalarFunction } from '../expr/functions/scalar-function.js';
import { StrataError } from '../errors.js';
import { canonicalKey } from './star-region.js';

/**
 * The aggregates a cube stores: each merges by re-aggregating (sum of sums and counts, min of
 * mins, max of maxes, the union of HyperLogLog sketches: `hll_sketch` stores the sketch text of
 * approx_count_distinct's argument, see hll-sketch.ts; plain function: `mergeSketches`).
 */
export type PartFn = 'count_star' | 'count' | 'sum' | 'min' | 'max' | 'hll_sketch';

/** One stored measure column: `fn(arg)` per group of the cube. */
export interface MeasurePart {
  readonly fn: PartFn;
  readonly arg: BoundExpr | null;
  readonly type: DataType;
  /** `fn(canonical arg)`: how a query's aggregate finds the part. */
  readonly key: string;
}

/** The aggregate that merges stored values of a part (re-aggregation over cube rows). */
export function mergeFn(fn: PartFn): AggregateFn {
  if (fn === 'hll_sketch') return 'hll_union';
  return fn === 'min' || fn === 'max' ? fn : 'sum';
}

/** The result type of sum over `t` (the binder's rule: decimals widen, integers become BIGINT). */
export function sumType(t: DataType): DataType {
  if (t.id === 'decimal') return decimalType(MAX_DECIMAL_PRECISION, t.scale ?? 0);
  if (t.id === 'double') return DOUBLE;
  return BIGINT;
}

/**
 * How the cube table merges two stored values of a part at flush and compaction (the kind names
 * of storage/write/aggregating-merge.ts): the same as {@link mergeFn}. A part kind without its
 * own case is named after itself, so a table holding it merges only once that kind is registered.
 */
export function partMergeKind(fn: PartFn): string {
  return fn === 'count_star' || fn === 'count' ? 'sum' : fn;
}

function partKey(fn: PartFn, argKey: string | null): string {
  return `${fn}(${argKey ?? ''})`;
}

/** The parts an aggregate of the cube definition is stored as; a clear error for those a cube cannot merge. */
export function definitionParts(a: AggregateCall, columnKeys: ReadonlyMap<number, string>): MeasurePart[] {
  const argKey = a.arg === null ? null : canonicalKey(a.arg, columnKeys);
  if (a.arg !== null && argKey === null) {
    throw new StrataError('not_implemented', `a materialized view measure must be a deterministic expression over the view's tables`);
  }
  const part = (fn: PartFn, type: DataType): MeasurePart => ({ fn, arg: a.arg, type, key: partKey(fn, argKey) });
  if (a.distinct && a.fn !== 'min' && a.fn !== 'max' && a.fn !== 'approx_count_distinct') {
    throw new StrataError('not_implemented', `${a.fn}(DISTINCT ...) cannot be stored in a materialized view (its parts do not merge)`);
  }
  switch (a.fn) {
    case 'count_star':
    case 'count':
      return [part(a.fn, BIGINT)];
    case 'sum':
    case 'min':
    case 'max':
      return [part(a.fn, a.type)];
    case 'avg':
      return [part('sum', sumType(a.arg!.type)), part('count', BIGINT)];
    case 'approx_count_distinct':
      // The sketch, not the estimate: estimates do not add up, sketches merge losslessly.
      return [part('hll_sketch', VARCHAR)];
    default:
      throw new StrataError('not_implemented', `${a.fn} cannot be stored in a materialized view (supported: count, sum, min, max, avg, approx_count_distinct)`);
  }
}

/** How one query aggregate is recomputed: merge aggregates over stored parts, then `finish` on their results. */
export interface DerivedAggregate {
  /** Part keys, each merged with {@link mergeFn} of its part. */
  readonly parts: readonly string[];
  readonly finish: (merged: readonly BoundExpr[]) => BoundExpr;
}

/** The derivation of `a` from stored parts, or null when `a` cannot be derived (then the cube is not used). */
export function deriveAggregate(a: AggregateCall, argKey: string | null): DerivedAggregate | null {
  if (a.arg !== null && argKey === null) return null;
  // DISTINCT changes neither min/max nor an approximate distinct count; an exact count(DISTINCT) is never answered from a sketch.
  if (a.distinct && a.fn !== 'min' && a.fn !== 'max' && a.fn !== 'approx_count_distinct') return null;
  if ((a.arg2 ?? null) !== null || a.options !== undefined) return null;
  const zeroIfNull = (e: BoundExpr): BoundExpr => ({ kind: 'coalesce', args: [e, { kind: 'const', value: 0, type: BIGINT }], type: BIGINT });
  switch (a.fn) {
    case 'count_star':
    case 'count':
      // A count over no cube rows (a global aggregate with nothing selected) is 0, not NULL.
      return { parts: [partKey(a.fn, argKey)], finish: ([c]) => zeroIfNull(c) };
    case 'sum':
    case 'min':
    case 'max':
      return { parts: [partKey(a.fn, argKey)], finish: ([v]) => v };
    case 'avg':
      return {
        parts: [partKey('sum', argKey), partKey('count', argKey)],
        finish: ([s, c]) => ({ kind: 'op', op: '/', args: [toDouble(s), toDouble(c)], type: DOUBLE }),
      };
    case 'approx_count_distinct':
      // The union of the sketches has the registers of one sketch over all rows: the estimate is the base tables' exactly.
      return { parts: [partKey('hll_sketch', argKey)], finish: ([sketch]) => zeroIfNull(sketchEstimate(sketch)) };
    default:
      return null;
  }
}

function toDouble(e: BoundExpr): BoundExpr {
  if (e.type.id === 'double') return e;
  const impl = castFunction(e.type, DOUBLE, false);
  if (impl === null) throw new StrataError('internal', `no cast from ${e.type.id} to DOUBLE`);
  return { kind: 'cast', arg: e, type: DOUBLE, try: false, impl };
}

/** `hll_estimate(sketch)`: the estimate of a merged sketch part (NULL for no sketch, which the caller turns into 0). */
export function sketchEstimate(sketch: BoundExpr): BoundExpr {
  const def = lookupScalarFunction('hll_estimate');
  const impl = def?.resolve([VARCHAR], [undefined]);
  if (def === undefined || impl == null) throw new StrataError('internal', 'hll_estimate is not registered');
  return { kind: 'call', name: def.name, args: [sketch], type: BIGINT, impl: impl.impl, propagatesNulls: true, deterministic: true };
}
