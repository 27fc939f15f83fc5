/** Unit tests for HashAggregateExec and AggregateHashTable: SQL aggregate semantics, DISTINCT, strings, merge. */
import { describe, expect, it } from 'vitest';
import { BIGINT, BOOLEAN, type DataType, decimalType, DOUBLE, INTEGER, NULL_TYPE, VARCHAR } from '../types/data-type.js';
import { VECTOR_SIZE } from '../vector/batch.js';
import {
  type AggregateKind,
  type AggregateSpec,
  aggregateOutputType,
  HashAggregateExec,
} from './hash-aggregate-exec.js';
import { AggregateHashTable } from './hash/aggregate-hash-table.js';
import { batchOf, type Cell, drain, ValuesSource } from './test-helpers.js';

function agg(kind: AggregateKind, argCol: number, types: DataType[], distinct = false): AggregateSpec {
  return { kind, argCol, distinct, outputType: aggregateOutputType(kind, argCol < 0 ? null : types[argCol]) };
}

function run(
  types: DataType[],
  rows: Cell[][],
  groupCols: number[],
  aggs: (types: DataType[]) => AggregateSpec[],
  opts: { batchSize?: number; withSel?: boolean } = {},
): Cell[][] {
  const src = new ValuesSource(types, rows, opts);
  return drain(new HashAggregateExec(src, groupCols, aggs(types), types));
}

describe('aggregateOutputType', () => {
  it('follows the documented result types', () => {
    expect(aggregateOutputType('count_star', null)).toEqual(BIGINT);
    expect(aggregateOutputType('count', VARCHAR)).toEqual(BIGINT);
    expect(aggregateOutputType('sum', INTEGER)).toEqual(BIGINT);
    expect(aggregateOutputType('sum', BIGINT)).toEqual(BIGINT);
    expect(aggregateOutputType('sum', DOUBLE)).toEqual(DOUBLE);
    expect(aggregateOutputType('sum', decimalType(9, 2))).toEqual(decimalType(18, 2));
    expect(aggregateOutputType('avg', decimalType(9, 2))).toEqual(DOUBLE);
    expect(aggregateOutputType('avg', INTEGER)).toEqual(DOUBLE);
    expect(aggregateOutputType('min', VARCHAR)).toEqual(VARCHAR);
    expect(aggregateOutputType('any_value', INTEGER)).toEqual(INTEGER);
    expect(aggregateOutputType('bool_or', BOOLEAN)).toEqual(BOOLEAN);
    expect(() => aggregateOutputType('sum', VARCHAR)).toThrow(/sum\(VARCHAR\)/);
    expect(() => aggregateOutputType('bool_and', INTEGER)).toThrow();
  });
});

describe('HashAggregateExec', () => {
  const types = [VARCHAR, INTEGER, DOUBLE];
  const rows: Cell[][] = [
    ['b', 1, 1.5],
    ['a', 2, null],
    ['b', null, 2.5],
    [null, 4, 4],
    ['a', 5, 0.5],
    [null, null, null],
    ['b', 7, -1],
  ];

  it('computes every aggregate per group, NULL keys forming one group, in first-seen order', () => {
    const out = run(types, rows, [0], (t) => [
      agg('count_star', -1, t),
      agg('count', 1, t),
      agg('sum', 1, t),
      agg('avg', 2, t),
      agg('min', 2, t),
      agg('max', 1, t),
      agg('any_value', 1, t),
    ]);
    expect(out).toEqual([
      ['b', 3, 2, 8, 1, -1, 7, 1],
      ['a', 2, 2, 7, 0.5, 0.5, 5, 2],
      [null, 2, 1, 4, 4, 4, 4, 4],
    ]);
  });

  it('gives the same result with selection vectors and small batches', () => {
    const aggs = (t: DataType[]): AggregateSpec[] => [agg('count', 1, t), agg('sum', 2, t), agg('min', 1, t)];
    const plain = run(types, rows, [0], aggs);
    expect(run(types, rows, [0], aggs, { batchSize: 2, withSel: true })).toEqual(plain);
    expect(run(types, rows, [0], aggs, { batchSize: 1 })).toEqual(plain);
  });

  it('returns NULL for sum/avg/min/max of only NULLs and 0 for count', () => {
    const out = run([INTEGER, INTEGER], [[1, null], [1, null]], [0], (t) => [
      agg('count', 1, t),
      agg('sum', 1, t),
      agg('avg', 1, t),
      agg('min', 1, t),
      agg('max', 1, t),
      agg('bool_or', 1, [INTEGER, NULL_TYPE]),
    ]);
    expect(out).toEqual([[1, 0, null, null, null, null, null]]);
  });

  it('tells all-NULL groups apart when NULLs first appear in a later batch', () => {
    const data: Cell[][] = [
      [1, 5],
      [2, 6],
      [3, null],
      [1, null],
      [4, null],
      [4, 2],
    ];
    const out = run([INTEGER, INTEGER], data, [0], (t) => [agg('sum', 1, t)], { batchSize: 2 });
    expect(out).toEqual([
      [1, 5],
      [2, 6],
      [3, null],
      [4, 2],
    ]);
  });

  it('returns exactly one row without group columns, even on empty input', () => {
    const t = [INTEGER];
    const aggs = (ts: DataType[]): AggregateSpec[] => [agg('count_star', -1, ts), agg('sum', 0, ts), agg('max', 0, ts)];
    expect(run(t, [], [], aggs)).toEqual([[0, null, null]]);
    expect(run(t, [[3], [4]], [], aggs)).toEqual([[2, 7, 4]]);
  });

  it('returns no rows with group columns on empty input', () => {
    expect(run([INTEGER], [], [0], (t) => [agg('count_star', -1, t)])).toEqual([]);
  });

  it('sums decimals exactly as scaled integers and averages them as doubles', () => {
    const dec = decimalType(9, 2);
    // 1.25 + 2.50 + 0.01 stored as 125, 250, 1.
    const out = run([dec], [[125], [250], [1]], [], (t) => [agg('sum', 0, t), agg('avg', 0, t), agg('min', 0, t)]);
    expect(out).toEqual([[376, 376 / 3 / 100, 1]]);
  });

  it('compares strings by value for min/max across batches with different dictionaries', () => {
    const t = [INTEGER, VARCHAR];
    const data: Cell[][] = [
      [1, 'pear'],
      [2, 'fig'],
      [1, 'apple'],
      [2, 'zucchini'],
      [1, 'banana'],
      [2, null],
      [1, 'apple'],
      [2, 'kiwi'],
      [3, null],
      [1, 'zebra'],
      [2, 'aardvark'],
    ];
    const aggs = (ts: DataType[]): AggregateSpec[] => [agg('min', 1, ts), agg('max', 1, ts), agg('any_value', 1, ts)];
    const expected = [
      [1, 'apple', 'zebra', 'pear'],
      [2, 'aardvark', 'zucchini', 'fig'],
      [3, null, null, null],
    ];
    expect(run(t, data, [0], aggs)).toEqual(expected);
    for (const batchSize of [1, 2, 3]) expect(run(t, data, [0], aggs, { batchSize, withSel: true })).toEqual(expected);
  });

  it('treats NaN as larger than every number in min/max', () => {
    const out = run([DOUBLE], [[NaN], [3], [-2]], [], (t) => [agg('min', 0, t), agg('max', 0, t)]);
    expect(out).toEqual([[-2, NaN]]);
  });

  it('deduplicates DISTINCT aggregates per group, ignoring NULLs', () => {
    const t = [VARCHAR, INTEGER];
    const data: Cell[][] = [
      ['x', 1],
      ['x', 1],
      ['y', 1],
      ['x', 2],
      ['x', null],
      ['y', 1],
      ['x', 2],
      ['y', 3],
    ];
    const aggs = (ts: DataType[]): AggregateSpec[] => [
      agg('count', 1, ts, true),
      agg('sum', 1, ts, true),
      agg('avg', 1, ts, true),
      agg('count', 1, ts),
    ];
    const expected = [
      ['x', 2, 3, 1.5, 4],
      ['y', 2, 4, 2, 3],
    ];
    expect(run(t, data, [0], aggs)).toEqual(expected);
    expect(run(t, data, [0], aggs, { batchSize: 3, withSel: true })).toEqual(expected);
  });

  it('counts distinct strings by value', () => {
    const data: Cell[][] = [['a'], ['b'], ['a'], ['c'], ['b']];
    expect(run([VARCHAR], data, [], (t) => [agg('count', 0, t, true)], { batchSize: 2 })).toEqual([[3]]);
  });

  it('computes bool_and and bool_or', () => {
    const t = [INTEGER, BOOLEAN];
    const data: Cell[][] = [
      [1, true],
      [1, false],
      [2, true],
      [2, null],
      [3, false],
    ];
    expect(run(t, data, [0], (ts) => [agg('bool_and', 1, ts), agg('bool_or', 1, ts)])).toEqual([
      [1, false, true],
      [2, true, true],
      [3, false, false],
    ]);
  });

  it('groups by several columns including a NULL column', () => {
    const t = [INTEGER, VARCHAR, INTEGER];
    const data: Cell[][] = [
      [1, 'a', 1],
      [1, null, 2],
      [1, 'a', 3],
      [1, null, 4],
      [2, 'a', 5],
    ];
    expect(run(t, data, [1, 0], (ts) => [agg('sum', 2, ts)])).toEqual([
      ['a', 1, 4],
      [null, 1, 6],
      ['a', 2, 5],
    ]);
  });

  it('emits many groups in batches of at most VECTOR_SIZE, in first-seen order', () => {
    const n = VECTOR_SIZE * 2 + 17;
    const data: Cell[][] = [];
    for (let i = 0; i < n; i++) data.push([(i * 7919) % n, 1]);
    for (let i = 0; i < n; i++) data.push([(i * 7919) % n, 2]);
    const src = new ValuesSource([INTEGER, INTEGER], data);
    const op = new HashAggregateExec(src, [0], [agg('sum', 1, [INTEGER, INTEGER])], [INTEGER, INTEGER]);
    const sizes: number[] = [];
    const out: Cell[][] = [];
    for (let b = op.next(); b !== null; b = op.next()) {
      sizes.push(b.length);
      for (let k = 0; k < b.length; k++) out.push([b.columns[0].get(k), b.columns[1].get(k)]);
    }
    expect(sizes).toEqual([VECTOR_SIZE, VECTOR_SIZE, 17]);
    expect(out.map((r) => r[0])).toEqual(data.slice(0, n).map((r) => r[0]));
    expect(out.every((r) => r[1] === 3)).toBe(true);
  });
});

describe('AggregateHashTable.merge', () => {
  it('merges partial tables into the same result as one table', () => {
    const types = [INTEGER, VARCHAR, INTEGER];
    const aggs: AggregateSpec[] = [
      agg('count_star', -1, types),
      agg('sum', 2, types),
      agg('avg', 2, types),
      agg('min', 1, types),
      agg('max', 1, types),
      agg('count', 2, types, true),
      agg('any_value', 1, types),
      agg('max', 2, types),
    ];
    const rows: Cell[][] = [];
    for (let i = 0; i < 500; i++) rows.push([i % 13, `s${(i * 31) % 97}`, i % 5 === 0 ? null : i % 11]);
    const argTypes = aggs.map((a) => (a.argCol >= 0 ? types[a.argCol] : null));
    const build = (part: Cell[][]): AggregateHashTable => {
      const t = new AggregateHashTable([INTEGER], aggs, argTypes);
      for (let s = 0; s < part.length; s += 64) {
        const b = batchOf(types, part.slice(s, s + 64));
        t.addBatch([b.columns[0]], aggs.map((a) => (a.argCol >= 0 ? b.columns[a.argCol] : null)), null, b.length);
      }
      return t;
    };
    const whole = build(rows);
    const merged = build(rows.slice(0, 200));
    merged.merge(build(rows.slice(200)));
    const toRows = (t: AggregateHashTable): Cell[][] => {
      const cols = t.finish();
      return Array.from({ length: t.groupCount }, (_, g) => cols.map((c) => c.get(g)));
    };
    expect(merged.groupCount).toBe(13);
    expect(toRows(merged)).toEqual(toRows(whole));
  });

  it('merges tables without group columns', () => {
    const types = [INTEGER];
    const aggs = [agg('count_star', -1, types), agg('sum', 0, types)];
    const a = new AggregateHashTable([], aggs, [null, INTEGER]);
    const b = new AggregateHashTable([], aggs, [null, INTEGER]);
    const batch = batchOf(types, [[1], [2]]);
    a.addBatch([], [null, batch.columns[0]], null, 2);
    b.addBatch([], [null, batch.columns[0]], null, 2);
    a.merge(b);
    const cols = a.finish();
    expect([cols[0].get(0), cols[1].get(0)]).toEqual([4, 6]);
  });
});
