/** Unit tests for the delta encoding: wrapping int32 deltas, exactness limits for doubles, sorted data. */
import { describe, expect, it } from 'vitest';
import { encodeBlock, readBlockHeader } from './block-codec.js';
import { KIND_CASES, filledValues, makeBlock, roundTripForced, standardBlocks } from './encoding-test-kit.js';

describe('delta encoding', () => {
  for (const { kind, integral, label } of KIND_CASES) {
    it(`round-trips every standard ${label} block when forced, falling back where it cannot apply`, () => {
      for (const b of standardBlocks(kind, integral)) {
        const { header, error } = roundTripForced(b, 'delta');
        expect(error).toBeNull();
        const v = filledValues(b);
        const deltas = v.slice(1).map((x, i) => x - v[i]);
        const spread = deltas.length === 0 ? 0 : Math.max(...deltas) - Math.min(...deltas);
        const exact = deltas.every((d) => Math.abs(d) <= 2 ** 53) && v.every((x) => Number.isInteger(x) && Math.abs(x) <= 2 ** 53);
        const applies = kind === 'i32' ? spread < 2 ** 32 : kind === 'f64' && integral && exact && spread < 2 ** 32;
        expect(header.encoding === 'delta', b.name).toBe(applies);
      }
    });
  }

  it('round-trips int32 deltas that overflow int32, as long as their spread fits 32 bits', () => {
    const b = makeBlock('big jumps', 'i32', 64, (i) => (i % 2 === 0 ? -(2 ** 31) + i : 2 ** 31 - 1 - i));
    const { header, error } = roundTripForced(b, 'delta');
    expect(error).toBeNull();
    // Deltas near ±2^32 have a spread near 2^33: not applicable.
    expect(header.encoding).not.toBe('delta');
    const up = makeBlock('one huge step', 'i32', 64, (i) => (i < 32 ? -(2 ** 31) + i : 2 ** 31 - 64 + i));
    const r = roundTripForced(up, 'delta');
    expect(r.error).toBeNull();
    expect(r.header.encoding).toBe('delta');
  });

  it('round-trips integral doubles climbing to 2^53', () => {
    const b = makeBlock('to 2^53', 'f64', 5000, (i) => 2 ** 53 - (4999 - i) * 1_000_003, { integral: true });
    const r = roundTripForced(b, 'delta', 'none');
    expect(r.error).toBeNull();
    expect(r.header.encoding).toBe('delta');
    expect(r.header.payloadBytes).toBe(24);
  });

  it('refuses a single double step larger than 2^53, which would not be exact', () => {
    const b = makeBlock('wide', 'f64', 2, (i) => (i === 0 ? -(2 ** 53) + 1 : 2 ** 53 - 2), { integral: true });
    const r = roundTripForced(b, 'delta');
    expect(r.error).toBeNull();
    expect(r.header.encoding).not.toBe('delta');
  });

  it('is the automatic choice for sorted data with steady gaps', () => {
    const b = makeBlock('timestamps', 'f64', 8192, (i) => 1.7e15 + i * 1_000_000 + (i % 3), { integral: true });
    expect(readBlockHeader(encodeBlock('f64', b.values, null, b.n, { integral: true })).encoding).toBe('delta');
  });
});
