/** Unit tests for bit-packing: every width and output kind against the one-value-at-a-time reference. */
import { describe, expect, it } from 'vitest';
import {
  bitWidth,
  packBits,
  packedWordCount,
  unpackBits,
  unpackBitsReference,
  unpackDeltas,
  unpackGather,
  unpackRangeMask,
} from './bit-packing.js';
import { rng } from './encoding-test-kit.js';

describe('bit-packing', () => {
  it('computes the bit width of a range', () => {
    expect([0, 1, 2, 3, 4, 255, 256, 2 ** 31, 2 ** 32 - 1].map(bitWidth)).toEqual([0, 1, 2, 2, 3, 8, 9, 32, 32]);
  });

  it('round-trips every width 0..32 into Int32, Float64 and Uint8 arrays, at group boundaries and offsets', () => {
    const r = rng(3);
    for (let width = 0; width <= 32; width++) {
      for (const n of [0, 1, 31, 32, 33, 95, 1000]) {
        const max = width === 32 ? 2 ** 32 : 2 ** width;
        const src = Float64Array.from({ length: n }, () => Math.floor(r() * max));
        const words = new Int32Array(packedWordCount(n, width) + 3);
        packBits(src, 0, n, 0, width, words, 3);
        // Float64 output with a base: exact sums.
        const f = new Float64Array(n + 2);
        unpackBits(words, 3, width, n, -7, f, 2);
        expect(f.subarray(2)).toEqual(src.map((v) => v - 7));
        // Int32 output: base + value wraps modulo 2^32, same as the reference.
        const a = new Int32Array(n);
        const b = new Int32Array(n);
        unpackBits(words, 3, width, n, -(2 ** 31), a, 0);
        unpackBitsReference(words, 3, width, n, -(2 ** 31), b, 0);
        expect(a).toEqual(b);
        expect(a).toEqual(Int32Array.from(src, (v) => (v - 2 ** 31) | 0));
        if (width <= 8) {
          const u = new Uint8Array(n);
          unpackBits(words, 3, width, n, 0, u, 0);
          expect(u).toEqual(Uint8Array.from(src));
        }
      }
    }
  });

  it('leaves the output outside [offset, offset + n) untouched', () => {
    const src = new Int32Array(40).fill(5);
    const words = new Int32Array(packedWordCount(40, 3));
    packBits(src, 0, 40, 0, 3, words, 0);
    const out = new Int32Array(50).fill(-1);
    unpackBits(words, 0, 3, 40, 0, out, 4);
    expect(Array.from(out.subarray(0, 4))).toEqual([-1, -1, -1, -1]);
    expect(out.subarray(4, 44).every((v) => v === 5)).toBe(true);
    expect(Array.from(out.subarray(44))).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('gathers through a dictionary, keeps a running delta sum and tests ranges in the same pass', () => {
    const r = rng(9);
    for (const width of [0, 1, 4, 7, 16, 31, 32]) {
      for (const n of [0, 5, 32, 77]) {
        const max = 2 ** width;
        const src = Float64Array.from({ length: n }, () => Math.floor(r() * max));
        const words = new Int32Array(packedWordCount(n, width));
        packBits(src, 0, n, 0, width, words, 0);
        if (width <= 16) {
          const dict = Float64Array.from({ length: max }, (_, i) => i * 1.5 - 3);
          const g = new Float64Array(n);
          unpackGather(words, 0, width, n, dict, g, 0);
          expect(g).toEqual(src.map((v) => dict[v]));
        }
        const sums = new Float64Array(n + 1);
        unpackDeltas(words, 0, width, n, -100, 1e15, sums, 1);
        let prev = 1e15;
        expect(sums.subarray(1)).toEqual(src.map((v) => (prev += v - 100)));
        const wrapped = new Int32Array(n);
        unpackDeltas(words, 0, width, n, -(2 ** 31), 2 ** 31 - 1, wrapped, 0);
        let p32 = 2 ** 31 - 1;
        expect(wrapped).toEqual(Int32Array.from(src, (v) => (p32 = (p32 + v - 2 ** 31) | 0)));
        const lo = Math.floor(max / 4);
        const hi = Math.floor(max / 2);
        const mask = new Uint8Array(n);
        unpackRangeMask(words, 0, width, n, lo, hi, mask, 0);
        expect(mask).toEqual(Uint8Array.from(src, (v) => (v >= lo && v <= hi ? 1 : 0)));
      }
    }
  });
});
