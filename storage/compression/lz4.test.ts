/** Unit tests for the LZ4 wrapper: round trips, a hand-made block, the literal-only fallback, malformed input. */
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../engine/errors.js';
import { compressionFromCode, compressPayload, decompressPayload } from './compression.js';
import { lz4Compress, lz4Decompress } from './lz4.js';

function roundTrip(src: Uint8Array): Uint8Array {
  const packed = lz4Compress(src);
  const out = new Uint8Array(src.length);
  lz4Decompress(packed, out, src.length);
  return out;
}

describe('lz4', () => {
  it('decodes a hand-made block: one literal, an overlapping match, final literals', () => {
    // token 0x15: 1 literal ('a'), match length 5 + 4 at offset 1; token 0x50: 5 literals.
    const block = new Uint8Array([0x15, 0x61, 0x01, 0x00, 0x50, 0x62, 0x63, 0x64, 0x65, 0x66]);
    const out = new Uint8Array(15);
    lz4Decompress(block, out, 15);
    expect(new TextDecoder().decode(out)).toBe('aaaaaaaaaabcdef');
  });

  it('round-trips compressible, incompressible, tiny and empty inputs', () => {
    const repetitive = new Uint8Array(100_000).map((_, i) => (i % 7) * 3);
    const random = new Uint8Array(5000).map((_, i) => (Math.imul(i, 2654435761) >>> 13) & 255);
    for (const src of [repetitive, random, new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(300)]) {
      expect(roundTrip(src)).toEqual(src);
    }
    expect(lz4Compress(repetitive).length).toBeLessThan(repetitive.length / 10);
  });

  it('writes incompressible input as one literal run, including lengths needing 255-continuation bytes', () => {
    for (const n of [5, 14, 15, 16, 269, 270, 271, 1000]) {
      const src = new Uint8Array(n).map((_, i) => (Math.imul(i + 1, 2654435761) >>> 11) & 255);
      const packed = lz4Compress(src);
      expect(packed.length).toBeLessThanOrEqual(n + Math.ceil(n / 255) + 2);
      expect(roundTrip(src)).toEqual(src);
    }
  });

  it('reports a block that decompresses to the wrong length as corrupt', () => {
    const src = new Uint8Array(1000).map((_, i) => i % 10);
    const packed = lz4Compress(src);
    const out = new Uint8Array(2000);
    expect(() => lz4Decompress(packed, out, 999)).toThrow(StrataError);
    expect(() => lz4Decompress(packed, out, 999)).toThrow(/decompressed to 1000 bytes, expected 999/);
    // Cutting the block inside a match sequence loses output bytes.
    expect(() => lz4Decompress(packed.subarray(0, 4), out, 1000)).toThrow(/expected 1000/);
  });

  it('maps compression ids to header codes and back', () => {
    expect(compressionFromCode(0)).toBe('none');
    expect(compressionFromCode(1)).toBe('lz4');
    expect(compressionFromCode(2)).toBeNull();
    const src = new Uint8Array(500).fill(9);
    const dst = new Uint8Array(500);
    decompressPayload('lz4', compressPayload('lz4', src), dst, 500);
    expect(dst).toEqual(src);
    expect(() => decompressPayload('none', src, dst, 400)).toThrow(/stored payload is 500 bytes, expected 400/);
  });
});
