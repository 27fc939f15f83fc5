/** Unit tests for predicate evaluation: the fast loops agree with the reference semantics, including NaN and -0. */
import { describe, expect, it } from 'vitest';
import { makeBlock, randomPredicates, rng } from './encoding-test-kit.js';
import { type BlockPredicate, predicateMatches, selectValues } from './predicate.js';

describe('predicate', () => {
  it('never matches NaN, treats a null bound as absent and -0 as 0', () => {
    const all: BlockPredicate = { kind: 'range', lo: null, hi: null, loInclusive: false, hiInclusive: false };
    expect(predicateMatches(all, NaN)).toBe(false);
    expect(predicateMatches(all, -Infinity)).toBe(true);
    expect(predicateMatches({ kind: 'in', values: [NaN, 0] }, NaN)).toBe(false);
    expect(predicateMatches({ kind: 'in', values: [0] }, -0)).toBe(true);
    expect(predicateMatches({ kind: 'range', lo: NaN, hi: null, loInclusive: true, hiInclusive: true }, 1)).toBe(false);
    expect(predicateMatches({ kind: 'range', lo: 1, hi: 3, loInclusive: false, hiInclusive: true }, 1)).toBe(false);
    expect(predicateMatches({ kind: 'range', lo: 1, hi: 3, loInclusive: false, hiInclusive: true }, 3)).toBe(true);
  });

  it('selectValues agrees with predicateMatches on random data and predicates of every shape', () => {
    const r = rng(11);
    const blocks = [
      makeBlock('ints', 'i32', 3000, () => Math.floor(r() * 200) - 100),
      makeBlock('wide ints', 'i32', 3000, () => Math.floor(r() * 2 ** 32) - 2 ** 31),
      makeBlock('bools', 'u8', 3000, () => (r() < 0.5 ? 1 : 0)),
      makeBlock('doubles', 'f64', 3000, () => [NaN, -0, Infinity, (r() - 0.5) * 100][Math.floor(r() * 4)], { integral: false }),
    ];
    for (const b of blocks) {
      const preds = randomPredicates(b, 60, 5);
      // Large IN lists take the binary-search and lookup-table paths.
      preds.push({ kind: 'in', values: Array.from({ length: 40 }, (_, i) => i * 3 - 60) });
      preds.push({ kind: 'in', values: Array.from({ length: 40 }, (_, i) => i * 1e6) });
      preds.push({ kind: 'in', values: [] });
      for (const p of preds) {
        const out = new Uint8Array(b.n);
        selectValues(p, b.values, b.n, out);
        for (let i = 0; i < b.n; i++) {
          if (out[i] !== (predicateMatches(p, b.values[i]) ? 1 : 0)) {
            expect.fail(`${b.name}: ${JSON.stringify(p)} on ${b.values[i]} gave ${out[i]}`);
          }
        }
      }
    }
  });

  it('does not confuse int32 values far from an IN list with its members', () => {
    const values = new Int32Array([-(2 ** 31), 2 ** 31 - 1, 2 ** 31 - 2, 0, -1]);
    const out = new Uint8Array(5);
    selectValues({ kind: 'in', values: [2 ** 31 - 1, 2 ** 31 - 2, 2 ** 31 - 5, 2 ** 31 - 6, 2 ** 31 - 9] }, values, 5, out);
    expect(Array.from(out)).toEqual([0, 1, 1, 0, 0]);
    selectValues({ kind: 'in', values: [-(2 ** 31), -(2 ** 31) + 1, -5, -6, -7] }, values, 5, out);
    expect(Array.from(out)).toEqual([1, 0, 0, 0, 0]);
  });
});
