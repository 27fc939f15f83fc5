/** Numeric scalar functions (abs, round, floor, mod, sqrt, log, greatest, ...) with DuckDB's type rules. */
import { StrataError } from '../../errors.js';
import {
  BOOLEAN,
  DOUBLE,
  INTEGER,
  MAX_DECIMAL_PRECISION,
  VARCHAR,
  decimalType,
  type DataType,
} from '../../types/data-type.js';
import {
  POW10,
  argCastAllowed,
  commonSupertype,
  divRoundHalfAway,
  floorDiv,
  roundHalfAway,
  truncDiv,
} from '../../types/cast.js';
import type { ResolvedScalarFunction, ScalarFunctionDef } from './scalar-function.js';

type Impl = (...a: any[]) => any;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO63 = 9223372036854775808;

function sig(argTypes: DataType[], returnType: DataType, impl: Impl): ResolvedScalarFunction {
  return { argTypes, returnType, impl };
}

/**
 * The numeric type an argument is used as: its own type if numeric, INTEGER for a bare NULL, DOUBLE for a
 * string literal that parses as a number (DuckDB lets string literals convert); null otherwise.
 */
function numericArg(t: DataType, c: unknown): DataType | null {
  switch (t.id) {
    case 'integer':
    case 'bigint':
    case 'double':
    case 'decimal':
      return t;
    case 'null':
      return INTEGER;
    case 'varchar':
      return argCastAllowed(t, DOUBLE, c) ? DOUBLE : null;
  }
  return null;
}

/** An integer-valued parameter (round's digits, ...): INTEGER or BIGINT are used as they are. */
function integerArg(t: DataType): DataType | null {
  if (t.id === 'integer' || t.id === 'bigint') return t;
  if (t.id === 'null') return INTEGER;
  return null;
}

/** A constant integer argument's value, or undefined if it is not a constant integer. */
function constInt(c: unknown): number | undefined {
  return typeof c === 'number' && Number.isInteger(c) ? c : undefined;
}

/**
 * The type several arguments meet at (greatest, least, mod): the common supertype of the non-literal
 * arguments, with string literals converted to it; VARCHAR if every argument is a string literal.
 */
export function unifyArgTypes(args: DataType[], constArgs: unknown[]): DataType | null {
  let t: DataType | null = null;
  let sawNull = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.id === 'null') {
      sawNull = true;
      continue;
    }
    if (a.id === 'varchar' && typeof constArgs[i] === 'string') continue;
    t = t === null ? a : commonSupertype(t, a);
    if (t === null) return null;
  }
  if (t === null) {
    for (let i = 0; i < args.length; i++) if (args[i].id === 'varchar') return VARCHAR;
    return sawNull ? INTEGER : null;
  }
  for (let i = 0; i < args.length; i++) {
    if (args[i].id === 'varchar' && typeof constArgs[i] === 'string' && !argCastAllowed(args[i], t, constArgs[i])) {
      return null;
    }
  }
  return t;
}

function outOfRange(what: string): StrataError {
  return new StrataError('execution', `Out of Range: ${what}`);
}

function checkedInt(t: DataType, v: number): number {
  if (t.id === 'integer' ? v < INT32_MIN || v > INT32_MAX : !(v >= -TWO63 && v < TWO63)) {
    throw outOfRange(`value ${v} does not fit in ${t.id.toUpperCase()}`);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------

/** abs keeps the argument type; integers check for the one value whose negation overflows. */
const abs: ScalarFunctionDef = {
  name: 'abs',
  resolve(args, c) {
    if (args.length !== 1) return null;
    const t = numericArg(args[0], c[0]);
    if (t === null) return null;
    if (t.id === 'integer' || t.id === 'bigint') {
      return sig([t], t, (v: number) => (v < 0 ? checkedInt(t, -v) : v));
    }
    return sig([t], t, Math.abs);
  },
};

/** sign returns INTEGER (DuckDB's TINYINT); NaN gives 0 as in DuckDB. */
const sign: ScalarFunctionDef = {
  name: 'sign',
  resolve(args, c) {
    if (args.length !== 1) return null;
    const t = numericArg(args[0], c[0]);
    if (t === null) return null;
    return sig([t], INTEGER, (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0));
  },
};

type RoundMode = 'round' | 'trunc';

/**
 * round/trunc share their typing, which is DuckDB's: integers stay integers (digits < 0 round to tens,
 * hundreds...), doubles stay doubles, and DECIMAL(p,s) with constant digits n becomes DECIMAL(p, n)
 * for 0 <= n < s, DECIMAL(p, 0) for n < 0 or no digits, and stays DECIMAL(p,s) for n >= s. A decimal
 * with non-constant digits is computed as DOUBLE (DuckDB rejects it).
 */
function roundLike(name: string, mode: RoundMode): ScalarFunctionDef {
  const divide = mode === 'round' ? divRoundHalfAway : truncDiv;
  const roundD = mode === 'round' ? roundHalfAway : Math.trunc;
  const roundDouble = (x: number, n: number): number => {
    if (n >= 0) {
      const m = 10 ** n;
      const r = roundD(x * m) / m;
      return Number.isFinite(r) ? r + 0 : x;
    }
    const m = 10 ** -n;
    const r = roundD(x / m) * m;
    return Number.isFinite(r) ? r + 0 : 0;
  };
  return {
    name,
    resolve(args, c) {
      if (args.length !== 1 && args.length !== 2) return null;
      let t = numericArg(args[0], c[0]);
      if (t === null) return null;
      const nType = args.length === 2 ? integerArg(args[1]) : null;
      if (args.length === 2 && nType === null) return null;
      const nConst = args.length === 2 ? constInt(c[1]) : 0;
      if (t.id === 'decimal' && nConst === undefined) t = DOUBLE;
      const argTypes = args.length === 2 ? [t, nType!] : [t];
      switch (t.id) {
        case 'integer':
        case 'bigint': {
          const it = t;
          return sig(argTypes, t, (v: number, n?: number) => {
            if (n === undefined || n >= 0) return v;
            if (-n > 18) return 0;
            const f = POW10[-n];
            return checkedInt(it, divide(v, f) * f);
          });
        }
        case 'double':
          if (args.length === 1) return sig(argTypes, t, (x: number) => roundD(x) + 0);
          if (nConst !== undefined) {
            const n = nConst;
            return sig(argTypes, t, (x: number) => roundDouble(x, n));
          }
          return sig(argTypes, t, roundDouble);
        case 'decimal': {
          const p = t.precision ?? MAX_DECIMAL_PRECISION;
          const s = t.scale ?? 0;
          const n = nConst!;
          if (n >= s) return sig(argTypes, t, (v: number) => v);
          const f = POW10[Math.min(s - n, 22)];
          if (n >= 0) return sig(argTypes, decimalType(p, n), (v: number) => divide(v, f));
          if (s - n > 18) return sig(argTypes, decimalType(p, 0), () => 0);
          const back = POW10[-n];
          return sig(argTypes, decimalType(p, 0), (v: number) => divide(v, f) * back);
        }
      }
      return null;
    },
  };
}

/** floor/ceil: DECIMAL(p,s) gives DECIMAL(p,0); everything else is computed as DOUBLE, as DuckDB does. */
function floorCeil(name: string, up: boolean): ScalarFunctionDef {
  return {
    name,
    resolve(args, c) {
      if (args.length !== 1) return null;
      const t = numericArg(args[0], c[0]);
      if (t === null) return null;
      if (t.id === 'decimal') {
        const s = t.scale ?? 0;
        const rt = decimalType(t.precision ?? MAX_DECIMAL_PRECISION, 0);
        if (s === 0) return sig([t], rt, (v: number) => v);
        const f = POW10[s];
        return sig([t], rt, up ? (v: number) => -floorDiv(-v, f) + 0 : (v: number) => floorDiv(v, f));
      }
      return sig([DOUBLE], DOUBLE, up ? (x: number) => Math.ceil(x) + 0 : Math.floor);
    },
  };
}

/**
 * mod/% on the arguments' common type. Integer and decimal division by zero gives NULL (DuckDB; PostgreSQL
 * raises an error), a double one NaN. The sign follows the dividend, as in C, SQL and JS.
 */
const mod: ScalarFunctionDef = {
  name: 'mod',
  canReturnNull: true,
  resolve(args, c) {
    if (args.length !== 2) return null;
    if (numericArg(args[0], c[0]) === null || numericArg(args[1], c[1]) === null) return null;
    let t = unifyArgTypes(args, c);
    if (t === null) return null;
    if (t.id === 'varchar') t = DOUBLE;
    if (t.id === 'double') return sig([t, t], t, (a: number, b: number) => a % b);
    return sig([t, t], t, (a: number, b: number) => (b === 0 ? null : (a % b) + 0));
  },
};

/** A DOUBLE -> DOUBLE function; integer and decimal arguments are converted to DOUBLE. */
function unaryDouble(name: string, f: (x: number) => number, deterministic = true): ScalarFunctionDef {
  return {
    name,
    deterministic,
    resolve(args, c) {
      if (args.length !== 1 || numericArg(args[0], c[0]) === null) return null;
      return sig([DOUBLE], DOUBLE, f);
    },
  };
}

function binaryDouble(name: string, f: (x: number, y: number) => number): ScalarFunctionDef {
  return {
    name,
    resolve(args, c) {
      if (args.length !== 2 || numericArg(args[0], c[0]) === null || numericArg(args[1], c[1]) === null) return null;
      return sig([DOUBLE, DOUBLE], DOUBLE, f);
    },
  };
}

function nullary(name: string, returnType: DataType, f: () => number, deterministic: boolean): ScalarFunctionDef {
  return {
    name,
    deterministic,
    resolve(args) {
      return args.length === 0 ? sig([], returnType, f) : null;
    },
  };
}

function checkLogArg(x: number): void {
  if (x <= 0) {
    throw new StrataError(
      'execution',
      x === 0 ? 'cannot take logarithm of zero' : 'cannot take logarithm of a negative number',
    );
  }
}

const sqrt = (x: number): number => {
  if (x < 0) throw new StrataError('execution', 'cannot take square root of a negative number');
  return Math.sqrt(x);
};
const ln = (x: number): number => {
  checkLogArg(x);
  return Math.log(x);
};
const log10 = (x: number): number => {
  checkLogArg(x);
  return Math.log10(x);
};
const log2 = (x: number): number => {
  checkLogArg(x);
  return Math.log2(x);
};

/** log(x) is log10 (PostgreSQL, DuckDB); log(b, x) is the logarithm of x to base b. */
const log: ScalarFunctionDef = {
  name: 'log',
  resolve(args, c) {
    if (args.length === 1) return numericArg(args[0], c[0]) === null ? null : sig([DOUBLE], DOUBLE, log10);
    if (args.length !== 2 || numericArg(args[0], c[0]) === null || numericArg(args[1], c[1]) === null) return null;
    return sig([DOUBLE, DOUBLE], DOUBLE, (b: number, x: number) => {
      checkLogArg(x);
      checkLogArg(b);
      return Math.log(x) / Math.log(b);
    });
  },
};

/** The comparison functions for greatest/least per arity, so that 2 and 3 arguments avoid a rest array. */
function extremum(name: string, greatest: boolean): ScalarFunctionDef {
  const pick2 = greatest
    ? (a: any, b: any) => (a === null ? b : b === null ? a : b > a ? b : a)
    : (a: any, b: any) => (a === null ? b : b === null ? a : b < a ? b : a);
  const pick3 = (a: any, b: any, c: any) => pick2(pick2(a, b), c);
  const pickN = (...v: any[]) => {
    let r = v[0];
    for (let i = 1; i < v.length; i++) r = pick2(r, v[i]);
    return r;
  };
  return {
    name,
    propagatesNulls: false,
    resolve(args, c) {
      if (args.length === 0) return null;
      const t = unifyArgTypes(args, c);
      if (t === null || t.id === 'interval') return null;
      const pick: Impl = args.length === 1 ? (a: any) => a : args.length === 2 ? pick2 : args.length === 3 ? pick3 : pickN;
      const impl: Impl = t.id === 'boolean' ? (...v: any[]) => {
        const r = pick(...v);
        return r === null ? null : r === 1 || r === true;
      } : pick;
      return sig(args.map(() => t), t, impl);
    },
  };
}

/** Whether a DOUBLE is NaN / infinite / finite; integer and decimal arguments are converted to DOUBLE. */
function doublePredicate(name: string, f: (x: number) => boolean): ScalarFunctionDef {
  return {
    name,
    resolve(args, c) {
      if (args.length !== 1 || numericArg(args[0], c[0]) === null) return null;
      return sig([DOUBLE], BOOLEAN, f);
    },
  };
}

/** The numeric functions, registered by scalar-function.ts. */
export const MATH_FUNCTIONS: ScalarFunctionDef[] = [
  abs,
  sign,
  roundLike('round', 'round'),
  roundLike('trunc', 'trunc'),
  floorCeil('floor', false),
  floorCeil('ceil', true),
  mod,
  unaryDouble('sqrt', sqrt),
  unaryDouble('cbrt', Math.cbrt),
  unaryDouble('exp', Math.exp),
  unaryDouble('ln', ln),
  unaryDouble('log10', log10),
  unaryDouble('log2', log2),
  log,
  binaryDouble('power', Math.pow),
  binaryDouble('atan2', Math.atan2),
  unaryDouble('sin', Math.sin),
  unaryDouble('cos', Math.cos),
  unaryDouble('tan', Math.tan),
  unaryDouble('cot', (x) => 1 / Math.tan(x)),
  unaryDouble('asin', Math.asin),
  unaryDouble('acos', Math.acos),
  unaryDouble('atan', Math.atan),
  unaryDouble('degrees', (x) => (x * 180) / Math.PI),
  unaryDouble('radians', (x) => (x * Math.PI) / 180),
  doublePredicate('isnan', Number.isNaN),
  doublePredicate('isinf', (x) => x === Infinity || x === -Infinity),
  doublePredicate('isfinite', Number.isFinite),
  nullary('pi', DOUBLE, () => Math.PI, true),
  nullary('random', DOUBLE, Math.random, false),
  extremum('greatest', true),
  extremum('least', false),
];

/** Alternative names: alias -> registered name. */
export const MATH_ALIASES: Record<string, string> = {
  ceiling: 'ceil',
  pow: 'power',
  truncate: 'trunc',
  '%': 'mod',
};
