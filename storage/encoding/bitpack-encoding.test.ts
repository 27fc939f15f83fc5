/** Unit tests for the bitpack encoding: frame of reference over the whole int32 range, integral doubles near 2^53. */
import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock, readBlockHeader } from './block-codec.js';
import { KIND_CASES, filledValues, makeBlock, rng, roundTripForced, standardBlocks } from './encoding-test-kit.js';

describe('bitpack encoding', () => {
  for (const { kind, integral, label } of KIND_CASES) {
    it(`round-trips every standard ${label} block when forced, falling back where it cannot apply`, () => {
      for (const b of standardBlocks(kind, integral)) {
        const { header, error } = roundTripForced(b, 'bitpack');
        expect(error).toBeNull();
        const v = filledValues(b);
        const range = v.length === 0 ? 0 : Math.max(...v) - Math.min(...v);
        const applies = kind !== 'f64' || (integral && v.every((x) => Number.isInteger(x) && Math.abs(x) <= 2 ** 53) && range < 2 ** 32);
        expect(header.encoding === 'bitpack', b.name).toBe(applies);
      }
    });
  }

  it('packs int32 min and max with 32-bit offsets that wrap back exactly', () => {
    const b = makeBlock('extremes', 'i32', 100, (i) => (i % 2 === 0 ? -(2 ** 31) : 2 ** 31 - 1));
    const { header, error } = roundTripForced(b, 'bitpack', 'none');
    expect(error).toBeNull();
    expect(header.payloadBytes).toBe(16 + 4 * 32 * Math.ceil(100 / 32));
  });

  it('packs integral doubles near 2^53 by their offset from the minimum', () => {
    const b = makeBlock('near 2^53', 'f64', 1000, (i) => 2 ** 53 - i * 4099, { integral: true });
    const { header, error } = roundTripForced(b, 'bitpack', 'none');
    expect(error).toBeNull();
    expect(header.encoding).toBe('bitpack');
  });

  it('is not used for doubles without the integral flag, nor with a fraction, NaN or a range past 32 bits', () => {
    const plainInts = makeBlock('ints as doubles', 'f64', 100, (i) => i, { integral: false });
    expect(roundTripForced(plainInts, 'bitpack').header.encoding).not.toBe('bitpack');
    for (const odd of [0.5, NaN, Infinity, 2 ** 32 + 5]) {
      const b = makeBlock('odd one', 'f64', 100, (i) => (i === 50 ? odd : i), { integral: true });
      const r = roundTripForced(b, 'bitpack');
      expect(r.error).toBeNull();
      expect(r.header.encoding, String(odd)).not.toBe('bitpack');
    }
  });

  it('decodes -0 in an integral column as 0', () => {
    const bytes = encodeBlock('f64', new Float64Array([-0, 1, 2]), null, 3, { integral: true, forceEncoding: 'bitpack' });
    expect(readBlockHeader(bytes).encoding).toBe('bitpack');
    expect(Object.is(decodeBlock(bytes).values[0], 0)).toBe(true);
  });

  it('is the automatic choice for random integers in 0..1000', () => {
    const r = rng(8);
    const b = makeBlock('random', 'i32', 8192, () => Math.floor(r() * 1001));
    const h = readBlockHeader(encodeBlock('i32', b.values, null, b.n));
    expect(h.encoding).toBe('bitpack');
    expect(h.payloadBytes).toBe(16 + 10 * 4 * 256);
  });
});
