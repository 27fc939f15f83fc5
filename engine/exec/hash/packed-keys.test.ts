import { describe, expect, it } from 'vitest';
import { PackedKeys } from './packed-keys.js';

describe('PackedKeys', () => {
  it('refuses a value just below the frame in a batch with NULLs (it would pack as NULL)', () => {
    const p = new PackedKeys(2);
    // The first batch frames column 0 around 5 (base 4): 3 is below it.
    expect(p.pack([Int32Array.of(5), Int32Array.of(1)], [Uint8Array.of(0), Uint8Array.of(0)], false, 1)).toBe(true);
    expect(p.pack([Int32Array.of(3, 0), Int32Array.of(1, 1)], [Uint8Array.of(0, 1), Uint8Array.of(0, 0)], true, 2)).toBe(false);
  });

  it('packs NULL apart from every value of the frame', () => {
    const p = new PackedKeys(2);
    expect(p.pack([Int32Array.of(5, 6), Int32Array.of(1, 1)], [Uint8Array.of(0, 0), Uint8Array.of(0, 0)], false, 2)).toBe(true);
    expect(p.pack([Int32Array.of(4, 9, 5), Int32Array.of(1, 1, 1)], [Uint8Array.of(0, 1, 0), Uint8Array.of(0, 0, 0)], true, 3)).toBe(true);
    expect(new Set(p.keys.subarray(0, 3)).size).toBe(3);
  });
});
