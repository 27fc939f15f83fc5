/** Tests of the date/time functions; expected values and types are DuckDB's. */
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../errors.js';
import {
  BIGINT,
  DATE,
  DOUBLE,
  INTERVAL,
  NULL_TYPE,
  TIMESTAMP,
  VARCHAR,
  typeToString,
  type DataType,
} from '../../types/data-type.js';
import { castFunction, formatValue } from '../../types/cast.js';
import { lookupScalarFunction } from './scalar-function.js';
import { compileStrftime, compileStrptime, datePartSpecifier, parseInterval } from './date-functions.js';
import { parseTimestamp } from '../../types/date-time.js';

type Arg = [DataType, string | null];
const s = (v: string): Arg => [VARCHAR, v];
const d = (v: string): Arg => [DATE, v];
const ts = (v: string): Arg => [TIMESTAMP, v];
const iv = (v: string): Arg => [INTERVAL, v];
const big = (v: number): Arg => [BIGINT, String(v)];
const NULL: Arg = [NULL_TYPE, null];

/** Calls a function the way the expression compiler does; `constant` passes the arguments as literals. */
function call(name: string, args: Arg[], constant = true): { type: string; text: string } {
  const def = lookupScalarFunction(name);
  if (def === undefined) throw new Error(`no function ${name}`);
  const values = args.map(([t, text]) => (text === null ? null : castFunction(VARCHAR, t, false)!(text)));
  const r = def.resolve(args.map((a) => a[0]), constant ? values : values.map(() => undefined));
  if (r === null) throw new Error(`no signature ${name}(${args.map((a) => typeToString(a[0])).join(', ')})`);
  const cast = values.map((v, i) => (v === null ? null : castFunction(args[i][0], r.argTypes[i], false)!(v)));
  const out = (def.propagatesNulls ?? true) && cast.some((v) => v === null) ? null : r.impl(...cast);
  return { type: typeToString(r.returnType), text: out === null ? 'NULL' : formatValue(r.returnType, out) };
}

const text = (name: string, ...args: Arg[]) => call(name, args).text;

describe('date_part / extract (test_extract.test)', () => {
  const x = d('1993-08-14');
  const expected: [string, string, string][] = [
    ['year', '1993', 'BIGINT'],
    ['month', '8', 'BIGINT'],
    ['quarter', '3', 'BIGINT'],
    ['day', '14', 'BIGINT'],
    ['decade', '199', 'BIGINT'],
    ['century', '20', 'BIGINT'],
    ['DOW', '6', 'BIGINT'],
    ['DOY', '226', 'BIGINT'],
    ['epoch', '745286400.0', 'DOUBLE'],
    ['ISODOW', '6', 'BIGINT'],
    ['WEEK', '32', 'BIGINT'],
    ['YEARWEEK', '199332', 'BIGINT'],
    ['millennium', '2', 'BIGINT'],
    ['second', '0', 'BIGINT'],
    ['minute', '0', 'BIGINT'],
    ['hour', '0', 'BIGINT'],
    ['milliseconds', '0', 'BIGINT'],
    ['microsecond', '0', 'BIGINT'],
  ];
  it('extracts every part of a DATE', () => {
    for (const [part, value, type] of expected) {
      expect(call('date_part', [s(part), x]), part).toEqual({ type, text: value });
    }
    expect(text('date_part', s('year'), NULL)).toBe('NULL');
  });

  it('extracts time parts of a TIMESTAMP', () => {
    const t = ts('2020-01-01 00:00:01.5');
    expect(text('date_part', s('second'), t)).toBe('1');
    expect(text('date_part', s('millisecond'), t)).toBe('1500');
    expect(text('date_part', s('microsecond'), t)).toBe('1500000');
    expect(call('date_part', [s('epoch'), t])).toEqual({ type: 'DOUBLE', text: '1577836801.5' });
    expect(text('date_part', s('julian'), ts('2020-01-01 12:00:00'))).toBe('2458850.5');
    expect(text('date_part', s('hour'), ts('1969-12-31 23:59:59.999999'))).toBe('23');
    expect(text('date_part', s('minute'), ts('2020-02-29 10:11:12'))).toBe('11');
  });

  it('handles ISO years and centuries at the edges', () => {
    expect(text('date_part', s('isoyear'), d('2021-01-01'))).toBe('2020');
    expect(text('date_part', s('yearweek'), d('2021-01-01'))).toBe('202053');
    expect(text('date_part', s('week'), d('2019-12-30'))).toBe('1');
    expect(text('date_part', s('century'), d('2000-01-01'))).toBe('20');
    expect(text('date_part', s('century'), d('2001-01-01'))).toBe('21');
    expect(text('date_part', s('millennium'), d('2000-12-31'))).toBe('2');
    expect(text('date_part', s('decade'), d('0005-01-01'))).toBe('0');
    expect(text('date_part', s('julian'), d('2020-01-01'))).toBe('2458850.0');
  });

  it('extracts from intervals', () => {
    const x = iv('1 year 2 months 3 days 04:05:06.5');
    expect(text('date_part', s('month'), x)).toBe('2');
    expect(text('date_part', s('day'), x)).toBe('3');
    expect(text('date_part', s('second'), x)).toBe('6');
    expect(text('date_part', s('epoch'), x)).toBe('37015506.5');
  });

  it('accepts the usual spellings and rejects unknown parts', () => {
    expect(datePartSpecifier('Years')).toBe('year');
    expect(datePartSpecifier('dayofweek')).toBe('dow');
    expect(lookupScalarFunction('extract')).toBe(lookupScalarFunction('date_part'));
    expect(lookupScalarFunction('datepart')).toBe(lookupScalarFunction('date_part'));
    expect(() => call('date_part', [s('fortnight'), d('2020-01-01')])).toThrow('extract specifier "fortnight" not recognized');
  });

  it('evaluates a part that varies per row', () => {
    expect(call('date_part', [s('month'), d('1993-08-14')], false)).toEqual({ type: 'DOUBLE', text: '8.0' });
  });

  it('has one-part functions', () => {
    expect(call('year', [d('2020-02-29')])).toEqual({ type: 'BIGINT', text: '2020' });
    expect(text('month', ts('2020-02-29 10:00:00'))).toBe('2');
    expect(text('dayofweek', d('2020-02-29'))).toBe('6');
    expect(text('dayofyear', d('2020-02-29'))).toBe('60');
    expect(text('quarter', d('2020-02-29'))).toBe('1');
    expect(text('week', d('2020-02-29'))).toBe('9');
    expect(text('hour', ts('2020-02-29 10:11:12'))).toBe('10');
    expect(text('second', ts('2020-02-29 10:11:12.5'))).toBe('12');
    expect(text('dayofmonth', d('2020-02-29'))).toBe('29');
  });
});

describe('date_trunc', () => {
  it('returns a TIMESTAMP for DATE and TIMESTAMP input', () => {
    expect(call('date_trunc', [s('month'), d('2020-03-15')])).toEqual({ type: 'TIMESTAMP', text: '2020-03-01 00:00:00' });
    expect(text('date_trunc', s('week'), d('2020-03-15'))).toBe('2020-03-09 00:00:00');
    expect(text('date_trunc', s('quarter'), ts('2020-05-15 10:11:12'))).toBe('2020-04-01 00:00:00');
    expect(text('date_trunc', s('millennium'), d('2020-03-15'))).toBe('2000-01-01 00:00:00');
    expect(text('date_trunc', s('century'), d('2020-03-15'))).toBe('2000-01-01 00:00:00');
    expect(text('date_trunc', s('decade'), d('2020-03-15'))).toBe('2020-01-01 00:00:00');
    expect(text('date_trunc', s('year'), ts('2020-05-15 10:11:12'))).toBe('2020-01-01 00:00:00');
    expect(text('date_trunc', s('day'), d('2020-03-15'))).toBe('2020-03-15 00:00:00');
    expect(text('date_trunc', s('hour'), ts('2020-05-15 10:11:12.345678'))).toBe('2020-05-15 10:00:00');
    expect(text('date_trunc', s('minute'), ts('1969-12-31 23:59:59.5'))).toBe('1969-12-31 23:59:00');
    expect(text('date_trunc', s('millisecond'), ts('2020-05-15 10:11:12.345678'))).toBe('2020-05-15 10:11:12.345');
    expect(text('date_trunc', s('hour'), d('2020-03-15'))).toBe('2020-03-15 00:00:00');
    expect(text('date_trunc', s('isoyear'), d('2021-01-01'))).toBe('2019-12-30 00:00:00');
  });
});

describe('date_diff and date_sub', () => {
  it('date_diff counts boundaries crossed', () => {
    expect(call('date_diff', [s('day'), d('2020-01-01'), d('2020-03-01')])).toEqual({ type: 'BIGINT', text: '60' });
    expect(text('date_diff', s('month'), d('2020-01-31'), d('2020-02-01'))).toBe('1');
    expect(text('date_diff', s('year'), d('2020-12-31'), d('2021-01-01'))).toBe('1');
    expect(text('date_diff', s('quarter'), d('2020-01-01'), d('2020-12-31'))).toBe('3');
    expect(text('date_diff', s('week'), d('2020-01-01'), d('2020-03-01'))).toBe('8');
    expect(text('date_diff', s('week'), d('2020-01-05'), d('2020-01-06'))).toBe('0');
    expect(text('date_diff', s('hour'), ts('2020-01-01 10:59:00'), ts('2020-01-01 11:00:00'))).toBe('1');
    expect(text('date_diff', s('hour'), ts('1969-12-31 22:30:00'), ts('1970-01-01 00:30:00'))).toBe('2');
    expect(text('date_diff', s('day'), ts('2020-01-01 23:00:00'), ts('2020-01-02 01:00:00'))).toBe('1');
    expect(text('date_diff', s('second'), d('2020-01-01'), d('2020-01-02'))).toBe('86400');
    expect(text('date_diff', s('decade'), d('2019-01-01'), d('2020-01-02'))).toBe('1');
    expect(text('datediff', s('day'), d('2020-01-01'), ts('2020-01-02 00:00:00'))).toBe('1');
  });

  it('date_sub counts complete units', () => {
    expect(text('date_sub', s('month'), d('2020-01-31'), d('2020-02-01'))).toBe('0');
    expect(text('date_sub', s('month'), d('2020-01-01'), d('2020-02-01'))).toBe('1');
    expect(text('date_sub', s('month'), d('2020-01-31'), d('2020-02-29'))).toBe('1');
    expect(text('date_sub', s('month'), d('2020-03-31'), d('2020-02-29'))).toBe('-1');
    expect(text('date_sub', s('year'), d('2020-03-01'), d('2021-02-28'))).toBe('0');
    expect(text('date_sub', s('year'), d('2000-02-29'), d('2001-02-28'))).toBe('1');
    expect(text('date_sub', s('day'), ts('2020-01-01 23:00:00'), ts('2020-01-02 01:00:00'))).toBe('0');
    expect(text('date_sub', s('hour'), ts('2020-01-01 23:30:00'), ts('2020-01-02 01:00:00'))).toBe('1');
    expect(text('date_sub', s('week'), d('2020-01-01'), d('2020-01-15'))).toBe('2');
    expect(text('date_sub', s('month'), ts('2020-01-31 10:00:00'), ts('2020-02-29 09:00:00'))).toBe('0');
    expect(text('date_sub', s('month'), ts('2020-01-31 10:00:00'), ts('2020-02-29 11:00:00'))).toBe('1');
  });

  it('rejects unknown units', () => {
    expect(() => call('date_diff', [s('fortnight'), d('2020-01-01'), d('2020-01-02')])).toThrow(StrataError);
  });
});

describe('interval functions', () => {
  it('date_add gives a TIMESTAMP with end-of-month clamping', () => {
    expect(call('date_add', [d('2020-01-31'), iv('1 month')])).toEqual({ type: 'TIMESTAMP', text: '2020-02-29 00:00:00' });
    expect(text('date_add', ts('2020-01-31 10:00:00'), iv('1 month 1 day 1 hour'))).toBe('2020-03-01 11:00:00');
    expect(text('date_add', d('2020-03-31'), iv('-1 month'))).toBe('2020-02-29 00:00:00');
  });

  it('to_days and friends build intervals', () => {
    expect(call('to_days', [big(3)])).toEqual({ type: 'INTERVAL', text: '3 days' });
    expect(text('to_months', big(14))).toBe('1 year 2 months');
    expect(text('to_hours', big(36))).toBe('36:00:00');
  });

  it('re-exports parseInterval', () => {
    expect(parseInterval('3', 'day')).toEqual({ months: 0, days: 3, micros: 0 });
  });
});

describe('construction and conversion', () => {
  it('make_date, make_timestamp, last_day, names', () => {
    expect(call('make_date', [big(2020), big(2), big(29)])).toEqual({ type: 'DATE', text: '2020-02-29' });
    expect(() => text('make_date', big(2021), big(2), big(29))).toThrow(StrataError);
    expect(text('make_timestamp', big(2020), big(2), big(29), big(10), big(11), [DOUBLE, '12.5'])).toBe('2020-02-29 10:11:12.5');
    expect(call('last_day', [d('2020-02-10')])).toEqual({ type: 'DATE', text: '2020-02-29' });
    expect(text('last_day', ts('2021-02-10 10:00:00'))).toBe('2021-02-28');
    expect(text('dayname', d('2020-02-09'))).toBe('Sunday');
    expect(text('monthname', d('2020-02-09'))).toBe('February');
  });

  it('epoch functions', () => {
    expect(call('epoch', [ts('2020-01-01 00:00:01.5')])).toEqual({ type: 'DOUBLE', text: '1577836801.5' });
    expect(call('epoch_ms', [ts('2020-01-01 00:00:01.5')])).toEqual({ type: 'BIGINT', text: '1577836801500' });
    expect(text('epoch_ms', ts('1969-12-31 23:59:59.999999'))).toBe('0');
    expect(call('epoch_ms', [big(1577836801500)])).toEqual({ type: 'TIMESTAMP', text: '2020-01-01 00:00:01.5' });
    expect(text('epoch', d('2020-01-01'))).toBe('1577836800.0');
    expect(call('to_timestamp', [[DOUBLE, '1577836801.5']])).toEqual({ type: 'TIMESTAMP', text: '2020-01-01 00:00:01.5' });
  });

  it('current_date and now are non-deterministic', () => {
    expect(lookupScalarFunction('current_date')!.deterministic).toBe(false);
    expect(call('today', []).type).toBe('DATE');
  });
});

describe('strftime', () => {
  const t = parseTimestamp('2020-02-09 08:01:02.045');
  const f = (fmt: string) => compileStrftime(fmt)(t);

  it('formats the DuckDB codes', () => {
    expect(f('%a %A %w %u')).toBe('Sun Sunday 0 7');
    expect(f('%d %-d %b %B %h %m %-m')).toBe('09 9 Feb February Feb 02 2');
    expect(f('%y %-y %Y')).toBe('20 20 2020');
    expect(f('%H %-H %I %-I %p %M %-M %S %-S')).toBe('08 8 08 8 AM 01 1 02 2');
    expect(f('%f %g %z %Z|')).toBe('045000 045 +00 |');
    expect(f('%j %-j %U %W %V %G')).toBe('040 40 06 05 06 2020');
    expect(f('%c|%x|%X|%%')).toBe('2020-02-09 08:01:02|2020-02-09|08:01:02|%');
    expect(compileStrftime('%p %I')(parseTimestamp('2020-02-09 18:01:02'))).toBe('PM 06');
    expect(compileStrftime('%p %I')(parseTimestamp('2020-02-09 00:01:02'))).toBe('AM 12');
  });

  it('is registered for DATE and TIMESTAMP', () => {
    expect(call('strftime', [d('2020-02-29'), s('%d/%m/%Y')])).toEqual({ type: 'VARCHAR', text: '29/02/2020' });
    expect(call('strftime', [ts('2020-02-29 10:11:12'), s('%H:%M')], false).text).toBe('10:11');
    expect(() => compileStrftime('%Q')).toThrow(StrataError);
  });
});

describe('strptime', () => {
  const p = (text: string, fmt: string) => {
    const v = compileStrptime(fmt)(text);
    return v === null ? null : formatValue(TIMESTAMP, v);
  };

  it('parses with the format codes', () => {
    expect(p('29/02/2020 10:11', '%d/%m/%Y %H:%M')).toBe('2020-02-29 10:11:00');
    expect(p('2020-02-09 08:01:02.045', '%Y-%m-%d %H:%M:%S.%f')).toBe('2020-02-09 08:01:02.045');
    expect(p('Feb 9 2020 8pm', '%b %d %Y %I%p')).toBe('2020-02-09 20:00:00');
    expect(p('Sunday, February 9, 2020', '%A, %B %d, %Y')).toBe('2020-02-09 00:00:00');
    expect(p('9/2/20', '%d/%m/%y')).toBe('2020-02-09 00:00:00');
    expect(p('2020-060', '%Y-%j')).toBe('2020-02-29 00:00:00');
    expect(p('12 AM', '%I %p')).toBe('1900-01-01 00:00:00');
    expect(p('2020-02-09 10:00:00 +02:00', '%Y-%m-%d %H:%M:%S %z')).toBe('2020-02-09 08:00:00');
    expect(p('  2020-01-01', '%Y-%m-%d')).toBe('2020-01-01 00:00:00');
  });

  it('fails on a mismatch: an error for strptime, NULL for try_strptime', () => {
    expect(p('2020-02-30', '%Y-%m-%d')).toBeNull();
    expect(p('x', '%Y')).toBeNull();
    expect(() => text('strptime', s('x'), s('%Y'))).toThrow('Could not parse string "x" according to format specifier "%Y"');
    expect(text('try_strptime', s('x'), s('%Y'))).toBe('NULL');
    expect(lookupScalarFunction('try_strptime')!.canReturnNull).toBe(true);
    expect(call('strptime', [s('2020'), s('%Y')])).toEqual({ type: 'TIMESTAMP', text: '2020-01-01 00:00:00' });
  });
});
