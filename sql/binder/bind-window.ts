/** Window function binding: named windows, OVER specs, frames, and the calls a SELECT core collects. */
import { bindError, notImplemented, type SourcePos } from '../../engine/errors.js';
import type { BoundExpr, IntervalValue } from '../../engine/expr/expr.js';
import type { FrameBound, SortKey, WindowCall, WindowFn, WindowFrame } from '../../engine/plan/logical-plan.js';
import { BIGINT, DOUBLE, INTEGER, isNumeric, typeToString } from '../../engine/types/data-type.js';
import type * as A from '../ast/ast.js';
import { AGGREGATE_FUNCTIONS, resolveAggregate } from './bind-aggregate.js';
import { castTo, type ExprBinder, type WindowSink } from './bind-expr.js';
import { exprKey } from './expr-key.js';

const MICROS_PER_DAY = 86_400_000_000;

/** The host services window binding needs. */
export interface WindowHost {
  freshId(): number;
  direction(o: A.OrderItem): { desc: boolean; nullsFirst: boolean };
}

/**
 * Collects the window calls of one SELECT core (from SELECT, QUALIFY and ORDER BY). Identical
 * calls share one output column, so `ORDER BY rank() OVER w` reuses the select item's result.
 */
export class WindowCollector implements WindowSink {
  readonly calls: WindowCall[] = [];
  private readonly byKey = new Map<string, WindowCall>();
  private readonly named = new Map<string, A.WindowSpec>();

  constructor(
    private readonly host: WindowHost,
    windows: readonly { name: string; spec: A.WindowSpec }[],
  ) {
    for (const w of windows) {
      const key = w.name.toLowerCase();
      if (this.named.has(key)) throw bindError(`window "${w.name}" is already defined`);
      this.named.set(key, w.spec);
    }
  }

  /** The cids of the collected calls. */
  cids(): Set<number> {
    return new Set(this.calls.map((c) => c.cid));
  }

  add(e: A.FunctionCallExpr, b: ExprBinder): BoundExpr {
    const name = e.name.toLowerCase();
    const spec = this.resolve(e.over as A.WindowSpec, e.pos);
    const partitionBy = spec.partitionBy.map((x) => b.bind(x));
    const orderBy: SortKey[] = spec.orderBy
      .map((o) => ({ expr: b.bind(o.expr), ...this.host.direction(o) }))
      // A constant key orders nothing (and `ORDER BY 1` inside OVER is a constant, not a position).
      .filter((k) => k.expr.kind !== 'const');
    const call = this.bindCall(name, e, b, orderBy);
    const frame = bindFrame(spec.frame, orderBy, b, e.pos);
    if (e.ignoreNulls && !['lag', 'lead', 'first_value', 'last_value', 'nth_value'].includes(call.fn)) {
      throw bindError(`IGNORE NULLS is not supported for ${name}()`, e.pos);
    }
    const full: Omit<WindowCall, 'cid'> = { ...call, ignoreNulls: e.ignoreNulls, partitionBy, orderBy, frame };
    const key = windowCallKey(full);
    let existing = this.byKey.get(key);
    if (existing === undefined) {
      existing = { cid: this.host.freshId(), ...full };
      this.calls.push(existing);
      this.byKey.set(key, existing);
    }
    return { kind: 'column', cid: existing.cid, type: existing.type, name };
  }

  /** The OVER spec with named windows expanded (`OVER w`, `OVER (w ORDER BY ...)`). */
  private resolve(spec: A.WindowSpec, pos: SourcePos, depth = 0): A.WindowSpec {
    if (spec.baseName === null) return spec;
    const base = this.named.get(spec.baseName.toLowerCase());
    if (base === undefined) throw bindError(`window "${spec.baseName}" does not exist`, pos);
    if (depth > 32) throw bindError(`window "${spec.baseName}" refers to itself`, pos);
    const b = this.resolve(base, pos, depth + 1);
    if (spec.partitionBy.length > 0 && b.partitionBy.length > 0) {
      throw bindError(`cannot override PARTITION BY of window "${spec.baseName}"`, pos);
    }
    if (spec.orderBy.length > 0 && b.orderBy.length > 0) throw bindError(`cannot override ORDER BY of window "${spec.baseName}"`, pos);
    return {
      baseName: null,
      partitionBy: spec.partitionBy.length > 0 ? spec.partitionBy : b.partitionBy,
      orderBy: spec.orderBy.length > 0 ? spec.orderBy : b.orderBy,
      frame: spec.frame ?? b.frame,
    };
  }

  /** The function, arguments, options and type of a call. */
  private bindCall(
    name: string,
    e: A.FunctionCallExpr,
    b: ExprBinder,
    orderBy: SortKey[],
  ): Pick<WindowCall, 'fn' | 'args' | 'distinct' | 'options' | 'type'> {
    const arity = (min: number, max: number): void => {
      if (e.args.length < min || e.args.length > max) {
        throw bindError(`${name}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${e.args.length}`, e.pos);
      }
    };
    const count = (x: A.Expr): BoundExpr => castTo(b.bind(x), BIGINT, e.pos);
    switch (name) {
      case 'row_number':
      case 'rank':
      case 'dense_rank':
        arity(0, 0);
        return { fn: name, args: [], distinct: false, type: BIGINT };
      case 'percent_rank':
      case 'cume_dist':
        arity(0, 0);
        return { fn: name, args: [], distinct: false, type: DOUBLE };
      case 'ntile':
        arity(1, 1);
        return { fn: name, args: [count(e.args[0])], distinct: false, type: BIGINT };
      case 'lag':
      case 'lead': {
        arity(1, 3);
        let value = b.bind(e.args[0]);
        if (value.type.id === 'null') value = castTo(value, INTEGER);
        const args = [value];
        if (e.args.length > 1) args.push(count(e.args[1]));
        if (e.args.length > 2) {
          // The default takes the value's type (DuckDB): lag(int, 1, 0.5) rounds the default.
          args.push(castTo(b.bind(e.args[2]), value.type, e.pos));
        }
        return { fn: name, args, distinct: false, type: value.type };
      }
      case 'first_value':
      case 'last_value':
      case 'nth_value': {
        arity(name === 'nth_value' ? 2 : 1, name === 'nth_value' ? 2 : 1);
        let value = b.bind(e.args[0]);
        if (value.type.id === 'null') value = castTo(value, INTEGER);
        const args = name === 'nth_value' ? [value, count(e.args[1])] : [value];
        return { fn: name, args, distinct: false, type: value.type };
      }
      default:
        break;
    }
    if (!AGGREGATE_FUNCTIONS.has(name)) throw bindError(`${name}() is not a window or aggregate function`, e.pos);
    const r = resolveAggregate(name, e, b.argBinder(), (o) => this.host.direction(o));
    const args = [r.arg, r.arg2].filter((x): x is BoundExpr => x !== null);
    return { fn: r.fn as WindowFn, args, distinct: r.distinct, ...(r.options ? { options: r.options } : {}), type: r.type };
  }
}

/** Structural key of a call (equal keys compute the same column). */
function windowCallKey(c: Omit<WindowCall, 'cid'>): string {
  const bound = (f: FrameBound) => `${f.kind}${f.offset ? `:${exprKey(f.offset)}` : ''}`;
  return [
    c.fn,
    c.distinct,
    c.ignoreNulls,
    c.args.map(exprKey).join(','),
    c.partitionBy.map(exprKey).join(','),
    c.orderBy.map((k) => `${exprKey(k.expr)}${k.desc}${k.nullsFirst}`).join(','),
    c.frame.units,
    bound(c.frame.start),
    bound(c.frame.end),
    JSON.stringify(c.options ?? null),
  ].join('|');
}

/**
 * The frame of a call. Without a frame clause: with ORDER BY, RANGE UNBOUNDED PRECEDING to
 * CURRENT ROW (the running frame, peers included); without, the whole partition. Offsets are
 * BIGINT row/group counts, or for RANGE values of the single ORDER BY key's type (for DATE and
 * TIMESTAMP keys, an INTERVAL or a number of days turned into days/microseconds).
 */
function bindFrame(f: A.WindowFrame | null, orderBy: SortKey[], b: ExprBinder, pos: SourcePos): WindowFrame {
  if (f === null) {
    return orderBy.length > 0
      ? { units: 'range', start: { kind: 'unbounded_preceding', offset: null }, end: { kind: 'current_row', offset: null } }
      : { units: 'rows', start: { kind: 'unbounded_preceding', offset: null }, end: { kind: 'unbounded_following', offset: null } };
  }
  if (f.exclude !== null && f.exclude !== 'no_others') throw notImplemented('EXCLUDE in a window frame', pos);
  if (f.start.kind === 'unbounded_following') throw bindError('a window frame cannot start at UNBOUNDED FOLLOWING', pos);
  if (f.end.kind === 'unbounded_preceding') throw bindError('a window frame cannot end at UNBOUNDED PRECEDING', pos);
  if (f.start.kind === 'following' && (f.end.kind === 'preceding' || f.end.kind === 'current_row')) {
    throw bindError('a frame starting from a following row cannot have preceding rows', pos);
  }
  if (f.start.kind === 'current_row' && f.end.kind === 'preceding') {
    throw bindError('a frame starting from the current row cannot have preceding rows', pos);
  }
  if (f.units === 'groups' && orderBy.length === 0) throw bindError('GROUPS frames need an ORDER BY', pos);
  const bound = (x: A.FrameBound): FrameBound => {
    if (x.kind !== 'preceding' && x.kind !== 'following') return { kind: x.kind, offset: null };
    return { kind: x.kind, offset: frameOffset(f.units, b.bind(x.offset), orderBy, pos) };
  };
  return { units: f.units, start: bound(f.start), end: bound(f.end) };
}

function frameOffset(units: A.WindowFrame['units'], raw: BoundExpr, orderBy: SortKey[], pos: SourcePos): BoundExpr {
  const check = (e: BoundExpr, allowNegative: boolean): BoundExpr => {
    if (e.kind === 'const') {
      if (e.value === null) throw bindError('a window frame offset must not be NULL', pos);
      if (!allowNegative && typeof e.value === 'number' && e.value < 0) throw bindError('a window frame offset must not be negative', pos);
    }
    return e;
  };
  // As in DuckDB, a negative ROWS offset counts the other way (`-1 PRECEDING` is `1 FOLLOWING`).
  if (units !== 'range') return check(castTo(raw, BIGINT, pos), units === 'rows');
  if (orderBy.length !== 1) throw bindError('RANGE with an offset needs exactly one ORDER BY key', pos);
  const key = orderBy[0].expr.type;
  if (key.id === 'date' || key.id === 'timestamp') {
    let micros: number;
    if (raw.type.id === 'interval') {
      if (raw.kind !== 'const' || raw.value === null) throw notImplemented('a non-constant INTERVAL frame offset', pos);
      const iv = raw.value as IntervalValue;
      if (iv.months !== 0) throw notImplemented('a RANGE frame offset in months or years', pos);
      micros = iv.days * MICROS_PER_DAY + iv.micros;
    } else if (isNumeric(raw.type) && raw.kind === 'const' && typeof raw.value === 'number') {
      micros = raw.value * MICROS_PER_DAY;
    } else {
      throw bindError(`a RANGE frame over ${typeToString(key)} needs an INTERVAL offset`, pos);
    }
    if (micros < 0) throw bindError('a window frame offset must not be negative', pos);
    if (key.id === 'date' && micros % MICROS_PER_DAY !== 0) throw notImplemented('a RANGE offset of part of a day over a DATE key', pos);
    return { kind: 'const', value: key.id === 'date' ? micros / MICROS_PER_DAY : micros, type: BIGINT };
  }
  if (!isNumeric(key)) throw bindError(`RANGE with an offset needs a numeric, DATE or TIMESTAMP ORDER BY key, not ${typeToString(key)}`, pos);
  return check(castTo(raw, key, pos), false);
}
