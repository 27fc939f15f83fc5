/** Unit tests for DistinctExec: first occurrences in input order. */
import { describe, expect, it } from 'vitest';
import { DOUBLE, INTEGER, VARCHAR } from '../types/data-type.js';
import { DistinctExec } from './distinct-exec.js';
import { type Cell, drain, ValuesSource } from './test-helpers.js';

describe('DistinctExec', () => {
  it('keeps the first occurrence of each row in input order, NULL equal to NULL', () => {
    const types = [INTEGER, VARCHAR, DOUBLE];
    const rows: Cell[][] = [
      [1, 'a', 0.5],
      [1, 'a', 0.5],
      [null, 'a', null],
      [1, 'b', 0.5],
      [null, 'a', null],
      [1, 'a', 0.5],
      [2, null, -0],
      [2, null, 0],
    ];
    const expected = [
      [1, 'a', 0.5],
      [null, 'a', null],
      [1, 'b', 0.5],
      [2, null, -0],
    ];
    expect(drain(new DistinctExec(new ValuesSource(types, rows), types))).toEqual(expected);
    expect(drain(new DistinctExec(new ValuesSource(types, rows, { batchSize: 3, withSel: true }), types))).toEqual(expected);
  });
});
