/** Casts between logical types on physical scalar values, the implicit-cast rules, and the text form of values. */
import { StrataError } from '../errors.js';
import {
  BIGINT,
  DOUBLE,
  INTEGER,
  MAX_DECIMAL_PRECISION,
  TIMESTAMP,
  decimalType,
  typeEquals,
  typeToString,
  type DataType,
} from './data-type.js';
import {
  MICROS_PER_DAY,
  formatDate,
  formatInterval,
  formatTimestamp,
  parseDate,
  parseInterval,
  parseTimestamp,
  type Interval,
} from './date-time.js';

/** Exact powers of ten as doubles (10^22 is the largest exactly representable one). */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number('1e' + i));

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** 2^63: BIGINT values must be strictly below it (and at least -2^63). */
const TWO63 = 9223372036854775808;

/** Rounds half away from zero, the rule PostgreSQL and DuckDB use for numeric/decimal rounding. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x) + 0;
}

/** Rounds half to even, which is what DuckDB and PostgreSQL (rint) do for DOUBLE -> integer casts. */
export function roundHalfEven(x: number): number {
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r + 0;
}

/**
 * Exact `round(v / f)` with ties away from zero for integer `v` and power-of-ten `f`: used to rescale
 * decimals. The floating quotient may be off by one near 2^53, so the remainder corrects it.
 */
export function divRoundHalfAway(v: number, f: number): number {
  let q = Math.trunc(v / f);
  let r = v - q * f;
  if (v >= 0) {
    if (r < 0) { q -= 1; r += f; } else if (r >= f) { q += 1; r -= f; }
    return 2 * r >= f ? q + 1 : q + 0;
  }
  if (r > 0) { q += 1; r -= f; } else if (r <= -f) { q -= 1; r += f; }
  return -2 * r >= f ? q - 1 : q + 0;
}

/** Exact `floor(v / f)` for integer `v` and positive integer `f`. */
export function floorDiv(v: number, f: number): number {
  let q = Math.floor(v / f);
  const r = v - q * f;
  if (r < 0) q -= 1;
  else if (r >= f) q += 1;
  return q + 0;
}

/** Exact `trunc(v / f)` for integer `v` and positive integer `f`. */
export function truncDiv(v: number, f: number): number {
  return v >= 0 ? floorDiv(v, f) : -floorDiv(-v, f);
}

function outOfRange(from: DataType, v: unknown, to: DataType): StrataError {
  const shown = typeof v === 'number' && from.id === 'double' ? formatDouble(v) : String(v);
  return new StrataError(
    'conversion',
    `Type ${typeToString(from)} with value ${shown} can't be cast because the value is out of range for the destination type ${typeToString(to)}`,
  );
}

function badString(s: string, to: DataType): StrataError {
  return new StrataError('conversion', `Could not convert string '${s}' to ${typeToString(to)}`);
}

// ---------------------------------------------------------------------------------------------
// Text form of values.

/**
 * A DOUBLE as DuckDB prints it: shortest round-trip digits, `1.0` for integral values, and an exponent
 * (`1e+16`, `1e-05`) outside [1e-4, 1e16), i.e. Python's `repr`.
 */
export function formatDouble(v: number): string {
  const a = v < 0 ? -v : v;
  if (a >= 1e-4 && a < 1e16) {
    const s = String(v);
    return Number.isInteger(v) ? s + '.0' : s;
  }
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  if (v !== v) return 'nan';
  if (a === Infinity) return v > 0 ? 'inf' : '-inf';
  const e = v.toExponential();
  const ei = e.indexOf('e');
  const exp = e.slice(ei + 2);
  return e.slice(0, ei) + 'e' + e[ei + 1] + (exp.length < 2 ? '0' + exp : exp);
}

/** An integral double as exact decimal digits (String() would print 2^63 as 9223372036854776000). */
export function formatInteger(v: number): string {
  return v < 9007199254740992 && v > -9007199254740992 ? String(v + 0) : BigInt(v).toString();
}

/**
 * A BIGINT's text. 2^63 - 1 is stored as the double 2^63, which is no valid BIGINT, so it prints as the
 * value it must have come from.
 */
function formatBigint(v: number): string {
  return v >= TWO63 ? '9223372036854775807' : formatInteger(v);
}

/** The text of a scaled decimal integer with exactly `scale` fraction digits (`DECIMAL(5,2)` 150 -> `1.50`). */
export function formatDecimal(v: number, scale: number): string {
  if (scale === 0) return formatInteger(v);
  const neg = v < 0;
  let digits = formatInteger(neg ? -v : v);
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  return (neg ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut);
}

/** The VARCHAR text of a physical value, as `CAST(x AS VARCHAR)` and `||` produce it. */
export function formatValue(type: DataType, v: number | string | boolean | Interval): string {
  switch (type.id) {
    case 'varchar':
      return v as string;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'integer':
      return String((v as number) + 0);
    case 'bigint':
      return formatBigint(v as number);
    case 'double':
      return formatDouble(v as number);
    case 'decimal':
      return formatDecimal(v as number, type.scale ?? 0);
    case 'date':
      return formatDate(v as number);
    case 'timestamp':
      return formatTimestamp(v as number);
    case 'interval':
      return formatInterval(v as Interval);
    default:
      return String(v);
  }
}

// ---------------------------------------------------------------------------------------------
// Text to values.

const INT_RE = /^\s*[+-]?\d+\s*$/;
const NUM_RE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const HEX_RE = /^\s*([+-]?)0[xX]([0-9a-fA-F]+)\s*$/;
const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses an integer the way DuckDB does: surrounding spaces are ignored, and a fraction or exponent is
 * accepted and rounded half away from zero (`'12.5'` -> 13); `0x` hex is accepted too. NaN if invalid.
 */
function parseIntegerText(s: string): number {
  if (INT_RE.test(s)) return +s + 0;
  if (NUM_RE.test(s)) return roundHalfAway(+s);
  const h = HEX_RE.exec(s);
  if (h !== null) return (h[1] === '-' ? -1 : 1) * parseInt(h[2], 16) + 0;
  return NaN;
}

/** Parses a DOUBLE; accepts `inf`, `infinity`, `nan` in any case. NaN (the value) is returned for `'nan'`, null if invalid. */
function parseDoubleText(s: string): number | null {
  if (NUM_RE.test(s)) return +s;
  const t = s.trim().toLowerCase();
  switch (t) {
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
  }
  return null;
}

/**
 * Parses decimal text exactly into a scaled integer (value x 10^scale), rounding half away from zero on
 * the first dropped digit; null if the text is not a number or does not fit `precision` digits.
 */
export function parseDecimalText(s: string, precision: number, scale: number): number | null {
  const m = DEC_RE.exec(s.trim());
  if (m === null) return null;
  const intDigits = m[2];
  const fracDigits = m[3] ?? '';
  if (intDigits.length === 0 && fracDigits.length === 0) return null;
  const exp = m[4] === undefined ? 0 : +m[4];
  const all = (intDigits + fracDigits).replace(/^0+(?=\d)/, '');
  const shift = scale + exp - fracDigits.length;
  let scaled: number;
  if (shift >= 0) {
    if (/^0*$/.test(all)) scaled = 0;
    else if (all.length + shift > precision) return null;
    else scaled = Number(all + '0'.repeat(shift));
  } else {
    const keep = all.length + shift;
    scaled = keep > 0 ? Number(all.slice(0, keep)) : 0;
    if (keep >= 0 && keep < all.length && all.charCodeAt(keep) >= 53 /* '5' */) scaled += 1;
  }
  if (scaled >= POW10[precision]) return null;
  return m[1] === '-' ? -scaled + 0 : scaled;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', 'off', '0']);

/** Parses a BOOLEAN: true/false, t/f, yes/no, y/n, on/off, 1/0 in any case (PostgreSQL's set); null if invalid. */
function parseBooleanText(s: string): boolean | null {
  const t = s.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Cast functions.

type Cast = (v: any) => any;

const identity: Cast = (v) => v;
const toNull: Cast = () => null;

function checkInt32(from: DataType): Cast {
  return (v: number) => {
    if (v < INT32_MIN || v > INT32_MAX) throw outOfRange(from, v, INTEGER);
    return v + 0;
  };
}

function numericCast(from: DataType, to: DataType): Cast | null {
  const fs = from.scale ?? 0;
  const ts = to.scale ?? 0;
  switch (to.id) {
    case 'integer':
    case 'bigint': {
      const lo = to.id === 'integer' ? INT32_MIN : -TWO63;
      const hi = to.id === 'integer' ? INT32_MAX : TWO63 - 1;
      const strictHi = to.id === 'bigint';
      switch (from.id) {
        case 'integer':
          return identity;
        case 'bigint':
          return to.id === 'integer' ? checkInt32(from) : identity;
        case 'double':
          return (v: number) => {
            const r = roundHalfEven(v);
            if (!(r >= lo && (strictHi ? r < TWO63 : r <= hi))) throw outOfRange(from, v, to);
            return r;
          };
        case 'decimal': {
          const f = POW10[fs];
          return (v: number) => {
            const r = fs === 0 ? v + 0 : divRoundHalfAway(v, f);
            if (!(r >= lo && (strictHi ? r < TWO63 : r <= hi))) throw outOfRange(from, formatDecimal(v, fs), to);
            return r;
          };
        }
      }
      return null;
    }
    case 'double':
      if (from.id === 'decimal') {
        const f = POW10[fs];
        return fs === 0 ? identity : (v: number) => v / f;
      }
      return identity;
    case 'decimal': {
      const limit = POW10[to.precision ?? MAX_DECIMAL_PRECISION];
      const range = (v: number, r: number): number => {
        if (!(r > -limit && r < limit)) {
          throw outOfRange(from, from.id === 'decimal' ? formatDecimal(v, fs) : v, to);
        }
        return r + 0;
      };
      switch (from.id) {
        case 'integer':
        case 'bigint': {
          const f = POW10[ts];
          return (v: number) => range(v, v * f);
        }
        case 'double': {
          const f = POW10[ts];
          return (v: number) => {
            if (!Number.isFinite(v)) throw outOfRange(from, v, to);
            return range(v, roundHalfAway(v * f));
          };
        }
        case 'decimal':
          if (ts >= fs) {
            const f = POW10[ts - fs];
            if (f === 1 && (to.precision ?? 18) - ts >= (from.precision ?? 18) - fs) return identity;
            return (v: number) => range(v, v * f);
          } else {
            const f = POW10[fs - ts];
            return (v: number) => range(v, divRoundHalfAway(v, f));
          }
      }
      return null;
    }
  }
  return null;
}

function fromVarchar(to: DataType): Cast | null {
  switch (to.id) {
    case 'varchar':
      return identity;
    case 'integer':
      return (s: string) => {
        const v = parseIntegerText(s);
        if (!(v >= INT32_MIN && v <= INT32_MAX)) throw badString(s, to);
        return v;
      };
    case 'bigint':
      return (s: string) => {
        const v = parseIntegerText(s);
        // 2^63 - 1 itself rounds up to 2^63 as a double; the text decides whether it was in range.
        if (!(v >= -TWO63 && v < TWO63) && !(v === TWO63 && INT_RE.test(s) && BigInt(s.trim()) < BigInt(TWO63))) {
          throw badString(s, to);
        }
        return v;
      };
    case 'double':
      return (s: string) => {
        const v = parseDoubleText(s);
        if (v === null) throw badString(s, to);
        return v;
      };
    case 'decimal': {
      const p = to.precision ?? MAX_DECIMAL_PRECISION;
      const sc = to.scale ?? 0;
      return (s: string) => {
        const v = parseDecimalText(s, p, sc);
        if (v === null) throw badString(s, to);
        return v;
      };
    }
    case 'boolean':
      return (s: string) => {
        const v = parseBooleanText(s);
        if (v === null) throw badString(s, to);
        return v;
      };
    case 'date':
      return parseDate;
    case 'timestamp':
      return parseTimestamp;
    case 'interval':
      return (s: string) => parseInterval(s, null);
  }
  return null;
}

/** The uncaught form of {@link castFunction}. */
function strictCast(from: DataType, to: DataType): Cast | null {
  if (from.id === 'null') return toNull;
  if (typeEquals(from, to)) return identity;
  if (to.id === 'varchar') {
    switch (from.id) {
      case 'boolean':
        return (v: unknown) => (v ? 'true' : 'false');
      case 'integer':
        return (v: number) => String(v + 0);
      case 'bigint':
        return formatBigint;
      case 'double':
        return formatDouble;
      case 'decimal': {
        const s = from.scale ?? 0;
        return (v: number) => formatDecimal(v, s);
      }
      case 'date':
        return formatDate;
      case 'timestamp':
        return formatTimestamp;
      case 'interval':
        return formatInterval;
    }
    return null;
  }
  if (from.id === 'varchar') return fromVarchar(to);
  const fromNum = from.id === 'integer' || from.id === 'bigint' || from.id === 'double' || from.id === 'decimal';
  const toNum = to.id === 'integer' || to.id === 'bigint' || to.id === 'double' || to.id === 'decimal';
  if (fromNum && toNum) return numericCast(from, to);
  if (fromNum && to.id === 'boolean') return (v: number) => v !== 0;
  if (from.id === 'boolean' && toNum) {
    if (to.id === 'decimal') {
      const one = POW10[to.scale ?? 0];
      if ((to.precision ?? 18) - (to.scale ?? 0) < 1) return null;
      return (v: unknown) => (v ? one : 0);
    }
    return (v: unknown) => (v ? 1 : 0);
  }
  if (from.id === 'date' && to.id === 'timestamp') return (v: number) => v * MICROS_PER_DAY;
  if (from.id === 'timestamp' && to.id === 'date') return (v: number) => Math.floor(v / MICROS_PER_DAY);
  return null;
}

/**
 * The function converting a physical value of type `from` to type `to`, or null if SQL does not allow the
 * cast. Rules follow DuckDB: DOUBLE -> integer rounds half to even (nearbyint, like PostgreSQL's rint);
 * DECIMAL/text -> integer and anything -> DECIMAL round half away from zero; values out of the target's
 * range raise a conversion error. BOOLEAN results are JS booleans; BOOLEAN inputs may be 0/1 or booleans.
 * With `tryCast`, a failed conversion yields null instead of throwing.
 */
export function castFunction(from: DataType, to: DataType, tryCast: boolean): ((v: any) => any) | null {
  const f = strictCast(from, to);
  if (f === null || !tryCast || f === identity || f === toNull) return f;
  return (v: any) => {
    try {
      return f(v);
    } catch (e) {
      if (e instanceof StrataError) return null;
      throw e;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Implicit casts.

/** Integer digits a type needs when it is widened into a DECIMAL. BIGINT counts as 18 digits (the decimal cap). */
function integerDigits(t: DataType): number {
  switch (t.id) {
    case 'integer':
      return 10;
    case 'bigint':
      return MAX_DECIMAL_PRECISION;
    case 'decimal':
      return (t.precision ?? MAX_DECIMAL_PRECISION) - (t.scale ?? 0);
  }
  return Infinity;
}

/**
 * Whether a value of `from` may be converted to `to` without an explicit CAST (function arguments,
 * assignments): NULL to anything, widening among numbers (INTEGER -> BIGINT -> DECIMAL wide enough -> DOUBLE)
 * and DATE -> TIMESTAMP. VARCHAR never converts implicitly; the binder types string literals itself.
 */
export function implicitCastAllowed(from: DataType, to: DataType): boolean {
  if (from.id === 'null' || typeEquals(from, to)) return true;
  switch (from.id) {
    case 'integer':
    case 'bigint':
    case 'decimal':
      if (to.id === 'double') return true;
      if (to.id === 'bigint') return from.id === 'integer';
      if (to.id === 'decimal') {
        return (
          (to.precision ?? MAX_DECIMAL_PRECISION) - (to.scale ?? 0) >= integerDigits(from) &&
          (to.scale ?? 0) >= (from.scale ?? 0)
        );
      }
      return false;
    case 'date':
      return to.id === 'timestamp';
  }
  return false;
}

const NUMERIC_RANK: Partial<Record<DataType['id'], number>> = { integer: 1, bigint: 2, decimal: 3, double: 4 };

/**
 * The type two values are converted to when they meet (comparison, UNION, CASE, COALESCE, IN), or null if
 * they cannot meet. Numbers widen INTEGER < BIGINT < DECIMAL < DOUBLE; a DECIMAL with another exact type
 * keeps the larger integer-digit count and the larger scale, and becomes DOUBLE when that exceeds
 * {@link MAX_DECIMAL_PRECISION}. DATE with TIMESTAMP is TIMESTAMP. VARCHAR with DATE/TIMESTAMP/INTERVAL is
 * the temporal type (DuckDB's treatment of string literals). BOOLEAN only meets BOOLEAN; NULL meets anything.
 */
export function commonSupertype(a: DataType, b: DataType): DataType | null {
  if (typeEquals(a, b)) return a;
  if (a.id === 'null') return b;
  if (b.id === 'null') return a;
  const ra = NUMERIC_RANK[a.id];
  const rb = NUMERIC_RANK[b.id];
  if (ra !== undefined && rb !== undefined) {
    if (ra === 4 || rb === 4) return DOUBLE;
    if (ra < 3 && rb < 3) return ra > rb ? a : b;
    const scale = Math.max(a.scale ?? 0, b.scale ?? 0);
    const digits = Math.max(integerDigits(a), integerDigits(b));
    if (digits + scale > MAX_DECIMAL_PRECISION) return DOUBLE;
    return decimalType(digits + scale, scale);
  }
  if ((a.id === 'date' && b.id === 'timestamp') || (a.id === 'timestamp' && b.id === 'date')) return TIMESTAMP;
  if (a.id === 'varchar' && (b.id === 'date' || b.id === 'timestamp' || b.id === 'interval')) return b;
  if (b.id === 'varchar' && (a.id === 'date' || a.id === 'timestamp' || a.id === 'interval')) return a;
  return null;
}

/**
 * Whether a function argument of type `from` may be passed where `to` is expected: an implicit cast, or a
 * string literal (`constValue` is its text) that an explicit cast could convert, as DuckDB lets string
 * literals convert to any parameter type.
 */
export function argCastAllowed(from: DataType, to: DataType, constValue: unknown): boolean {
  if (implicitCastAllowed(from, to)) return true;
  return from.id === 'varchar' && typeof constValue === 'string' && strictCast(from, to) !== null;
}
