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

  it('packs a key of more than 30 bits into an exact double: equal tuples equal keys, different tuples different keys', () => {
    const p = new PackedKeys(3);
    // Spans of 4,000 values need 14 bits each with the frame's room: 42 bits in all.
    const n = 4000;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const c = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      a[k] = k;
      b[k] = 1_000_000 + ((k * 7) % n);
      c[k] = -500 - ((k * 13) % n);
    }
    const none = new Uint8Array(n);
    expect(p.pack([a, b, c], [none, none, none], false, n)).toBe(true);
    expect(p.wide).toBe(true);
    const first = p.wideKeys.slice(0, n);
    expect(new Set(first).size).toBe(n);
    for (const k of first) expect(Number.isInteger(k) && k < 2 ** 52).toBe(true);
    // The same tuples in another batch (reversed) get the same keys; a NULL gets its own.
    const rev = (x: Int32Array) => Int32Array.from(x).reverse();
    const nulls = new Uint8Array(n);
    nulls[0] = 1;
    expect(p.pack([rev(a), rev(b), rev(c)], [nulls, none, none], true, n)).toBe(true);
    for (let k = 1; k < n; k++) expect(p.wideKeys[k]).toBe(first[n - 1 - k]);
    expect(first.includes(p.wideKeys[0])).toBe(false);
    // A value outside the frame does not pack.
    expect(p.pack([Int32Array.of(10 * n), Int32Array.of(1_000_000), Int32Array.of(-500)], [none, none, none], false, 1)).toBe(false);
  });
});
