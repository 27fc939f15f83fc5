/** Tests of the aggregating merge: equal-key rows combined by kind, checked against re-aggregating the same rows, and a merging table's flush and compaction. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIGINT, type DataType, decimalType, DOUBLE, INTEGER, VARCHAR } from '../../engine/types/data-type.js';
import { Batch } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';
import { type Cell, vectorOf } from '../../engine/exec/test-helpers.js';
import { NodeFileSystem } from '../io/file-system.js';
import { BlockCache } from '../read/block-cache.js';
import { TableData } from '../table-data.js';
import { mergeEqualKeys, type MergeRule, type MergeRuleSpec, resolveMergeRule } from './aggregating-merge.js';

const rowsOf = (cols: readonly Vector[], n: number): Cell[][] => Array.from({ length: n }, (_, i) => cols.map((v) => v.get(i)));

/** Resolves `spec` over columns named c0, c1, ... sorted by the key's columns. */
function rule(types: readonly DataType[], spec: MergeRuleSpec): MergeRule {
  const names = types.map((_, i) => `c${i}`);
  const r = resolveMergeRule(spec, names, types, spec.key.map((k) => names.indexOf(k)));
  if (r === null) throw new Error('rule not applicable');
  return r;
}

function merge(types: DataType[], spec: MergeRuleSpec, rows: Cell[][]): Cell[][] {
  const cols = types.map((t, c) => vectorOf(t, rows.map((r) => r[c])));
  const out = mergeEqualKeys(rule(types, spec), cols, rows.length);
  return rowsOf(out.columns, out.rows);
}

describe('mergeEqualKeys', () => {
  it('treats NULL keys as equal to each other and apart from values; NULL + x = x; all NULL stays NULL', () => {
    const types = [INTEGER, VARCHAR, BIGINT, BIGINT];
    const spec = { key: ['c0', 'c1'], parts: { c2: 'sum', c3: 'sum' } };
    expect(
      merge(types, spec, [
        [null, null, 1, null],
        [null, null, 2, null],
        [null, 'a', 4, null],
        [0, null, null, 5],
        [0, null, 8, null],
        [0, 'a', null, null],
        [0, 'a', null, null],
      ]),
    ).toEqual([
      [null, null, 3, null],
      [null, 'a', 4, null],
      [0, null, 8, 5],
      [0, 'a', null, null],
    ]);
  });

  it('adds decimals (scaled integers) and large BIGINTs exactly', () => {
    const dec = decimalType(18, 2);
    const types = [INTEGER, dec, BIGINT];
    // 0.10 + 0.20 as scaled integers is exactly 0.30; 2^52 + 1 + 1 stays exact.
    const out = merge(types, { key: ['c0'], parts: { c1: 'sum', c2: 'sum' } }, [
      [1, 10, 2 ** 52 + 1],
      [1, 20, 1],
      [2, 999_999_999_999_999, 7],
      [2, 1, null],
    ]);
    expect(out).toEqual([
      [1, 30, 2 ** 52 + 2],
      [2, 1_000_000_000_000_000, 7],
    ]);
  });

  it('keeps min and max by value: strings by their text whatever the codes, NaN largest', () => {
    const types = [INTEGER, VARCHAR, VARCHAR, DOUBLE, DOUBLE];
    const spec = { key: ['c0'], parts: { c1: 'min', c2: 'max', c3: 'min', c4: 'max' } };
    expect(
      merge(types, spec, [
        [1, 'pear', 'pear', 3, 3],
        [1, 'apple', 'apple', NaN, NaN],
        [1, null, null, -1, null],
        [1, 'zebra', 'zebra', null, 2],
        [2, null, null, null, null],
        [2, null, null, null, null],
        [3, 'x', 'x', NaN, NaN],
      ]),
    ).toEqual([
      [1, 'apple', 'zebra', -1, NaN],
      [2, null, null, null, null],
      [3, 'x', 'x', NaN, NaN],
    ]);
  });

  it('compares string keys by text: the same string under two codes is one key', () => {
    const key = new Vector(VARCHAR, Int32Array.from([0, 2, 1]), null, ['a', 'b', 'a'], 3);
    const m = new Vector(BIGINT, Float64Array.from([1, 2, 4]), null, null, 3);
    const out = mergeEqualKeys(rule([VARCHAR, BIGINT], { key: ['c0'], parts: { c1: 'sum' } }), [key, m], 3);
    expect(rowsOf(out.columns, out.rows)).toEqual([
      ['a', 3],
      ['b', 4],
    ]);
  });

  it('returns the input when no neighbours share a key', () => {
    const cols = [vectorOf(INTEGER, [1, 2, 3]), vectorOf(BIGINT, [1, 1, 1])];
    const out = mergeEqualKeys(rule([INTEGER, BIGINT], { key: ['c0'], parts: { c1: 'sum' } }), cols, 3);
    expect(out.rows).toBe(3);
    expect(out.columns[1]).toBe(cols[1]);
  });

  it('equals re-aggregation of the same rows (random keys with NULLs, every kind)', () => {
    let seed = 7;
    const rnd = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    const types = [INTEGER, VARCHAR, BIGINT, decimalType(18, 3), INTEGER, VARCHAR];
    const spec = { key: ['c0', 'c1'], parts: { c2: 'sum', c3: 'sum', c4: 'max', c5: 'min' } };
    const cell = (v: Cell): Cell => (rnd(5) === 0 ? null : v);
    const rows: Cell[][] = Array.from({ length: 3000 }, () => [
      cell(rnd(4)),
      cell(['x', 'y', 'z'][rnd(3)]),
      cell(rnd(1000) - 500),
      cell(rnd(100_000)),
      cell(rnd(50) - 25),
      cell(`s${rnd(30)}`),
    ]);
    const keyOf = (r: Cell[]): string => JSON.stringify([r[0], r[1]]);
    rows.sort((a, b) => {
      const cmp = (x: Cell, y: Cell): number => (x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1);
      return cmp(a[0], b[0]) || cmp(a[1], b[1]);
    });
    const expected = new Map<string, Cell[]>();
    const sum = (a: Cell, b: Cell): Cell => (a === null ? b : b === null ? a : (a as number) + (b as number));
    const pick = (a: Cell, b: Cell, max: boolean): Cell => (a === null ? b : b === null ? a : (max ? b > a : b < a) ? b : a);
    for (const r of rows) {
      const e = expected.get(keyOf(r));
      if (e === undefined) expected.set(keyOf(r), [...r]);
      else expected.set(keyOf(r), [e[0], e[1], sum(e[2], r[2]), sum(e[3], r[3]), pick(e[4], r[4], true), pick(e[5], r[5], false)]);
    }
    const out = merge(types, spec, rows);
    expect(out.length).toBe(expected.size);
    expect(out.length).toBeLessThan(rows.length);
    expect(out).toEqual([...expected.values()]);
  });
});

describe('resolveMergeRule', () => {
  const names = ['gs', 'd0', 'm0'];
  const types = [BIGINT, VARCHAR, BIGINT];
  it('is not applied with an unknown kind, a column without a kind, a key off the sort key, or a kind the type does not take', () => {
    expect(resolveMergeRule({ key: ['gs', 'd0'], parts: { m0: 'sum' } }, names, types, [0, 1])).not.toBeNull();
    expect(resolveMergeRule({ key: ['gs', 'd0'], parts: { m0: 'hll' } }, names, types, [0, 1])).toBeNull();
    expect(resolveMergeRule({ key: ['gs', 'd0'], parts: {} }, names, types, [0, 1])).toBeNull();
    expect(resolveMergeRule({ key: ['gs', 'd0'], parts: { m0: 'sum' } }, names, types, [1, 0])).toBeNull();
    expect(resolveMergeRule({ key: ['gs'], parts: { d0: 'sum', m0: 'sum' } }, names, types, [0, 1])).toBeNull();
    expect(resolveMergeRule({ key: ['gs'], parts: { d0: 'max', m0: 'sum' } }, names, types, [0, 1])).not.toBeNull();
  });
});

describe('a table with a merge rule', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  function table(): TableData {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-merge-'));
    dirs.push(dir);
    let next = 0;
    const data = new TableData('t', [INTEGER, VARCHAR, BIGINT, INTEGER], ['k', 's', 'n', 'hi'], {
      fsys: new NodeFileSystem(),
      cache: new BlockCache(0),
      newSegmentPath: () => path.join(dir, `${next++}.seg`),
      writeOptions: () => ({ blockRows: 512, rowGroupRows: 2048 }),
    }, [0, 1]);
    data.setMergeRule({ key: ['k', 's'], parts: { n: 'sum', hi: 'max' } });
    return data;
  }
  const append = (data: TableData, rows: Cell[][]): void => {
    const types = [INTEGER, VARCHAR, BIGINT, INTEGER];
    data.append(new Batch(types.map((t, c) => vectorOf(t, rows.map((r) => r[c]))), rows.length, null));
  };
  const all = (data: TableData): Cell[][] => {
    const out: Cell[][] = [];
    for (const b of data.scan([0, 1, 2, 3])) for (let j = 0; j < b.length; j++) out.push(b.columns.map((v) => v.get(b.rowIndex(j))));
    return out;
  };

  it('merges at flush, and across segments at compaction after dropping deleted rows', () => {
    const data = table();
    append(data, [
      [1, 'a', 1, 5],
      [1, 'a', 2, 7],
      [2, null, 10, 1],
    ]);
    data.flush();
    expect(all(data)).toEqual([
      [1, 'a', 3, 7],
      [2, null, 10, 1],
    ]);
    for (let i = 0; i < 5; i++) {
      append(data, [
        [2, null, 1, i],
        [3, 'b', 100, null],
      ]);
      data.flush();
    }
    // Delete the first segment's row of key 1: the compaction must not count it.
    const flags = new Uint8Array(data.rowCount);
    flags[0] = 1;
    expect(data.deleteLive(flags)).toBe(1);
    expect(data.segmentCount).toBe(6);
    const everything = (segs: readonly unknown[]): { start: number; end: number } | null => (segs.length > 1 ? { start: 0, end: segs.length } : null);
    expect(data.compact(everything)).toBe(true);
    expect(data.segmentCount).toBe(1);
    expect(all(data)).toEqual([
      [2, null, 15, 4],
      [3, 'b', 500, null],
    ]);
  });

  it('merges the whole table when small, even where the base policy would not merge', () => {
    const data = table();
    for (let i = 0; i < 3; i++) {
      append(data, [[1, 'a', 1, i]]);
      data.flush();
    }
    expect(data.segmentCount).toBe(3);
    expect(data.wantsCompaction(() => null)).toBe(true);
    expect(data.compact(() => null)).toBe(true);
    expect(all(data)).toEqual([[1, 'a', 3, 2]]);
  });

  it('asks for a flush once its buffered rows outnumber its other rows by 1,000', () => {
    const data = table();
    append(data, Array.from({ length: 1000 }, (_, i) => [i, 'a', 1, 1]));
    expect(data.mergeDue).toBe(false);
    append(data, [[0, 'a', 1, 1]]);
    expect(data.mergeDue).toBe(true);
    data.flush();
    expect(data.rowCount).toBe(1000);
    expect(data.mergeDue).toBe(false);
  });
});
