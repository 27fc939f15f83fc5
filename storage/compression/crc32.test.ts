/** Unit tests for CRC-32: the standard check value, and the table-driven and native paths agreeing on any range. */
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from './crc32.js';

describe('crc32', () => {
  it('gives the standard check value for "123456789"', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32Table(bytes)).toBe(0xcbf43926);
  });

  it('is 0 for no bytes', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32Table(new Uint8Array(0))).toBe(0);
  });

  it('agrees between the table-driven loop and the native one on every length and offset', () => {
    const bytes = new Uint8Array(3000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    for (const [start, end] of [[0, 3000], [1, 2999], [3, 11], [7, 8], [5, 5], [0, 17], [13, 2048]]) {
      expect(crc32Table(bytes, start, end)).toBe(crc32(bytes, start, end));
      expect(crc32Table(bytes, start, end)).toBe(crc32Table(bytes.slice(start, end)));
    }
  });

  it('changes when any single bit flips', () => {
    const bytes = new Uint8Array(64).map((_, i) => i);
    const base = crc32(bytes);
    for (let i = 0; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        bytes[i] ^= 1 << bit;
        expect(crc32(bytes)).not.toBe(base);
        bytes[i] ^= 1 << bit;
      }
    }
  });
});
