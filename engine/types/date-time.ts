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

/** `YYYY-MM-DD`; years before 1 AD print as DuckDB does, `0001-01-01 (BC)` for year 0. */
export function formatDate(days: number): string {
  civilFromDays(days, scratch);
  const y = scratch[0];
  const text = `${pad(y > 0 ? y : 1 - y, 4)}-${pad(scratch[1], 2)}-${pad(scratch[2], 2)}`;
  return y > 0 ? text : text + ' (BC)';
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

// ---------------------------------------------------------------------------------------------
// Calendar fields and month arithmetic shared by casts, date functions and interval arithmetic.

/** Microseconds per second/minute/hour: TIMESTAMP and INTERVAL time parts count microseconds. */
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60_000_000;
export const MICROS_PER_HOUR = 3_600_000_000;

/** Day of the week, 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(days: number): number {
  const r = (days + 4) % 7;
  return r < 0 ? r + 7 : r;
}

/** ISO day of the week, 1 = Monday .. 7 = Sunday. */
export function isoDayOfWeek(days: number): number {
  const d = dayOfWeek(days);
  return d === 0 ? 7 : d;
}

/** The year of a day number. */
export function yearOfDays(days: number): number {
  return civilFromDays(days, scratch)[0];
}

/** Day of the year, 1-based. */
export function dayOfYear(days: number): number {
  const y = civilFromDays(days, scratch)[0];
  return days - daysFromCivil(y, 1, 1) + 1;
}

/**
 * ISO-8601 year and week of a day number, packed as `isoYear * 100 + week` so that callers get both
 * without an allocation (the ISO year differs from the calendar year around January 1st).
 */
export function isoYearWeek(days: number): number {
  const thursday = days - isoDayOfWeek(days) + 4;
  const y = civilFromDays(thursday, scratch)[0];
  const week = Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
  return y * 100 + (y < 0 ? -week : week);
}

/** Adds `months` calendar months, clamping the day to the end of the target month (Jan 31 + 1 month = Feb 29). */
export function addMonthsToDays(days: number, months: number): number {
  if (months === 0) return days;
  civilFromDays(days, scratch);
  const total = scratch[0] * 12 + (scratch[1] - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const dim = daysInMonth(y, m);
  const d = scratch[2] > dim ? dim : scratch[2];
  return daysFromCivil(y, m, d);
}

// ---------------------------------------------------------------------------------------------
// INTERVAL values. They only occur as constants, so an object per value is fine.

/**
 * An INTERVAL value. Months, days and microseconds are kept apart (as in PostgreSQL and DuckDB)
 * because a month and a day have no fixed length in microseconds.
 */
export interface Interval {
  months: number;
  days: number;
  micros: number;
}

/** The interval units accepted in interval text and `INTERVAL 'n' unit`, mapped to [months, days, micros] per unit. */
const INTERVAL_UNITS = new Map<string, readonly [number, number, number]>();
function defUnit(names: string[], months: number, days: number, micros: number): void {
  for (const n of names) INTERVAL_UNITS.set(n, [months, days, micros]);
}
defUnit(['millennium', 'millennia', 'millenniums', 'millenium', 'mil', 'mils'], 12000, 0, 0);
defUnit(['century', 'centuries', 'c', 'cent'], 1200, 0, 0);
defUnit(['decade', 'decades', 'dec', 'decs'], 120, 0, 0);
defUnit(['year', 'years', 'y', 'yr', 'yrs'], 12, 0, 0);
defUnit(['quarter', 'quarters'], 3, 0, 0);
defUnit(['month', 'months', 'mon', 'mons'], 1, 0, 0);
defUnit(['week', 'weeks', 'w'], 0, 7, 0);
defUnit(['day', 'days', 'd'], 0, 1, 0);
defUnit(['hour', 'hours', 'h', 'hr', 'hrs'], 0, 0, MICROS_PER_HOUR);
defUnit(['minute', 'minutes', 'm', 'min', 'mins'], 0, 0, MICROS_PER_MINUTE);
defUnit(['second', 'seconds', 's', 'sec', 'secs'], 0, 0, MICROS_PER_SECOND);
defUnit(['millisecond', 'milliseconds', 'ms', 'msec', 'msecs', 'millis'], 0, 0, 1000);
defUnit(['microsecond', 'microseconds', 'us', 'usec', 'usecs'], 0, 0, 1);

function intervalError(text: string): StrataError {
  return new StrataError('conversion', `Could not convert string '${text}' to INTERVAL`);
}

/**
 * Adds `amount` of a unit to an interval. Fractions spill into the next smaller field the way
 * PostgreSQL does it (1.5 months = 1 month 15 days, 1.5 days = 1 day 12 hours).
 */
function addUnit(iv: Interval, amount: number, unit: readonly [number, number, number]): void {
  if (unit[0] !== 0) {
    const months = amount * unit[0];
    const whole = Math.trunc(months);
    iv.months += whole;
    const days = (months - whole) * 30;
    const wholeDays = Math.trunc(Math.round(days * 1e6) / 1e6);
    iv.days += wholeDays;
    iv.micros += Math.round((days - wholeDays) * 86_400_000_000);
  } else if (unit[1] !== 0) {
    const days = amount * unit[1];
    const whole = Math.trunc(days);
    iv.days += whole;
    iv.micros += Math.round((days - whole) * 86_400_000_000);
  } else {
    iv.micros += Math.round(amount * unit[2]);
  }
}

const IV_NUMBER_UNIT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-z]+)/;
const IV_TIME = /^([+-]?)(\d+):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?/;
const IV_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Parses interval text: `'1 year 2 months'`, `'2 days 03:00:00'`, `'-1 week'`, `'3 days ago'`, or a bare
 * number with `unit` (`INTERVAL '3' DAY`, `INTERVAL 90 MINUTE`). A bare number without a unit is seconds,
 * as in DuckDB. Throws a conversion error on anything else.
 */
export function parseInterval(text: string, unit: string | null): Interval {
  const iv: Interval = { months: 0, days: 0, micros: 0 };
  const src = text.trim().toLowerCase();
  if (unit !== null) {
    const u = INTERVAL_UNITS.get(unit.trim().toLowerCase());
    if (u === undefined) throw new StrataError('conversion', `unknown interval unit '${unit}'`);
    if (IV_NUMBER.test(src)) {
      addUnit(iv, +src, u);
      return iv;
    }
    // `INTERVAL '1 day 2 hours' DAY`: the text carries its own units.
  }
  if (src === '') throw intervalError(text);
  if (IV_NUMBER.test(src)) {
    addUnit(iv, +src, INTERVAL_UNITS.get('second')!);
    return iv;
  }
  let rest = src.startsWith('@') ? src.slice(1).trimStart() : src;
  let any = false;
  while (rest.length > 0) {
    if (rest === 'ago') {
      if (!any) throw intervalError(text);
      iv.months = -iv.months;
      iv.days = -iv.days;
      iv.micros = -iv.micros;
      break;
    }
    let m = IV_NUMBER_UNIT.exec(rest);
    if (m !== null) {
      const u = INTERVAL_UNITS.get(m[2]);
      if (u === undefined) throw intervalError(text);
      addUnit(iv, +m[1], u);
    } else {
      m = IV_TIME.exec(rest);
      if (m === null) throw intervalError(text);
      const frac = m[5] ? Math.round(+(m[5] + '000000000').slice(0, 9) / 1000) : 0;
      const micros = ((+m[2] * 60 + +m[3]) * 60 + (m[4] ? +m[4] : 0)) * MICROS_PER_SECOND + frac;
      iv.micros += m[1] === '-' ? -micros : micros;
    }
    any = true;
    rest = rest.slice(m[0].length);
    const trimmed = rest.replace(/^[\s,]+/, '');
    if (trimmed.length === rest.length && rest.length > 0) throw intervalError(text);
    rest = trimmed;
  }
  return iv;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 || n === -1 ? '' : 's'}`;
}

/** Interval text the way DuckDB prints it: `1 year 2 months 3 days 04:05:06.5`, `-7 days`, `00:00:00`. */
export function formatInterval(iv: Interval): string {
  const parts: string[] = [];
  if (iv.months !== 0) {
    const years = Math.trunc(iv.months / 12);
    const months = iv.months - years * 12;
    if (years !== 0) parts.push(plural(years, 'year'));
    if (months !== 0) parts.push(plural(months, 'month'));
  }
  if (iv.days !== 0) parts.push(plural(iv.days, 'day'));
  if (iv.micros !== 0 || parts.length === 0) {
    let us = Math.abs(iv.micros);
    const h = Math.floor(us / MICROS_PER_HOUR);
    us -= h * MICROS_PER_HOUR;
    const mi = Math.floor(us / MICROS_PER_MINUTE);
    us -= mi * MICROS_PER_MINUTE;
    const s = Math.floor(us / MICROS_PER_SECOND);
    const frac = us - s * MICROS_PER_SECOND;
    let t = `${iv.micros < 0 ? '-' : ''}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`;
    if (frac !== 0) t += '.' + pad(frac, 6).replace(/0+$/, '');
    parts.push(t);
  }
  return parts.join(' ');
}

/** TIMESTAMP + `sign` x INTERVAL: months first (clamping the day), then days, then microseconds, as DuckDB does. */
export function addIntervalToTimestamp(micros: number, iv: Interval, sign: number): number {
  let days = Math.floor(micros / MICROS_PER_DAY);
  const tod = micros - days * MICROS_PER_DAY;
  if (iv.months !== 0) days = addMonthsToDays(days, sign * iv.months);
  days += sign * iv.days;
  return days * MICROS_PER_DAY + tod + sign * iv.micros;
}

/**
 * DATE + `sign` x INTERVAL. The result is a TIMESTAMP (microseconds), as in DuckDB and PostgreSQL, even when
 * the interval has no time part; DATE + INTEGER (days) stays a DATE and is plain addition.
 */
export function addIntervalToDate(days: number, iv: Interval, sign: number): number {
  const d = (iv.months !== 0 ? addMonthsToDays(days, sign * iv.months) : days) + sign * iv.days;
  return d * MICROS_PER_DAY + sign * iv.micros;
}
