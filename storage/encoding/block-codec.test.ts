/** Unit tests for the block codec: header fields, automatic and forced choices, LZ4 use, alignment, corruption detection. */
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../engine/errors.js';
import { crc32 } from '../compression/crc32.js';
import { decodeBlock, encodeBlock, LZ4_MIN_SAVING, MAX_BLOCK_ROWS, readBlockHeader, verifyBlock } from './block-codec.js';
import { ENCODING_IDS } from './codec.js';
import { KIND_CASES, makeBlock, rng, roundTripForced, type TestBlock } from './encoding-test-kit.js';

function encode(b: TestBlock, options: Parameters<typeof encodeBlock>[4] = {}): Uint8Array {
  return encodeBlock(b.kind, b.values, b.validity, b.n, { integral: b.integral, ...options });
}

/** Rewrites the checksum after a deliberate edit, to reach the checks behind it. */
function reseal(bytes: Uint8Array): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(4, crc32(bytes, 8, bytes.length), true);
}

function corruptError(fn: () => unknown): StrataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StrataError && e.code === 'corrupt') return e;
    throw new Error(`expected StrataError('corrupt'), got ${String(e)}`);
  }
  throw new Error('expected StrataError(corrupt), nothing was thrown');
}

describe('block codec', () => {
  it('records kind, counts, min and max of the valid values, and sizes in the header', () => {
    const values = new Int32Array([5, -100, 7, 3, 1000, 9]);
    const validity = new Uint8Array([1, 1, 1, 1, 0, 1]);
    const bytes = encodeBlock('i32', values, validity, 6);
    const h = readBlockHeader(bytes);
    expect(h).toMatchObject({ version: 1, kind: 'i32', rowCount: 6, nullCount: 1, min: -100, max: 9, integral: true, hasNaN: false });
    expect(h.totalBytes).toBe(bytes.length);
    expect(h.validityBytes).toBe(8);
    expect(h.payloadOffset % 8).toBe(0);
    expect(verifyBlock(bytes)).toEqual(h);
    const d = decodeBlock(bytes);
    // NULL slots come back as 0.
    expect(Array.from(d.values)).toEqual([5, -100, 7, 3, 0, 9]);
    expect(Array.from(d.validity!)).toEqual([1, 1, 1, 1, 0, 1]);
  });

  it('ignores NaN in min and max, flags it, and writes NaN bounds when no value is valid', () => {
    const h = readBlockHeader(encodeBlock('f64', new Float64Array([NaN, 2, -Infinity, NaN]), null, 4));
    expect(h).toMatchObject({ min: -Infinity, max: 2, hasNaN: true, integral: false });
    const allNaN = readBlockHeader(encodeBlock('f64', new Float64Array([NaN, NaN]), null, 2));
    expect(allNaN.min).toBeNaN();
    expect(allNaN.hasNaN).toBe(true);
    const allNull = encodeBlock('i32', new Int32Array([4, 5, 6]), new Uint8Array(3), 3);
    expect(readBlockHeader(allNull)).toMatchObject({ nullCount: 3, min: NaN, max: NaN });
    expect(decodeBlock(allNull)).toEqual({ kind: 'i32', values: new Int32Array(3), validity: new Uint8Array(3), n: 3 });
    const empty = encodeBlock('u8', new Uint8Array(0), null, 0);
    expect(readBlockHeader(empty)).toMatchObject({ rowCount: 0, min: NaN, max: NaN });
    expect(decodeBlock(empty).n).toBe(0);
  });

  it('treats any non-zero validity byte as valid and a validity map without zeros as no NULLs', () => {
    const bytes = encodeBlock('i32', new Int32Array([1, 2, 3]), new Uint8Array([255, 0, 1]), 3);
    expect(Array.from(decodeBlock(bytes).validity!)).toEqual([1, 0, 1]);
    const none = encodeBlock('i32', new Int32Array([1, 2, 3]), new Uint8Array([1, 1, 1]), 3);
    expect(readBlockHeader(none).validityBytes).toBe(0);
    expect(decodeBlock(none).validity).toBeNull();
  });

  it('forces each encoding and reports it in the header', () => {
    for (const id of ENCODING_IDS) {
      const b = makeBlock('small ints', 'i32', 1000, (i) => (i * 7) % 5);
      const { header, error } = roundTripForced(b, id);
      expect(error).toBeNull();
      expect(header.encoding).toBe(id);
    }
  });

  it('chooses by size: sorted dates → delta or rle, 5 values → bitmap or dictionary, 0..1000 → bitpack, doubles → plain', () => {
    const r = rng(21);
    const dates = makeBlock('dates', 'i32', 8192, (i) => 8035 + Math.floor(i / 2500));
    expect(['delta', 'rle']).toContain(readBlockHeader(encode(dates)).encoding);
    const fewDates = makeBlock('dates, one per 3 rows', 'i32', 8192, (i) => 8035 + Math.floor(i / 3));
    expect(['delta', 'rle']).toContain(readBlockHeader(encode(fewDates)).encoding);
    const five = makeBlock('five', 'i32', 8192, () => [3, 17, 29, 1000, -4][Math.floor(r() * 5)]);
    expect(['bitmap', 'dictionary']).toContain(readBlockHeader(encode(five)).encoding);
    const ints = makeBlock('ints', 'i32', 8192, () => Math.floor(r() * 1001));
    expect(readBlockHeader(encode(ints)).encoding).toBe('bitpack');
    const doubles = makeBlock('doubles', 'f64', 8192, () => (r() + r() / 2 ** 32) * 1000, { integral: false });
    expect(readBlockHeader(encode(doubles))).toMatchObject({ encoding: 'plain', compression: 'none' });
  });

  it('uses LZ4 only when it saves at least 10%, unless forced either way', () => {
    const r = rng(5);
    const doubles = makeBlock('doubles', 'f64', 4096, () => r() + r() / 2 ** 32, { integral: false });
    expect(readBlockHeader(encode(doubles)).compression).toBe('none');
    const forced = roundTripForced(doubles, 'plain', 'lz4');
    expect(forced.error).toBeNull();
    expect(forced.header.compression).toBe('lz4');
    expect(forced.header.storedBytes).toBeGreaterThan(forced.header.payloadBytes * (1 - LZ4_MIN_SAVING));
    // A repeating pattern without runs: plain, then LZ4 removes the repetition.
    const pattern = makeBlock('pattern', 'i32', 8192, (i) => [1e9, -5, 77777, 3][i % 4] + (i % 100));
    const h = readBlockHeader(encode(pattern, { forceEncoding: 'plain' }));
    expect(h.compression).toBe('lz4');
    expect(h.storedBytes).toBeLessThanOrEqual(h.payloadBytes * 0.9);
    expect(readBlockHeader(encode(pattern, { forceEncoding: 'plain', forceCompression: 'none' })).compression).toBe('none');
    for (const { kind, integral } of KIND_CASES) {
      const b = makeBlock('runs with NULLs', kind, 5000, (i) => i % 3, { integral, nullRate: 0.2 });
      for (const id of ENCODING_IDS) expect(roundTripForced(b, id, 'lz4').error).toBeNull();
    }
  });

  it('decodes a block at any byte offset of a larger buffer', () => {
    const blocks = [
      makeBlock('f64', 'f64', 1000, (i) => i * 0.5, { integral: false, nullRate: 0.1 }),
      makeBlock('i32', 'i32', 1000, (i) => i % 300, { nullRate: 0.1 }),
    ];
    for (const b of blocks) {
      for (const id of ENCODING_IDS) {
        const bytes = encode(b, { forceEncoding: id, forceCompression: 'none' });
        const want = decodeBlock(bytes);
        for (const offset of [1, 2, 3, 4, 5, 8]) {
          const buf = new Uint8Array(bytes.length + offset + 10);
          buf.set(bytes, offset);
          expect(decodeBlock(buf.subarray(offset))).toEqual(want);
        }
      }
    }
  });

  it('reports every corrupted byte as StrataError("corrupt"), never as data', () => {
    const r = rng(17);
    const cases = [
      encode(makeBlock('rle with NULLs', 'i32', 300, (i) => Math.floor(i / 50), { nullRate: 0.2 }), { forceEncoding: 'rle' }),
      encode(makeBlock('bitpack', 'i32', 200, () => Math.floor(r() * 100)), { forceEncoding: 'bitpack' }),
      encode(makeBlock('dictionary lz4', 'f64', 400, (i) => [1.5, 2.5, -7][i % 3], { integral: false }), { forceEncoding: 'dictionary', forceCompression: 'lz4' }),
      encode(makeBlock('bitmap', 'u8', 100, (i) => i % 2), { forceEncoding: 'bitmap' }),
      encode(makeBlock('delta', 'f64', 100, (i) => 1e12 + i * 3), { forceEncoding: 'delta' }),
      encode(makeBlock('plain', 'f64', 50, (i) => i / 3, { integral: false })),
    ];
    for (const bytes of cases) {
      for (let at = 0; at < bytes.length; at++) {
        for (const flip of [0x01, 0x80, 0xff]) {
          const bad = bytes.slice();
          bad[at] ^= flip;
          corruptError(() => decodeBlock(bad));
          corruptError(() => verifyBlock(bad));
        }
      }
      corruptError(() => decodeBlock(bytes.subarray(0, bytes.length - 1)));
      corruptError(() => decodeBlock(bytes.subarray(0, 20)));
    }
  });

  it('says what is wrong: checksum, truncation, version, encoding, magic', () => {
    const bytes = encodeBlock('i32', new Int32Array([1, 2, 3, 4]), null, 4);
    const crcFlip = bytes.slice();
    crcFlip[bytes.length - 1] ^= 1;
    expect(corruptError(() => decodeBlock(crcFlip)).message).toMatch(/^block checksum mismatch \(expected 0x[0-9a-f]{8}, found 0x[0-9a-f]{8}\)$/);
    expect(corruptError(() => readBlockHeader(bytes.subarray(0, bytes.length - 2))).message).toMatch(/^block truncated/);
    const version = bytes.slice();
    version[2] = 9;
    expect(corruptError(() => decodeBlock(version)).message).toBe('unsupported block format version 9 (this build reads version 1)');
    const encoding = bytes.slice();
    encoding[9] = 42;
    reseal(encoding);
    expect(corruptError(() => decodeBlock(encoding)).message).toBe('unknown block encoding code 42');
    expect(corruptError(() => readBlockHeader(encoding)).message).toBe('unknown block encoding code 42');
    const magic = bytes.slice();
    magic[0] = 0;
    expect(corruptError(() => readBlockHeader(magic)).message).toMatch(/^not a storage block/);
  });

  it('decodes into a caller array, and rejects one of the wrong kind or size', () => {
    const bytes = encodeBlock('f64', new Float64Array([1, 2, 3]), null, 3);
    const out = new Float64Array(10).fill(-1);
    expect(decodeBlock(bytes, out).values).toBe(out);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 2, 3, -1]);
    expect(() => decodeBlock(bytes, new Int32Array(3))).toThrow(/decode target is a i32 array of 3, block holds 3 f64 values/);
    expect(() => decodeBlock(bytes, new Float64Array(2))).toThrow(StrataError);
  });

  it('rejects blocks above the row limit and arrays of the wrong kind', () => {
    expect(MAX_BLOCK_ROWS).toBe(65_536);
    expect(() => encodeBlock('u8', new Uint8Array(65_537), null, 65_537)).toThrow(/outside 0..65536/);
    expect(() => encodeBlock('i32', new Float64Array(3), null, 3)).toThrow(/a i32 block was given a f64 array/);
    expect(() => encodeBlock('i32', new Int32Array(3), null, 4)).toThrow(/given 3 values/);
  });
});
