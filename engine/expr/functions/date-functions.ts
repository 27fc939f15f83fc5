/** Date and timestamp scalar functions (date_part, date_trunc, date_diff, strftime, ...) following DuckDB. */
import { StrataError } from '../../errors.js';
import {
  BIGINT,
  DATE,
  DOUBLE,
  INTERVAL,
  TIMESTAMP,
  VARCHAR,
  type DataType,
} from '../../types/data-type.js';
import { argCastAllowed } from '../../types/cast.js';
import {
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  addIntervalToDate,
  addIntervalToTimestamp,
  addMonthsToDays,
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  daysInMonth,
  isoDayOfWeek,
  isoYearWeek,
  type Interval,
} from '../../types/date-time.js';
import type { ResolvedScalarFunction, ScalarFunctionDef } from './scalar-function.js';

export { addIntervalToDate, addIntervalToTimestamp, formatInterval, parseInterval } from '../../types/date-time.js';
export type { Interval } from '../../types/date-time.js';

type Impl = (...a: any[]) => any;

function sig(argTypes: DataType[], returnType: DataType, impl: Impl): ResolvedScalarFunction {
  return { argTypes, returnType, impl };
}

const MICROS_PER_WEEK = 7 * MICROS_PER_DAY;
/** Julian day number of 1970-01-01. */
const JULIAN_EPOCH = 2440588;

const sc = new Int32Array(3);

/** Splits a timestamp into its day number (returned) and time of day in microseconds (in `tod`). */
let tod = 0;
function splitTimestamp(us: number): number {
  const days = Math.floor(us / MICROS_PER_DAY);
  tod = us - days * MICROS_PER_DAY;
  return days;
}

// ---------------------------------------------------------------------------------------------
// Date part specifiers

/** A date part as used by date_part/extract, date_trunc and date_diff. */
export type DatePart =
  | 'year' | 'month' | 'day' | 'decade' | 'century' | 'millennium' | 'quarter'
  | 'hour' | 'minute' | 'second' | 'millisecond' | 'microsecond'
  | 'epoch' | 'julian' | 'dow' | 'isodow' | 'doy' | 'week' | 'isoyear' | 'yearweek';

const PART_NAMES = new Map<string, DatePart>();
function names(part: DatePart, ...ns: string[]): void {
  PART_NAMES.set(part, part);
  for (const n of ns) PART_NAMES.set(n, part);
}
names('year', 'years', 'y', 'yr', 'yrs', 'yyyy', 'yy');
names('month', 'months', 'mon', 'mons');
names('day', 'days', 'd', 'dayofmonth');
names('decade', 'decades', 'dec', 'decs');
names('century', 'centuries', 'cent', 'c');
names('millennium', 'millennia', 'millenniums', 'millenium', 'mil', 'mils');
names('quarter', 'quarters');
names('hour', 'hours', 'h', 'hr', 'hrs');
names('minute', 'minutes', 'm', 'min', 'mins');
names('second', 'seconds', 's', 'sec', 'secs');
names('millisecond', 'milliseconds', 'ms', 'msec', 'msecs', 'msecond', 'mseconds', 'millis');
names('microsecond', 'microseconds', 'us', 'usec', 'usecs', 'usecond', 'useconds');
names('epoch');
names('julian', 'jd');
names('dow', 'dayofweek', 'weekday');
names('isodow');
names('doy', 'dayofyear');
names('week', 'weeks', 'w', 'weekofyear');
names('isoyear');
names('yearweek');

/** Resolves a date part name (case-insensitive, DuckDB's spellings); throws a conversion error if unknown. */
export function datePartSpecifier(name: string): DatePart {
  const p = PART_NAMES.get(name.trim().toLowerCase());
  if (p === undefined) throw new StrataError('conversion', `extract specifier "${name}" not recognized`);
  return p;
}

// ---------------------------------------------------------------------------------------------
// date_part / extract

/** C-style integer division, which DuckDB uses for decade/century/millennium of negative years. */
function idiv(a: number, b: number): number {
  return Math.trunc(a / b) + 0;
}

function yearOf(days: number): number {
  return civilFromDays(days, sc)[0];
}

/** The value of `part` for a day number (time parts are 0; `epoch` and `julian` count whole days). */
function datePartOfDays(part: DatePart): (days: number) => number {
  switch (part) {
    case 'year': return yearOf;
    case 'month': return (d) => civilFromDays(d, sc)[1];
    case 'day': return (d) => civilFromDays(d, sc)[2];
    case 'quarter': return (d) => ((civilFromDays(d, sc)[1] - 1) / 3 | 0) + 1;
    case 'decade': return (d) => idiv(yearOf(d), 10);
    case 'century': return (d) => { const y = yearOf(d); return y > 0 ? idiv(y - 1, 100) + 1 : idiv(y, 100) - 1; };
    case 'millennium': return (d) => { const y = yearOf(d); return y > 0 ? idiv(y - 1, 1000) + 1 : idiv(y, 1000) - 1; };
    case 'dow': return dayOfWeek;
    case 'isodow': return isoDayOfWeek;
    case 'doy': return (d) => d - daysFromCivil(yearOf(d), 1, 1) + 1;
    case 'week': return (d) => Math.abs(isoYearWeek(d) % 100);
    case 'isoyear': return (d) => idiv(isoYearWeek(d), 100);
    case 'yearweek': return isoYearWeek;
    case 'epoch': return (d) => d * 86400;
    case 'julian': return (d) => d + JULIAN_EPOCH;
    case 'hour':
    case 'minute':
    case 'second':
    case 'millisecond':
    case 'microsecond':
      return () => 0;
  }
}

/** The value of `part` for a timestamp in microseconds. */
function datePartOfTimestamp(part: DatePart): (us: number) => number {
  switch (part) {
    case 'hour': return (us) => (splitTimestamp(us), Math.floor(tod / MICROS_PER_HOUR));
    case 'minute': return (us) => (splitTimestamp(us), Math.floor(tod / MICROS_PER_MINUTE) % 60);
    case 'second': return (us) => (splitTimestamp(us), Math.floor(tod / MICROS_PER_SECOND) % 60);
    case 'millisecond': return (us) => (splitTimestamp(us), Math.floor((tod % MICROS_PER_MINUTE) / 1000));
    case 'microsecond': return (us) => (splitTimestamp(us), tod % MICROS_PER_MINUTE);
    case 'epoch': return (us) => us / MICROS_PER_SECOND;
    case 'julian': return (us) => { const d = splitTimestamp(us); return d + JULIAN_EPOCH + tod / MICROS_PER_DAY; };
    default: {
      const f = datePartOfDays(part);
      return (us) => f(Math.floor(us / MICROS_PER_DAY));
    }
  }
}

/** The value of `part` for an interval (months and days are not converted into each other except for epoch). */
function datePartOfInterval(part: DatePart): ((iv: Interval) => number) | null {
  switch (part) {
    case 'year': return (iv) => idiv(iv.months, 12);
    case 'month': return (iv) => iv.months % 12 + 0;
    case 'day': return (iv) => iv.days;
    case 'decade': return (iv) => idiv(iv.months, 120);
    case 'century': return (iv) => idiv(iv.months, 1200);
    case 'millennium': return (iv) => idiv(iv.months, 12000);
    case 'quarter': return (iv) => idiv(iv.months % 12, 3) + 1;
    case 'hour': return (iv) => idiv(iv.micros, MICROS_PER_HOUR);
    case 'minute': return (iv) => idiv(iv.micros, MICROS_PER_MINUTE) % 60 + 0;
    case 'second': return (iv) => idiv(iv.micros, MICROS_PER_SECOND) % 60 + 0;
    case 'millisecond': return (iv) => idiv(iv.micros % MICROS_PER_MINUTE, 1000);
    case 'microsecond': return (iv) => iv.micros % MICROS_PER_MINUTE + 0;
    // DuckDB counts a year as 365.25 days and a month as 30.
    case 'epoch': return (iv) => {
      const years = idiv(iv.months, 12);
      return years * 31_557_600 + ((iv.months - years * 12) * 30 + iv.days) * 86400 + iv.micros / MICROS_PER_SECOND;
    };
  }
  return null;
}

/** DuckDB's result types: DOUBLE for epoch and julian, BIGINT otherwise. */
function partType(part: DatePart): DataType {
  return part === 'epoch' || part === 'julian' ? DOUBLE : BIGINT;
}

/**
 * The temporal type an argument is used as: DATE, TIMESTAMP (also for string literals, since a timestamp
 * string and a date string both read as a timestamp), or INTERVAL when `intervals` allows; null otherwise.
 */
function temporalArg(t: DataType, c: unknown, intervals = false): DataType | null {
  switch (t.id) {
    case 'date':
    case 'timestamp':
      return t;
    case 'interval':
      return intervals ? t : null;
    case 'null':
      return DATE;
    case 'varchar':
      return argCastAllowed(t, TIMESTAMP, c) ? TIMESTAMP : null;
  }
  return null;
}

function partExtractor(part: DatePart, t: DataType): ((x: any) => number) | null {
  if (t.id === 'date') return datePartOfDays(part);
  if (t.id === 'timestamp') return datePartOfTimestamp(part);
  return datePartOfInterval(part);
}

/**
 * date_part(part, x) / extract: specialised per constant part; a part that varies per row is looked up per
 * row and gives DOUBLE (the one type that holds every part).
 */
const datePart: ScalarFunctionDef = {
  name: 'date_part',
  resolve(args, c) {
    if (args.length !== 2 || (args[0].id !== 'varchar' && args[0].id !== 'null')) return null;
    const t = temporalArg(args[1], c[1], true);
    if (t === null) return null;
    if (typeof c[0] === 'string') {
      const part = datePartSpecifier(c[0]);
      const f = partExtractor(part, t);
      if (f === null) throw new StrataError('conversion', `interval part "${c[0]}" not supported`);
      return sig([VARCHAR, t], partType(part), (_p: string, x: any) => f(x));
    }
    return sig([VARCHAR, t], DOUBLE, (p: string, x: any) => {
      const f = partExtractor(datePartSpecifier(p), t);
      if (f === null) throw new StrataError('conversion', `interval part "${p}" not supported`);
      return f(x);
    });
  },
};

/** year(x), month(x), ...: date_part with the part fixed. */
function partFunction(name: string, part: DatePart): ScalarFunctionDef {
  return {
    name,
    resolve(args, c) {
      if (args.length !== 1) return null;
      const t = temporalArg(args[0], c[0], true);
      if (t === null) return null;
      const f = partExtractor(part, t);
      return f === null ? null : sig([t], partType(part), f);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// date_trunc

/** Truncates a day number to the start of the unit (date-level units only). */
function truncDays(part: DatePart): ((d: number) => number) | null {
  switch (part) {
    case 'millennium': return (d) => daysFromCivil(idiv(yearOf(d), 1000) * 1000, 1, 1);
    case 'century': return (d) => daysFromCivil(idiv(yearOf(d), 100) * 100, 1, 1);
    case 'decade': return (d) => daysFromCivil(idiv(yearOf(d), 10) * 10, 1, 1);
    case 'year': return (d) => daysFromCivil(yearOf(d), 1, 1);
    case 'quarter': return (d) => {
      civilFromDays(d, sc);
      return daysFromCivil(sc[0], sc[1] - ((sc[1] - 1) % 3), 1);
    };
    case 'month': return (d) => {
      civilFromDays(d, sc);
      return daysFromCivil(sc[0], sc[1], 1);
    };
    case 'week':
    case 'yearweek': return (d) => d - isoDayOfWeek(d) + 1;
    case 'isoyear': return (d) => {
      // Monday of ISO week 1 = the Monday on or before January 4th.
      const jan4 = daysFromCivil(idiv(isoYearWeek(d), 100), 1, 4);
      return jan4 - isoDayOfWeek(jan4) + 1;
    };
    case 'day':
    case 'dow':
    case 'isodow':
    case 'doy':
      return (d) => d;
  }
  return null;
}

function timeUnitMicros(part: DatePart): number {
  switch (part) {
    case 'hour': return MICROS_PER_HOUR;
    case 'minute': return MICROS_PER_MINUTE;
    case 'second': return MICROS_PER_SECOND;
    case 'millisecond': return 1000;
    case 'microsecond': return 1;
  }
  return 0;
}

/** date_trunc for a unit and input type; the result is a TIMESTAMP in microseconds. */
function truncFunction(part: DatePart, t: DataType): (x: number) => number {
  const byDay = truncDays(part);
  if (t.id === 'date') {
    if (byDay !== null) return (d) => byDay(d) * MICROS_PER_DAY;
    if (timeUnitMicros(part) !== 0) return (d) => d * MICROS_PER_DAY;
  } else {
    if (byDay !== null) return (us) => byDay(Math.floor(us / MICROS_PER_DAY)) * MICROS_PER_DAY;
    const unit = timeUnitMicros(part);
    if (unit === 1) return (us) => us;
    if (unit !== 0) return (us) => Math.floor(us / unit) * unit;
  }
  throw new StrataError('conversion', `date_trunc: unsupported unit "${part}"`);
}

/** date_trunc(unit, x): TIMESTAMP for DATE and TIMESTAMP input alike, as in DuckDB. */
const dateTrunc: ScalarFunctionDef = {
  name: 'date_trunc',
  resolve(args, c) {
    if (args.length !== 2 || (args[0].id !== 'varchar' && args[0].id !== 'null')) return null;
    const t = temporalArg(args[1], c[1]);
    if (t === null) return null;
    if (typeof c[0] === 'string') {
      const f = truncFunction(datePartSpecifier(c[0]), t);
      return sig([VARCHAR, t], TIMESTAMP, (_u: string, x: number) => f(x));
    }
    return sig([VARCHAR, t], TIMESTAMP, (u: string, x: number) => truncFunction(datePartSpecifier(u), t)(x));
  },
};

// ---------------------------------------------------------------------------------------------
// date_diff and date_sub

/**
 * date_diff(unit, start, end): the number of unit boundaries crossed, DuckDB's definition. Calendar units
 * compare calendar fields of the two dates; `week` is the day difference divided by 7, truncated (DuckDB); time units compare the floors of the epoch in that unit. Both arguments are TIMESTAMPs.
 */
function dateDiffFunction(part: DatePart): (a: number, b: number) => number {
  const yearMonth = (us: number): number => {
    civilFromDays(Math.floor(us / MICROS_PER_DAY), sc);
    return sc[0] * 12 + sc[1] - 1;
  };
  const yearDiff = (div: number) => (a: number, b: number) =>
    idiv(yearOf(Math.floor(b / MICROS_PER_DAY)), div) - idiv(yearOf(Math.floor(a / MICROS_PER_DAY)), div);
  switch (part) {
    case 'year': return yearDiff(1);
    case 'decade': return yearDiff(10);
    case 'century': return yearDiff(100);
    case 'millennium': return yearDiff(1000);
    case 'isoyear': return (a, b) =>
      idiv(isoYearWeek(Math.floor(b / MICROS_PER_DAY)), 100) - idiv(isoYearWeek(Math.floor(a / MICROS_PER_DAY)), 100);
    case 'quarter': return (a, b) => Math.floor(yearMonth(b) / 3) - Math.floor(yearMonth(a) / 3);
    case 'month': return (a, b) => yearMonth(b) - yearMonth(a);
    case 'week':
    case 'yearweek': return (a, b) => idiv(Math.floor(b / MICROS_PER_DAY) - Math.floor(a / MICROS_PER_DAY), 7);
    case 'day':
    case 'dow':
    case 'isodow':
    case 'doy':
    case 'julian':
      return (a, b) => Math.floor(b / MICROS_PER_DAY) - Math.floor(a / MICROS_PER_DAY);
    default: {
      const unit = timeUnitMicros(part === 'epoch' ? 'second' : part);
      if (unit === 0) throw new StrataError('conversion', `date_diff: unsupported unit "${part}"`);
      if (unit === 1) return (a, b) => b - a;
      return (a, b) => Math.floor(b / unit) - Math.floor(a / unit);
    }
  }
}

/** Whole months from `a` to `b` (a <= b), DuckDB's rule: a later day or time of day in `a` leaves the last month incomplete. */
function fullMonths(a: number, b: number): number {
  const da = splitTimestamp(a);
  const ta = tod;
  const db = splitTimestamp(b);
  const tb = tod;
  civilFromDays(db, sc);
  const yb = sc[0];
  const mb = sc[1];
  const dayB = sc[2];
  civilFromDays(da, sc);
  let dayA = sc[2];
  // At the end of a month, every later day of a longer month counts as reached (Jan 31 -> Feb 29 is 1 month).
  const dim = daysInMonth(yb, mb);
  if (dayB === dim && dayA > dim) dayA = dim;
  let months = (yb * 12 + mb) - (sc[0] * 12 + sc[1]);
  if (dayB < dayA || (dayB === dayA && tb < ta)) months--;
  return months;
}

/**
 * date_sub(unit, start, end): the number of complete units elapsed from start to end (DuckDB), so
 * date_sub('month', '2020-01-31', '2020-02-01') is 0 where date_diff gives 1.
 */
function dateSubFunction(part: DatePart): (a: number, b: number) => number {
  const months = (a: number, b: number): number => (a <= b ? fullMonths(a, b) : -fullMonths(b, a));
  const monthsDiv = (div: number) => (a: number, b: number) => idiv(months(a, b), div);
  switch (part) {
    case 'year':
    case 'isoyear': return monthsDiv(12);
    case 'decade': return monthsDiv(120);
    case 'century': return monthsDiv(1200);
    case 'millennium': return monthsDiv(12000);
    case 'quarter': return monthsDiv(3);
    case 'month': return months;
    case 'week':
    case 'yearweek': return (a, b) => idiv(b - a, MICROS_PER_WEEK);
    case 'day':
    case 'dow':
    case 'isodow':
    case 'doy':
    case 'julian':
      return (a, b) => idiv(b - a, MICROS_PER_DAY);
    default: {
      const unit = timeUnitMicros(part === 'epoch' ? 'second' : part);
      if (unit === 0) throw new StrataError('conversion', `date_sub: unsupported unit "${part}"`);
      return (a, b) => idiv(b - a, unit);
    }
  }
}

function diffLike(name: string, make: (p: DatePart) => (a: number, b: number) => number): ScalarFunctionDef {
  return {
    name,
    resolve(args, c) {
      if (args.length !== 3 || (args[0].id !== 'varchar' && args[0].id !== 'null')) return null;
      if (temporalArg(args[1], c[1]) === null || temporalArg(args[2], c[2]) === null) return null;
      const types = [VARCHAR, TIMESTAMP, TIMESTAMP];
      if (typeof c[0] === 'string') {
        const f = make(datePartSpecifier(c[0]));
        return sig(types, BIGINT, (_u: string, a: number, b: number) => f(a, b));
      }
      return sig(types, BIGINT, (u: string, a: number, b: number) => make(datePartSpecifier(u))(a, b));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Interval arithmetic functions

/** date_add(x, interval) / x + interval: a TIMESTAMP, also for DATE input (DuckDB). */
const dateAdd: ScalarFunctionDef = {
  name: 'date_add',
  resolve(args, c) {
    if (args.length !== 2) return null;
    const t = temporalArg(args[0], c[0]);
    if (t === null || (args[1].id !== 'interval' && args[1].id !== 'null')) return null;
    const impl = t.id === 'date'
      ? (d: number, iv: Interval) => addIntervalToDate(d, iv, 1)
      : (us: number, iv: Interval) => addIntervalToTimestamp(us, iv, 1);
    return sig([t, INTERVAL], TIMESTAMP, impl);
  },
};

/** to_years(n), to_days(n), ...: an INTERVAL of n units. */
function toInterval(name: string, months: number, days: number, micros: number): ScalarFunctionDef {
  return {
    name,
    resolve(args, c) {
      if (args.length !== 1) return null;
      const t = args[0].id === 'integer' || args[0].id === 'bigint' || args[0].id === 'null' ? BIGINT
        : micros !== 0 && argCastAllowed(args[0], DOUBLE, c[0]) ? DOUBLE : null;
      if (t === null) return null;
      return sig([t], INTERVAL, (n: number): Interval => ({ months: n * months, days: n * days, micros: Math.round(n * micros) }));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Construction and conversion

function makeDate(y: number, m: number, d: number): number {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) {
    throw new StrataError('conversion', `Date out of range: ${y}-${m}-${d}`);
  }
  return daysFromCivil(y, m, d);
}

function makeTimestamp(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (!(h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 61)) {
    throw new StrataError('conversion', `Time out of range: ${h}:${mi}:${s}`);
  }
  return makeDate(y, mo, d) * MICROS_PER_DAY + (h * 60 + mi) * MICROS_PER_MINUTE + Math.round(s * MICROS_PER_SECOND);
}

function lastDay(days: number): number {
  civilFromDays(days, sc);
  return daysFromCivil(sc[0], sc[1], daysInMonth(sc[0], sc[1]));
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

/** A function of one DATE or TIMESTAMP: `onDays` gets the day number (timestamps are truncated to their day). */
function ofDay(name: string, ret: DataType, onDays: (d: number) => any): ScalarFunctionDef {
  return {
    name,
    resolve(args, c) {
      if (args.length !== 1) return null;
      const t = temporalArg(args[0], c[0]);
      if (t === null) return null;
      return sig([t], ret, t.id === 'date' ? onDays : (us: number) => onDays(Math.floor(us / MICROS_PER_DAY)));
    },
  };
}

/** A function with fixed parameter types. */
function fixedTypes(name: string, params: DataType[], ret: DataType, impl: Impl, deterministic = true): ScalarFunctionDef {
  return {
    name,
    deterministic,
    resolve(args, c) {
      if (args.length !== params.length) return null;
      for (let i = 0; i < params.length; i++) {
        const a = args[i];
        const p = params[i];
        const ok = a.id === 'null' || a.id === p.id ||
          (p.id === 'bigint' && a.id === 'integer') ||
          (p.id === 'double' && (a.id === 'integer' || a.id === 'bigint' || a.id === 'decimal')) ||
          argCastAllowed(a, p, c[i]);
        if (!ok) return null;
      }
      return sig(params, ret, impl);
    },
  };
}

/** epoch(x): seconds since the epoch as DOUBLE (DuckDB). */
const epoch = partFunction('epoch', 'epoch');

/** epoch_ms(timestamp) -> BIGINT milliseconds; epoch_ms(bigint) -> TIMESTAMP (the inverse, as in DuckDB). */
const epochMs: ScalarFunctionDef = {
  name: 'epoch_ms',
  resolve(args, c) {
    if (args.length !== 1) return null;
    if (args[0].id === 'integer' || args[0].id === 'bigint') return sig([BIGINT], TIMESTAMP, (ms: number) => ms * 1000);
    const t = temporalArg(args[0], c[0]);
    if (t === null) return null;
    return sig([t], BIGINT, t.id === 'date' ? (d: number) => d * 86_400_000 : (us: number) => Math.trunc(us / 1000) + 0);
  },
};

const epochUs: ScalarFunctionDef = {
  name: 'epoch_us',
  resolve(args, c) {
    if (args.length !== 1) return null;
    const t = temporalArg(args[0], c[0]);
    if (t === null) return null;
    return sig([t], BIGINT, t.id === 'date' ? (d: number) => d * MICROS_PER_DAY : (us: number) => us);
  },
};

/**
 * now()/current_timestamp and current_date read the clock when the call is resolved, so every row of a
 * statement sees the same instant (PostgreSQL's statement time); they are marked non-deterministic so that
 * a cached plan is not folded forever. Times are UTC.
 */
function clockFunction(name: string, ret: DataType, read: (nowUs: number) => number): ScalarFunctionDef {
  return {
    name,
    deterministic: false,
    resolve(args) {
      if (args.length !== 0) return null;
      const v = read(Date.now() * 1000);
      return sig([], ret, () => v);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// strftime / strptime

/** Format codes: a literal string, or a code letter (with '-' prefix for the unpadded variants). */
type FormatOp = string | { code: string };

const FORMAT_CODES = new Set(['a', 'A', 'w', 'u', 'd', '-d', 'b', 'B', 'h', 'm', '-m', 'y', '-y', 'Y', 'H', '-H', 'I',
  '-I', 'p', 'M', '-M', 'S', '-S', 'f', 'g', 'n', 'z', 'Z', 'j', '-j', 'U', 'W', 'V', 'G', 'c', 'x', 'X', '%',
  'e', 'F', 'T', 'R', 'D', 'C', 's', 'G']);

function parseFormat(fmt: string): FormatOp[] {
  const ops: FormatOp[] = [];
  let lit = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch !== '%') {
      lit += ch;
      continue;
    }
    let code = fmt[i + 1];
    if (code === '-') code = '-' + (fmt[i + 2] ?? '');
    if (code === undefined || !FORMAT_CODES.has(code)) {
      throw new StrataError('conversion', `Failed to parse format specifier ${fmt}: Unrecognized format for strftime/strptime: %${code ?? ''}`);
    }
    i += code.length;
    if (code === '%') {
      lit += '%';
      continue;
    }
    // Composite codes expand to their parts.
    const expanded = code === 'c' ? '%Y-%m-%d %H:%M:%S' : code === 'x' || code === 'F' ? '%Y-%m-%d'
      : code === 'X' || code === 'T' ? '%H:%M:%S' : code === 'R' ? '%H:%M' : code === 'D' ? '%m/%d/%y' : null;
    if (lit.length > 0) ops.push(lit);
    lit = '';
    if (expanded !== null) ops.push(...parseFormat(expanded));
    else ops.push({ code });
  }
  if (lit.length > 0) ops.push(lit);
  return ops;
}

function p2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pn(n: number, w: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= w ? s : '0'.repeat(w - s.length) + s);
}

/** Compiles a strftime format into a function of a timestamp in microseconds. */
export function compileStrftime(fmt: string): (us: number) => string {
  const ops = parseFormat(fmt);
  return (us: number): string => {
    const days = splitTimestamp(us);
    const t = tod;
    civilFromDays(days, sc);
    const y = sc[0];
    const mo = sc[1];
    const d = sc[2];
    const h = Math.floor(t / MICROS_PER_HOUR);
    const mi = Math.floor(t / MICROS_PER_MINUTE) % 60;
    const s = Math.floor(t / MICROS_PER_SECOND) % 60;
    const frac = t % MICROS_PER_SECOND;
    let out = '';
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (typeof op === 'string') {
        out += op;
        continue;
      }
      switch (op.code) {
        case 'a': out += DAY_NAMES[dayOfWeek(days)].slice(0, 3); break;
        case 'A': out += DAY_NAMES[dayOfWeek(days)]; break;
        case 'w': out += dayOfWeek(days); break;
        case 'u': out += isoDayOfWeek(days); break;
        case 'd': out += p2(d); break;
        case '-d': out += d; break;
        case 'e': out += d < 10 ? ' ' + d : String(d); break;
        case 'b': case 'h': out += MONTH_NAMES[mo - 1].slice(0, 3); break;
        case 'B': out += MONTH_NAMES[mo - 1]; break;
        case 'm': out += p2(mo); break;
        case '-m': out += mo; break;
        case 'y': out += p2(((y % 100) + 100) % 100); break;
        case '-y': out += ((y % 100) + 100) % 100; break;
        case 'Y': out += pn(y, 4); break;
        case 'C': out += p2(Math.floor(y / 100)); break;
        case 'G': out += pn(idiv(isoYearWeek(days), 100), 4); break;
        case 'H': out += p2(h); break;
        case '-H': out += h; break;
        case 'I': out += p2(h % 12 === 0 ? 12 : h % 12); break;
        case '-I': out += h % 12 === 0 ? 12 : h % 12; break;
        case 'p': out += h < 12 ? 'AM' : 'PM'; break;
        case 'M': out += p2(mi); break;
        case '-M': out += mi; break;
        case 'S': out += p2(s); break;
        case '-S': out += s; break;
        case 'f': out += pn(frac, 6); break;
        case 'g': out += pn(Math.floor(frac / 1000), 3); break;
        case 'n': out += pn(frac, 6) + '000'; break;
        case 'z': out += '+00'; break;
        case 'Z': break;
        case 's': out += Math.floor(us / MICROS_PER_SECOND); break;
        case 'j': out += pn(days - daysFromCivil(y, 1, 1) + 1, 3); break;
        case '-j': out += days - daysFromCivil(y, 1, 1) + 1; break;
        case 'U': out += p2(Math.floor((days - daysFromCivil(y, 1, 1) + 7 - dayOfWeek(days)) / 7)); break;
        case 'W': out += p2(Math.floor((days - daysFromCivil(y, 1, 1) + 7 - ((dayOfWeek(days) + 6) % 7)) / 7)); break;
        case 'V': out += p2(Math.abs(isoYearWeek(days) % 100)); break;
      }
    }
    return out;
  };
}

const formatCache = new Map<string, (us: number) => string>();

function cachedStrftime(fmt: string): (us: number) => string {
  let f = formatCache.get(fmt);
  if (f === undefined) {
    if (formatCache.size >= 64) formatCache.clear();
    f = compileStrftime(fmt);
    formatCache.set(fmt, f);
  }
  return f;
}

/** strftime(x, format); the format may also come first, the argument order DuckDB accepted in old versions. */
const strftime: ScalarFunctionDef = {
  name: 'strftime',
  resolve(args, c) {
    if (args.length !== 2) return null;
    let xi = 0;
    if (args[0].id === 'varchar' && typeof c[0] === 'string' && (args[1].id === 'date' || args[1].id === 'timestamp')) {
      xi = 1;
    }
    const fi = 1 - xi;
    const t = temporalArg(args[xi], c[xi]);
    if (t === null || (args[fi].id !== 'varchar' && args[fi].id !== 'null')) return null;
    const types = xi === 0 ? [t, VARCHAR] : [VARCHAR, t];
    const toUs = t.id === 'date' ? MICROS_PER_DAY : 1;
    if (typeof c[fi] === 'string') {
      const f = compileStrftime(c[fi] as string);
      return sig(types, VARCHAR, xi === 0 ? (x: number) => f(x * toUs) : (_f: string, x: number) => f(x * toUs));
    }
    return sig(types, VARCHAR, xi === 0
      ? (x: number, fmt: string) => cachedStrftime(fmt)(x * toUs)
      : (fmt: string, x: number) => cachedStrftime(fmt)(x * toUs));
  },
};

const MONTH_LOOKUP = new Map<string, number>();
MONTH_NAMES.forEach((n, i) => {
  MONTH_LOOKUP.set(n.toLowerCase(), i + 1);
  MONTH_LOOKUP.set(n.slice(0, 3).toLowerCase(), i + 1);
});
const DAY_LOOKUP = new Set<string>();
DAY_NAMES.forEach((n) => {
  DAY_LOOKUP.add(n.toLowerCase());
  DAY_LOOKUP.add(n.slice(0, 3).toLowerCase());
});

/**
 * Compiles a strptime format into a parser returning a TIMESTAMP in microseconds, or null when the text does
 * not match. Numeric fields accept unpadded values; a space in the format matches any run of white space;
 * `%z` offsets are applied so that the result is UTC.
 */
export function compileStrptime(fmt: string): (s: string) => number | null {
  const ops = parseFormat(fmt);
  return (s: string): number | null => {
    let pos = 0;
    let y = 1900;
    let mo = 1;
    let d = 1;
    let h = 0;
    let mi = 0;
    let sec = 0;
    let us = 0;
    let pm = -1;
    let doy = -1;
    let offset = 0;
    const num = (maxDigits: number, signed = false): number => {
      let neg = false;
      if (signed && (s[pos] === '-' || s[pos] === '+')) {
        neg = s[pos] === '-';
        pos++;
      }
      const start = pos;
      let v = 0;
      while (pos < s.length && pos - start < maxDigits) {
        const c = s.charCodeAt(pos);
        if (c < 48 || c > 57) break;
        v = v * 10 + (c - 48);
        pos++;
      }
      if (pos === start) return NaN;
      return neg ? -v : v;
    };
    const word = (): string => {
      const start = pos;
      while (pos < s.length && /[A-Za-z]/.test(s[pos])) pos++;
      return s.slice(start, pos).toLowerCase();
    };
    while (pos < s.length && /\s/.test(s[pos])) pos++;
    for (const op of ops) {
      if (typeof op === 'string') {
        for (let k = 0; k < op.length; k++) {
          if (op[k] === ' ') {
            while (pos < s.length && /\s/.test(s[pos])) pos++;
          } else if (s[pos] === op[k]) pos++;
          else return null;
        }
        continue;
      }
      let v = 0;
      switch (op.code) {
        case 'Y': case 'G': v = num(9, true); y = v; break;
        case 'y': case '-y': v = num(2); y = v + (v < 69 ? 2000 : 1900); break;
        case 'C': v = num(2); y = v * 100 + (y % 100); break;
        case 'm': case '-m': v = num(2); mo = v; break;
        case 'd': case '-d': case 'e':
          while (s[pos] === ' ') pos++;
          v = num(2); d = v; break;
        case 'H': case '-H': v = num(2); h = v; break;
        case 'I': case '-I': v = num(2); h = v; if (pm < 0) pm = 0; break;
        case 'M': case '-M': v = num(2); mi = v; break;
        case 'S': case '-S': v = num(2); sec = v; break;
        case 'j': case '-j': v = num(3); doy = v; break;
        case 'f': case 'g': case 'n': {
          const start = pos;
          v = num(op.code === 'g' ? 3 : op.code === 'f' ? 6 : 9);
          const digits = pos - start;
          us = Math.round(v * 10 ** (6 - digits));
          break;
        }
        case 'p': {
          const w = word();
          if (w === 'am') pm = 0;
          else if (w === 'pm') pm = 1;
          else return null;
          break;
        }
        case 'b': case 'B': case 'h': {
          const m = MONTH_LOOKUP.get(word());
          if (m === undefined) return null;
          mo = m;
          break;
        }
        case 'a': case 'A':
          if (!DAY_LOOKUP.has(word())) return null;
          break;
        case 'w': case 'u': case 'U': case 'W': case 'V': v = num(2); break;
        case 's': v = num(12, true); if (Number.isNaN(v)) return null; return v * MICROS_PER_SECOND;
        case 'z': {
          if (s[pos] === 'Z') { pos++; break; }
          const sgn = s[pos] === '-' ? -1 : s[pos] === '+' ? 1 : 0;
          if (sgn === 0) return null;
          pos++;
          const oh = num(2);
          if (s[pos] === ':') pos++;
          const om = pos < s.length && /\d/.test(s[pos]) ? num(2) : 0;
          if (Number.isNaN(oh) || Number.isNaN(om)) return null;
          offset = sgn * (oh * 60 + om) * MICROS_PER_MINUTE;
          break;
        }
        case 'Z': word(); break;
      }
      if (Number.isNaN(v)) return null;
    }
    while (pos < s.length && /\s/.test(s[pos])) pos++;
    if (pos !== s.length) return null;
    if (pm >= 0) {
      if (h < 1 || h > 12) return null;
      h = (h % 12) + (pm === 1 ? 12 : 0);
    }
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60) return null;
    const days = doy > 0 ? daysFromCivil(y, 1, 1) + doy - 1 : daysFromCivil(y, mo, d);
    return days * MICROS_PER_DAY + ((h * 60 + mi) * 60 + sec) * MICROS_PER_SECOND + us - offset;
  };
}

const parseCache = new Map<string, (s: string) => number | null>();

function cachedStrptime(fmt: string): (s: string) => number | null {
  let f = parseCache.get(fmt);
  if (f === undefined) {
    if (parseCache.size >= 64) parseCache.clear();
    f = compileStrptime(fmt);
    parseCache.set(fmt, f);
  }
  return f;
}

/** strptime(text, format) -> TIMESTAMP; a mismatch is a conversion error, or NULL for try_strptime. */
function strptimeFunction(name: string, tryParse: boolean): ScalarFunctionDef {
  const fail = (s: string, fmt: string): null => {
    if (tryParse) return null;
    throw new StrataError('conversion', `Could not parse string "${s}" according to format specifier "${fmt}"`);
  };
  return {
    name,
    canReturnNull: tryParse,
    resolve(args, c) {
      if (args.length !== 2 || !args.every((a) => a.id === 'varchar' || a.id === 'null')) return null;
      if (typeof c[1] === 'string') {
        const fmt = c[1];
        const f = compileStrptime(fmt);
        return sig([VARCHAR, VARCHAR], TIMESTAMP, (s: string) => f(s) ?? fail(s, fmt));
      }
      return sig([VARCHAR, VARCHAR], TIMESTAMP, (s: string, fmt: string) => cachedStrptime(fmt)(s) ?? fail(s, fmt));
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** The date/time functions, registered by scalar-function.ts. */
export const DATE_FUNCTIONS: ScalarFunctionDef[] = [
  datePart,
  dateTrunc,
  diffLike('date_diff', dateDiffFunction),
  diffLike('date_sub', dateSubFunction),
  dateAdd,
  partFunction('year', 'year'),
  partFunction('month', 'month'),
  partFunction('day', 'day'),
  partFunction('hour', 'hour'),
  partFunction('minute', 'minute'),
  partFunction('second', 'second'),
  partFunction('millisecond', 'millisecond'),
  partFunction('microsecond', 'microsecond'),
  partFunction('quarter', 'quarter'),
  partFunction('week', 'week'),
  partFunction('dayofweek', 'dow'),
  partFunction('isodow', 'isodow'),
  partFunction('dayofyear', 'doy'),
  partFunction('decade', 'decade'),
  partFunction('century', 'century'),
  partFunction('millennium', 'millennium'),
  partFunction('isoyear', 'isoyear'),
  partFunction('yearweek', 'yearweek'),
  partFunction('julian', 'julian'),
  epoch,
  epochMs,
  epochUs,
  ofDay('last_day', DATE, lastDay),
  ofDay('dayname', VARCHAR, (d: number) => DAY_NAMES[dayOfWeek(d)]),
  ofDay('monthname', VARCHAR, (d: number) => MONTH_NAMES[civilFromDays(d, sc)[1] - 1]),
  fixedTypes('make_date', [BIGINT, BIGINT, BIGINT], DATE, makeDate),
  fixedTypes('make_timestamp', [BIGINT, BIGINT, BIGINT, BIGINT, BIGINT, DOUBLE], TIMESTAMP, makeTimestamp),
  fixedTypes('to_timestamp', [DOUBLE], TIMESTAMP, (s: number) => Math.round(s * MICROS_PER_SECOND)),
  toInterval('to_years', 12, 0, 0),
  toInterval('to_months', 1, 0, 0),
  toInterval('to_weeks', 0, 7, 0),
  toInterval('to_days', 0, 1, 0),
  toInterval('to_hours', 0, 0, MICROS_PER_HOUR),
  toInterval('to_minutes', 0, 0, MICROS_PER_MINUTE),
  toInterval('to_seconds', 0, 0, MICROS_PER_SECOND),
  toInterval('to_milliseconds', 0, 0, 1000),
  toInterval('to_microseconds', 0, 0, 1),
  strftime,
  strptimeFunction('strptime', false),
  strptimeFunction('try_strptime', true),
  clockFunction('now', TIMESTAMP, (us) => us),
  clockFunction('current_date', DATE, (us) => Math.floor(us / MICROS_PER_DAY)),
];

/** Alternative names: alias -> registered name. */
export const DATE_ALIASES: Record<string, string> = {
  datepart: 'date_part',
  extract: 'date_part',
  datetrunc: 'date_trunc',
  datediff: 'date_diff',
  datesub: 'date_sub',
  dayofmonth: 'day',
  weekday: 'dayofweek',
  dow: 'dayofweek',
  doy: 'dayofyear',
  weekofyear: 'week',
  current_timestamp: 'now',
  get_current_timestamp: 'now',
  transaction_timestamp: 'now',
  localtimestamp: 'now',
  today: 'current_date',
};

/** Adds months to a day number with end-of-month clamping (re-exported for the expression compiler). */
export { addMonthsToDays };
