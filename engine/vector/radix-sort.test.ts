import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../test/helpers/seeded-random.js';
import { DOUBLE, INTEGER, VARCHAR } from '../types/data-type.js';
import { radixPermutation } from './radix-sort.js';
import { makeRowComparator, type NormalizedKey, normalizeKey, type SortKey } from './sort-keys.js';
import { Vector } from './vector.js';

/** The reference: a comparator sort of the identity permutation (stable by row index). */
function comparatorPermutation(keys: NormalizedKey[], n: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  return perm.sort(makeRowComparator(keys));
}

function column(r: SeededRandom, kind: 'int' | 'wide' | 'double' | 'string', n: number, nullRate: number): Vector {
  const validity = new Uint8Array(n).fill(1);
  let hasNull = false;
  const mark = (i: number) => {
    if (r.chance(nullRate)) {
      validity[i] = 0;
      hasNull = true;
    }
  };
  if (kind === 'string') {
    const dict = ['pear', 'apple', 'fig', 'kiwi', 'banana', 'apple'];
    const data = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      data[i] = r.int(0, dict.length - 1);
      mark(i);
    }
    return new Vector(VARCHAR, data, hasNull ? validity : null, dict, n);
  }
  const data = kind === 'int' ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === 'int') data[i] = r.int(-50, 50);
    else if (kind === 'wide') data[i] = r.int(-2_000_000_000, 2_000_000_000) * 3;
    else data[i] = r.chance(0.05) ? NaN : (r.int(-1000, 1000) / 7) * (r.chance(0.5) ? -1 : 1);
    mark(i);
  }
  return new Vector(kind === 'int' ? INTEGER : DOUBLE, data, hasNull ? validity : null, null, n);
}

describe('radixPermutation', () => {
  const cases: { name: string; kinds: ('int' | 'wide' | 'double' | 'string')[]; desc: boolean[] }[] = [
    { name: 'one small integer key', kinds: ['int'], desc: [false] },
    { name: 'a descending wide integer key', kinds: ['wide'], desc: [true] },
    { name: 'doubles with NaN, negatives and -0', kinds: ['double'], desc: [false] },
    { name: 'strings by rank, then an integer, descending', kinds: ['string', 'int'], desc: [false, true] },
    { name: 'three mixed keys', kinds: ['int', 'double', 'string'], desc: [true, false, true] },
  ];
  for (const c of cases) {
    it(`orders like the stable comparator sort: ${c.name}`, () => {
      const r = new SeededRandom(c.name.length);
      const n = 5000;
      for (const nullRate of [0, 0.1]) {
        for (const nullsFirst of [false, true]) {
          const cols = c.kinds.map((k) => column(r, k, n, nullRate));
          const keys = cols.map((v, i) => normalizeKey(v, { col: i, desc: c.desc[i], nullsFirst } as SortKey, n));
          const { perm, restSorted } = radixPermutation(keys, n);
          expect(Array.from(perm)).toEqual(Array.from(comparatorPermutation(keys, n)));
          // The words come back in sorted order: equal neighbours are exactly the equal keys.
          const equal = (a: number, b: number) => keys.every((k) => (k.cls === null || k.cls[a] === k.cls[b]) && k.vals[a] === k.vals[b]);
          for (let j = 1; j < n; j++) {
            const same = restSorted.every((w) => w[j] === w[j - 1]);
            expect(same, `rows at ${j - 1} and ${j}`).toBe(equal(perm[j - 1], perm[j]));
          }
        }
      }
    });
  }

  it('keeps leading keys apart and returns their words in sorted order', () => {
    const n = 3000;
    const r = new SeededRandom(3);
    const part = new Float64Array(n);
    for (let i = 0; i < n; i++) part[i] = r.int(0, 20);
    const order = normalizeKey(column(r, 'int', n, 0), { col: 0, desc: false, nullsFirst: false }, n);
    const { perm, leadingSorted } = radixPermutation([{ vals: part, cls: null }, order], n, 1);
    expect(leadingSorted).toHaveLength(1);
    for (let j = 0; j < n; j++) expect(leadingSorted[0][j] === leadingSorted[0][0]).toBe(part[perm[j]] === part[perm[0]]);
    for (let j = 1; j < n; j++) expect(part[perm[j - 1]]).toBeLessThanOrEqual(part[perm[j]]);
  });

  it('handles empty and constant inputs', () => {
    expect(Array.from(radixPermutation([{ vals: new Float64Array(0), cls: null }], 0).perm)).toEqual([]);
    const same = radixPermutation([{ vals: new Float64Array(10).fill(7), cls: null }], 10);
    expect(Array.from(same.perm)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('sorts plain integer keys like their normalized form, ascending and descending', () => {
    const n = 4000;
    const r = new SeededRandom(5);
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = r.int(-3, 3);
      b[i] = r.int(-2_000_000_000, 2_000_000_000);
    }
    const normalized = (d: Int32Array, desc: boolean) => normalizeKey(new Vector(INTEGER, d, null, null, n), { col: 0, desc, nullsFirst: false }, n);
    for (const desc of [false, true]) {
      const got = radixPermutation([{ ints: a, desc: false }, { ints: b, desc }], n).perm;
      const want = comparatorPermutation([normalized(a, false), normalized(b, desc)], n);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });
});
