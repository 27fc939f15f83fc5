/** Unit tests for HashJoinExec and JoinHashTable, checked against a row-at-a-time reference join. */
import { describe, expect, it } from 'vitest';
import { DOUBLE, INTEGER, VARCHAR } from '../types/data-type.js';
import { VECTOR_SIZE } from '../vector/batch.js';
import { HashJoinExec, type HashJoinType } from './hash-join-exec.js';
import { JoinHashTable } from './hash/join-hash-table.js';
import { referenceJoin, rowPredicate } from './join-test-utils.js';
import { batchOf, type Cell, drain, sortedRows, ValuesSource } from './test-helpers.js';

const JOIN_TYPES: HashJoinType[] = ['inner', 'left', 'right', 'full', 'semi', 'anti'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('JoinHashTable', () => {
  it('chains duplicate keys in build order and leaves NULL keys out', () => {
    const t = new JoinHashTable([INTEGER, VARCHAR], [0]);
    t.append(batchOf([INTEGER, VARCHAR], [[1, 'a'], [2, 'b'], [1, 'c'], [null, 'd'], [1, 'e']]));
    t.finish();
    expect(t.rowCount).toBe(5);
    expect(t.unique).toBe(false);
    const chain: number[] = [];
    for (let r = t.first[0]; r >= 0; r = t.next[r]) chain.push(r);
    expect(chain).toEqual([0, 2, 4]);
    expect(t.keys.size).toBe(2);
    expect(t.columns[1].get(3)).toBe('d');
  });

  it('reports unique keys, and ids equal to rows when no key is NULL', () => {
    const t = new JoinHashTable([INTEGER], [0]);
    t.append(batchOf([INTEGER], [[3], [1], [null], [null]]));
    t.finish();
    expect(t.unique).toBe(true);
    expect(t.idIsRow).toBe(false);
    const u = new JoinHashTable([INTEGER], [0]);
    u.append(batchOf([INTEGER], [[3], [1], [2]]));
    u.finish();
    expect(u.idIsRow).toBe(true);
    expect([...u.first]).toEqual([0, 1, 2]);
  });
});

describe('HashJoinExec', () => {
  const lt = [INTEGER, VARCHAR];
  const rt = [INTEGER, DOUBLE];
  const left: Cell[][] = [
    [1, 'a'],
    [2, 'b'],
    [null, 'c'],
    [3, 'd'],
    [1, 'e'],
  ];
  const right: Cell[][] = [
    [1, 10],
    [1, 11],
    [3, 30],
    [null, 99],
    [4, 40],
  ];

  function join(jt: HashJoinType, resid: ((r: Cell[]) => boolean | null) | null = null, withSel = false): Cell[][] {
    return drain(
      new HashJoinExec(
        new ValuesSource(lt, left, { batchSize: 2, withSel }),
        new ValuesSource(rt, right, { batchSize: 2, withSel }),
        [0],
        [0],
        jt,
        resid === null ? null : rowPredicate(resid),
        lt,
        rt,
      ),
    );
  }

  it('inner joins with duplicate build keys, never matching NULL keys', () => {
    expect(sortedRows(join('inner'))).toEqual(
      sortedRows([
        [1, 'a', 1, 10],
        [1, 'a', 1, 11],
        [3, 'd', 3, 30],
        [1, 'e', 1, 10],
        [1, 'e', 1, 11],
      ]),
    );
  });

  it('null-extends unmatched rows for left, right and full joins', () => {
    expect(sortedRows(join('left'))).toEqual(
      sortedRows([
        [1, 'a', 1, 10],
        [1, 'a', 1, 11],
        [2, 'b', null, null],
        [null, 'c', null, null],
        [3, 'd', 3, 30],
        [1, 'e', 1, 10],
        [1, 'e', 1, 11],
      ]),
    );
    expect(sortedRows(join('right'))).toEqual(
      sortedRows([
        [1, 'a', 1, 10],
        [1, 'a', 1, 11],
        [3, 'd', 3, 30],
        [1, 'e', 1, 10],
        [1, 'e', 1, 11],
        [null, null, null, 99],
        [null, null, 4, 40],
      ]),
    );
    expect(join('full')).toHaveLength(9);
  });

  it('keeps left rows for semi and anti joins, in input order', () => {
    expect(join('semi')).toEqual([
      [1, 'a'],
      [3, 'd'],
      [1, 'e'],
    ]);
    expect(join('anti')).toEqual([
      [2, 'b'],
      [null, 'c'],
    ]);
  });

  it('applies the residual before deciding that a row matched', () => {
    // Join only pairs with right value > 10.5: row 'a'/'e' keep only the 11 partner; 'd' keeps 30.
    const resid = (r: Cell[]): boolean => (r[3] as number) > 10.5;
    expect(sortedRows(join('left', resid))).toEqual(
      sortedRows([
        [1, 'a', 1, 11],
        [2, 'b', null, null],
        [null, 'c', null, null],
        [3, 'd', 3, 30],
        [1, 'e', 1, 11],
      ]),
    );
    const onlyD = (r: Cell[]): boolean => r[1] === 'd';
    expect(join('semi', onlyD)).toEqual([[3, 'd']]);
    expect(join('anti', onlyD)).toEqual([
      [1, 'a'],
      [2, 'b'],
      [null, 'c'],
      [1, 'e'],
    ]);
    expect(sortedRows(join('right', onlyD))).toEqual(
      sortedRows([
        [3, 'd', 3, 30],
        [null, null, 1, 10],
        [null, null, 1, 11],
        [null, null, null, 99],
        [null, null, 4, 40],
      ]),
    );
  });

  it('agrees with a reference join on random data for every join type, key shape and residual', () => {
    const rand = rng(7);
    const words = ['x', 'y', 'z', 'w'];
    const mk = (n: number, keyRange: number): Cell[][] =>
      Array.from({ length: n }, (_, i) => [
        rand() < 0.1 ? null : Math.floor(rand() * keyRange),
        rand() < 0.1 ? null : words[Math.floor(rand() * words.length)],
        i,
      ]);
    const types = [INTEGER, VARCHAR, INTEGER];
    const shapes: { lk: number[]; rk: number[] }[] = [
      { lk: [0], rk: [0] },
      { lk: [1], rk: [1] },
      { lk: [0, 1], rk: [0, 1] },
    ];
    for (const variant of ['duplicates', 'unique', 'unique-no-null'] as const) {
      const unique = variant !== 'duplicates';
      const l = mk(700, 40);
      let r = mk(unique ? 60 : 90, 40);
      if (variant === 'unique-no-null') r = r.map((row, i) => [(i * 7) % 60, words[i % 4], row[2]]);
      if (unique) {
        const seen = new Set<string>();
        r = r.filter((row) => {
          const key = JSON.stringify([row[0], row[1]]);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      }
      for (const { lk, rk } of shapes) {
        for (const resid of [null, (row: Cell[]): boolean | null => ((row[2] as number) + (row[5] as number)) % 3 !== 0]) {
          for (const jt of JOIN_TYPES) {
            const op = new HashJoinExec(
              new ValuesSource(types, l, { batchSize: 300, withSel: true }),
              new ValuesSource(types, r, { batchSize: 50 }),
              lk,
              rk,
              jt,
              resid === null ? null : rowPredicate(resid),
              types,
              types,
            );
            const expected = referenceJoin(l, r, lk, rk, jt, resid, 3, 3);
            expect(sortedRows(drain(op)), `${jt} on ${lk} ${variant} resid=${resid !== null}`).toEqual(
              sortedRows(expected),
            );
          }
        }
      }
    }
  });

  it('joins a selective unique-key dimension through the key bitmap, collecting sparse matches into full batches', () => {
    const rand = rng(3);
    const colors = ['red', 'green', 'blue'];
    // Probe keys 0..999 without NULLs; the build keeps 40 of them plus keys outside the probe range.
    const l: Cell[][] = Array.from({ length: 9000 }, (_, i) => [Math.floor(rand() * 1000), colors[i % 3], i]);
    const r: Cell[][] = Array.from({ length: 40 }, (_, i) => [i * 25 + 3, `v${i}`, i]);
    r.push([-5, 'below', -1], [5000, 'above', -2], [null, 'null key', -3]);
    const types = [INTEGER, VARCHAR, INTEGER];
    const probe = new ValuesSource(types, l, { batchSize: VECTOR_SIZE, withSel: true });
    const op = new HashJoinExec(probe, new ValuesSource(types, r), [0], [0], 'inner', null, types, types);
    const batches: number[] = [];
    const rows: Cell[][] = [];
    for (let b = op.next(); b !== null; b = op.next()) {
      batches.push(b.length);
      for (let k = 0; k < b.length; k++) rows.push(b.columns.map((v) => v.get(b.rowIndex(k))));
    }
    expect(sortedRows(rows)).toEqual(sortedRows(referenceJoin(l, r, [0], [0], 'inner', null, 3, 3)));
    // About 360 matches from 5 probe batches, each with its own string dictionary: one output
    // batch per dictionary at most, never one per probe batch with a few rows each.
    expect(batches.length).toBeLessThanOrEqual(probe.pulled);
    expect(Math.min(...batches)).toBeGreaterThan(20);
  });

  it('splits an exploding probe batch into output batches of at most VECTOR_SIZE', () => {
    const l: Cell[][] = Array.from({ length: 3000 }, (_, i) => [7, i]);
    const r: Cell[][] = Array.from({ length: 5 }, (_, i) => [7, i]);
    for (const jt of ['inner', 'left', 'full'] as const) {
      const out = drain(
        new HashJoinExec(
          new ValuesSource([INTEGER, INTEGER], l),
          new ValuesSource([INTEGER, INTEGER], r),
          [0],
          [0],
          jt,
          null,
          [INTEGER, INTEGER],
          [INTEGER, INTEGER],
        ),
      );
      expect(out).toHaveLength(15000);
    }
  });

  it('accepts probe batches larger than VECTOR_SIZE', () => {
    const n = VECTOR_SIZE * 2 + 5;
    const big = batchOf([INTEGER], Array.from({ length: n }, (_, i) => [i % 10]));
    const src = { next: (() => { let done = false; return () => (done ? null : ((done = true), big)); })() };
    const out = drain(
      new HashJoinExec(src, new ValuesSource([INTEGER], [[1], [2]]), [0], [0], 'inner', null, [INTEGER], [INTEGER]),
    );
    let expected = 0;
    for (let i = 0; i < n; i++) if (i % 10 === 1 || i % 10 === 2) expected++;
    expect(out).toHaveLength(expected);
  });

  it('does not read the left input when an inner join has an empty build side', () => {
    const l = new ValuesSource([INTEGER], [[1]]);
    const out = drain(new HashJoinExec(l, new ValuesSource([INTEGER], []), [0], [0], 'inner', null, [INTEGER], [INTEGER]));
    expect(out).toEqual([]);
    expect(l.pulled).toBe(0);
    expect(l.closed).toBe(true);
    const anti = drain(
      new HashJoinExec(new ValuesSource([INTEGER], [[1], [null]]), new ValuesSource([INTEGER], []), [0], [0], 'anti', null, [INTEGER], [INTEGER]),
    );
    expect(anti).toEqual([[1], [null]]);
  });

  it('joins string keys coming from different dictionaries', () => {
    const out = drain(
      new HashJoinExec(
        new ValuesSource([VARCHAR], [['b'], ['a'], ['q'], ['a']], { batchSize: 1 }),
        new ValuesSource([VARCHAR, INTEGER], [['a', 1], ['b', 2], ['c', 3]], { batchSize: 2 }),
        [0],
        [0],
        'inner',
        null,
        [VARCHAR],
        [VARCHAR, INTEGER],
      ),
    );
    expect(out).toEqual([
      ['b', 'b', 2],
      ['a', 'a', 1],
      ['a', 'a', 1],
    ]);
  });
});
