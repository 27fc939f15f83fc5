/**
 * sqllogictest value rendering, sorting, hashing and tolerant comparison.
 *
 * Two renderings (see /work/shared/sqllogictest/FORMAT.md):
 * - SQLite format (§5.2): the header's type LETTER chooses the rendering (`I`, `R`, `T`), not the
 *   value's runtime type.
 * - DuckDB dialect (§8.3): letters only give the column count; each value is rendered like
 *   DuckDB's `CAST(v AS VARCHAR)` as its sqllogictest runner does it (BOOLEAN as `1`/`0`, like
 *   DuckDB's runner; `true`/`false` in the file are accepted too by the tolerant comparison).
 *
 * Sorting (§5.3) is on the rendered strings, byte-wise (UTF-8 byte order, i.e. code point order).
 * Hashing (§5.4) is MD5 over every value followed by `\n`.
 */
import { createHash } from 'node:crypto';

/** A cell as the engine returns it (see sql/query-result.ts `CellValue`); anything else is stringified. */
export type Cell = unknown;

/** What a result column's SQL type spelling (`ColumnInfo.type`) says about how to render it. */
export type TypeKind = 'integer' | 'double' | 'decimal' | 'boolean' | 'string' | 'temporal' | 'null' | 'other';

export interface ColumnKind {
  readonly kind: TypeKind;
  /** DECIMAL scale, when known. */
  readonly scale?: number;
}

const INTEGER_TYPES = new Set([
  'TINYINT', 'SMALLINT', 'INTEGER', 'INT', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT',
  'UHUGEINT', 'INT1', 'INT2', 'INT4', 'INT8', 'INT16', 'INT32', 'INT64', 'INT128', 'LONG', 'SHORT', 'SIGNED',
]);
const DOUBLE_TYPES = new Set(['DOUBLE', 'FLOAT', 'REAL', 'FLOAT4', 'FLOAT8', 'DOUBLE PRECISION']);
const STRING_TYPES = new Set(['VARCHAR', 'TEXT', 'STRING', 'CHAR', 'BPCHAR', 'NVARCHAR', 'CLOB']);

/** Classifies a SQL type spelling such as `INTEGER`, `DECIMAL(15,2)`, `VARCHAR(10)`, `TIMESTAMP`. */
export function columnKind(type: string | undefined): ColumnKind {
  const t = (type ?? '').trim().toUpperCase();
  const base = t.replace(/\s*\(.*$/, '');
  if (INTEGER_TYPES.has(base)) return { kind: 'integer' };
  if (DOUBLE_TYPES.has(base)) return { kind: 'double' };
  if (base === 'DECIMAL' || base === 'NUMERIC' || base === 'DEC') {
    const m = /\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(t);
    return m ? { kind: 'decimal', scale: Number(m[1]) } : { kind: 'decimal' };
  }
  if (base === 'BOOLEAN' || base === 'BOOL' || base === 'LOGICAL') return { kind: 'boolean' };
  if (STRING_TYPES.has(base) || base.startsWith('VARCHAR') || base.startsWith('CHARACTER')) return { kind: 'string' };
  if (base === 'DATE' || base.startsWith('TIMESTAMP') || base.startsWith('TIME') || base === 'INTERVAL') {
    return { kind: 'temporal' };
  }
  if (base === 'NULL' || base === '"NULL"') return { kind: 'null' };
  return { kind: 'other' };
}

function isNumericKind(k: TypeKind): boolean {
  return k === 'integer' || k === 'double' || k === 'decimal';
}

// ---------------------------------------------------------------------------------------------
// Number formatting helpers
// ---------------------------------------------------------------------------------------------

/** An integral number as plain decimal digits (no exponent, `-0` → `0`). */
export function integerString(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '0' : x > 0 ? '9223372036854775807' : '-9223372036854775808';
  const t = Math.trunc(x);
  if (Math.abs(t) < 1e21) return t === 0 ? '0' : t.toFixed(0);
  return BigInt(t).toString();
}

/** Mantissa digits (no dot, no sign) and decimal exponent of `Math.abs(x)` with `sig` significant digits (or shortest). */
function decompose(x: number, sig?: number): { digits: string; exp: number } {
  const s = sig === undefined ? Math.abs(x).toExponential() : Math.abs(x).toExponential(sig - 1);
  const e = s.indexOf('e');
  return { digits: s.slice(0, e).replace('.', ''), exp: Number(s.slice(e + 1)) };
}

/**
 * C/SQLite `printf("%.3f", x)`.
 * - Uses at most 16 significant digits like SQLite's printf (the rest print as `0`), so
 *   `-9223372036854775808` gives `-9223372036854776000.000`.
 * - Ties round away from zero, and (like SQLite's printf) a value within ~3e-16 relative below a
 *   tie is nudged up, so a decimal such as `2.0005` (stored just below) prints `2.001`.
 */
export function formatFixed3(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  const sign = x < 0 ? '-' : '';
  let a = Math.abs(x);
  if (a < 2 ** 36) a += a * 3e-16;
  if (a < 1e13) return sign + a.toFixed(3);
  // 14+ integer digits: only 16 significant digits are real, the rest are zeros.
  const { digits, exp } = decompose(a, 16);
  const intLen = exp + 1;
  const intPart = intLen <= 16 ? digits.slice(0, intLen) : digits + '0'.repeat(intLen - 16);
  const frac = (intLen < 16 ? digits.slice(intLen) : '').padEnd(3, '0').slice(0, 3);
  return `${sign}${intPart}.${frac}`;
}

/** SQLite's text for a REAL (`printf("%!.15g")`): `1.5`, `12.0`, `1.0e+20`, `1.5e-07`. */
export function sqliteRealText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits: raw, exp } = decompose(x, 15);
  const digits = raw.replace(/0+$/, '') || '0';
  if (exp < -4 || exp >= 15) {
    const e = Math.abs(exp);
    return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return sign + fixedFromDigits(digits, exp);
}

/** `d.ddd × 10^exp` in plain fixed notation with at least one fractional digit. */
function fixedFromDigits(digits: string, exp: number): string {
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  const intPart = digits.length >= intLen ? digits.slice(0, intLen) : digits.padEnd(intLen, '0');
  const frac = digits.slice(intLen);
  return `${intPart}.${frac || '0'}`;
}

/**
 * A DOUBLE as DuckDB's `CAST(x AS VARCHAR)` prints it: the shortest round-trip digits, fixed
 * notation with at least one decimal (`0.5`, `12.0`) for exponents -4..15, else `1e+16`, `1.5e-05`;
 * `inf`, `-inf`, `nan`.
 */
export function duckdbDoubleText(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = decompose(x);
  if (exp < -4 || exp >= 16) {
    const e = Math.abs(exp);
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return sign + fixedFromDigits(digits, exp);
}

// ---------------------------------------------------------------------------------------------
// SQLite rendering (by type letter)
// ---------------------------------------------------------------------------------------------

/** Leading integer prefix of a text (like `atoi`), or `0`. */
function textToIntString(s: string): string {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? BigInt(m[1]).toString() : '0';
}

/** Leading floating-point prefix of a text (like `strtod`), or `0`. */
function textToNumber(s: string): number {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** Text rendering of the SQLite adapter: `(empty)`, and every byte outside 0x20..0x7E becomes `@`. */
export function sqliteText(s: string): string {
  if (s.length === 0) return '(empty)';
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '@';
  return out;
}

/**
 * Renders one value as the reference SQLite adapter does for header letter `letter` (§5.2).
 * `kind` is the result column's type; it decides whether a number is an integer or a real for `T`.
 * Note: the C adapter goes through a 32-bit int for `I`; we print the full (truncated) integer.
 */
export function renderSqlite(v: Cell, letter: string, kind: ColumnKind): string {
  if (v === null || v === undefined) return 'NULL';
  switch (letter) {
    case 'I':
      if (typeof v === 'number') return integerString(v);
      if (typeof v === 'boolean') return v ? '1' : '0';
      if (typeof v === 'bigint') return v.toString();
      return textToIntString(String(v));
    case 'R':
      if (typeof v === 'number') return formatFixed3(v);
      if (typeof v === 'boolean') return v ? '1.000' : '0.000';
      if (typeof v === 'bigint') return formatFixed3(Number(v));
      return formatFixed3(textToNumber(String(v)));
    default: // 'T' (and any unknown letter)
      if (typeof v === 'number') {
        const isInt = kind.kind === 'integer' || (!isNumericKind(kind.kind) && Number.isInteger(v));
        return isInt ? integerString(v) : sqliteRealText(v);
      }
      if (typeof v === 'boolean') return v ? '1' : '0';
      return sqliteText(String(v));
  }
}

// ---------------------------------------------------------------------------------------------
// DuckDB rendering (CAST AS VARCHAR)
// ---------------------------------------------------------------------------------------------

/** Renders one value like DuckDB's sqllogictest runner (NULL, `(empty)`, booleans `1`/`0`). */
export function renderDuckdb(v: Cell, kind: ColumnKind): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    switch (kind.kind) {
      case 'integer':
        return Number.isInteger(v) ? integerString(v) : duckdbDoubleText(v);
      case 'decimal':
        if (kind.scale !== undefined && Number.isFinite(v) && Math.abs(v) < 1e21) return v.toFixed(kind.scale);
        return duckdbDoubleText(v);
      case 'double':
        return duckdbDoubleText(v);
      case 'boolean':
        return v !== 0 ? '1' : '0';
      default:
        return Number.isInteger(v) ? integerString(v) : duckdbDoubleText(v);
    }
  }
  const s = typeof v === 'string' ? v : String(v);
  if (s.length === 0) return '(empty)';
  return s.includes('\0') ? s.split('\0').join('\\0') : s;
}

// ---------------------------------------------------------------------------------------------
// Sorting and hashing
// ---------------------------------------------------------------------------------------------

/**
 * Byte-wise comparison of the UTF-8 encodings (`strcmp`), done on UTF-16 without encoding:
 * UTF-8 byte order equals code point order; surrogates are remapped above U+FFFF.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

/** Sorts rendered values (row-major, `ncols` per row) per the sort mode; returns a new array. */
export function sortValues(values: readonly string[], ncols: number, mode: SortMode): string[] {
  if (mode === 'valuesort') return [...values].sort(compareBytes);
  if (mode !== 'rowsort' || ncols <= 0) return [...values];
  const rows: string[][] = [];
  for (let i = 0; i < values.length; i += ncols) rows.push(values.slice(i, i + ncols));
  rows.sort(compareRows);
  return rows.flat();
}

export function compareRows(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareBytes(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** MD5 (lower-case hex) of the values, each followed by `\n`. */
export function md5Values(values: readonly string[]): string {
  const h = createHash('md5');
  for (const v of values) {
    h.update(v, 'utf8');
    h.update('\n');
  }
  return h.digest('hex');
}

/** The expected-block line for hashed results: `<count> values hashing to <md5>`. */
export function hashLine(values: readonly string[]): string {
  return `${values.length} values hashing to ${md5Values(values)}`;
}

const HASH_LINE = /^(\d+) values hashing to ([0-9a-f]{32})$/;

/** Whether an expected block is a single hash line (§5.4 runner advice). */
export function isHashLine(line: string): boolean {
  return HASH_LINE.test(line);
}

// ---------------------------------------------------------------------------------------------
// Tolerant comparison (DuckDB dialect)
// ---------------------------------------------------------------------------------------------

/** Relative tolerance for numeric comparison in the DuckDB dialect. */
export const RELATIVE_TOLERANCE = 1e-6;

const NUMBER_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function parseNumber(s: string): number | undefined {
  if (NUMBER_TEXT.test(s)) return Number(s);
  const l = s.trim().toLowerCase();
  if (l === 'inf' || l === 'infinity' || l === '+inf' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  if (l === 'nan') return NaN;
  return undefined;
}

/** Fraction digits written in a fixed-notation number text (`12.000000` → 6), else 0. */
function writtenDecimals(s: string): number {
  const m = /\.(\d+)\s*$/.exec(s);
  return m ? m[1].length : 0;
}

/**
 * Numbers equal within {@link RELATIVE_TOLERANCE}, or within half a unit of the last digit the
 * expected text writes (so `3.333333` matches 3.3333333333 and `0.000000` matches 1e-7).
 */
export function numbersMatch(got: number, expected: number, expectedText = ''): boolean {
  if (Number.isNaN(got) || Number.isNaN(expected)) return Number.isNaN(got) && Number.isNaN(expected);
  if (!Number.isFinite(got) || !Number.isFinite(expected)) return got === expected;
  const diff = Math.abs(got - expected);
  if (diff <= RELATIVE_TOLERANCE * Math.max(Math.abs(got), Math.abs(expected))) return true;
  const k = writtenDecimals(expectedText);
  return k > 0 && diff <= 0.5 * 10 ** -k * (1 + 1e-9);
}

function booleanValue(s: string): number | undefined {
  const l = s.toLowerCase();
  if (l === 'true' || s === '1') return 1;
  if (l === 'false' || s === '0') return 0;
  return undefined;
}

/** Full-match of `<REGEX>:pattern` / `<!REGEX>:pattern` (dot matches newline, as in DuckDB). */
function regexMatches(got: string, expected: string): boolean | undefined {
  let want: boolean;
  let pattern: string;
  if (expected.startsWith('<REGEX>:')) {
    want = true;
    pattern = expected.slice('<REGEX>:'.length);
  } else if (expected.startsWith('<!REGEX>:')) {
    want = false;
    pattern = expected.slice('<!REGEX>:'.length);
  } else {
    return undefined;
  }
  try {
    return new RegExp(`^(?:${pattern})$`, 's').test(got) === want;
  } catch {
    return false;
  }
}

/**
 * DuckDB-dialect value comparison: equal strings; else `<REGEX>:`; else, for a numeric column, both
 * sides parsed as numbers and compared with {@link numbersMatch}; for a BOOLEAN column
 * `true`/`1` and `false`/`0` are the same. `kind` is the column's kind; when the type is unknown,
 * the JS type of `gotValue` (the engine's raw cell) decides.
 */
export function duckdbValuesMatch(got: string, expected: string, kind: ColumnKind, gotValue?: Cell): boolean {
  if (got === expected) return true;
  const re = regexMatches(got, expected);
  if (re !== undefined) return re;
  let k = kind.kind;
  if (k === 'other' || k === 'null') {
    if (typeof gotValue === 'number' || typeof gotValue === 'bigint') k = 'double';
    else if (typeof gotValue === 'boolean') k = 'boolean';
  }
  if (isNumericKind(k)) {
    if (got === 'NULL' || expected === 'NULL') return false;
    const g = parseNumber(got);
    const e = parseNumber(expected);
    return g !== undefined && e !== undefined && numbersMatch(g, e, expected);
  }
  if (k === 'boolean') {
    const g = booleanValue(got);
    const e = booleanValue(expected);
    return g !== undefined && g === e;
  }
  return false;
}
