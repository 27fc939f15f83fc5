/** Unit tests for the bitmap encoding: the implicit most-frequent value, the 16-value limit, booleans in one bitmap. */
import { describe, expect, it } from 'vitest';
import { BITMAP_MAX_VALUES, bitmapEncoding } from './bitmap-encoding.js';
import { encodeBlock, readBlockHeader } from './block-codec.js';
import { prepareBlockInput } from './block-input.js';
import { distinctCount, KIND_CASES, makeBlock, rng, roundTripForced, standardBlocks } from './encoding-test-kit.js';

describe('bitmap encoding', () => {
  for (const { kind, integral, label } of KIND_CASES) {
    it(`round-trips every standard ${label} block when forced, falling back above ${BITMAP_MAX_VALUES} values`, () => {
      for (const b of standardBlocks(kind, integral)) {
        const { header, error } = roundTripForced(b, 'bitmap');
        expect(error).toBeNull();
        const applies = distinctCount(b) <= BITMAP_MAX_VALUES;
        expect(header.encoding === 'bitmap', b.name).toBe(applies);
      }
    });
  }

  it('stores a boolean block as a single bitmap of n / 8 bytes', () => {
    const r = rng(2);
    const b = makeBlock('bools', 'u8', 8192, () => (r() < 0.3 ? 1 : 0));
    const { header, error } = roundTripForced(b, 'bitmap', 'none');
    expect(error).toBeNull();
    expect(header.payloadBytes).toBe(8 + 4 + 8192 / 8);
  });

  it('leaves the most frequent value without a bitmap', () => {
    // 1 is the most frequent of {0, 1, 2}: bitmaps for 0 and 2 only, values stored with 1 last.
    const b = makeBlock('skewed', 'i32', 64, (i) => (i % 8 === 0 ? 0 : i % 8 === 1 ? 2 : 1));
    const input = prepareBlockInput('i32', b.values, null, 64, 0, true);
    const payload = bitmapEncoding.encode(input);
    expect(Array.from(new Int32Array(payload.buffer, 8, 3))).toEqual([0, 2, 1]);
    expect(payload.length).toBe(8 + 12 + 2 * 2 * 4);
    expect(roundTripForced(b, 'bitmap').error).toBeNull();
  });

  it('is the automatic choice for booleans', () => {
    const r = rng(5);
    const b = makeBlock('bools', 'u8', 8192, () => (r() < 0.5 ? 1 : 0));
    expect(readBlockHeader(encodeBlock('u8', b.values, null, b.n)).encoding).toBe('bitmap');
  });
});
