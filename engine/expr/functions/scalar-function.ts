/** The scalar function registry: how the binder finds a SQL function and resolves it to a typed implementation. */
import type { DataType } from '../../types/data-type.js';
import { DATE_ARITHMETIC_FUNCTIONS } from './date-arithmetic.js';
import { DATE_FUNCTIONS, DATE_ALIASES } from './date-functions.js';
import { MATH_FUNCTIONS, MATH_ALIASES } from './math-functions.js';
import { SKETCH_FUNCTIONS } from './sketch-functions.js';
import { STRING_FUNCTIONS, STRING_ALIASES } from './string-functions.js';

/** A resolved signature: the types the caller casts the arguments to, the result type and the implementation. */
export interface ResolvedScalarFunction {
  argTypes: DataType[];
  returnType: DataType;
  /**
   * Called once per row with physical scalar values of `argTypes` (numbers; strings for VARCHAR; 0/1 for
   * BOOLEAN; Interval objects for INTERVAL) and returning a physical value of `returnType`, except that
   * BOOLEAN results are JS booleans. Reports bad input by throwing a StrataError.
   */
  impl: (...a: any[]) => any;
}

/** A SQL scalar function. Implementations are specialised per resolved signature, so `impl` never dispatches on types. */
export interface ScalarFunctionDef {
  /** Lower-case SQL name; aliases are registered separately. */
  name: string;
  /**
   * Resolves argument types to a signature, or returns null if these argument types are not accepted.
   * `args` are the argument types as bound; the result says which type each argument must be cast to
   * (the caller inserts the casts) and the return type. `constArgs[i]` is the constant value of argument i
   * when it is a literal (e.g. the unit of date_trunc, the scale of round), else undefined. May throw a
   * StrataError for a constant argument that can never work (an unknown date part, an invalid regex).
   */
  resolve(args: DataType[], constArgs: unknown[]): ResolvedScalarFunction | null;
  /** true (default): NULL in any argument gives NULL without calling impl. false: impl receives null. */
  propagatesNulls?: boolean;
  /** false for random()/now()-like functions (not constant-foldable). Default true. */
  deterministic?: boolean;
  /**
   * true when impl may return null for non-null arguments (`mod(x, 0)` is NULL as in DuckDB, try_strptime),
   * so the caller must check the result. Default false: a non-null result is guaranteed.
   */
  canReturnNull?: boolean;
}

const registry = new Map<string, ScalarFunctionDef>();

/** Registers a function under its name and any aliases (all lower-case); a later registration replaces an earlier one. */
export function registerScalarFunction(def: ScalarFunctionDef, ...aliases: string[]): void {
  registry.set(def.name.toLowerCase(), def);
  for (const a of aliases) registry.set(a.toLowerCase(), def);
}

/** The function registered under `name` (case-insensitive), or undefined. */
export function lookupScalarFunction(name: string): ScalarFunctionDef | undefined {
  return registry.get(name.toLowerCase());
}

/** Every registered name including aliases, sorted (for "did you mean" hints and documentation). */
export function scalarFunctionNames(): string[] {
  return [...registry.keys()].sort();
}

const families: [ScalarFunctionDef[], Record<string, string>][] = [
  [MATH_FUNCTIONS, MATH_ALIASES],
  [STRING_FUNCTIONS, STRING_ALIASES],
  [DATE_FUNCTIONS, DATE_ALIASES],
  // `+`/`-` on dates and intervals, which the binder calls as date_add_op/date_sub_op.
  [DATE_ARITHMETIC_FUNCTIONS, {}],
  [SKETCH_FUNCTIONS, {}],
];
for (const [defs, aliases] of families) {
  for (const def of defs) registerScalarFunction(def);
  for (const alias in aliases) {
    const target = registry.get(aliases[alias]);
    if (target === undefined) throw new Error(`internal: alias ${alias} of unknown function ${aliases[alias]}`);
    registry.set(alias, target);
  }
}
