/** Unit tests for NestedLoopJoinExec, checked against a row-at-a-time reference join. */
import { describe, expect, it } from 'vitest';
import { INTEGER, VARCHAR } from '../types/data-type.js';
import { referenceJoin, rowPredicate } from './join-test-utils.js';
import { NestedLoopJoinExec, type NestedLoopJoinType } from './nested-loop-join-exec.js';
import { type Cell, drain, sortedRows, ValuesSource } from './test-helpers.js';

describe('NestedLoopJoinExec', () => {
  const lt = [INTEGER, VARCHAR];
  const rt = [INTEGER];
  const left: Cell[][] = [
    [1, 'a'],
    [5, 'b'],
    [null, 'c'],
    [3, 'd'],
  ];
  const right: Cell[][] = [[2], [4], [null], [0]];
  // l.x < r.y, NULL when either is NULL.
  const less = (r: Cell[]): boolean | null => (r[0] === null || r[2] === null ? null : (r[0] as number) < (r[2] as number));

  function join(jt: NestedLoopJoinType, pred: ((r: Cell[]) => boolean | null) | null, r: Cell[][] = right): Cell[][] {
    return drain(
      new NestedLoopJoinExec(
        new ValuesSource(lt, left, { batchSize: 3, withSel: true }),
        new ValuesSource(rt, r, { batchSize: 3 }),
        jt,
        pred === null ? null : rowPredicate(pred),
        lt,
        rt,
      ),
    );
  }

  it('joins on a non-equi predicate', () => {
    expect(join('inner', less)).toEqual([
      [1, 'a', 2],
      [1, 'a', 4],
      [3, 'd', 4],
    ]);
  });

  it('produces the cross product without a predicate', () => {
    expect(join('cross', null)).toHaveLength(16);
    expect(join('cross', null, [])).toEqual([]);
  });

  it('matches the reference for every join type', () => {
    for (const jt of ['inner', 'left', 'right', 'full', 'semi', 'anti'] as const) {
      const expected = referenceJoin(left, right, [], [], jt, less, 2, 1);
      expect(sortedRows(join(jt, less)), jt).toEqual(sortedRows(expected));
    }
  });

  it('handles semi and anti joins without a predicate by the emptiness of the right side', () => {
    expect(join('semi', null)).toEqual(left);
    expect(join('anti', null)).toEqual([]);
    expect(join('anti', null, [])).toEqual(left);
    expect(join('left', null, [])).toEqual(left.map((r) => [...r, null]));
  });

  it('splits large candidate sets into batches of at most VECTOR_SIZE', () => {
    const l: Cell[][] = Array.from({ length: 150 }, (_, i) => [i, 'x']);
    const r: Cell[][] = Array.from({ length: 100 }, (_, i) => [i]);
    const op = new NestedLoopJoinExec(
      new ValuesSource(lt, l, { batchSize: 70 }),
      new ValuesSource(rt, r, { batchSize: 30 }),
      'full',
      rowPredicate((row) => (row[0] as number) + 50 === row[2]),
      lt,
      rt,
    );
    const out = drain(op);
    // Left rows 0..49 match r = l + 50; 100 left rows and 50 right rows stay unmatched.
    expect(out).toHaveLength(50 + 100 + 50);
    const big = drain(
      new NestedLoopJoinExec(new ValuesSource(lt, l), new ValuesSource(rt, r), 'inner', null, lt, rt),
    );
    expect(big).toHaveLength(15000);
  });
});
