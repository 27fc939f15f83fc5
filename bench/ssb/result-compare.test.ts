import { describe, expect, it } from 'vitest';
import { compareRows, orderByColumns } from './result-compare.js';

describe('orderByColumns', () => {
  it('maps the ORDER BY keys of an SSB query to output columns', () => {
    const sql = 'select c_nation, s_nation, d_year, sum(lo_revenue) as revenue from t group by 1, 2, 3\norder by d_year asc, revenue desc;';
    expect(orderByColumns(sql, ['c_nation', 's_nation', 'd_year', 'revenue'])).toEqual([2, 3]);
    expect(orderByColumns('select a from t', ['a'])).toEqual([]);
    expect(orderByColumns('select a from t order by a + 1', ['a'])).toBeNull();
  });
});

describe('compareRows', () => {
  const exact = [false, false];
  it('matches equal rows and reports the first difference', () => {
    expect(compareRows([[1, 'a']], [[1, 'a']], exact, [])).toEqual({ status: 'match', detail: null });
    expect(compareRows([[1, 'a']], [[2, 'a']], exact, []).status).toBe('mismatch');
    expect(compareRows([[1, 'a']], [], exact, []).detail).toMatch(/0 rows, expected 1/);
  });

  it('compares integers exactly and doubles to a relative 1e-9', () => {
    expect(compareRows([[100000000000001]], [[100000000000000]], [false], []).status).toBe('mismatch');
    expect(compareRows([[0.1 + 0.2]], [[0.3]], [true], []).status).toBe('match');
  });

  it('accepts a reordering only among rows that tie on the ORDER BY keys', () => {
    const expected = [
      [1992, 'x', 5],
      [1992, 'y', 5],
      [1993, 'z', 9],
    ];
    const tiesSwapped = [expected[1], expected[0], expected[2]];
    expect(compareRows(expected, tiesSwapped, [false, false, false], [0, 2]).status).toBe('ties-reordered');
    expect(compareRows(expected, tiesSwapped, [false, false, false], [0, 1]).status).toBe('mismatch');
    expect(compareRows(expected, tiesSwapped, [false, false, false], null).status).toBe('mismatch');
  });
});
