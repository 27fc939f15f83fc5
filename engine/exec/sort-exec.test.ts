/** Unit tests for SortExec and TopNExec, checked against a reference sort of JS rows. */
import { describe, expect, it } from 'vitest';
import { type DataType, DOUBLE, INTEGER, VARCHAR } from '../types/data-type.js';
import { VECTOR_SIZE } from '../vector/batch.js';
import { createSortExec, SortExec, type SortKey } from './sort-exec.js';
import { type Cell, drain, ValuesSource } from './test-helpers.js';
import { TopNExec } from './top-n-exec.js';

/** Reference ORDER BY on JS rows (stable; NaN above all numbers; strings by `<`). */
function refSort(rows: Cell[][], keys: SortKey[]): Cell[][] {
  const cls = (x: Cell, key: SortKey): number => {
    if (x === null) return key.nullsFirst ? 0 : 3;
    if (typeof x === 'number' && Number.isNaN(x)) return key.desc ? 1 : 2;
    return key.desc ? 2 : 1;
  };
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      for (const key of keys) {
        const x = a.r[key.col];
        const y = b.r[key.col];
        const cx = cls(x, key);
        const cy = cls(y, key);
        if (cx !== cy) return cx - cy;
        if (x === null || y === null || (typeof x === 'number' && Number.isNaN(x))) continue;
        if (x < y) return key.desc ? 1 : -1;
        if (x > y) return key.desc ? -1 : 1;
      }
      return a.i - b.i;
    })
    .map((e) => e.r);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const key = (col: number, desc = false, nullsFirst = false): SortKey => ({ col, desc, nullsFirst });

describe('SortExec', () => {
  const types: DataType[] = [INTEGER, VARCHAR, DOUBLE, INTEGER];
  const rows: Cell[][] = [
    [3, 'pear', 1.5, 0],
    [1, 'apple', NaN, 1],
    [null, 'fig', -2, 2],
    [3, null, 0, 3],
    [1, 'Banana', null, 4],
    [2, 'apple', 7, 5],
    [3, 'pear', NaN, 6],
  ];

  it('sorts by one key ascending with NULLs last, keeping input order for ties', () => {
    const out = drain(new SortExec(new ValuesSource(types, rows, { batchSize: 3, withSel: true }), [key(0)], null, 0));
    expect(out.map((r) => r[3])).toEqual([1, 4, 5, 0, 3, 6, 2]);
  });

  it('sorts strings by value across dictionaries, descending with NULLs first', () => {
    const out = drain(new SortExec(new ValuesSource(types, rows, { batchSize: 2 }), [key(1, true, true)], null, 0));
    expect(out.map((r) => r[1])).toEqual([null, 'pear', 'pear', 'fig', 'apple', 'apple', 'Banana']);
  });

  it('puts NaN above every number', () => {
    const asc = drain(new SortExec(new ValuesSource(types, rows), [key(2)], null, 0)).map((r) => r[3]);
    expect(asc).toEqual([2, 3, 0, 5, 1, 6, 4]);
    const desc = drain(new SortExec(new ValuesSource(types, rows), [key(2, true)], null, 0)).map((r) => r[3]);
    expect(desc).toEqual([1, 6, 5, 0, 3, 2, 4]);
  });

  it('matches a reference sort on random multi-key data, with offset and limit', () => {
    const rand = rng(3);
    const words = ['b', 'a', 'c', 'aa', ''];
    const data: Cell[][] = Array.from({ length: 5000 }, (_, i) => [
      rand() < 0.1 ? null : Math.floor(rand() * 20),
      rand() < 0.1 ? null : words[Math.floor(rand() * words.length)],
      rand() < 0.05 ? NaN : Math.floor(rand() * 4) / 2,
      i,
    ]);
    const keySets: SortKey[][] = [
      [key(1, true, false), key(0, false, true)],
      [key(2), key(1, false, true), key(0, true)],
      [key(0, true, true)],
    ];
    for (const keys of keySets) {
      const expected = refSort(data, keys);
      const full = drain(new SortExec(new ValuesSource(types, data, { batchSize: 700, withSel: true }), keys, null, 0));
      expect(full).toEqual(expected);
      const page = drain(new SortExec(new ValuesSource(types, data), keys, 100, 2500));
      expect(page).toEqual(expected.slice(2500, 2600));
      for (const [limit, offset] of [
        [10, 0],
        [7, 3],
        [3000, 100],
        [0, 5],
        [20, 4990],
      ]) {
        const top = drain(createSortExec(new ValuesSource(types, data, { batchSize: 333 }), keys, limit, offset));
        expect(top, `limit ${limit} offset ${offset}`).toEqual(expected.slice(offset, offset + limit));
      }
    }
  });

  it('emits batches of at most VECTOR_SIZE and handles empty input', () => {
    const data: Cell[][] = Array.from({ length: VECTOR_SIZE * 2 + 1 }, (_, i) => [i % 7, 'x', 0, i]);
    expect(drain(new SortExec(new ValuesSource(types, data), [key(0)], null, 0))).toHaveLength(data.length);
    expect(drain(new SortExec(new ValuesSource(types, []), [key(0)], null, 0))).toEqual([]);
    expect(drain(createSortExec(new ValuesSource(types, []), [key(0)], 5, 0))).toEqual([]);
  });
});

describe('TopNExec', () => {
  it('keeps a bounded buffer on a large input and returns the first rows in order', () => {
    const n = 100_000;
    const data: Cell[][] = Array.from({ length: n }, (_, i) => [(i * 7919) % n]);
    const op = new TopNExec(new ValuesSource([INTEGER], data), [key(0, true)], 5, 1);
    expect(drain(op)).toEqual([[n - 2], [n - 3], [n - 4], [n - 5], [n - 6]]);
  });

  it('keeps the earliest rows among ties', () => {
    const data: Cell[][] = Array.from({ length: 40_000 }, (_, i) => [i % 3 === 0 ? 1 : 2, i]);
    const out = drain(new TopNExec(new ValuesSource([INTEGER, INTEGER], data, { batchSize: 1000 }), [key(0)], 4, 0));
    expect(out).toEqual([
      [1, 0],
      [1, 3],
      [1, 6],
      [1, 9],
    ]);
  });

  it('matches a reference sort after compactions with NULL and NaN keys', () => {
    const rand = rng(5);
    const types: DataType[] = [INTEGER, VARCHAR, DOUBLE, INTEGER];
    const data: Cell[][] = Array.from({ length: 60_000 }, (_, i) => [
      rand() < 0.2 ? null : Math.floor(rand() * 3),
      rand() < 0.2 ? null : ['p', 'q', 'r'][Math.floor(rand() * 3)],
      rand() < 0.1 ? NaN : rand() < 0.1 ? null : Math.floor(rand() * 1000) / 4,
      i,
    ]);
    const keySets: SortKey[][] = [
      [key(0, false, true), key(1, true, false), key(2, true, true)],
      [key(2, false, false)],
      [key(2, true, false), key(0)],
      [key(1, false, true), key(2, false, true)],
    ];
    for (const keys of keySets) {
      const expected = refSort(data, keys);
      for (const [limit, offset] of [
        [25, 0],
        [100, 17_000],
      ]) {
        const out = drain(new TopNExec(new ValuesSource(types, data, { batchSize: 1500, withSel: true }), keys, limit, offset));
        expect(out).toEqual(expected.slice(offset, offset + limit));
      }
    }
  });

  it('filters string keys against the cut-off across dictionaries', () => {
    const rand = rng(11);
    const data: Cell[][] = Array.from({ length: 30_000 }, (_, i) => [
      rand() < 0.05 ? null : `w${Math.floor(rand() * 5000)}`,
      i,
    ]);
    const keys = [key(0, false, true)];
    const out = drain(new TopNExec(new ValuesSource([VARCHAR, INTEGER], data, { batchSize: 500 }), keys, 50, 10));
    expect(out).toEqual(refSort(data, keys).slice(10, 60));
  });
});
