import { describe, expect, it } from 'vitest';
import { BOOLEAN, INTEGER, VARCHAR } from '../types/data-type.js';
import { Batch } from '../vector/batch.js';
import { Vector } from '../vector/vector.js';
import { compileExpr, compilePredicate, EMPTY_ENV } from './compile.js';
import type { BoundExpr } from './expr.js';

const boolCol = (cid: number): BoundExpr => ({ kind: 'column', cid, type: BOOLEAN, name: `b${cid}` });
const intCol = (cid: number): BoundExpr => ({ kind: 'column', cid, type: INTEGER, name: `i${cid}` });

/** Two boolean columns holding every combination of TRUE, FALSE and NULL. */
function truthBatch(): Batch {
  const a = [1, 1, 1, 0, 0, 0, 0, 0, 0];
  const av = [1, 1, 1, 1, 1, 1, 0, 0, 0];
  const b = [1, 0, 0, 1, 0, 0, 1, 0, 0];
  const bv = [1, 1, 0, 1, 1, 0, 1, 1, 0];
  return new Batch(
    [
      new Vector(BOOLEAN, Uint8Array.from(a), Uint8Array.from(av), null, 9),
      new Vector(BOOLEAN, Uint8Array.from(b), Uint8Array.from(bv), null, 9),
    ],
    9,
  );
}

function values(e: BoundExpr, batch: Batch, layout = new Map([[1, 0], [2, 1]])): (number | string | null)[] {
  const v = compileExpr(e, layout).evaluate(batch, EMPTY_ENV);
  return Array.from({ length: v.length }, (_, i) => v.get(i));
}

describe('expression compiler', () => {
  it('implements three-valued AND, OR and NOT', () => {
    const b = truthBatch();
    // rows: (T,T) (T,F) (T,N) (F,T) (F,F) (F,N) (N,T) (N,F) (N,N)
    expect(values({ kind: 'and', args: [boolCol(1), boolCol(2)], type: BOOLEAN }, b)).toEqual([1, 0, null, 0, 0, 0, null, 0, null]);
    expect(values({ kind: 'or', args: [boolCol(1), boolCol(2)], type: BOOLEAN }, b)).toEqual([1, 1, 1, 1, 0, null, 1, null, null]);
    expect(values({ kind: 'not', arg: boolCol(1), type: BOOLEAN }, b)).toEqual([0, 0, 0, 1, 1, 1, null, null, null]);
  });

  it('gives the same answer from the null-free kernel and the NULL-aware one', () => {
    const n = 1000;
    const a = new Int32Array(n).map((_, i) => (i * 7919) % 101);
    const c = new Int32Array(n).map((_, i) => (i * 104729) % 37);
    const pred: BoundExpr = {
      kind: 'or',
      type: BOOLEAN,
      args: [
        { kind: 'op', op: '<', type: BOOLEAN, args: [intCol(1), { kind: 'const', value: 30, type: INTEGER }] },
        { kind: 'op', op: '=', type: BOOLEAN, args: [intCol(2), { kind: 'const', value: 5, type: INTEGER }] },
      ],
    };
    const p = compilePredicate(pred, new Map([[1, 0], [2, 1]]));
    const plain = new Batch([new Vector(INTEGER, a, null, null, n), new Vector(INTEGER, c, null, null, n)], n);
    // The same data with an all-valid validity map forces the NULL-aware variant.
    const ones = new Uint8Array(n).fill(1);
    const withValidity = new Batch([new Vector(INTEGER, a, ones, null, n), new Vector(INTEGER, c, ones, null, n)], n);
    const out1 = new Int32Array(n);
    const out2 = new Int32Array(n);
    const m1 = p.select(plain, EMPTY_ENV, out1);
    const m2 = p.select(withValidity, EMPTY_ENV, out2);
    const expected = [...Array(n).keys()].filter((i) => a[i] < 30 || c[i] === 5);
    expect(Array.from(out1.subarray(0, m1))).toEqual(expected);
    expect(Array.from(out2.subarray(0, m2))).toEqual(expected);
  });

  it('evaluates a predicate on a string column once per dictionary entry and honours a selection', () => {
    const dict = ['apple', 'banana', 'cherry'];
    const codes = Int32Array.from([0, 1, 2, 1, 0, 2]);
    const validity = Uint8Array.from([1, 1, 1, 1, 0, 1]);
    const col = new Vector(VARCHAR, codes, validity, dict, 6);
    const like: BoundExpr = {
      kind: 'like',
      arg: { kind: 'column', cid: 1, type: VARCHAR, name: 's' },
      pattern: { kind: 'const', value: '%an%', type: VARCHAR },
      escape: null,
      not: false,
      caseInsensitive: false,
      type: BOOLEAN,
    };
    const batch = new Batch([col], 4, Int32Array.from([1, 2, 4, 5]));
    expect(values(like, batch, new Map([[1, 0]]))).toEqual([1, 0, null, 0]);
  });

  it('returns NULL for division by zero and truncates integer division', () => {
    const n = 3;
    const batch = new Batch([new Vector(INTEGER, Int32Array.from([7, -7, 1]), null, null, n), new Vector(INTEGER, Int32Array.from([2, 2, 0]), null, null, n)], n);
    expect(values({ kind: 'op', op: '/', args: [intCol(1), intCol(2)], type: INTEGER }, batch)).toEqual([3, -3, null]);
  });

  it('raises an error on INTEGER overflow', () => {
    const batch = new Batch([new Vector(INTEGER, Int32Array.from([2147483647]), null, null, 1)], 1);
    const e: BoundExpr = { kind: 'op', op: '+', args: [intCol(1), { kind: 'const', value: 1, type: INTEGER }], type: INTEGER };
    expect(() => values(e, batch, new Map([[1, 0]]))).toThrow(/overflow/);
  });
});
