/** Unit tests for the plain encoding: exact round trips of every kind, including NaN, ±Infinity and -0. */
import { describe, expect, it } from 'vitest';
import { plainEncoding } from './plain-encoding.js';
import { prepareBlockInput } from './block-input.js';
import { KIND_CASES, makeBlock, roundTripForced, standardBlocks } from './encoding-test-kit.js';

describe('plain encoding', () => {
  for (const { kind, integral, label } of KIND_CASES) {
    it(`round-trips every standard ${label} block when forced`, () => {
      for (const b of standardBlocks(kind, integral)) {
        const { header, error } = roundTripForced(b, 'plain', 'none');
        expect(error).toBeNull();
        expect(header.encoding, b.name).toBe('plain');
        expect(header.payloadBytes, b.name).toBe(b.n * b.values.BYTES_PER_ELEMENT);
      }
    });
  }

  it('keeps NaN, ±Infinity and -0 bit for bit', () => {
    const b = makeBlock('specials', 'f64', 6, (i) => [NaN, Infinity, -Infinity, -0, 0, 5e-324][i], { integral: false });
    expect(roundTripForced(b, 'plain').error).toBeNull();
  });

  it('estimates exactly the payload it writes', () => {
    const b = makeBlock('ints', 'i32', 100, (i) => i);
    const input = prepareBlockInput('i32', b.values, null, 100, 0, true);
    expect(plainEncoding.analyze(input, Infinity)).toBe(plainEncoding.encode(input).length);
  });
});
