/** Unit tests for SetOpExec: UNION / INTERSECT / EXCEPT with set and bag semantics. */
import { describe, expect, it } from 'vitest';
import { INTEGER, VARCHAR } from '../types/data-type.js';
import { SetOpExec, type SetOpKind } from './set-op-exec.js';
import { type Cell, drain, ValuesSource } from './test-helpers.js';

const types = [INTEGER, VARCHAR];
const left: Cell[][] = [
  [1, 'a'],
  [2, 'b'],
  [1, 'a'],
  [null, null],
  [3, 'c'],
  [1, 'a'],
  [null, null],
];
const right: Cell[][] = [
  [1, 'a'],
  [null, null],
  [4, 'd'],
  [1, 'a'],
  [4, 'd'],
];

function run(op: SetOpKind, all: boolean): Cell[][] {
  return drain(
    new SetOpExec(
      new ValuesSource(types, left, { batchSize: 3, withSel: true }),
      new ValuesSource(types, right, { batchSize: 2 }),
      op,
      all,
      types,
    ),
  );
}

describe('SetOpExec', () => {
  it('concatenates for UNION ALL and deduplicates for UNION', () => {
    expect(run('union', true)).toEqual([...left, ...right]);
    expect(run('union', false)).toEqual([
      [1, 'a'],
      [2, 'b'],
      [null, null],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('intersects with set and bag semantics', () => {
    expect(run('intersect', false)).toEqual([
      [1, 'a'],
      [null, null],
    ]);
    // min(3, 2) copies of (1,'a'), min(2, 1) of (NULL, NULL).
    expect(run('intersect', true)).toEqual([
      [1, 'a'],
      [1, 'a'],
      [null, null],
    ]);
  });

  it('subtracts with set and bag semantics', () => {
    expect(run('except', false)).toEqual([
      [2, 'b'],
      [3, 'c'],
    ]);
    // 3 - 2 copies of (1,'a'), 2 - 1 of (NULL, NULL).
    expect(run('except', true)).toEqual([
      [2, 'b'],
      [3, 'c'],
      [1, 'a'],
      [null, null],
    ]);
  });

  it('handles empty inputs', () => {
    const empty = (): ValuesSource => new ValuesSource(types, []);
    expect(drain(new SetOpExec(empty(), new ValuesSource(types, right), 'intersect', false, types))).toEqual([]);
    expect(drain(new SetOpExec(new ValuesSource(types, left), empty(), 'except', true, types))).toEqual(left);
    expect(drain(new SetOpExec(empty(), empty(), 'union', false, types))).toEqual([]);
  });
});
