/** Bound expressions: typed expression trees whose column references are resolved to column ids. */
import type { DataType } from '../types/data-type.js';
import type { LogicalPlan } from '../plan/logical-plan.js';

/**
 * A constant in its physical form: number (all numeric kinds, DATE days, TIMESTAMP micros,
 * BOOLEAN 0/1), string (VARCHAR), an interval object, or null.
 */
export type ConstValue = number | string | null | IntervalValue;

export interface IntervalValue {
  readonly months: number;
  readonly days: number;
  readonly micros: number;
}

/** Arithmetic and comparison operators the compiler inlines. */
export type OpName = '+' | '-' | '*' | '/' | '%' | 'neg' | '=' | '<>' | '<' | '<=' | '>' | '>=';

export type BoundExpr =
  /** A column of the input, by its plan-wide unique id. */
  | { kind: 'column'; cid: number; type: DataType; name: string }
  /** A column of an enclosing query (correlated subquery), read from the execution environment. */
  | { kind: 'outer'; cid: number; type: DataType; name: string }
  | { kind: 'const'; value: ConstValue; type: DataType }
  /** `$n` parameter, replaced by a const before execution. */
  | { kind: 'param'; index: number; type: DataType }
  /** Arithmetic/comparison on operands of one type (the binder casts them to a common type). */
  | { kind: 'op'; op: OpName; args: BoundExpr[]; type: DataType }
  | { kind: 'and' | 'or'; args: BoundExpr[]; type: DataType }
  | { kind: 'not'; arg: BoundExpr; type: DataType }
  | { kind: 'is_null'; arg: BoundExpr; not: boolean; type: DataType }
  /** IS [NOT] DISTINCT FROM: null-safe equality. */
  | { kind: 'is_distinct'; args: BoundExpr[]; not: boolean; type: DataType }
  | { kind: 'cast'; arg: BoundExpr; type: DataType; try: boolean; impl: (v: any) => any }
  /** A registry function; `impl` works on physical scalar values. */
  | {
      kind: 'call';
      name: string;
      args: BoundExpr[];
      type: DataType;
      impl: (...a: any[]) => any;
      propagatesNulls: boolean;
      deterministic: boolean;
    }
  | { kind: 'case'; whens: { when: BoundExpr; then: BoundExpr }[]; else: BoundExpr; type: DataType }
  /** `arg [NOT] IN (list)`, with SQL's NULL semantics. */
  | { kind: 'in_list'; arg: BoundExpr; list: BoundExpr[]; not: boolean; type: DataType }
  | {
      kind: 'like';
      arg: BoundExpr;
      pattern: BoundExpr;
      escape: string | null;
      not: boolean;
      caseInsensitive: boolean;
      type: DataType;
    }
  | { kind: 'coalesce'; args: BoundExpr[]; type: DataType }
  | SubqueryExpr;

/**
 * A subquery used as a value. `correlated` lists the outer column ids the subquery reads;
 * when empty it is run once per execution and its result reused.
 * - scalar: the single value of the single column (NULL when empty; error when > 1 row).
 * - exists: whether it returns a row.
 * - in: `arg [NOT] IN (subquery)` with NULL semantics.
 */
export interface SubqueryExpr {
  kind: 'subquery';
  subKind: 'scalar' | 'exists' | 'in';
  plan: LogicalPlan;
  arg: BoundExpr | null;
  not: boolean;
  correlated: number[];
  /** Types of the `correlated` columns, same order. */
  correlatedTypes: DataType[];
  type: DataType;
}

/** Calls `fn` on each direct child expression. */
export function forEachChild(e: BoundExpr, fn: (c: BoundExpr) => void): void {
  switch (e.kind) {
    case 'op':
    case 'and':
    case 'or':
    case 'call':
    case 'coalesce':
    case 'is_distinct':
      e.args.forEach(fn);
      break;
    case 'not':
    case 'is_null':
    case 'cast':
      fn(e.arg);
      break;
    case 'case':
      for (const w of e.whens) {
        fn(w.when);
        fn(w.then);
      }
      fn(e.else);
      break;
    case 'in_list':
      fn(e.arg);
      e.list.forEach(fn);
      break;
    case 'like':
      fn(e.arg);
      fn(e.pattern);
      break;
    case 'subquery':
      if (e.arg) fn(e.arg);
      break;
    default:
      break;
  }
}

/** A copy of `e` whose direct children are replaced by `fn(child)` (one level only). */
export function mapChildren(e: BoundExpr, fn: (c: BoundExpr) => BoundExpr): BoundExpr {
  switch (e.kind) {
    case 'op':
    case 'and':
    case 'or':
    case 'call':
    case 'coalesce':
    case 'is_distinct':
      return { ...e, args: e.args.map(fn) } as BoundExpr;
    case 'not':
    case 'is_null':
    case 'cast':
      return { ...e, arg: fn(e.arg) } as BoundExpr;
    case 'case':
      return { ...e, whens: e.whens.map((w) => ({ when: fn(w.when), then: fn(w.then) })), else: fn(e.else) };
    case 'in_list':
      return { ...e, arg: fn(e.arg), list: e.list.map(fn) };
    case 'like':
      return { ...e, arg: fn(e.arg), pattern: fn(e.pattern) };
    case 'subquery':
      return e.arg ? { ...e, arg: fn(e.arg) } : e;
    default:
      return e;
  }
}

/** Rebuilds `e` bottom-up, replacing each node with `fn(node with rewritten children)`. */
export function transformExpr(e: BoundExpr, fn: (e: BoundExpr) => BoundExpr): BoundExpr {
  return fn(mapChildren(e, (c) => transformExpr(c, fn)));
}

/** The set of column ids `e` reads, including those a correlated subquery takes from the row. */
export function columnsOf(e: BoundExpr, out: Set<number> = new Set()): Set<number> {
  if (e.kind === 'column') out.add(e.cid);
  // A correlated subquery reads the outer columns it names from its input row.
  if (e.kind === 'subquery') for (const c of e.correlated) out.add(c);
  forEachChild(e, (c) => columnsOf(c, out));
  return out;
}

/** True if `e` contains a subquery or a non-deterministic call (must not be moved or folded freely). */
export function hasSideEffectsOrSubquery(e: BoundExpr): boolean {
  if (e.kind === 'subquery' || (e.kind === 'call' && !e.deterministic)) return true;
  let found = false;
  forEachChild(e, (c) => {
    if (!found && hasSideEffectsOrSubquery(c)) found = true;
  });
  return found;
}

/** The AND of `preds` (the single predicate itself when there is one); null when there are none. */
export function andAll(preds: readonly BoundExpr[]): BoundExpr | null {
  if (preds.length === 0) return null;
  return preds.length === 1 ? preds[0] : { kind: 'and', args: [...preds], type: { id: 'boolean' } };
}

/** Splits a predicate into its top-level AND conjuncts. */
export function splitConjuncts(e: BoundExpr, out: BoundExpr[] = []): BoundExpr[] {
  if (e.kind === 'and') for (const a of e.args) splitConjuncts(a, out);
  else out.push(e);
  return out;
}
