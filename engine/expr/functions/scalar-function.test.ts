/** Tests of the scalar function registry: lookup, aliases and the resolve contract. */
import { describe, expect, it } from 'vitest';
import { DATE, DOUBLE, INTEGER, NULL_TYPE, TIMESTAMP, VARCHAR } from '../../types/data-type.js';
import { lookupScalarFunction, registerScalarFunction, scalarFunctionNames } from './scalar-function.js';

describe('registry', () => {
  it('finds functions case-insensitively, including aliases', () => {
    expect(lookupScalarFunction('ABS')?.name).toBe('abs');
    expect(lookupScalarFunction('ceiling')?.name).toBe('ceil');
    expect(lookupScalarFunction('substring')?.name).toBe('substr');
    expect(lookupScalarFunction('strpos')?.name).toBe('strpos');
    expect(lookupScalarFunction('position')?.name).toBe('strpos');
    expect(lookupScalarFunction('datepart')?.name).toBe('date_part');
    expect(lookupScalarFunction('char_length')?.name).toBe('length');
    expect(lookupScalarFunction('pow')?.name).toBe('power');
    expect(lookupScalarFunction('||')?.name).toBe('||');
    expect(lookupScalarFunction('no_such_function')).toBeUndefined();
  });

  it('lists every name once, sorted', () => {
    const names = scalarFunctionNames();
    expect(names).toEqual([...new Set(names)].sort());
    for (const n of ['abs', 'round', 'greatest', 'lower', 'concat', 'regexp_replace', 'date_trunc', 'strftime', 'now', 'date_add_op']) {
      expect(names).toContain(n);
    }
  });

  it('marks clock and random functions non-deterministic, and NULL-ignoring ones', () => {
    expect(lookupScalarFunction('random')?.deterministic).toBe(false);
    expect(lookupScalarFunction('now')?.deterministic).toBe(false);
    expect(lookupScalarFunction('current_date')?.deterministic).toBe(false);
    expect(lookupScalarFunction('abs')?.deterministic ?? true).toBe(true);
    expect(lookupScalarFunction('concat')?.propagatesNulls).toBe(false);
    expect(lookupScalarFunction('greatest')?.propagatesNulls).toBe(false);
    expect(lookupScalarFunction('lower')?.propagatesNulls ?? true).toBe(true);
  });

  it('resolves to argument casts, a return type and an implementation', () => {
    const r = lookupScalarFunction('sqrt')!.resolve([INTEGER], [undefined])!;
    expect(r.argTypes).toEqual([DOUBLE]);
    expect(r.returnType).toEqual(DOUBLE);
    expect(r.impl(16)).toBe(4);
    expect(lookupScalarFunction('sqrt')!.resolve([DATE], [undefined])).toBeNull();
    expect(lookupScalarFunction('sqrt')!.resolve([INTEGER, INTEGER], [undefined, undefined])).toBeNull();
    expect(lookupScalarFunction('lower')!.resolve([NULL_TYPE], [null])!.argTypes).toEqual([VARCHAR]);
  });

  it('now() is fixed per resolution, so every row of a statement sees the same instant', () => {
    const r = lookupScalarFunction('current_timestamp')!.resolve([], [])!;
    expect(r.returnType).toEqual(TIMESTAMP);
    expect(r.impl()).toBe(r.impl());
    expect(Math.abs(r.impl() / 1000 - Date.now())).toBeLessThan(60_000);
  });

  it('lets a later registration add a function', () => {
    registerScalarFunction(
      { name: 'test_twice', resolve: (a) => (a.length === 1 ? { argTypes: [DOUBLE], returnType: DOUBLE, impl: (x: number) => 2 * x } : null) },
      'test_double_it',
    );
    expect(lookupScalarFunction('TEST_DOUBLE_IT')!.resolve([DOUBLE], [undefined])!.impl(2)).toBe(4);
  });
});
