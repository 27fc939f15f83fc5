/** Unit tests for the RLE encoding: runs at the block-length limit, NULLs extending runs, bit-exact runs of doubles. */
import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock, readBlockHeader } from './block-codec.js';
import { prepareBlockInput } from './block-input.js';
import { KIND_CASES, makeBlock, roundTripForced, standardBlocks } from './encoding-test-kit.js';
import { rleEncoding } from './rle-encoding.js';

describe('rle encoding', () => {
  for (const { kind, integral, label } of KIND_CASES) {
    it(`round-trips every standard ${label} block when forced`, () => {
      for (const b of standardBlocks(kind, integral)) {
        const { header, error } = roundTripForced(b, 'rle');
        expect(error).toBeNull();
        expect(header.encoding, b.name).toBe('rle');
      }
    });
  }

  it('stores a 65,536-row block of one value as one run, and 65,535 + 1 as two', () => {
    const one = makeBlock('one run', 'i32', 65_536, () => 42);
    const { header } = roundTripForced(one, 'rle', 'none');
    expect(header.payloadBytes).toBe(8 + 4 + 2);
    const two = makeBlock('two runs', 'i32', 65_536, (i) => (i < 65_535 ? 42 : 43));
    const r = roundTripForced(two, 'rle', 'none');
    expect(r.error).toBeNull();
    expect(r.header.payloadBytes).toBe(8 + 8 + 4);
  });

  it('lets NULLs extend the current run, including leading NULLs', () => {
    const values = new Int32Array([0, 0, 5, 0, 5, 5, 0, 9, 0]);
    const validity = new Uint8Array([0, 0, 1, 0, 1, 1, 0, 1, 0]);
    const input = prepareBlockInput('i32', values, validity, 9, 5, true);
    expect(input.stats.runCount).toBe(2);
    const bytes = encodeBlock('i32', values, validity, 9, { forceEncoding: 'rle' });
    const d = decodeBlock(bytes);
    expect(Array.from(d.values)).toEqual([0, 0, 5, 0, 5, 5, 0, 9, 0]);
    expect(Array.from(d.validity!)).toEqual(Array.from(validity));
  });

  it('keeps -0, 0 and NaN as separate runs of doubles', () => {
    const b = makeBlock('signed zeros', 'f64', 9, (i) => [0, 0, -0, -0, NaN, NaN, 0, -0, NaN][i], { integral: false });
    const input = prepareBlockInput('f64', b.values, null, 9, 0, false);
    expect(input.stats.runCount).toBe(6);
    expect(roundTripForced(b, 'rle').error).toBeNull();
  });

  it('estimates exactly the payload it writes, for every value size', () => {
    for (const { kind, integral } of KIND_CASES) {
      const b = makeBlock('runs', kind, 1000, (i) => Math.floor(i / 7) % 3, { integral });
      const input = prepareBlockInput(kind, b.values, null, 1000, 0, integral);
      expect(rleEncoding.analyze(input, Infinity)).toBe(rleEncoding.encode(input).length);
    }
  });

  it('is the automatic choice for long runs', () => {
    const b = makeBlock('runs', 'i32', 8192, (i) => Math.floor(i / 2000));
    expect(readBlockHeader(encodeBlock('i32', b.values, null, b.n)).encoding).toBe('rle');
  });

  it('bit-packs values and lengths of short integer runs (layout 1), smaller than the raw layout', () => {
    // Per-order columns of a fact table: runs of 1-7 rows of values in a 15-bit range.
    let v = 0;
    let left = 0;
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const b = makeBlock('short runs', 'i32', 8192, () => {
      if (left === 0) {
        v = next() % 30_000;
        left = 1 + (next() % 7);
      }
      left--;
      return v;
    });
    const input = prepareBlockInput('i32', b.values, null, b.n, 0, true);
    const payload = rleEncoding.encode(input);
    expect(new DataView(payload.buffer).getUint32(4, true)).toBe(1);
    const raw = 8 + 4 * input.stats.runCount + 2 * input.stats.runCount;
    expect(payload.length).toBeLessThan(raw * 0.5);
    expect(rleEncoding.analyze(input, Infinity)).toBe(payload.length);
    const out = new Int32Array(b.n);
    rleEncoding.decode(payload, b.n, 'i32', out);
    expect(Array.from(out)).toEqual(Array.from(b.values));
    const mask = new Uint8Array(b.n);
    rleEncoding.select!(payload, b.n, 'i32', { kind: 'range', lo: 1000, hi: 2000, loInclusive: true, hiInclusive: false }, mask);
    for (let i = 0; i < b.n; i++) expect(mask[i]).toBe(out[i] >= 1000 && out[i] < 2000 ? 1 : 0);
  });

  it('keeps the raw layout (0) for values that are not integers', () => {
    const b = makeBlock('fractions', 'f64', 100, (i) => Math.floor(i / 3) + 0.5, { integral: false });
    const input = prepareBlockInput('f64', b.values, null, 100, 0, false);
    const payload = rleEncoding.encode(input);
    expect(new DataView(payload.buffer).getUint32(4, true)).toBe(0);
    expect(roundTripForced(b, 'rle').error).toBeNull();
  });

  it('rejects an unknown layout as corrupt', () => {
    const payload = new Uint8Array(16);
    new DataView(payload.buffer).setUint32(4, 9, true);
    expect(() => rleEncoding.decode(payload, 1, 'i32', new Int32Array(1))).toThrow(/layout 9/);
  });
});
