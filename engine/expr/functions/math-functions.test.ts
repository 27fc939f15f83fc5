/** Tests of the numeric functions; expected values and types are DuckDB's. */
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../errors.js';
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  INTEGER,
  NULL_TYPE,
  VARCHAR,
  decimalType,
  typeToString,
  type DataType,
} from '../../types/data-type.js';
import { castFunction, formatValue } from '../../types/cast.js';
import { lookupScalarFunction } from './scalar-function.js';

/** An argument: its type and its text (NULL as null), converted to the physical value by a cast. */
type Arg = [DataType, string | null];
const int = (n: number): Arg => [INTEGER, String(n)];
const big = (n: number): Arg => [BIGINT, String(n)];
const dbl = (n: number): Arg => [DOUBLE, String(n)];
const dec = (text: string, p: number, s: number): Arg => [decimalType(p, s), text];
const str = (s: string): Arg => [VARCHAR, s];
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
const type = (name: string, ...args: Arg[]) => call(name, args).type;

function errorOf(fn: () => unknown): StrataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StrataError);
    return e as StrataError;
  }
  throw new Error('expected an error');
}

describe('abs and sign', () => {
  it('keeps the argument type', () => {
    expect(call('abs', [int(-3)])).toEqual({ type: 'INTEGER', text: '3' });
    expect(call('abs', [big(-3)])).toEqual({ type: 'BIGINT', text: '3' });
    expect(call('abs', [dec('-1.5', 2, 1)])).toEqual({ type: 'DECIMAL(2,1)', text: '1.5' });
    expect(call('abs', [dbl(-2.5)])).toEqual({ type: 'DOUBLE', text: '2.5' });
    expect(text('abs', NULL)).toBe('NULL');
    expect(errorOf(() => text('abs', int(-2147483648))).code).toBe('execution');
  });

  it('sign gives -1, 0, 1 (0 for NaN)', () => {
    expect(text('sign', dbl(-2.5))).toBe('-1');
    expect(text('sign', int(0))).toBe('0');
    expect(text('sign', dec('3.00', 3, 2))).toBe('1');
    expect(text('sign', [DOUBLE, 'nan'])).toBe('0');
    expect(type('sign', int(3))).toBe('INTEGER');
  });
});

describe('round and trunc', () => {
  it('rounds doubles half away from zero', () => {
    expect(text('round', dbl(2.5))).toBe('3.0');
    expect(text('round', dbl(-2.5))).toBe('-3.0');
    expect(text('round', dbl(1.005), int(2))).toBe('1.0');
    expect(text('round', dbl(2.675), int(2))).toBe('2.68');
    expect(text('round', dbl(5.5), int(-1))).toBe('10.0');
    expect(text('round', dbl(1e300), int(400))).toBe('1e+300');
    expect(type('round', dbl(2.5), int(1))).toBe('DOUBLE');
  });

  it('rounds decimals to DECIMAL(p, n), DECIMAL(p, 0) for n <= 0', () => {
    expect(call('round', [dec('2.5', 2, 1)])).toEqual({ type: 'DECIMAL(2,0)', text: '3' });
    expect(call('round', [dec('-2.5', 2, 1)])).toEqual({ type: 'DECIMAL(2,0)', text: '-3' });
    expect(call('round', [dec('1.2345', 5, 4), int(2)])).toEqual({ type: 'DECIMAL(5,2)', text: '1.23' });
    expect(call('round', [dec('12.5', 4, 1), int(0)])).toEqual({ type: 'DECIMAL(4,0)', text: '13' });
    expect(call('round', [dec('1234.5678', 8, 4), int(-2)])).toEqual({ type: 'DECIMAL(8,0)', text: '1200' });
    expect(call('round', [dec('2.555', 10, 3), int(5)])).toEqual({ type: 'DECIMAL(10,3)', text: '2.555' });
    expect(call('round', [dec('9.5', 2, 1)])).toEqual({ type: 'DECIMAL(2,0)', text: '10' });
  });

  it('computes a decimal with non-constant digits as DOUBLE', () => {
    expect(call('round', [dec('2.55', 5, 2), int(1)], false)).toEqual({ type: 'DOUBLE', text: '2.6' });
  });

  it('rounds integers to tens with negative digits', () => {
    expect(call('round', [int(15), int(-1)])).toEqual({ type: 'INTEGER', text: '20' });
    expect(call('round', [int(-15), int(-1)])).toEqual({ type: 'INTEGER', text: '-20' });
    expect(call('round', [int(5), int(1)])).toEqual({ type: 'INTEGER', text: '5' });
    expect(call('round', [big(7)])).toEqual({ type: 'BIGINT', text: '7' });
  });

  it('truncates toward zero', () => {
    expect(call('trunc', [dec('2.555', 4, 3), int(2)])).toEqual({ type: 'DECIMAL(4,2)', text: '2.55' });
    expect(call('trunc', [dec('-2.555', 4, 3), int(1)])).toEqual({ type: 'DECIMAL(4,1)', text: '-2.5' });
    expect(call('trunc', [dec('2.7', 2, 1)])).toEqual({ type: 'DECIMAL(2,0)', text: '2' });
    expect(text('trunc', dbl(-2.7))).toBe('-2.0');
    expect(call('trunc', [int(25), int(-1)])).toEqual({ type: 'INTEGER', text: '20' });
  });
});

describe('floor and ceil', () => {
  it('gives DECIMAL(p,0) for decimals and DOUBLE otherwise (DuckDB)', () => {
    expect(call('floor', [dec('2.5', 2, 1)])).toEqual({ type: 'DECIMAL(2,0)', text: '2' });
    expect(call('ceil', [dec('2.5', 2, 1)])).toEqual({ type: 'DECIMAL(2,0)', text: '3' });
    expect(call('floor', [dec('-2.5', 2, 1)])).toEqual({ type: 'DECIMAL(2,0)', text: '-3' });
    expect(call('ceil', [dec('-2.5', 2, 1)])).toEqual({ type: 'DECIMAL(2,0)', text: '-2' });
    expect(call('floor', [dec('5.5', 18, 3)])).toEqual({ type: 'DECIMAL(18,0)', text: '5' });
    expect(call('floor', [dbl(-2.5)])).toEqual({ type: 'DOUBLE', text: '-3.0' });
    expect(call('ceil', [int(2)])).toEqual({ type: 'DOUBLE', text: '2.0' });
    expect(lookupScalarFunction('ceiling')).toBe(lookupScalarFunction('ceil'));
  });
});

describe('mod', () => {
  it('follows the dividend sign and uses the common type', () => {
    expect(call('mod', [int(7), int(3)])).toEqual({ type: 'INTEGER', text: '1' });
    expect(call('mod', [int(-7), int(3)])).toEqual({ type: 'INTEGER', text: '-1' });
    expect(call('mod', [int(7), big(3)])).toEqual({ type: 'BIGINT', text: '1' });
    expect(call('mod', [dec('7.5', 2, 1), int(2)])).toEqual({ type: 'DECIMAL(11,1)', text: '1.5' });
    expect(call('mod', [dbl(7.5), int(2)])).toEqual({ type: 'DOUBLE', text: '1.5' });
  });

  it('gives NULL for an exact zero divisor and NaN for a double one (DuckDB)', () => {
    expect(lookupScalarFunction('mod')!.canReturnNull).toBe(true);
    expect(text('mod', int(5), int(0))).toBe('NULL');
    expect(text('mod', dec('5.5', 2, 1), int(0))).toBe('NULL');
    expect(text('mod', dbl(5.5), dbl(0))).toBe('nan');
  });
});

describe('powers, roots and logarithms', () => {
  it('computes in DOUBLE', () => {
    expect(call('sqrt', [int(4)])).toEqual({ type: 'DOUBLE', text: '2.0' });
    expect(text('sqrt', dec('2.25', 3, 2))).toBe('1.5');
    expect(text('power', int(2), int(10))).toBe('1024.0');
    expect(text('pow', dbl(2), dbl(0.5))).toBe('1.4142135623730951');
    expect(text('power', int(-8), dbl(1 / 3))).toBe('nan');
    expect(text('exp', int(1))).toBe('2.718281828459045');
    expect(text('ln', dbl(Math.E))).toBe('1.0');
    expect(text('log', int(100))).toBe('2.0');
    expect(text('log', int(2), int(8))).toBe('3.0');
    expect(text('log10', int(1000))).toBe('3.0');
    expect(text('log2', int(8))).toBe('3.0');
    expect(text('pi')).toBe('3.141592653589793');
    expect(text('cbrt', int(27))).toBe('3.0');
    expect(text('sqrt', str('16'))).toBe('4.0');
  });

  it('rejects arguments outside the domain', () => {
    expect(errorOf(() => text('sqrt', int(-1))).message).toBe('cannot take square root of a negative number');
    expect(errorOf(() => text('ln', int(0))).message).toBe('cannot take logarithm of zero');
    expect(errorOf(() => text('log10', int(-5))).message).toBe('cannot take logarithm of a negative number');
  });

  it('does not accept non-numeric arguments', () => {
    expect(lookupScalarFunction('sqrt')!.resolve([VARCHAR], [undefined])).toBeNull();
    expect(lookupScalarFunction('abs')!.resolve([DATE], [undefined])).toBeNull();
  });
});

describe('greatest and least', () => {
  it('uses the common type of the arguments', () => {
    expect(call('greatest', [int(1), dec('2.5', 2, 1), int(3)])).toEqual({ type: 'DECIMAL(11,1)', text: '3.0' });
    expect(call('least', [int(1), dbl(0.5)])).toEqual({ type: 'DOUBLE', text: '0.5' });
    expect(call('greatest', [str('a'), str('b')])).toEqual({ type: 'VARCHAR', text: 'b' });
    expect(call('greatest', [[DATE, '2020-01-01'], [DATE, '2021-01-01'], [DATE, '2019-01-01'], [DATE, '2018-01-01']]))
      .toEqual({ type: 'DATE', text: '2021-01-01' });
    expect(call('least', [[BOOLEAN, 'true'], [BOOLEAN, 'false']])).toEqual({ type: 'BOOLEAN', text: 'false' });
    expect(call('greatest', [[DATE, '2020-01-01'], str('2021-06-01')])).toEqual({ type: 'DATE', text: '2021-06-01' });
  });

  it('ignores NULLs (NULL only when every argument is NULL)', () => {
    expect(text('least', int(1), NULL, int(3))).toBe('1');
    expect(text('greatest', NULL, int(3), NULL)).toBe('3');
    expect(text('greatest', NULL, NULL)).toBe('NULL');
  });

  it('rejects types that do not meet', () => {
    expect(lookupScalarFunction('greatest')!.resolve([INTEGER, DATE], [undefined, undefined])).toBeNull();
    expect(lookupScalarFunction('greatest')!.resolve([], [])).toBeNull();
  });
});

describe('random', () => {
  it('is in [0, 1)', () => {
    const r = lookupScalarFunction('random')!.resolve([], [])!;
    for (let i = 0; i < 100; i++) {
      const v = r.impl();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
