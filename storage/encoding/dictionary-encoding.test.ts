/** Unit tests for the dictionary encoding: the maximum dictionary, doubles keyed by bits, budgets in analyze. */
import { describe, expect, it } from 'vitest';
import { encodeBlock, readBlockHeader } from './block-codec.js';
import { prepareBlockInput } from './block-input.js';
import { dictionaryEncoding, MAX_DICTIONARY_SIZE } from './dictionary-encoding.js';
import { KIND_CASES, makeBlock, rng, roundTripForced, standardBlocks } from './encoding-test-kit.js';

describe('dictionary encoding', () => {
  for (const { kind, integral, label } of KIND_CASES) {
    it(`round-trips every standard ${label} block when forced`, () => {
      for (const b of standardBlocks(kind, integral)) {
        const { header, error } = roundTripForced(b, 'dictionary');
        expect(error).toBeNull();
        expect(header.encoding, b.name).toBe('dictionary');
      }
    });
  }

  it('holds the maximum dictionary: 65,536 distinct doubles with 16-bit indexes', () => {
    expect(MAX_DICTIONARY_SIZE).toBe(65_536);
    const b = makeBlock('all distinct', 'f64', 65_536, (i) => i + 0.5, { integral: false });
    const { header, error } = roundTripForced(b, 'dictionary', 'none');
    expect(error).toBeNull();
    expect(header.payloadBytes).toBe(8 + 8 * 65_536 + 2 * 65_536);
  });

  it('keeps -0, NaN and ±Infinity as entries of their own', () => {
    const b = makeBlock('specials', 'f64', 600, (i) => [NaN, -0, 0, Infinity, -Infinity][i % 5], { integral: false });
    const { header, error } = roundTripForced(b, 'dictionary', 'none');
    expect(error).toBeNull();
    // 5 entries of 8 bytes, 3-bit indexes.
    expect(header.payloadBytes).toBe(8 + 40 + 4 * 3 * Math.ceil(600 / 32));
  });

  it('returns null from analyze only when it cannot beat the budget, and the exact size otherwise', () => {
    const r = rng(4);
    const b = makeBlock('300 distinct', 'i32', 8192, () => Math.floor(r() * 300) * 1000);
    const input = prepareBlockInput('i32', b.values, null, b.n, 0, true);
    const size = dictionaryEncoding.analyze(input, Infinity)!;
    expect(size).toBe(dictionaryEncoding.encode(input).length);
    expect(dictionaryEncoding.analyze(input, size + 1)).toBe(size);
    expect(dictionaryEncoding.analyze(input, size)).toBeNull();
    expect(dictionaryEncoding.analyze(input, 100)).toBeNull();
  });

  it('is the automatic choice for a few distinct, widely spread doubles', () => {
    const r = rng(9);
    const vals = [0.1, 1e10, -3.25, 77.7, 1e-5, 123456.789, -1e8, 42.42, 5.5, 6.6, 7.7, 8.8, 9.9, 10.1, 11.1, 12.2, 13.3, 14.4, 15.5, 16.6];
    const b = makeBlock('20 doubles', 'f64', 8192, () => vals[Math.floor(r() * vals.length)], { integral: false });
    expect(readBlockHeader(encodeBlock('f64', b.values, null, b.n, { forceCompression: 'none' })).encoding).toBe('dictionary');
  });
});
