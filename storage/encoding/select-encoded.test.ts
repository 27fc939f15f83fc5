/** Unit tests for predicate evaluation on encoded blocks: agreement with decoded evaluation for every encoding, and the zone-map test. */
import { describe, expect, it } from 'vitest';
import { encodeBlock, readBlockHeader } from './block-codec.js';
import { ENCODING_IDS } from './codec.js';
import { KIND_CASES, makeBlock, randomPredicates, selectMismatch, standardBlocks } from './encoding-test-kit.js';
import type { BlockPredicate } from './predicate.js';
import { blockMayMatch, selectBlock } from './select-encoded.js';

const range = (lo: number | null, hi: number | null, loInclusive = true, hiInclusive = true): BlockPredicate => ({
  kind: 'range',
  lo,
  hi,
  loInclusive,
  hiInclusive,
});

describe('selectBlock', () => {
  for (const { kind, integral, label } of KIND_CASES) {
    it(`equals evaluation on decoded ${label} values for every encoding (random predicates)`, () => {
      let seed = 100;
      for (const whole of standardBlocks(kind, integral, 3)) {
        // The first 3,000 rows keep every shape while keeping the row-by-row oracle quick.
        const n = Math.min(whole.n, 3000);
        const b = { ...whole, n, values: whole.values.subarray(0, n), validity: whole.validity?.subarray(0, n) ?? null };
        for (const id of ENCODING_IDS) {
          // Round trips are the encoding tests' job; here only the selections are compared.
          const bytes = encodeBlock(b.kind, b.values, b.validity, b.n, {
            integral: b.integral,
            forceEncoding: id,
            forceCompression: seed % 3 === 0 ? 'lz4' : undefined,
          });
          expect(selectMismatch(bytes, randomPredicates(b, 8, seed++)), `${b.name}, ${readBlockHeader(bytes).encoding}`).toBeNull();
        }
      }
    });
  }

  it('never matches NULL rows, even where the filled-in neighbour value would match', () => {
    const b = makeBlock('runs with NULLs', 'i32', 1000, (i) => Math.floor(i / 100), { nullRate: 0.5 });
    for (const id of ENCODING_IDS) {
      const bytes = encodeBlock('i32', b.values, b.validity, b.n, { forceEncoding: id });
      const mask = selectBlock(bytes, range(null, null))!;
      for (let i = 0; i < b.n; i++) expect(mask[i]).toBe(b.validity![i]);
      expect(selectMismatch(bytes, [range(3, 3), { kind: 'in', values: [0, 9] }])).toBeNull();
    }
  });

  it('answers from min and max alone when no row or every row can match', () => {
    const b = makeBlock('sorted', 'i32', 5000, (i) => 100 + Math.floor(i / 10), { nullRate: 0.1 });
    const bytes = encodeBlock('i32', b.values, b.validity, b.n);
    expect(selectBlock(bytes, range(1000, null))!.every((m) => m === 0)).toBe(true);
    const all = selectBlock(bytes, range(100, 599))!;
    for (let i = 0; i < b.n; i++) expect(all[i]).toBe(b.validity![i]);
    expect(selectMismatch(bytes, [range(100, 599), range(1000, null), range(200, 300, false, false)])).toBeNull();
  });
});

describe('blockMayMatch', () => {
  const header = { rowCount: 100, nullCount: 3, min: 10, max: 20 };

  it('tests ranges and IN lists against min and max, with inclusive and exclusive bounds', () => {
    expect(blockMayMatch(header, range(20, null))).toBe(true);
    expect(blockMayMatch(header, range(20, null, false))).toBe(false);
    expect(blockMayMatch(header, range(null, 10))).toBe(true);
    expect(blockMayMatch(header, range(null, 10, true, false))).toBe(false);
    expect(blockMayMatch(header, range(21, 30))).toBe(false);
    expect(blockMayMatch(header, range(0, 9.5))).toBe(false);
    expect(blockMayMatch(header, range(12, 13))).toBe(true);
    expect(blockMayMatch(header, range(null, null))).toBe(true);
    expect(blockMayMatch(header, { kind: 'in', values: [1, 25, 15] })).toBe(true);
    expect(blockMayMatch(header, { kind: 'in', values: [1, 25, NaN] })).toBe(false);
    expect(blockMayMatch(header, { kind: 'in', values: [] })).toBe(false);
    expect(blockMayMatch(header, range(NaN, null))).toBe(false);
  });

  it('rules out blocks with no valid non-NaN value', () => {
    expect(blockMayMatch({ rowCount: 5, nullCount: 5, min: NaN, max: NaN }, range(null, null))).toBe(false);
    expect(blockMayMatch({ rowCount: 0, nullCount: 0, min: NaN, max: NaN }, range(null, null))).toBe(false);
    expect(blockMayMatch({ rowCount: 5, nullCount: 0, min: NaN, max: NaN }, range(null, null))).toBe(false);
  });

  it('never rules out a block that selectBlock finds a match in', () => {
    for (const b of standardBlocks('f64', false, 8)) {
      const bytes = encodeBlock('f64', b.values, b.validity, b.n);
      const h = readBlockHeader(bytes);
      for (const p of randomPredicates(b, 30, 77)) {
        if (!blockMayMatch(h, p)) expect(selectBlock(bytes, p)!.includes(1), `${b.name} ${JSON.stringify(p)}`).toBe(false);
      }
    }
  });
});
