/** ExprBinder: turns AST expressions into typed bound expressions, resolving names and inserting casts. */
import { bindError, notImplemented, type SourcePos, StrataError } from '../../engine/errors.js';
import type { BoundExpr, ConstValue, IntervalValue, OpName } from '../../engine/expr/expr.js';
import { parseInterval } from '../../engine/expr/functions/date-functions.js';
import { lookupScalarFunction } from '../../engine/expr/functions/scalar-function.js';
import { castFunction, commonSupertype } from '../../engine/types/cast.js';
import {
  BIGINT,
  BOOLEAN,
  type DataType,
  DOUBLE,
  decimalType,
  INTEGER,
  INTERVAL,
  isIntegral,
  isNumeric,
  MAX_DECIMAL_PRECISION,
  NULL_TYPE,
  typeEquals,
  typeFromName,
  typeToString,
  VARCHAR,
} from '../../engine/types/data-type.js';
import type { Expr, FunctionCallExpr, OrderItem, SelectStatement, TypeName } from '../ast/ast.js';
import { AGGREGATE_FUNCTIONS, type AggregateArgBinder, type ResolvedAggregate, resolveAggregate } from './bind-aggregate.js';
import type { Scope } from './scope.js';

/** What the expression binder needs from the statement binder. */
export interface BinderHost {
  /** Binds a subquery with `outer` as its enclosing scope. */
  bindSubquery(
    q: SelectStatement,
    outer: Scope,
  ): { plan: import('../../engine/plan/logical-plan.js').LogicalPlan; correlated: number[]; correlatedTypes: DataType[] };
  /** Values for `$n` / `?` parameters. */
  readonly params: readonly unknown[];
  /** A fresh plan-wide column id. */
  freshId(): number;
  /** Direction and NULL placement of an ORDER BY item (applies the session's default NULL order). */
  direction(o: OrderItem): { desc: boolean; nullsFirst: boolean };
}

/** Receives aggregate calls found while binding a clause that may contain them. */
export interface AggregateSink {
  /** Registers an aggregate and returns the expression that reads its result. */
  add(call: ResolvedAggregate): BoundExpr;
  /**
   * Registers `GROUPING(args)` / `grouping_id(args)` and returns the expression that reads it;
   * the arguments are bound (they may name select aliases) and checked against the GROUP BY once
   * it is bound.
   */
  grouping(args: Expr[], pos: SourcePos): BoundExpr;
}

/** Receives window function calls (`f(...) OVER (...)`) found while binding SELECT, QUALIFY or ORDER BY. */
export interface WindowSink {
  /** Binds the call with `binder` (aggregates allowed, windows not) and returns the expression that reads it. */
  add(e: FunctionCallExpr, binder: ExprBinder): BoundExpr;
}

export interface ExprBinderOptions {
  /** Where aggregates go; null where they are not allowed (WHERE, GROUP BY, JOIN ON). */
  aggregates: AggregateSink | null;
  /** Where window functions go; null or absent where they are not allowed. */
  windows?: WindowSink | null;
  /** Clause name for error messages. */
  clause: string;
  /** Fallback for names not found in scope (select aliases in HAVING / ORDER BY / GROUP BY). */
  aliasFallback?: (name: string) => BoundExpr | null;
}

/** Functions that only exist as window functions (they need OVER). */
export const WINDOW_ONLY_FUNCTIONS: ReadonlySet<string> = new Set([
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
]);

export function constOf(value: ConstValue, type: DataType): BoundExpr {
  return { kind: 'const', value, type };
}

export const NULL_CONST: BoundExpr = { kind: 'const', value: null, type: NULL_TYPE };
export const TRUE_CONST: BoundExpr = { kind: 'const', value: 1, type: BOOLEAN };

/** Resolves a SQL type name to a type or throws a binder error naming it. */
export function resolveTypeName(t: TypeName, pos: SourcePos): DataType {
  const r = typeFromName(t.name, t.args);
  if (r === null) throw bindError(`Type with name ${t.name} does not exist`, pos);
  return r;
}

/**
 * Wraps `e` in a cast to `to` (nothing if the types are equal). A constant is cast at bind time
 * so that literals compared with columns cost nothing per row.
 */
export function castTo(e: BoundExpr, to: DataType, pos?: SourcePos | null, tryCast = false): BoundExpr {
  if (typeEquals(e.type, to)) return e;
  if (e.type.id === 'null') return constOf(null, to);
  const impl = castFunction(e.type, to, tryCast);
  if (impl === null) {
    throw bindError(`Cannot cast ${typeToString(e.type)} to ${typeToString(to)}`, pos);
  }
  if (e.kind === 'const') {
    if (e.value === null) return constOf(null, to);
    try {
      const v = impl(e.value);
      return constOf(v === undefined ? null : v, to);
    } catch (err) {
      if (err instanceof StrataError && pos) throw new StrataError(err.code, err.message.replace(/ \(line.*\)$/, ''), pos);
      throw err;
    }
  }
  return { kind: 'cast', arg: e, type: to, try: tryCast, impl };
}

/** The type two operands are compared or combined in, or a binder error. */
function unifyPair(l: BoundExpr, r: BoundExpr, pos: SourcePos, what: string): [BoundExpr, BoundExpr] {
  // A string literal next to a typed value takes that value's type (PostgreSQL's "unknown" literal).
  if (l.kind === 'const' && l.type.id === 'varchar' && r.type.id !== 'varchar' && r.type.id !== 'null') {
    return [castTo(l, r.type, pos), r];
  }
  if (r.kind === 'const' && r.type.id === 'varchar' && l.type.id !== 'varchar' && l.type.id !== 'null') {
    return [l, castTo(r, l.type, pos)];
  }
  const t = commonSupertype(l.type, r.type);
  if (t === null) {
    throw bindError(`Cannot ${what} values of type ${typeToString(l.type)} and ${typeToString(r.type)}`, pos);
  }
  return [castTo(l, t, pos), castTo(r, t, pos)];
}

/** Common type of many expressions (CASE branches, IN lists, COALESCE, set operations). */
export function unifyAll(exprs: BoundExpr[], pos: SourcePos, what: string): BoundExpr[] {
  let t: DataType = NULL_TYPE;
  const nonLiteral = exprs.find((e) => !(e.kind === 'const' && e.type.id === 'varchar') && e.type.id !== 'null');
  for (const e of exprs) {
    if (nonLiteral && e.kind === 'const' && e.type.id === 'varchar' && nonLiteral.type.id !== 'varchar') continue;
    const n = commonSupertype(t, e.type);
    if (n === null) throw bindError(`Cannot ${what} values of type ${typeToString(t)} and ${typeToString(e.type)}`, pos);
    t = n;
  }
  return exprs.map((e) => castTo(e, t, pos));
}

export function toBoolean(e: BoundExpr, pos: SourcePos, clause: string): BoundExpr {
  if (e.type.id === 'boolean') return e;
  if (e.type.id === 'null') return constOf(null, BOOLEAN);
  if (isNumeric(e.type) || e.type.id === 'varchar') return castTo(e, BOOLEAN, pos);
  throw bindError(`${clause} expects a BOOLEAN value but got ${typeToString(e.type)}`, pos);
}

/** Converts a JS parameter value to a constant. */
function paramConst(v: unknown, index: number, pos: SourcePos): BoundExpr {
  if (v === undefined) throw bindError(`No value given for parameter $${index}`, pos);
  if (v === null) return NULL_CONST;
  if (typeof v === 'boolean') return constOf(v ? 1 : 0, BOOLEAN);
  if (typeof v === 'bigint') return constOf(Number(v), BIGINT);
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return constOf(v, Math.abs(v) <= 2147483647 ? INTEGER : BIGINT);
    return constOf(v, DOUBLE);
  }
  if (typeof v === 'string') return constOf(v, VARCHAR);
  if (v instanceof Date) return constOf(v.getTime() * 1000, { id: 'timestamp' });
  throw bindError(`Unsupported parameter value for $${index}: ${typeof v}`, pos);
}

/** Number literal text → constant of the narrowest exact type. */
function numberConst(text: string, value: number): BoundExpr {
  if (/^-?\d+$/.test(text)) {
    if (value <= 2147483647 && value >= -2147483648) return constOf(value, INTEGER);
    return constOf(value, BIGINT);
  }
  const m = /^-?(\d*)\.(\d*)$/.exec(text);
  if (m) {
    const intDigits = m[1].replace(/^0+/, '').length;
    const scale = m[2].length;
    const precision = Math.max(intDigits + scale, 1);
    if (precision <= MAX_DECIMAL_PRECISION) {
      return constOf(Math.round(value * 10 ** scale), decimalType(Math.max(precision, scale), scale));
    }
  }
  return constOf(value, DOUBLE);
}

export class ExprBinder {
  constructor(
    private readonly host: BinderHost,
    private readonly scope: Scope,
    private readonly opts: ExprBinderOptions,
  ) {}

  bind(e: Expr): BoundExpr {
    switch (e.kind) {
      case 'column': {
        const r = this.scope.tryResolve(e.table, e.name, e.pos);
        if (r !== null) {
          return r.outer
            ? { kind: 'outer', cid: r.cid, type: r.type, name: r.name }
            : { kind: 'column', cid: r.cid, type: r.type, name: r.name };
        }
        if (e.table === null && this.opts.aliasFallback) {
          const a = this.opts.aliasFallback(e.name);
          if (a !== null) return a;
        }
        this.scope.resolve(e.table, e.name, e.pos); // throws the descriptive error
        throw bindError(`column ${e.name} not found`, e.pos);
      }
      case 'literal':
        switch (e.type) {
          case 'null':
            return NULL_CONST;
          case 'boolean':
            return constOf(e.value ? 1 : 0, BOOLEAN);
          case 'number':
            return numberConst(e.text, e.value);
          default:
            return constOf(e.value, VARCHAR);
        }
      case 'typed_literal':
        return castTo(constOf(e.value, VARCHAR), resolveTypeName(e.typeName, e.pos), e.pos);
      case 'interval': {
        const v = this.bind(e.value);
        if (v.kind !== 'const') throw notImplemented('INTERVAL with a non-constant value', e.pos);
        const iv: IntervalValue = parseInterval(v.value === null ? '' : String(v.value), e.unit);
        return constOf(iv, INTERVAL);
      }
      case 'param':
        return paramConst(this.host.params[e.index - 1], e.index, e.pos);
      case 'unary': {
        const a = this.bind(e.arg);
        if (e.op === 'not') return { kind: 'not', arg: toBoolean(a, e.pos, 'NOT'), type: BOOLEAN };
        if (e.op === '+') return a;
        if (a.type.id === 'interval' && a.kind === 'const') {
          const iv = a.value as IntervalValue;
          return constOf({ months: -iv.months, days: -iv.days, micros: -iv.micros }, INTERVAL);
        }
        const arg = a.type.id === 'null' ? constOf(null, INTEGER) : a;
        if (!isNumeric(arg.type)) throw bindError(`Cannot negate a value of type ${typeToString(arg.type)}`, e.pos);
        return { kind: 'op', op: 'neg', args: [arg], type: arg.type };
      }
      case 'binary':
        return this.bindBinary(e.op, this.bind(e.left), this.bind(e.right), e.pos);
      case 'between': {
        const x = this.bind(e.expr);
        const lo = this.bindCompare('>=', x, this.bind(e.low), e.pos);
        const hi = this.bindCompare('<=', x, this.bind(e.high), e.pos);
        const both: BoundExpr = { kind: 'and', args: [lo, hi], type: BOOLEAN };
        return e.not ? { kind: 'not', arg: both, type: BOOLEAN } : both;
      }
      case 'in_list': {
        const items = unifyAll([this.bind(e.expr), ...e.list.map((x) => this.bind(x))], e.pos, 'compare');
        return { kind: 'in_list', arg: items[0], list: items.slice(1), not: e.not, type: BOOLEAN };
      }
      case 'in_subquery': {
        const arg = this.bind(e.expr);
        const { plan, correlated, correlatedTypes } = this.host.bindSubquery(e.query, this.scope);
        if (plan.cols.length !== 1) throw bindError('Subquery returns more than one column', e.pos);
        const subType = plan.cols[0].type;
        let argC = arg;
        let finalPlan = plan;
        if (!typeEquals(arg.type, subType)) {
          const t = commonSupertype(arg.type, subType);
          if (t === null) throw bindError(`Cannot compare ${typeToString(arg.type)} with ${typeToString(subType)}`, e.pos);
          argC = castTo(arg, t, e.pos);
          if (!typeEquals(subType, t)) {
            const c = plan.cols[0];
            finalPlan = {
              kind: 'project',
              input: plan,
              exprs: [castTo({ kind: 'column', cid: c.cid, type: c.type, name: c.name }, t, e.pos)],
              cols: [{ cid: this.host.freshId(), name: c.name, type: t }],
            };
          }
        }
        return { kind: 'subquery', subKind: 'in', plan: finalPlan, arg: argC, not: e.not, correlated, correlatedTypes, type: BOOLEAN };
      }
      case 'exists': {
        const { plan, correlated, correlatedTypes } = this.host.bindSubquery(e.query, this.scope);
        return { kind: 'subquery', subKind: 'exists', plan, arg: null, not: e.not, correlated, correlatedTypes, type: BOOLEAN };
      }
      case 'subquery': {
        const { plan, correlated, correlatedTypes } = this.host.bindSubquery(e.query, this.scope);
        if (plan.cols.length !== 1) throw bindError('Scalar subquery must return exactly one column', e.pos);
        return {
          kind: 'subquery',
          subKind: 'scalar',
          plan,
          arg: null,
          not: false,
          correlated,
          correlatedTypes,
          type: plan.cols[0].type,
        };
      }
      case 'like': {
        const arg = castTo(this.bind(e.expr), VARCHAR, e.pos);
        const pattern = castTo(this.bind(e.pattern), VARCHAR, e.pos);
        let escape: string | null = null;
        if (e.escape) {
          const esc = this.bind(e.escape);
          if (esc.kind !== 'const' || typeof esc.value !== 'string') throw notImplemented('a non-constant ESCAPE', e.pos);
          escape = esc.value;
        }
        return { kind: 'like', arg, pattern, escape, not: e.not, caseInsensitive: e.caseInsensitive, type: BOOLEAN };
      }
      case 'is_null':
        return { kind: 'is_null', arg: this.bind(e.expr), not: e.not, type: BOOLEAN };
      case 'is_distinct': {
        const [l, r] = unifyPair(this.bind(e.left), this.bind(e.right), e.pos, 'compare');
        return { kind: 'is_distinct', args: [l, r], not: e.not, type: BOOLEAN };
      }
      case 'is_bool': {
        // x IS TRUE is never NULL: NULL IS TRUE is false.
        const x = toBoolean(this.bind(e.expr), e.pos, 'IS');
        const cmp: BoundExpr = { kind: 'is_distinct', args: [x, constOf(e.value ? 1 : 0, BOOLEAN)], not: true, type: BOOLEAN };
        return e.not ? { kind: 'not', arg: cmp, type: BOOLEAN } : cmp;
      }
      case 'case':
        return this.bindCase(e);
      case 'cast':
        return castTo(this.bind(e.expr), resolveTypeName(e.type, e.pos), e.pos, e.try);
      case 'function':
        return this.bindFunction(e);
      case 'extract':
        return this.callScalar('date_part', [constOf(e.field, VARCHAR), this.bind(e.expr)], e.pos);
      case 'star':
        throw bindError('* is not allowed here', e.pos);
    }
  }

  private bindCase(e: Extract<Expr, { kind: 'case' }>): BoundExpr {
    const operand = e.operand ? this.bind(e.operand) : null;
    const conds: BoundExpr[] = [];
    const thens: BoundExpr[] = [];
    for (const w of e.whens) {
      const when = this.bind(w.when);
      conds.push(operand ? this.bindCompare('=', operand, when, e.pos) : toBoolean(when, e.pos, 'CASE WHEN'));
      thens.push(this.bind(w.then));
    }
    const results = unifyAll([...thens, e.else ? this.bind(e.else) : NULL_CONST], e.pos, 'combine');
    const type = results[0].type.id === 'null' ? INTEGER : results[0].type;
    const cast = results.map((r) => castTo(r, type, e.pos));
    return {
      kind: 'case',
      whens: conds.map((when, i) => ({ when, then: cast[i] })),
      else: cast[cast.length - 1],
      type,
    };
  }

  bindBinary(op: string, l: BoundExpr, r: BoundExpr, pos: SourcePos): BoundExpr {
    switch (op) {
      case 'and':
      case 'or':
        return {
          kind: op,
          args: [toBoolean(l, pos, op.toUpperCase()), toBoolean(r, pos, op.toUpperCase())],
          type: BOOLEAN,
        };
      case '=':
      case '<>':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.bindCompare(op, l, r, pos);
      case '||':
        return this.callScalar('||', [l, r], pos);
      default:
        return this.bindArith(op, l, r, pos);
    }
  }

  bindCompare(op: OpName, l: BoundExpr, r: BoundExpr, pos: SourcePos): BoundExpr {
    const [a, b] = unifyPair(l, r, pos, 'compare');
    return { kind: 'op', op, args: [a, b], type: BOOLEAN };
  }

  private bindArith(op: string, l: BoundExpr, r: BoundExpr, pos: SourcePos): BoundExpr {
    const temporal = (t: DataType) => t.id === 'date' || t.id === 'timestamp' || t.id === 'interval';
    if (temporal(l.type) || temporal(r.type)) {
      // Date arithmetic lives in the function registry (`+`/`-` overloads on dates and intervals).
      const name = op === '+' ? 'date_add_op' : op === '-' ? 'date_sub_op' : op;
      return this.callScalar(name, [l, r], pos, `${op}`);
    }
    if (l.kind === 'const' && l.type.id === 'varchar') l = castTo(l, r.type.id === 'null' ? INTEGER : r.type, pos);
    if (r.kind === 'const' && r.type.id === 'varchar') r = castTo(r, l.type.id === 'null' ? INTEGER : l.type, pos);
    if (l.type.id === 'null') l = constOf(null, r.type.id === 'null' ? INTEGER : r.type);
    if (r.type.id === 'null') r = constOf(null, l.type);
    if (!isNumeric(l.type) || !isNumeric(r.type)) {
      throw bindError(`No operator ${op} for types ${typeToString(l.type)} and ${typeToString(r.type)}`, pos);
    }
    const opName: OpName = op === '//' ? '/' : (op as OpName);
    if (op === '//' && !(isIntegral(l.type) && isIntegral(r.type))) {
      // Floor division of non-integers: floor(a / b) in double.
      const div: BoundExpr = { kind: 'op', op: '/', args: [castTo(l, DOUBLE), castTo(r, DOUBLE)], type: DOUBLE };
      return this.callScalar('floor', [div], pos);
    }
    const t = commonSupertype(l.type, r.type) as DataType;
    if (t.id === 'decimal') {
      if (opName === '/') {
        return { kind: 'op', op: '/', args: [castTo(l, DOUBLE), castTo(r, DOUBLE)], type: DOUBLE };
      }
      if (opName === '*') {
        const toDec = (e: BoundExpr) => (e.type.id === 'decimal' ? e : castTo(e, decimalType(e.type.id === 'integer' ? 10 : 18, 0)));
        const a = toDec(l);
        const b = toDec(r);
        const scale = (a.type.scale ?? 0) + (b.type.scale ?? 0);
        if (scale > 12) return { kind: 'op', op: '*', args: [castTo(l, DOUBLE), castTo(r, DOUBLE)], type: DOUBLE };
        const prec = Math.min(MAX_DECIMAL_PRECISION, (a.type.precision ?? 18) + (b.type.precision ?? 18));
        return { kind: 'op', op: '*', args: [a, b], type: decimalType(Math.max(prec, scale), scale) };
      }
      const resT = decimalType(Math.min(MAX_DECIMAL_PRECISION, (t.precision ?? 18) + 1), t.scale ?? 0);
      return { kind: 'op', op: opName, args: [castTo(l, t, pos), castTo(r, t, pos)], type: resT };
    }
    return { kind: 'op', op: opName, args: [castTo(l, t, pos), castTo(r, t, pos)], type: t };
  }

  /** Binds a registry function call on already-bound arguments, inserting argument casts. */
  callScalar(name: string, args: BoundExpr[], pos: SourcePos, display?: string): BoundExpr {
    const def = lookupScalarFunction(name);
    if (def === undefined) {
      throw bindError(`Scalar Function with name ${name} does not exist`, pos);
    }
    const consts = args.map((a) => (a.kind === 'const' ? a.value : undefined));
    const r = def.resolve(
      args.map((a) => a.type),
      consts,
    );
    if (r === null) {
      throw bindError(
        `No function matches the given name and argument types '${display ?? name}(${args.map((a) => typeToString(a.type)).join(', ')})'`,
        pos,
      );
    }
    return {
      kind: 'call',
      name: display ?? name,
      args: args.map((a, i) => castTo(a, r.argTypes[i] ?? a.type, pos)),
      type: r.returnType,
      impl: r.impl,
      propagatesNulls: def.propagatesNulls !== false,
      deterministic: def.deterministic !== false,
    };
  }

  private bindFunction(e: FunctionCallExpr): BoundExpr {
    const name = e.name.toLowerCase();
    if (e.over !== null) {
      const windows = this.opts.windows ?? null;
      if (windows === null) throw bindError(`window function ${name}() is not allowed in ${this.opts.clause}`, e.pos);
      const inner = new ExprBinder(this.host, this.scope, {
        aggregates: this.opts.aggregates,
        windows: null,
        clause: `the window function ${name}()`,
        ...(this.opts.aliasFallback ? { aliasFallback: this.opts.aliasFallback } : {}),
      });
      return windows.add(e, inner);
    }
    if (WINDOW_ONLY_FUNCTIONS.has(name)) throw bindError(`${name}() is a window function and needs an OVER (...) clause`, e.pos);
    if (AGGREGATE_FUNCTIONS.has(name)) return this.bindAggregate(name, e);
    if (name === 'grouping' || name === 'grouping_id') {
      const sink = this.opts.aggregates;
      if (sink === null) throw bindError(`GROUPING statement is not supported in ${this.opts.clause}`, e.pos);
      return sink.grouping(e.args, e.pos);
    }
    if (e.distinct || e.star || e.filter) throw bindError(`${name}() is not an aggregate function`, e.pos);
    switch (name) {
      case 'coalesce':
      case 'ifnull': {
        if (e.args.length === 0) throw bindError(`${name}() needs at least one argument`, e.pos);
        const args = unifyAll(e.args.map((a) => this.bind(a)), e.pos, 'combine');
        return { kind: 'coalesce', args, type: args[0].type };
      }
      case 'nullif': {
        if (e.args.length !== 2) throw bindError('nullif() takes two arguments', e.pos);
        const [a, b] = unifyAll([this.bind(e.args[0]), this.bind(e.args[1])], e.pos, 'compare');
        return {
          kind: 'case',
          whens: [{ when: { kind: 'op', op: '=', args: [a, b], type: BOOLEAN }, then: constOf(null, a.type) }],
          else: a,
          type: a.type,
        };
      }
      case 'if':
      case 'iif': {
        if (e.args.length !== 3) throw bindError(`${name}() takes three arguments`, e.pos);
        const cond = toBoolean(this.bind(e.args[0]), e.pos, 'IF');
        const [t, f] = unifyAll([this.bind(e.args[1]), this.bind(e.args[2])], e.pos, 'combine');
        return { kind: 'case', whens: [{ when: cond, then: t }], else: f, type: t.type };
      }
      default:
        return this.callScalar(name, e.args.map((a) => this.bind(a)), e.pos);
    }
  }

  private bindAggregate(name: string, e: FunctionCallExpr): BoundExpr {
    const sink = this.opts.aggregates;
    if (sink === null) throw bindError(`aggregate function ${name}() is not allowed in ${this.opts.clause}`, e.pos);
    // Arguments of an aggregate are evaluated per input row: no nested aggregates.
    const inner = new ExprBinder(this.host, this.scope, { aggregates: null, clause: `the argument of ${name}()` });
    return sink.add(resolveAggregate(name, e, inner.argBinder(), (o) => this.host.direction(o)));
  }

  /** This binder as the argument binder of {@link resolveAggregate}. */
  argBinder(): AggregateArgBinder {
    return {
      bind: (x) => this.bind(x),
      castTo: (x, t, pos) => castTo(x, t, pos),
      toBoolean: (x, pos, clause) => toBoolean(x, pos, clause),
      constOf: (v, t) => constOf(v, t),
    };
  }
}
