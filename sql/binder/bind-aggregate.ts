/** Aggregate calls: which names are aggregates, and how a call's arguments, options and result type are bound. */
import { bindError, notImplemented, type SourcePos } from '../../engine/errors.js';
import type { BoundExpr } from '../../engine/expr/expr.js';
import { aggregateOutputType } from '../../engine/exec/hash/aggregate-states.js';
import type { AggregateFn, AggregateOptions } from '../../engine/plan/logical-plan.js';
import {
  BIGINT,
  BOOLEAN,
  type DataType,
  DOUBLE,
  decimalType,
  INTEGER,
  isNumeric,
  MAX_DECIMAL_PRECISION,
  typeToString,
  VARCHAR,
} from '../../engine/types/data-type.js';
import type { FunctionCallExpr } from '../ast/ast.js';

/** Aggregate function names (with aliases) and the aggregate each one computes. */
const AGGREGATE_NAMES: Record<string, AggregateFn> = {
  count: 'count',
  sum: 'sum',
  avg: 'avg',
  mean: 'avg',
  min: 'min',
  max: 'max',
  bool_and: 'bool_and',
  every: 'bool_and',
  bool_or: 'bool_or',
  any_value: 'any_value',
  arbitrary: 'any_value',
  first: 'any_value',
  string_agg: 'string_agg',
  group_concat: 'string_agg',
  listagg: 'string_agg',
  stddev: 'stddev_samp',
  stddev_samp: 'stddev_samp',
  stddev_pop: 'stddev_pop',
  variance: 'var_samp',
  var_samp: 'var_samp',
  var_pop: 'var_pop',
  median: 'median',
  quantile_cont: 'quantile_cont',
  quantile_disc: 'quantile_disc',
  quantile: 'quantile_disc',
  percentile_cont: 'quantile_cont',
  percentile_disc: 'quantile_disc',
  approx_count_distinct: 'approx_count_distinct',
  hll_sketch: 'hll_sketch',
  hll_union: 'hll_union',
  arg_min: 'arg_min',
  argmin: 'arg_min',
  min_by: 'arg_min',
  arg_max: 'arg_max',
  argmax: 'arg_max',
  max_by: 'arg_max',
};

/** Every aggregate function name the binder accepts, aliases included. */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(AGGREGATE_NAMES));

/** A bound aggregate call before it gets its output column. */
export interface ResolvedAggregate {
  fn: AggregateFn;
  arg: BoundExpr | null;
  arg2: BoundExpr | null;
  distinct: boolean;
  options?: AggregateOptions;
  type: DataType;
}

/** What binding an aggregate needs from the expression binder. */
export interface AggregateArgBinder {
  bind(e: FunctionCallExpr['args'][number]): BoundExpr;
  castTo(e: BoundExpr, t: DataType, pos: SourcePos): BoundExpr;
  toBoolean(e: BoundExpr, pos: SourcePos, clause: string): BoundExpr;
  constOf(value: number | string | null, type: DataType): BoundExpr;
}

/** The result type of an aggregate over `arg` (matches the executor's states). */
export function aggregateResultType(fn: AggregateFn, arg: DataType): DataType {
  switch (fn) {
    case 'count':
    case 'count_star':
      return BIGINT;
    case 'sum':
      if (arg.id === 'decimal') return decimalType(MAX_DECIMAL_PRECISION, arg.scale ?? 0);
      if (arg.id === 'double') return DOUBLE;
      return BIGINT;
    case 'avg':
      return DOUBLE;
    case 'bool_and':
    case 'bool_or':
      return BOOLEAN;
    case 'min':
    case 'max':
    case 'any_value':
      return arg.id === 'null' ? INTEGER : arg;
    default:
      return aggregateOutputType(fn, arg.id === 'null' ? INTEGER : arg);
  }
}

/** A constant fraction argument of a quantile, checked to be in [0, 1]. */
function fractionOf(e: BoundExpr, name: string, pos: SourcePos): number {
  if (e.kind !== 'const' || typeof e.value !== 'number') throw bindError(`${name}() needs a constant fraction between 0 and 1`, pos);
  let q = e.value;
  if (e.type.id === 'decimal') q /= 10 ** (e.type.scale ?? 0);
  if (!(q >= 0 && q <= 1)) throw bindError(`${name}(): the fraction must be between 0 and 1, not ${q}`, pos);
  return q;
}

/**
 * Binds aggregate call `e` (`name` lower-case, an entry of {@link AGGREGATE_FUNCTIONS}).
 * `b` binds the arguments (per input row: no nested aggregates); `direction` gives an ORDER BY
 * item's direction. `FILTER (WHERE c)` becomes `CASE WHEN c THEN arg END` (count(*) counts 1s).
 */
export function resolveAggregate(
  name: string,
  e: FunctionCallExpr,
  b: AggregateArgBinder,
  direction: (o: FunctionCallExpr['orderBy'][number]) => { desc: boolean; nullsFirst: boolean },
): ResolvedAggregate {
  const fn = AGGREGATE_NAMES[name];
  const pos = e.pos;
  const filter = e.filter ? b.toBoolean(b.bind(e.filter), pos, 'FILTER') : null;
  const withFilter = (arg: BoundExpr): BoundExpr =>
    filter === null ? arg : { kind: 'case', whens: [{ when: filter, then: arg }], else: b.constOf(null, arg.type), type: arg.type };
  const distinct = e.distinct;
  if (fn === 'count' && (e.star || e.args.length === 0)) {
    if (filter !== null) return { fn: 'count', arg: withFilter(b.constOf(1, INTEGER)), arg2: null, distinct: false, type: BIGINT };
    return { fn: 'count_star', arg: null, arg2: null, distinct: false, type: BIGINT };
  }
  const arity = (min: number, max: number) => {
    if (e.args.length < min || e.args.length > max) {
      const want = min === max ? `${min}` : `${min} to ${max}`;
      throw bindError(`${name}() takes ${want} argument${max === 1 ? '' : 's'}, got ${e.args.length}`, pos);
    }
  };
  // percentile_cont(q) WITHIN GROUP (ORDER BY x): the value is the ORDER BY expression.
  if (name === 'percentile_cont' || name === 'percentile_disc') {
    arity(1, 1);
    if (e.orderBy.length !== 1) throw bindError(`${name}(q) needs WITHIN GROUP (ORDER BY x) with one key`, pos);
    const q = fractionOf(b.bind(e.args[0]), name, pos);
    const desc = e.orderBy[0].desc === true;
    const arg = withFilter(b.bind(e.orderBy[0].expr));
    return { fn, arg, arg2: null, distinct, options: { fraction: desc ? 1 - q : q }, type: aggregateResultType(fn, arg.type) };
  }
  let arg: BoundExpr;
  let arg2: BoundExpr | null = null;
  let options: AggregateOptions | undefined;
  switch (fn) {
    case 'string_agg': {
      arity(1, 2);
      arg = withFilter(b.castTo(b.bind(e.args[0]), VARCHAR, pos));
      let separator = ',';
      if (e.args.length > 1) {
        const sep = b.bind(e.args[1]);
        if (sep.kind !== 'const' || (sep.value !== null && typeof sep.value !== 'string')) {
          throw notImplemented(`${name}() with a non-constant separator`, pos);
        }
        separator = sep.value === null ? '' : sep.value;
      }
      options = { separator };
      if (e.orderBy.length > 1) throw notImplemented(`${name}() ORDER BY with more than one key`, pos);
      if (e.orderBy.length === 1) {
        arg2 = b.bind(e.orderBy[0].expr);
        const d = direction(e.orderBy[0]);
        options = { separator, orderDesc: d.desc, orderNullsFirst: d.nullsFirst };
      }
      break;
    }
    case 'quantile_cont':
    case 'quantile_disc': {
      arity(2, 2);
      arg = withFilter(b.bind(e.args[0]));
      options = { fraction: fractionOf(b.bind(e.args[1]), name, pos) };
      break;
    }
    case 'arg_min':
    case 'arg_max':
      arity(2, 2);
      arg = withFilter(b.bind(e.args[0]));
      arg2 = b.bind(e.args[1]);
      if (arg2.type.id === 'null') arg2 = b.constOf(null, INTEGER);
      break;
    default:
      arity(1, 1);
      arg = withFilter(b.bind(e.args[0]));
  }
  switch (fn) {
    case 'sum':
    case 'avg':
    case 'stddev_samp':
    case 'stddev_pop':
    case 'var_samp':
    case 'var_pop':
      if (arg.type.id === 'null') arg = b.constOf(null, INTEGER);
      if (arg.type.id === 'varchar' && arg.kind === 'const') arg = b.castTo(arg, DOUBLE, pos);
      if (!isNumeric(arg.type)) throw bindError(`${name}(${typeToString(arg.type)}) is not defined`, pos);
      break;
    case 'bool_and':
    case 'bool_or':
      arg = b.toBoolean(arg, pos, name);
      break;
    case 'median':
    case 'quantile_cont':
    case 'quantile_disc':
    case 'approx_count_distinct':
    case 'hll_sketch':
    case 'arg_min':
    case 'arg_max':
      if (arg.type.id === 'null') arg = b.constOf(null, INTEGER);
      break;
    case 'hll_union':
      if (arg.type.id === 'null') arg = b.constOf(null, VARCHAR);
      if (arg.type.id !== 'varchar') throw bindError(`${name}() takes a sketch (the VARCHAR of hll_sketch), not ${typeToString(arg.type)}`, pos);
      break;
    default:
      break;
  }
  if (fn === 'median') options = { fraction: 0.5 };
  return { fn, arg, arg2, distinct, ...(options ? { options } : {}), type: aggregateResultType(fn, arg.type) };
}
