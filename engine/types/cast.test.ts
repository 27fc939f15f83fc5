/** Tests of casts, value text and implicit-cast rules against what DuckDB returns. */
import { describe, expect, it } from 'vitest';
import { StrataError } from '../errors.js';
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  INTEGER,
  INTERVAL,
  NULL_TYPE,
  TIMESTAMP,
  VARCHAR,
  decimalType,
  type DataType,
} from './data-type.js';
import {
  castFunction,
  commonSupertype,
  divRoundHalfAway,
  formatDouble,
  formatValue,
  implicitCastAllowed,
  parseDecimalText,
  roundHalfEven,
} from './cast.js';
import { parseDate, parseTimestamp } from './date-time.js';

/** CAST(text AS to), through VARCHAR -> `to`, then printed as VARCHAR. */
function castText(text: string, to: DataType): string {
  const v = castFunction(VARCHAR, to, false)!(text);
  return formatValue(to, v);
}

/** CAST(v AS to) for a physical value of `from`, printed. */
function cast(from: DataType, v: unknown, to: DataType): string {
  const f = castFunction(from, to, false);
  if (f === null) throw new Error('cast not allowed');
  const r = f(v);
  return r === null ? 'NULL' : formatValue(to, r);
}

function conversionError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StrataError);
    expect((e as StrataError).code).toBe('conversion');
    return (e as Error).message;
  }
  throw new Error('expected a conversion error');
}

const D52 = decimalType(5, 2);

describe('formatDouble', () => {
  it('prints like DuckDB (Python repr)', () => {
    expect(formatDouble(1)).toBe('1.0');
    expect(formatDouble(0.1)).toBe('0.1');
    expect(formatDouble(-1.5)).toBe('-1.5');
    expect(formatDouble(100)).toBe('100.0');
    expect(formatDouble(1e15)).toBe('1000000000000000.0');
    expect(formatDouble(1e16)).toBe('1e+16');
    expect(formatDouble(1e20)).toBe('1e+20');
    expect(formatDouble(12345678901234567)).toBe('1.2345678901234568e+16');
    expect(formatDouble(0.0001)).toBe('0.0001');
    expect(formatDouble(1e-5)).toBe('1e-05');
    expect(formatDouble(1.5e-7)).toBe('1.5e-07');
    expect(formatDouble(1 / 3)).toBe('0.3333333333333333');
    expect(formatDouble(1.5e300)).toBe('1.5e+300');
    expect(formatDouble(0)).toBe('0.0');
    expect(formatDouble(-0)).toBe('-0.0');
    expect(formatDouble(Infinity)).toBe('inf');
    expect(formatDouble(-Infinity)).toBe('-inf');
    expect(formatDouble(NaN)).toBe('nan');
  });
});

describe('formatValue', () => {
  it('prints each type', () => {
    expect(formatValue(INTEGER, 12)).toBe('12');
    expect(formatValue(BIGINT, -5)).toBe('-5');
    expect(formatValue(BIGINT, 2 ** 60)).toBe('1152921504606846976');
    expect(formatValue(D52, 150)).toBe('1.50');
    expect(formatValue(D52, -50)).toBe('-0.50');
    expect(formatValue(D52, 5)).toBe('0.05');
    expect(formatValue(decimalType(18, 0), 7)).toBe('7');
    expect(formatValue(BOOLEAN, 1)).toBe('true');
    expect(formatValue(BOOLEAN, false)).toBe('false');
    expect(formatValue(DATE, parseDate('2020-02-29'))).toBe('2020-02-29');
    expect(formatValue(DATE, parseDate('0000-01-01'))).toBe('0001-01-01 (BC)');
    expect(formatValue(TIMESTAMP, parseTimestamp('2020-01-01 10:00:00.5'))).toBe('2020-01-01 10:00:00.5');
    expect(formatValue(INTERVAL, { months: 14, days: 3, micros: 3_600_000_000 })).toBe('1 year 2 months 3 days 01:00:00');
    expect(formatValue(VARCHAR, 'x')).toBe('x');
  });
});

describe('VARCHAR to numbers', () => {
  it('parses integers like DuckDB (spaces, fraction rounding, exponent, hex)', () => {
    expect(castText(' 12 ', INTEGER)).toBe('12');
    expect(castText('+5', INTEGER)).toBe('5');
    expect(castText('12.5', INTEGER)).toBe('13');
    expect(castText('-12.5', INTEGER)).toBe('-13');
    expect(castText('2.5e0', INTEGER)).toBe('3');
    expect(castText('1e3', INTEGER)).toBe('1000');
    expect(castText('0x10', INTEGER)).toBe('16');
    expect(castText('-2147483648', INTEGER)).toBe('-2147483648');
    expect(castText('9223372036854775807', BIGINT)).toBe('9223372036854775807');
  });

  it('names the value and the type when the text is not a number', () => {
    expect(conversionError(() => castText('abc', INTEGER))).toBe("Could not convert string 'abc' to INTEGER");
    expect(conversionError(() => castText('', INTEGER))).toContain('INTEGER');
    expect(conversionError(() => castText('2147483648', INTEGER))).toContain("'2147483648'");
    expect(conversionError(() => castText('1.2.3', DOUBLE))).toBe("Could not convert string '1.2.3' to DOUBLE");
    expect(conversionError(() => castText('99999999999999999999', BIGINT))).toContain('BIGINT');
  });

  it('parses doubles including special values', () => {
    expect(castText(' 1.25e1 ', DOUBLE)).toBe('12.5');
    expect(castText('.5', DOUBLE)).toBe('0.5');
    expect(castText('5.', DOUBLE)).toBe('5.0');
    expect(castText('-inf', DOUBLE)).toBe('-inf');
    expect(castText('NaN', DOUBLE)).toBe('nan');
    expect(castText('1e400', DOUBLE)).toBe('inf');
  });

  it('parses decimals exactly, rounding half away from zero', () => {
    expect(castText('123.456', D52)).toBe('123.46');
    expect(castText('1.005', D52)).toBe('1.01');
    expect(castText('-1.005', D52)).toBe('-1.01');
    expect(castText('  -1.5  ', decimalType(4, 2))).toBe('-1.50');
    expect(castText('1e3', decimalType(6, 1))).toBe('1000.0');
    expect(castText('.5', decimalType(3, 1))).toBe('0.5');
    expect(castText('999.994', D52)).toBe('999.99');
    expect(conversionError(() => castText('999.995', D52))).toBe("Could not convert string '999.995' to DECIMAL(5,2)");
    expect(conversionError(() => castText('1234.5', D52))).toContain('DECIMAL(5,2)');
    expect(parseDecimalText('0.0000001', 5, 2)).toBe(0);
    expect(parseDecimalText('x', 5, 2)).toBeNull();
  });
});

describe('numeric casts', () => {
  it('rounds DOUBLE to integer half to even (nearbyint), as DuckDB and PostgreSQL do', () => {
    expect(cast(DOUBLE, 2.5, INTEGER)).toBe('2');
    expect(cast(DOUBLE, -2.5, INTEGER)).toBe('-2');
    expect(cast(DOUBLE, 1.5, INTEGER)).toBe('2');
    expect(cast(DOUBLE, 0.5, BIGINT)).toBe('0');
    expect(cast(DOUBLE, 2.6, INTEGER)).toBe('3');
    expect(roundHalfEven(-1.5)).toBe(-2);
  });

  it('rounds DECIMAL to integer and DOUBLE to DECIMAL half away from zero', () => {
    expect(cast(decimalType(4, 1), -125, INTEGER)).toBe('-13');
    expect(cast(decimalType(4, 1), 35, INTEGER)).toBe('4');
    expect(cast(decimalType(4, 2), 1234, INTEGER)).toBe('12');
    expect(cast(DOUBLE, 2.5, decimalType(3, 0))).toBe('3');
    expect(cast(DOUBLE, 0.125, decimalType(3, 2))).toBe('0.13');
    expect(cast(DOUBLE, 1.015, decimalType(5, 2))).toBe('1.01'); // 1.015 is 1.01499... as a double
  });

  it('rescales decimals', () => {
    expect(cast(decimalType(6, 3), 123456, decimalType(4, 1))).toBe('123.5');
    expect(cast(decimalType(3, 2), 5, decimalType(2, 1))).toBe('0.1');
    expect(cast(decimalType(3, 2), -5, decimalType(2, 1))).toBe('-0.1');
    expect(cast(decimalType(3, 1), 15, decimalType(10, 5))).toBe('1.50000');
    expect(cast(decimalType(3, 1), 15, DOUBLE)).toBe('1.5');
    expect(cast(INTEGER, 5, decimalType(4, 1))).toBe('5.0');
  });

  it('reports values out of the target range', () => {
    expect(conversionError(() => cast(BIGINT, 3000000000, INTEGER))).toContain('out of range');
    expect(conversionError(() => cast(DOUBLE, 1e300, BIGINT))).toContain('out of range');
    expect(conversionError(() => cast(DOUBLE, NaN, INTEGER))).toContain('out of range');
    expect(conversionError(() => cast(decimalType(5, 2), 99999, decimalType(4, 1)))).toContain('999.99');
    expect(conversionError(() => cast(INTEGER, 1000, decimalType(4, 1)))).toContain('DECIMAL(4,1)');
  });

  it('divRoundHalfAway is exact', () => {
    expect(divRoundHalfAway(25, 10)).toBe(3);
    expect(divRoundHalfAway(-25, 10)).toBe(-3);
    expect(divRoundHalfAway(24, 10)).toBe(2);
    expect(divRoundHalfAway(-24, 10)).toBe(-2);
    expect(divRoundHalfAway(2 ** 53 - 1, 10)).toBe(900719925474099);
  });
});

describe('boolean casts', () => {
  it('reads the usual spellings', () => {
    for (const t of ['true', 'T', 'yes', '1', 'TRUE']) expect(castText(t, BOOLEAN)).toBe('true');
    for (const t of ['false', 'f', 'no', '0', 'False']) expect(castText(t, BOOLEAN)).toBe('false');
    expect(conversionError(() => castText('maybe', BOOLEAN))).toBe("Could not convert string 'maybe' to BOOLEAN");
  });

  it('converts to and from numbers', () => {
    expect(cast(INTEGER, 2, BOOLEAN)).toBe('true');
    expect(cast(INTEGER, 0, BOOLEAN)).toBe('false');
    expect(cast(DOUBLE, 1.5, BOOLEAN)).toBe('true');
    expect(cast(BOOLEAN, 1, INTEGER)).toBe('1');
    expect(cast(BOOLEAN, true, DOUBLE)).toBe('1.0');
    expect(cast(BOOLEAN, 1, decimalType(3, 1))).toBe('1.0');
    expect(cast(BOOLEAN, 0, VARCHAR)).toBe('false');
  });
});

describe('temporal casts', () => {
  it('converts between DATE, TIMESTAMP and VARCHAR', () => {
    expect(cast(VARCHAR, '2020-01-01', TIMESTAMP)).toBe('2020-01-01 00:00:00');
    expect(cast(VARCHAR, '2020-01-01 10:00:00', DATE)).toBe('2020-01-01');
    expect(cast(DATE, parseDate('2020-01-01'), TIMESTAMP)).toBe('2020-01-01 00:00:00');
    expect(cast(TIMESTAMP, parseTimestamp('1969-12-31 23:59:59.999999'), DATE)).toBe('1969-12-31');
    expect(cast(TIMESTAMP, parseTimestamp('2020-01-01 10:00:00.123456'), VARCHAR)).toBe('2020-01-01 10:00:00.123456');
    expect(conversionError(() => cast(VARCHAR, '2020-13-01', DATE))).toContain('2020-13-01');
    expect(castFunction(INTEGER, DATE, false)).toBeNull();
    expect(castFunction(DATE, INTEGER, false)).toBeNull();
  });

  it('converts intervals to and from text', () => {
    expect(cast(VARCHAR, '2 days 03:00:00', INTERVAL)).toBe('2 days 03:00:00');
    expect(cast(VARCHAR, '-1 week', INTERVAL)).toBe('-7 days');
  });
});

describe('TRY_CAST', () => {
  it('returns NULL instead of failing', () => {
    expect(castFunction(VARCHAR, INTEGER, true)!('abc')).toBeNull();
    expect(castFunction(VARCHAR, DATE, true)!('2020-02-30')).toBeNull();
    expect(castFunction(BIGINT, INTEGER, true)!(3e9)).toBeNull();
    expect(castFunction(VARCHAR, INTEGER, true)!('42')).toBe(42);
  });

  it('casts NULL to anything', () => {
    expect(castFunction(NULL_TYPE, DATE, false)!(null)).toBeNull();
  });
});

describe('implicit casts and supertypes', () => {
  it('widens numbers', () => {
    expect(commonSupertype(INTEGER, BIGINT)).toEqual(BIGINT);
    expect(commonSupertype(INTEGER, DOUBLE)).toEqual(DOUBLE);
    expect(commonSupertype(decimalType(5, 2), decimalType(7, 4))).toEqual(decimalType(7, 4));
    expect(commonSupertype(INTEGER, decimalType(5, 2))).toEqual(decimalType(12, 2));
    expect(commonSupertype(INTEGER, decimalType(2, 1))).toEqual(decimalType(11, 1));
    expect(commonSupertype(BIGINT, decimalType(5, 0))).toEqual(decimalType(18, 0));
    // DuckDB would use DECIMAL(19,9) / DECIMAL(20,1); beyond 18 digits Strata uses DOUBLE.
    expect(commonSupertype(INTEGER, decimalType(10, 9))).toEqual(DOUBLE);
    expect(commonSupertype(BIGINT, decimalType(3, 1))).toEqual(DOUBLE);
    expect(commonSupertype(decimalType(18, 2), DOUBLE)).toEqual(DOUBLE);
  });

  it('handles NULL, temporal types, strings and booleans', () => {
    expect(commonSupertype(NULL_TYPE, DATE)).toEqual(DATE);
    expect(commonSupertype(VARCHAR, NULL_TYPE)).toEqual(VARCHAR);
    expect(commonSupertype(DATE, TIMESTAMP)).toEqual(TIMESTAMP);
    expect(commonSupertype(VARCHAR, DATE)).toEqual(DATE);
    expect(commonSupertype(VARCHAR, VARCHAR)).toEqual(VARCHAR);
    expect(commonSupertype(BOOLEAN, BOOLEAN)).toEqual(BOOLEAN);
    expect(commonSupertype(BOOLEAN, INTEGER)).toBeNull();
    expect(commonSupertype(VARCHAR, INTEGER)).toBeNull();
  });

  it('allows only widening implicit casts', () => {
    expect(implicitCastAllowed(INTEGER, BIGINT)).toBe(true);
    expect(implicitCastAllowed(BIGINT, INTEGER)).toBe(false);
    expect(implicitCastAllowed(INTEGER, decimalType(12, 2))).toBe(true);
    expect(implicitCastAllowed(INTEGER, decimalType(5, 2))).toBe(false);
    expect(implicitCastAllowed(decimalType(5, 2), decimalType(7, 3))).toBe(true);
    expect(implicitCastAllowed(decimalType(5, 2), decimalType(7, 1))).toBe(false);
    expect(implicitCastAllowed(decimalType(5, 2), DOUBLE)).toBe(true);
    expect(implicitCastAllowed(DATE, TIMESTAMP)).toBe(true);
    expect(implicitCastAllowed(TIMESTAMP, DATE)).toBe(false);
    expect(implicitCastAllowed(VARCHAR, INTEGER)).toBe(false);
    expect(implicitCastAllowed(NULL_TYPE, VARCHAR)).toBe(true);
  });
});
