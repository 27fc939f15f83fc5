/** The bitmap encoding: one bitmap per distinct value for blocks of very few values, so `=` and `IN` become ORs of bitmaps. */
import { StrataError } from '../../engine/errors.js';
import type { BlockKind, BlockValues } from './block-input.js';
import { unpackBits, unpackGather } from './bit-packing.js';
import { alignUp, allocValues, ELEMENT_BYTES, expectPayloadSize, scratchIndexes, valuesView, wordsView, writeValues } from './byte-views.js';
import type { Encoding } from './codec.js';
import { countDistinct, DistinctTable } from './distinct-table.js';
import { predicateMatches } from './predicate.js';

/** Most distinct values a bitmap block may hold; beyond that dictionary or bitpack are smaller. */
export const BITMAP_MAX_VALUES = 16;

/**
 * Payload (little-endian):
 *
 * ```
 * | valueCount u32 | reserved u32 (0) | values T[valueCount] | pad to 4 | bitmaps u32[(valueCount - 1) * ceil(n / 32)] |
 * ```
 *
 * Bitmap k (row i is bit i % 32 of word i / 32, least significant first) marks the rows holding
 * `values[k]`. The last value, chosen as the most frequent, has no bitmap: its rows are the ones
 * no bitmap marks. So a BOOLEAN block is a single bitmap (n / 8 bytes), and decoding writes only
 * the rows of the rarer values after filling the block with the common one.
 */
export const bitmapEncoding: Encoding = {
  id: 'bitmap',
  code: 3,

  supports: () => true,

  // --- Analyze ---
  analyze(input, budget) {
    const { kind, n } = input;
    const elem = ELEMENT_BYTES[kind];
    let limit = BITMAP_MAX_VALUES;
    while (limit > 0 && bitmapSize(limit, n, elem) >= budget) limit--;
    const distinct = countDistinct(kind, input.values, n, limit);
    return distinct > limit ? null : bitmapSize(distinct, n, elem);
  },

  // --- Encode ---
  encode(input) {
    const { kind, values, n } = input;
    const elem = ELEMENT_BYTES[kind];
    table.reset(BITMAP_MAX_VALUES);
    const ids = new Int32Array(n);
    if (kind === 'f64') for (let i = 0; i < n; i++) ids[i] = table.addF64(values[i]);
    else for (let i = 0; i < n; i++) ids[i] = table.addI32(values[i]);
    const d = table.size;
    // The most frequent value goes last and gets no bitmap.
    let common = 0;
    for (let id = 1; id < d; id++) if (table.counts[id] > table.counts[common]) common = id;
    const rank = new Int32Array(d);
    const ordered = allocValues(kind, d);
    for (let id = 0, k = 0; id < d; id++) {
      if (id === common) continue;
      rank[id] = k;
      ordered[k++] = table.values[id];
    }
    if (d > 0) {
      rank[common] = -1;
      ordered[d - 1] = table.values[common];
    }
    const payload = new Uint8Array(bitmapSize(d, n, elem));
    new DataView(payload.buffer).setUint32(0, d, true);
    writeValues(payload, 8, ordered, d);
    const perBitmap = Math.ceil(n / 32);
    const words = wordsView(payload, bitmapsOffset(d, elem), Math.max(0, d - 1) * perBitmap);
    for (let i = 0; i < n; i++) {
      const k = rank[ids[i]];
      if (k >= 0) words[k * perBitmap + (i >>> 5)] |= 1 << (i & 31);
    }
    return payload;
  },

  // --- Decode ---
  decode(payload, n, kind, out) {
    const { values, words, count } = readBitmaps(payload, n, kind);
    if (count === 0) return;
    if (count === 2) {
      // One bitmap (BOOLEAN blocks): it is a 1-bit index into [implicit value, marked value],
      // which the unpacker gathers in one pass (measured 2x faster than visiting set bits).
      pair[kind][0] = values[1];
      pair[kind][1] = values[0];
      unpackGather(words, 0, 1, n, pair[kind], out, 0);
      return;
    }
    out.fill(values[count - 1], 0, n);
    const perBitmap = Math.ceil(n / 32);
    // Bits past row n are never set by the encoder; masking the last word keeps bad data inside `out[0, n)`.
    const lastMask = n % 32 === 0 ? -1 : (1 << n % 32) - 1;
    for (let k = 0; k < count - 1; k++) {
      const v = values[k];
      const base = k * perBitmap;
      for (let wordIdx = 0; wordIdx < perBitmap; wordIdx++) {
        let w = words[base + wordIdx];
        if (wordIdx === perBitmap - 1) w &= lastMask;
        // Visit set bits only: lowest set bit, then clear it.
        while (w !== 0) {
          const low = w & -w;
          out[wordIdx * 32 + 31 - Math.clz32(low)] = v;
          w ^= low;
        }
      }
    }
  },

  // --- Select: OR of the bitmaps of the matching values ---
  select(payload, n, kind, pred, out) {
    const { values, words, count } = readBitmaps(payload, n, kind);
    if (count === 0) return;
    const perBitmap = Math.ceil(n / 32);
    const acc = scratchIndexes(perBitmap);
    acc.fill(0, 0, perBitmap);
    // When the implicit value matches, the answer is every row not marked by a non-matching value.
    const implicitMatches = predicateMatches(pred, values[count - 1]);
    for (let k = 0; k < count - 1; k++) {
      if (predicateMatches(pred, values[k]) === implicitMatches) continue;
      const base = k * perBitmap;
      for (let j = 0; j < perBitmap; j++) acc[j] |= words[base + j];
    }
    if (implicitMatches) for (let j = 0; j < perBitmap; j++) acc[j] = ~acc[j];
    unpackBits(acc, 0, 1, n, 0, out, 0);
  },
};

const table = new DistinctTable();
const pair: Readonly<Record<BlockKind, BlockValues>> = { u8: new Uint8Array(2), i32: new Int32Array(2), f64: new Float64Array(2) };

function bitmapsOffset(d: number, elem: number): number {
  return alignUp(8 + d * elem, 4);
}

function bitmapSize(d: number, n: number, elem: number): number {
  return bitmapsOffset(d, elem) + 4 * Math.max(0, d - 1) * Math.ceil(n / 32);
}

function readBitmaps(payload: Uint8Array, n: number, kind: BlockKind): { values: BlockValues; words: Int32Array; count: number } {
  if (payload.length < 8) throw new StrataError('corrupt', `bitmap payload is ${payload.length} bytes, shorter than its 8-byte header`);
  const count = new DataView(payload.buffer, payload.byteOffset, 8).getUint32(0, true);
  if (count > BITMAP_MAX_VALUES || (n > 0) !== (count > 0)) {
    throw new StrataError('corrupt', `bitmap block of ${n} rows with ${count} values is invalid`);
  }
  const elem = ELEMENT_BYTES[kind];
  expectPayloadSize('bitmap', payload, bitmapSize(count, n, elem));
  return {
    values: valuesView(kind, payload, 8, count),
    words: wordsView(payload, bitmapsOffset(count, elem), Math.max(0, count - 1) * Math.ceil(n / 32)),
    count,
  };
}
