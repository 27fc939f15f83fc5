/**
 * Text values of CSV fields: parsing one field as a column type (booleans, integers, decimals,
 * doubles, dates and timestamps in a chosen format), the narrowest type of one value, and the
 * widening join of two types that the loader applies when a later value does not fit.
 */
import { parseDecimalText, POW10 } from '../../engine/types/cast.js';
import {
  BIGINT,
  BOOLEAN,
  type DataType,
  DATE,
  decimalType,
  DOUBLE,
  INTEGER,
  MAX_DECIMAL_PRECISION,
  TIMESTAMP,
  VARCHAR,
} from '../../engine/types/data-type.js';
import { daysFromCivil, daysInMonth, MICROS_PER_DAY } from '../../engine/types/date-time.js';

/** Largest fraction digit count a sniffed DECIMAL gets; more digits read as DOUBLE. */
export const MAX_SNIFFED_SCALE = 6;
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

// --- Date and timestamp formats ---

/** A date or timestamp format: a strftime-style pattern compiled to a parser. */
export interface TemporalFormat {
  /** The pattern as given, e.g. `%d/%m/%Y` (`iso` for the built-in ISO 8601 parser). */
  readonly pattern: string;
  /** Days (DATE) or microseconds (TIMESTAMP) since the epoch; null when `text` does not match. */
  parse(text: string): number | null;
}

/**
 * Candidate date formats the sniffer tries, in this order (the first one that reads every sample
 * value wins, so detection is deterministic): ISO first, then US month-first before day-first.
 */
export const DATE_FORMAT_CANDIDATES = ['%Y-%m-%d', '%Y/%m/%d', '%m/%d/%Y', '%d/%m/%Y', '%d.%m.%Y', '%d-%m-%Y'];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Fields a compiled pattern fills in. */
interface Parts {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  us: number;
  pm: number; // -1 none, 0 am, 1 pm
  tz: number; // offset in minutes
}

type Step = (text: string, at: number, p: Parts) => number; // returns the next position or -1

function digitsStep(min: number, max: number, set: (p: Parts, v: number) => void): Step {
  return (text, at, p) => {
    let v = 0;
    let k = 0;
    while (k < max && at + k < text.length) {
      const d = text.charCodeAt(at + k) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      k++;
    }
    if (k < min) return -1;
    set(p, v);
    return at + k;
  };
}

function literalStep(ch: string): Step {
  return (text, at) => (text[at] === ch ? at + 1 : -1);
}

/** Compiles a strftime subset: %Y %y %m %d %H %I %M %S %f %p %b %z %T %%, other characters literal. */
export function compileTemporalFormat(pattern: string, kind: 'date' | 'timestamp'): TemporalFormat {
  const steps: Step[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch !== '%') {
      steps.push(literalStep(ch));
      continue;
    }
    const spec = pattern[++i];
    switch (spec) {
      case 'Y':
        steps.push(digitsStep(4, 4, (p, v) => (p.y = v)));
        break;
      case 'y':
        steps.push(digitsStep(2, 2, (p, v) => (p.y = v < 70 ? 2000 + v : 1900 + v)));
        break;
      case 'm':
        steps.push(digitsStep(1, 2, (p, v) => (p.m = v)));
        break;
      case 'd':
        steps.push(digitsStep(1, 2, (p, v) => (p.d = v)));
        break;
      case 'H':
      case 'I':
        steps.push(digitsStep(1, 2, (p, v) => (p.h = v)));
        break;
      case 'M':
        steps.push(digitsStep(1, 2, (p, v) => (p.mi = v)));
        break;
      case 'S':
        steps.push(digitsStep(1, 2, (p, v) => (p.s = v)));
        break;
      case 'f':
        steps.push((text, at, p) => {
          let k = 0;
          let v = 0;
          while (at + k < text.length && k < 9) {
            const d = text.charCodeAt(at + k) - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            k++;
          }
          if (k === 0) return -1;
          p.us = k <= 6 ? v * POW10[6 - k] : Math.round(v / POW10[k - 6]);
          return at + k;
        });
        break;
      case 'p':
        steps.push((text, at, p) => {
          const s = text.slice(at, at + 2).toLowerCase();
          if (s !== 'am' && s !== 'pm') return -1;
          p.pm = s === 'pm' ? 1 : 0;
          return at + 2;
        });
        break;
      case 'b':
        steps.push((text, at, p) => {
          const i = MONTHS.indexOf(text.slice(at, at + 3).toLowerCase());
          if (i < 0) return -1;
          p.m = i + 1;
          return at + 3;
        });
        break;
      case 'z':
        steps.push((text, at, p) => parseOffset(text, at, p));
        break;
      case 'T':
        steps.push(
          digitsStep(1, 2, (p, v) => (p.h = v)),
          literalStep(':'),
          digitsStep(1, 2, (p, v) => (p.mi = v)),
          literalStep(':'),
          digitsStep(1, 2, (p, v) => (p.s = v)),
        );
        break;
      case '%':
        steps.push(literalStep('%'));
        break;
      default:
        throw new Error(`unsupported format specifier %${spec ?? ''} in "${pattern}"`);
    }
  }
  const parts: Parts = { y: 1970, m: 1, d: 1, h: 0, mi: 0, s: 0, us: 0, pm: -1, tz: 0 };
  return {
    pattern,
    parse(text: string): number | null {
      parts.y = 1970;
      parts.m = 1;
      parts.d = 1;
      parts.h = parts.mi = parts.s = parts.us = parts.tz = 0;
      parts.pm = -1;
      let at = 0;
      for (const step of steps) {
        at = step(text, at, parts);
        if (at < 0) return null;
      }
      if (at !== text.length) return null;
      if (parts.pm >= 0) {
        if (parts.h < 1 || parts.h > 12) return null;
        parts.h = (parts.h % 12) + (parts.pm === 1 ? 12 : 0);
      }
      return assemble(parts, kind);
    },
  };
}

function parseOffset(text: string, at: number, p: Parts): number {
  const c = text[at];
  if (c === 'Z' || c === 'z') {
    p.tz = 0;
    return at + 1;
  }
  if (c !== '+' && c !== '-') return -1;
  const m = /^(\d{2}):?(\d{2})?/.exec(text.slice(at + 1));
  if (m === null) return -1;
  const minutes = Number(m[1]) * 60 + (m[2] ? Number(m[2]) : 0);
  p.tz = c === '-' ? -minutes : minutes;
  return at + 1 + m[0].length;
}

function assemble(p: Parts, kind: 'date' | 'timestamp'): number | null {
  if (p.m < 1 || p.m > 12 || p.d < 1 || p.d > daysInMonth(p.y, p.m)) return null;
  if (p.h > 23 || p.mi > 59 || p.s > 60) return null;
  const days = daysFromCivil(p.y, p.m, p.d);
  if (kind === 'date') return days;
  return days * MICROS_PER_DAY + ((p.h * 60 + p.mi - p.tz) * 60 + p.s) * 1_000_000 + p.us;
}

/** ISO 8601 dates: `YYYY-MM-DD`. */
export const ISO_DATE: TemporalFormat = {
  pattern: '%Y-%m-%d',
  parse(text) {
    if (text.length !== 10 || text[4] !== '-' || text[7] !== '-') return null;
    const y = fixedDigits(text, 0, 4);
    const m = fixedDigits(text, 5, 2);
    const d = fixedDigits(text, 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
    return daysFromCivil(y, m, d);
  },
};

const ISO_TS_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** ISO 8601 timestamps: `YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z|±HH[:MM]]`, offsets converted to UTC. */
export const ISO_TIMESTAMP: TemporalFormat = {
  pattern: '%Y-%m-%d %H:%M:%S',
  parse(text) {
    const m = ISO_TS_RE.exec(text);
    if (m === null) return null;
    const p: Parts = {
      y: +m[1],
      m: +m[2],
      d: +m[3],
      h: m[4] ? +m[4] : 0,
      mi: m[5] ? +m[5] : 0,
      s: m[6] ? +m[6] : 0,
      us: m[7] ? Math.round(Number((m[7] + '000000').slice(0, 9)) / 1000) : 0,
      pm: -1,
      tz: 0,
    };
    if (m[8] !== undefined && parseOffset(m[8], 0, p) < 0) return null;
    return assemble(p, 'timestamp');
  },
};

function fixedDigits(text: string, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = text.charCodeAt(at + k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The format for a pattern: the ISO parsers for the ISO patterns (and `iso`), else compiled. */
export function temporalFormat(pattern: string, kind: 'date' | 'timestamp'): TemporalFormat {
  if (kind === 'date' && (pattern === '%Y-%m-%d' || pattern.toLowerCase() === 'iso')) return ISO_DATE;
  if (kind === 'timestamp' && pattern.toLowerCase() === 'iso') return ISO_TIMESTAMP;
  return compileTemporalFormat(pattern, kind);
}

// --- Scalar parsers ---

/** 1 / 0 for a boolean spelling (true/false, t/f, yes/no, y/n, on/off, 1/0), else null. */
export function parseBooleanText(text: string): number | null {
  switch (text.trim().toLowerCase()) {
    case 'true':
    case 't':
    case 'yes':
    case 'y':
    case 'on':
    case '1':
      return 1;
    case 'false':
    case 'f':
    case 'no':
    case 'n':
    case 'off':
    case '0':
      return 0;
    default:
      return null;
  }
}

const INT_RE = /^\s*[+-]?\d+\s*$/;

/** An integer (exact up to 2^53), or null for anything else. */
export function parseIntegerText(text: string): number | null {
  if (!INT_RE.test(text)) return null;
  const v = Number(text);
  return Number.isSafeInteger(v) ? v : null;
}

const NUM_RE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const SPECIAL_DOUBLES: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, nan: NaN };

/** A double (decimal or exponent notation, inf, nan), or null. */
export function parseDoubleText(text: string): number | null {
  if (NUM_RE.test(text)) return Number(text);
  const special = SPECIAL_DOUBLES[text.trim().toLowerCase()];
  return special === undefined ? null : special;
}

/** A DECIMAL(p,s) as its scaled integer, or null when it does not fit. */
export function parseDecimalValue(text: string, precision: number, scale: number): number | null {
  try {
    return parseDecimalText(text.trim(), precision, scale);
  } catch {
    return null;
  }
}

// --- Type inference and widening ---

/** The shape of one numeric text: integer digits, fraction digits, exponent. */
interface NumberShape {
  intDigits: number;
  fracDigits: number;
  exponent: boolean;
}

const PLAIN_NUMBER_RE = /^\s*[+-]?(\d*)(?:\.(\d*))?\s*$/;

function numberShape(text: string): NumberShape | null {
  const m = PLAIN_NUMBER_RE.exec(text);
  if (m !== null && (m[1].length > 0 || (m[2] ?? '').length > 0)) {
    return { intDigits: m[1].replace(/^0+(?=\d)/, '').length, fracDigits: (m[2] ?? '').length, exponent: false };
  }
  return parseDoubleText(text) === null ? null : { intDigits: 0, fracDigits: 0, exponent: true };
}

/**
 * The narrowest type that reads `text`: BOOLEAN, INTEGER, BIGINT, DECIMAL(18,s), DOUBLE, DATE
 * (in `dateFormat`), TIMESTAMP or VARCHAR.
 */
export function inferValueType(text: string, dateFormat: TemporalFormat, timestampFormat: TemporalFormat): DataType {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === 'true' || lower === 'false') return BOOLEAN;
  const shape = numberShape(t);
  if (shape !== null) {
    if (shape.exponent) return DOUBLE;
    if (shape.fracDigits === 0 && !t.includes('.')) {
      const v = Number(t);
      if (v >= INT32_MIN && v <= INT32_MAX) return INTEGER;
      return Number.isSafeInteger(v) ? BIGINT : DOUBLE;
    }
    if (shape.fracDigits <= MAX_SNIFFED_SCALE && shape.intDigits + shape.fracDigits <= MAX_DECIMAL_PRECISION - 3) {
      return decimalType(MAX_DECIMAL_PRECISION, shape.fracDigits);
    }
    return DOUBLE;
  }
  if (dateFormat.parse(t) !== null) return DATE;
  if (timestampFormat.parse(t) !== null || ISO_TIMESTAMP.parse(t) !== null) return TIMESTAMP;
  return VARCHAR;
}

function numericRank(t: DataType): number {
  switch (t.id) {
    case 'integer':
      return 1;
    case 'bigint':
      return 2;
    case 'decimal':
      return 3;
    case 'double':
      return 4;
    default:
      return 0;
  }
}

/**
 * The least type both `a` and `b` values fit: INTEGER < BIGINT < DECIMAL < DOUBLE among numbers
 * (decimals of different scales meet at the larger scale while the digits fit, else DOUBLE),
 * DATE < TIMESTAMP, and VARCHAR above everything. The NULL type joins to the other side.
 */
export function joinTypes(a: DataType, b: DataType): DataType {
  if (a.id === 'null') return b;
  if (b.id === 'null') return a;
  if (a.id === b.id && (a.id !== 'decimal' || (a.precision === b.precision && a.scale === b.scale))) return a;
  const ra = numericRank(a);
  const rb = numericRank(b);
  if (ra > 0 && rb > 0) {
    if (a.id === 'decimal' || b.id === 'decimal') {
      if (ra === 4 || rb === 4) return DOUBLE;
      const scale = Math.max(a.scale ?? 0, b.scale ?? 0);
      // An integer column joining a decimal keeps 18 digits of precision; BIGINT values may not fit.
      if (ra === 2 || rb === 2) return DOUBLE;
      return decimalType(MAX_DECIMAL_PRECISION, scale);
    }
    return ra >= rb ? a : b;
  }
  if ((a.id === 'date' && b.id === 'timestamp') || (a.id === 'timestamp' && b.id === 'date')) return TIMESTAMP;
  return VARCHAR;
}

/** Whether values already stored as `from` convert exactly (or as a plain widening) to `to`. */
export function widensInPlace(from: DataType, to: DataType): boolean {
  if (to.id === 'varchar') return false;
  if (numericRank(from) > 0 && numericRank(to) > 0) return true;
  return from.id === 'date' && to.id === 'timestamp';
}

/** Parses `text` as a value of `type` into its physical number (dates as days, ...); null if it does not fit. */
export function parseTypedText(text: string, type: DataType, dateFormat: TemporalFormat, timestampFormat: TemporalFormat): number | null {
  switch (type.id) {
    case 'boolean':
      return parseBooleanText(text);
    case 'integer': {
      const v = parseIntegerText(text);
      return v !== null && v >= INT32_MIN && v <= INT32_MAX ? v : null;
    }
    case 'bigint':
      return parseIntegerText(text);
    case 'double':
      return parseDoubleText(text);
    case 'decimal':
      return parseDecimalValue(text, type.precision ?? MAX_DECIMAL_PRECISION, type.scale ?? 0);
    case 'date': {
      const t = text.trim();
      const d = dateFormat.parse(t);
      if (d !== null) return d;
      return dateFormat === ISO_DATE ? null : ISO_DATE.parse(t);
    }
    case 'timestamp': {
      const t = text.trim();
      const v = timestampFormat.parse(t);
      if (v !== null) return v;
      // A date alone is midnight of that day.
      const d = ISO_TIMESTAMP.parse(t);
      return d;
    }
    default:
      return null;
  }
}
