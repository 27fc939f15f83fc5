/** Calendar arithmetic for DATE (days since epoch) and TIMESTAMP (microseconds since epoch). */
import { StrataError } from '../errors.js';

export const MICROS_PER_DAY = 86_400_000_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1-12) and day of a day number; written into `out` to avoid an allocation. */
export function civilFromDays(z: number, out: Int32Array): Int32Array {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
  return out;
}

const scratch = new Int32Array(3);

function pad(n: number, w: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= w ? s : '0'.repeat(w - s.length) + s);
}

/** `YYYY-MM-DD`. */
export function formatDate(days: number): string {
  civilFromDays(days, scratch);
  return `${pad(scratch[0], 4)}-${pad(scratch[1], 2)}-${pad(scratch[2], 2)}`;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` (fraction only when non-zero, trailing zeros trimmed). */
export function formatTimestamp(micros: number): string {
  const days = Math.floor(micros / MICROS_PER_DAY);
  let rem = micros - days * MICROS_PER_DAY;
  const h = Math.floor(rem / 3_600_000_000);
  rem -= h * 3_600_000_000;
  const mi = Math.floor(rem / 60_000_000);
  rem -= mi * 60_000_000;
  const s = Math.floor(rem / 1_000_000);
  const frac = Math.round(rem - s * 1_000_000);
  let out = `${formatDate(days)} ${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`;
  if (frac !== 0) out += '.' + pad(frac, 6).replace(/0+$/, '');
  return out;
}

const DATE_RE = /^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})\s*$/;
const TS_RE = /^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:Z|[+-]00(?::?00)?)?\s*$/;

function checkDate(y: number, m: number, d: number, text: string): void {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new StrataError('conversion', `date field value out of range: '${text}'`);
  }
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Parses `YYYY-MM-DD` into days since epoch; throws a conversion error otherwise. */
export function parseDate(text: string): number {
  const m = DATE_RE.exec(text);
  if (m === null) {
    // A timestamp string also casts to a date (its day), as in PostgreSQL and DuckDB.
    const ts = TS_RE.exec(text);
    if (ts === null) throw new StrataError('conversion', `invalid input syntax for type date: '${text}'`);
    return Math.floor(parseTimestamp(text) / MICROS_PER_DAY);
  }
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  checkDate(y, mo, d, text);
  return daysFromCivil(y, mo, d);
}

/** Parses `YYYY-MM-DD[ HH:MM[:SS[.fff]]]` into microseconds since epoch. */
export function parseTimestamp(text: string): number {
  const m = TS_RE.exec(text);
  if (m === null) throw new StrataError('conversion', `invalid input syntax for type timestamp: '${text}'`);
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  checkDate(y, mo, d, text);
  const h = m[4] ? +m[4] : 0;
  const mi = m[5] ? +m[5] : 0;
  const s = m[6] ? +m[6] : 0;
  if (h > 24 || mi > 59 || s > 60) throw new StrataError('conversion', `time field value out of range: '${text}'`);
  const frac = m[7] ? Math.round(+(m[7] + '000000').slice(0, 6)) : 0;
  return daysFromCivil(y, mo, d) * MICROS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1_000_000 + frac;
}
