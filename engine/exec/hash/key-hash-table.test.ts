/** Unit tests for KeyHashTable: id assignment, NULL and NaN keys, strings across dictionaries, growth and mode switches. */
import { describe, expect, it } from 'vitest';
import { BIGINT, BOOLEAN, DATE, DOUBLE, INTEGER, VARCHAR } from '../../types/data-type.js';
import { Vector } from '../../vector/vector.js';
import { batchOf, type Cell, vectorOf } from '../test-helpers.js';
import { KeyHashTable } from './key-hash-table.js';

function ids(t: KeyHashTable, cols: Vector[], sel: Int32Array | null = null, n = sel?.length ?? cols[0].length): number[] {
  const out = new Int32Array(n);
  t.findOrInsert(cols, sel, n, out);
  return [...out];
}

function lookup(t: KeyHashTable, cols: Vector[], nullsMatch: boolean): number[] {
  const out = new Int32Array(cols[0].length);
  t.find(cols, null, cols[0].length, out, nullsMatch);
  return [...out];
}

function keysOf(t: KeyHashTable): Cell[][] {
  const vecs = t.types.map((_, c) => t.keyVector(c));
  const rows: Cell[][] = [];
  for (let i = 0; i < t.size; i++) rows.push(vecs.map((v) => v.get(i)));
  return rows;
}

describe('KeyHashTable', () => {
  it('assigns dense ids to integer keys in first-seen order', () => {
    const t = new KeyHashTable([INTEGER]);
    expect(ids(t, [vectorOf(INTEGER, [7, 3, 7, -1, 3, 0])])).toEqual([0, 1, 0, 2, 1, 3]);
    expect(ids(t, [vectorOf(INTEGER, [0, 42, 7])])).toEqual([3, 4, 0]);
    expect(t.size).toBe(5);
    expect(keysOf(t)).toEqual([[7], [3], [-1], [0], [42]]);
    expect(lookup(t, [vectorOf(INTEGER, [-1_000_000, 42, 5, 2_000_000, -1])], false)).toEqual([-1, 4, -1, -1, 2]);
    const sel = Int32Array.from([3, 1]);
    const out = new Int32Array(2);
    t.find([vectorOf(INTEGER, [0, 3, 0, 7])], sel, 2, out, false);
    expect([...out]).toEqual([0, 1]);
  });

  it('treats NULL as one key of its own, matched by find only when asked', () => {
    const t = new KeyHashTable([INTEGER]);
    expect(ids(t, [vectorOf(INTEGER, [null, 1, null, 0])])).toEqual([0, 1, 0, 2]);
    expect(keysOf(t)).toEqual([[null], [1], [0]]);
    expect(lookup(t, [vectorOf(INTEGER, [null, 0, 5])], true)).toEqual([0, 2, -1]);
    expect(lookup(t, [vectorOf(INTEGER, [null, 0, 5])], false)).toEqual([-1, 2, -1]);
  });

  it('honours a selection vector', () => {
    const t = new KeyHashTable([INTEGER]);
    const v = vectorOf(INTEGER, [9, 1, 9, 2, 9, 1]);
    expect(ids(t, [v], Int32Array.from([1, 3, 5]))).toEqual([0, 1, 0]);
    expect(t.size).toBe(2);
  });

  it('matches strings by value across different dictionaries', () => {
    const t = new KeyHashTable([VARCHAR]);
    expect(ids(t, [vectorOf(VARCHAR, ['b', 'a', 'b'])])).toEqual([0, 1, 0]);
    expect(ids(t, [vectorOf(VARCHAR, ['a', 'c', null, 'b'])])).toEqual([1, 2, 3, 0]);
    expect(keysOf(t)).toEqual([['b'], ['a'], ['c'], [null]]);
    // A string the table never saw is absent, and looking it up does not insert it.
    expect(lookup(t, [vectorOf(VARCHAR, ['zz', 'c'])], false)).toEqual([-1, 2]);
    expect(t.size).toBe(4);
  });

  it('does not reuse a stale lookup translation after new strings are inserted', () => {
    const t = new KeyHashTable([VARCHAR]);
    ids(t, [vectorOf(VARCHAR, ['a'])]);
    const probe = vectorOf(VARCHAR, ['x', 'a']);
    expect(lookup(t, [probe], false)).toEqual([-1, 0]);
    ids(t, [vectorOf(VARCHAR, ['x'])]);
    expect(lookup(t, [probe], false)).toEqual([1, 0]);
  });

  it('translates only the codes a few rows use of a large dictionary, inserting and looking up alike', () => {
    // 1,000 entries, batches of a handful of rows: the sparse translation path (StringInterner.translateUsed).
    const dict = Array.from({ length: 1000 }, (_, i) => `s${i}`);
    const rows = (codes: (number | null)[]): Vector => {
      const data = Int32Array.from(codes.map((c) => c ?? 0));
      const valid = Uint8Array.from(codes.map((c) => (c === null ? 0 : 1)));
      return new Vector(VARCHAR, data, valid, dict, codes.length);
    };
    for (const [name, make] of [
      ['general', () => new KeyHashTable([VARCHAR, INTEGER])],
      ['single column', () => new KeyHashTable([VARCHAR])],
      ['packed', () => new KeyHashTable([VARCHAR, INTEGER], { packed: true })],
    ] as const) {
      const t = make();
      const withInt = (v: Vector): Vector[] => (t.types.length === 1 ? [v] : [v, vectorOf(INTEGER, Array.from({ length: v.length }, () => 1))]);
      expect(ids(t, withInt(rows([5, 900, 5])))).toEqual([0, 1, 0]);
      // Only the strings the rows hold entered the table's dictionary.
      expect(keysOf(t).map((r) => r[0])).toEqual(['s5', 's900']);
      // Absent on the first lookup, present after an insert: the -1 of the first is not kept.
      expect(lookup(t, withInt(rows([7, 900])), false)).toEqual([-1, 1]);
      expect(ids(t, withInt(rows([7, null, 5])))).toEqual([2, 3, 0]);
      expect(lookup(t, withInt(rows([7, 5, 999])), false)).toEqual([2, 0, -1]);
      // 5,000 more rows (over 4 per entry) take the whole dictionary's translation, and agree.
      const all = rows(Array.from({ length: 5000 }, (_, i) => 999 - (i % 1000)));
      const got = ids(t, withInt(all));
      expect(got[999 - 5]).toBe(0);
      expect(got[999 - 900]).toBe(1);
      expect(got[999 - 7]).toBe(2);
      expect(new Set(got).size, name).toBe(1000);
    }
  });

  it('keeps boolean and date keys in their own types', () => {
    const t = new KeyHashTable([BOOLEAN]);
    expect(ids(t, [vectorOf(BOOLEAN, [true, false, true, null])])).toEqual([0, 1, 0, 2]);
    expect(t.keyVector(0).data).toBeInstanceOf(Uint8Array);
    const d = new KeyHashTable([DATE]);
    ids(d, [vectorOf(DATE, [19000, 19001, 19000])]);
    expect(d.keyVector(0).data).toEqual(Int32Array.from([19000, 19001]));
  });

  it('groups doubles with -0 equal to 0 and NaN equal to NaN', () => {
    const t = new KeyHashTable([DOUBLE]);
    expect(ids(t, [vectorOf(DOUBLE, [0, -0, NaN, 1.5, NaN, null, 1.5])])).toEqual([0, 0, 1, 2, 1, 3, 2]);
  });

  it('handles composite keys of mixed types with NULLs in any column', () => {
    const types = [INTEGER, VARCHAR, BIGINT];
    const t = new KeyHashTable(types);
    const rows: Cell[][] = [
      [1, 'a', 10],
      [1, 'a', 11],
      [1, null, 10],
      [null, 'a', 10],
      [1, 'a', 10],
      [1, null, 10],
      [null, null, null],
      [null, null, null],
    ];
    expect(ids(t, batchOf(types, rows).columns)).toEqual([0, 1, 2, 3, 0, 2, 4, 4]);
    expect(keysOf(t)).toEqual([
      [1, 'a', 10],
      [1, 'a', 11],
      [1, null, 10],
      [null, 'a', 10],
      [null, null, null],
    ]);
    const probe = batchOf(types, [
      [1, null, 10],
      [1, 'a', 11],
      [2, 'a', 11],
    ]).columns;
    expect(lookup(t, probe, false)).toEqual([-1, 1, -1]);
    expect(lookup(t, probe, true)).toEqual([2, 1, -1]);
  });

  it('puts every row under id 0 when there are no key columns', () => {
    const t = new KeyHashTable([]);
    const out = new Int32Array(3).fill(-5);
    t.findOrInsert([], null, 3, out);
    expect([...out]).toEqual([0, 0, 0]);
    expect(t.size).toBe(1);
  });

  it('agrees with a Map on many random keys while growing', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (const type of [INTEGER, BIGINT]) {
      const t = new KeyHashTable([type]);
      const ref = new Map<number, number>();
      for (let batch = 0; batch < 50; batch++) {
        const vals: number[] = [];
        for (let i = 0; i < 2048; i++) vals.push((rand() % 60000) - 30000);
        const got = ids(t, [vectorOf(type, vals)]);
        for (let i = 0; i < vals.length; i++) {
          let id = ref.get(vals[i]);
          if (id === undefined) ref.set(vals[i], (id = ref.size));
          if (got[i] !== id) throw new Error(`mismatch for ${vals[i]}: ${got[i]} vs ${id}`);
        }
      }
      expect(t.size).toBe(ref.size);
      expect(t.byteSize).toBeGreaterThan(ref.size * 8);
      const back = t.keyVector(0);
      for (const [k, id] of ref) expect(back.get(id)).toBe(k);
    }
  });

  it('switches from the direct array to hashing when the key range gets wide', () => {
    const t = new KeyHashTable([INTEGER]);
    const first = Array.from({ length: 1000 }, (_, i) => 500 - i);
    expect(ids(t, [vectorOf(INTEGER, first)])).toEqual(first.map((_, i) => i));
    expect(ids(t, [vectorOf(INTEGER, [null, 3_000_000, -2_147_483_648, 2_147_483_647, 500])])).toEqual([1000, 1001, 1002, 1003, 0]);
    expect(ids(t, [vectorOf(INTEGER, [-499, 2_147_483_647, 7_000_000])])).toEqual([999, 1003, 1004]);
    expect(lookup(t, [vectorOf(INTEGER, [null, 3_000_000, 12, 501, -2_147_483_648])], false)).toEqual([-1, 1001, 488, -1, 1002]);
    expect(t.keyVector(0).get(1003)).toBe(2_147_483_647);
  });

  it('widens the direct array in both directions', () => {
    const t = new KeyHashTable([INTEGER]);
    ids(t, [vectorOf(INTEGER, [100_000])]);
    ids(t, [vectorOf(INTEGER, [99_000, 101_000])]);
    ids(t, [vectorOf(INTEGER, [-200_000, 600_000])]);
    expect(lookup(t, [vectorOf(INTEGER, [600_000, -200_000, 100_000, 99_000, 101_000, 0])], false)).toEqual([4, 3, 0, 1, 2, -1]);
  });

  it('finds large 64-bit-range integers and fractional values', () => {
    const t = new KeyHashTable([BIGINT]);
    const big = [2 ** 52 + 1, -(2 ** 40), 0.25, 2 ** 52 + 2];
    expect(ids(t, [vectorOf(BIGINT, big)])).toEqual([0, 1, 2, 3]);
    expect(lookup(t, [vectorOf(BIGINT, [2 ** 52 + 2, 2 ** 52, 0.25])], false)).toEqual([3, -1, 2]);
  });

  it('accepts vectors longer than VECTOR_SIZE', () => {
    const n = 10000;
    const t = new KeyHashTable([INTEGER, INTEGER]);
    const a = new Vector(INTEGER, Int32Array.from({ length: n }, (_, i) => i % 100), null, null, n);
    const b = new Vector(INTEGER, Int32Array.from({ length: n }, (_, i) => i % 7), null, null, n);
    const out = ids(t, [a, b]);
    expect(t.size).toBe(700);
    expect(out[700]).toBe(0);
  });

  describe('packed mode', () => {
    const types = [VARCHAR, INTEGER, BOOLEAN];
    /** Ids a reference map gives rows (first-seen order over the JSON of the key). */
    function referenceIds(rows: Cell[][], seen: Map<string, number>): number[] {
      return rows.map((r) => {
        const k = JSON.stringify(r);
        if (!seen.has(k)) seen.set(k, seen.size);
        return seen.get(k) as number;
      });
    }

    it('gives the ids of a general table, across dictionaries, NULLs and a batch that leaves the frame', () => {
      let seed = 9;
      const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const cities = ['Oslo', 'Lima', 'Pune', 'Kyiv', 'Rome'];
      const batch = (n: number, yearLo: number, yearSpan: number): Cell[][] =>
        Array.from({ length: n }, () => [
          rand() < 0.05 ? null : cities[Math.floor(rand() * cities.length)],
          rand() < 0.05 ? null : yearLo + Math.floor(rand() * yearSpan),
          rand() < 0.5,
        ]);
      const packed = new KeyHashTable(types, { packed: true });
      const general = new KeyHashTable(types);
      const seen = new Map<string, number>();
      // The third batch's years lie far outside the frame the first batch fixed.
      for (const rows of [batch(300, 1992, 7), batch(300, 1990, 10), batch(300, 1_000_000, 3), batch(300, 1992, 7)]) {
        const cols = types.map((t, c) => vectorOf(t, rows.map((r) => r[c])));
        const want = referenceIds(rows, seen);
        expect(ids(packed, cols)).toEqual(want);
        expect(ids(general, cols)).toEqual(want);
      }
      expect(keysOf(packed)).toEqual(keysOf(general));
      // Lookups work too (they leave packed mode).
      const probe = [vectorOf(VARCHAR, ['Lima', 'Nowhere']), vectorOf(INTEGER, [1993, 1993]), vectorOf(BOOLEAN, [true, true])];
      expect(lookup(packed, probe, false)).toEqual(lookup(general, probe, false));
    });

    it('does not pack values whose frame would overflow int32, and stays correct', () => {
      const t = new KeyHashTable([INTEGER, INTEGER], { packed: true });
      const rows: Cell[][] = [[-2147483648, 1], [2147483647, 2], [-2147483648, 1], [0, 2]];
      const cols = [vectorOf(INTEGER, rows.map((r) => r[0])), vectorOf(INTEGER, rows.map((r) => r[1]))];
      expect(ids(t, cols)).toEqual([0, 1, 0, 2]);
      expect(keysOf(t)).toEqual([[-2147483648, 1], [2147483647, 2], [0, 2]]);
    });
  });
});
