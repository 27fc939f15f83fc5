/** Tests of calendar helpers and INTERVAL parsing, printing and arithmetic (expected values from DuckDB). */
import { describe, expect, it } from 'vitest';
import { StrataError } from '../errors.js';
import {
  addIntervalToDate,
  addIntervalToTimestamp,
  addMonthsToDays,
  dayOfWeek,
  formatDate,
  formatInterval,
  formatTimestamp,
  isoDayOfWeek,
  isoYearWeek,
  parseDate,
  parseInterval,
  parseTimestamp,
} from './date-time.js';

const iv = (text: string, unit: string | null = null) => formatInterval(parseInterval(text, unit));

describe('calendar fields', () => {
  it('computes weekdays and ISO weeks', () => {
    expect(dayOfWeek(parseDate('1993-08-14'))).toBe(6);
    expect(dayOfWeek(parseDate('2020-02-09'))).toBe(0);
    expect(isoDayOfWeek(parseDate('2020-02-09'))).toBe(7);
    expect(dayOfWeek(parseDate('1969-12-31'))).toBe(3);
    expect(isoYearWeek(parseDate('1993-08-14'))).toBe(199332);
    expect(isoYearWeek(parseDate('2021-01-01'))).toBe(202053);
    expect(isoYearWeek(parseDate('2019-12-30'))).toBe(202001);
  });

  it('adds months with end-of-month clamping', () => {
    expect(formatDate(addMonthsToDays(parseDate('2020-01-31'), 1))).toBe('2020-02-29');
    expect(formatDate(addMonthsToDays(parseDate('2021-01-31'), 1))).toBe('2021-02-28');
    expect(formatDate(addMonthsToDays(parseDate('2020-03-31'), -1))).toBe('2020-02-29');
    expect(formatDate(addMonthsToDays(parseDate('2019-01-31'), 13))).toBe('2020-02-29');
    expect(formatDate(addMonthsToDays(parseDate('2020-02-29'), -12))).toBe('2019-02-28');
  });

  it('prints years before 1 AD the DuckDB way', () => {
    expect(formatDate(parseDate('0000-01-01'))).toBe('0001-01-01 (BC)');
    expect(formatTimestamp(parseTimestamp('0000-01-01 10:00:00'))).toBe('0001-01-01 (BC) 10:00:00');
  });
});

describe('parseInterval / formatInterval', () => {
  it('reads unit lists, clock times and signs', () => {
    expect(iv('1 year 2 months')).toBe('1 year 2 months');
    expect(iv('1 year 2 months 3 days 04:05:06.5')).toBe('1 year 2 months 3 days 04:05:06.5');
    expect(iv('-1 week')).toBe('-7 days');
    expect(iv('-1 year')).toBe('-1 year');
    expect(iv('-1 years -2 months')).toBe('-1 year -2 months');
    expect(iv('2 days 03:00:00')).toBe('2 days 03:00:00');
    expect(iv('2 days -03:00:00')).toBe('2 days -03:00:00');
    expect(iv('36:00:00')).toBe('36:00:00');
    expect(iv('-00:00:01')).toBe('-00:00:01');
    expect(iv('12:30')).toBe('12:30:00');
    expect(iv('1h 30m')).toBe('01:30:00');
    expect(iv('10 weeks')).toBe('70 days');
    expect(iv('2 quarters')).toBe('6 months');
    expect(iv('3 decades')).toBe('30 years');
    expect(iv('500 milliseconds')).toBe('00:00:00.5');
    expect(iv('7 microseconds')).toBe('00:00:00.000007');
    expect(iv('1 day ago')).toBe('-1 day');
    expect(iv('3')).toBe('00:00:03');
  });

  it('spreads fractions into smaller fields', () => {
    expect(iv('1.5 days')).toBe('1 day 12:00:00');
    expect(iv('1.5 years')).toBe('1 year 6 months');
    expect(iv('1.5 months')).toBe('1 month 15 days');
  });

  it('takes a separate unit for INTERVAL n UNIT', () => {
    expect(iv('3', 'DAY')).toBe('3 days');
    expect(iv('90', 'minute')).toBe('01:30:00');
    expect(iv('1.5', 'second')).toBe('00:00:01.5');
    expect(iv('-2', 'hours')).toBe('-02:00:00');
    expect(iv('1', 'year')).toBe('1 year');
  });

  it('rejects garbage', () => {
    expect(() => parseInterval('abc', null)).toThrow(StrataError);
    expect(() => parseInterval('', null)).toThrow("Could not convert string '' to INTERVAL");
    expect(() => parseInterval('1 fortnight', null)).toThrow(StrataError);
    expect(() => parseInterval('1', 'fortnight')).toThrow(StrataError);
    expect(formatInterval({ months: 0, days: 0, micros: 0 })).toBe('00:00:00');
  });
});

describe('interval arithmetic', () => {
  const ts = (s: string) => parseTimestamp(s);
  it('adds months first, then days, then time', () => {
    expect(formatTimestamp(addIntervalToTimestamp(ts('2020-01-31 10:00:00'), parseInterval('1 month 1 day 1 hour', null), 1)))
      .toBe('2020-03-01 11:00:00');
    expect(formatTimestamp(addIntervalToTimestamp(ts('2020-01-31 10:00:00'), parseInterval('2 days 03:00:00', null), -1)))
      .toBe('2020-01-29 07:00:00');
    expect(formatTimestamp(addIntervalToTimestamp(ts('2020-01-01 00:00:00'), parseInterval('-36:00:00', null), 1)))
      .toBe('2019-12-30 12:00:00');
  });

  it('gives a TIMESTAMP for DATE + INTERVAL', () => {
    expect(formatTimestamp(addIntervalToDate(parseDate('2020-01-31'), parseInterval('1 month', null), 1)))
      .toBe('2020-02-29 00:00:00');
    expect(formatTimestamp(addIntervalToDate(parseDate('2020-02-29'), parseInterval('1 year', null), -1)))
      .toBe('2019-02-28 00:00:00');
    expect(formatTimestamp(addIntervalToDate(parseDate('2020-01-01'), parseInterval('90 minutes', null), 1)))
      .toBe('2020-01-01 01:30:00');
  });
});
