/** The delta encoding: the first value plus bit-packed differences between consecutive values (sorted or near-sorted integers and dates). */
import { StrataError } from '../../engine/errors.js';
import { MAX_EXACT_INTEGER } from './block-input.js';
import { MAX_PACKED_RANGE } from './bitpack-encoding.js';
import { bitWidth, packBits, packedWordCount, unpackDeltas } from './bit-packing.js';
import { expectPayloadSize, scratchValues, wordsView } from './byte-views.js';
import type { Encoding } from './codec.js';
import { selectValues } from './predicate.js';

/**
 * Payload (little-endian):
 *
 * ```
 * | first f64 | minDelta f64 | width u8 | reserved u8[7] (0) | bit-packed (delta_i - minDelta) for i = 1..n-1 |
 * ```
 *
 * `delta_i = v[i] - v[i-1]`; frame of reference on the deltas means a sorted column with
 * steps of 0 or 1 needs one bit per row, and a column sorted with steady gaps needs almost none.
 * Applies to i32 and integral f64. For f64 every delta must be at most 2^53 in magnitude so that
 * it, and each running sum, is exact; for i32 the decoder's sums wrap modulo 2^32, so any
 * deltas whose spread (max - min) fits 32 bits work.
 */
export const deltaEncoding: Encoding = {
  id: 'delta',
  code: 5,

  supports: (kind, integral) => kind === 'i32' || (kind === 'f64' && integral),

  // --- Analyze ---
  analyze(input) {
    const { stats } = input;
    if (!stats.integral || stats.maxDelta - stats.minDelta > MAX_PACKED_RANGE) return null;
    if (stats.minDelta < -MAX_EXACT_INTEGER || stats.maxDelta > MAX_EXACT_INTEGER) return null;
    return deltaSize(input.n, bitWidth(stats.maxDelta - stats.minDelta));
  },

  // --- Encode ---
  encode(input) {
    const { values, n, stats } = input;
    const width = bitWidth(stats.maxDelta - stats.minDelta);
    const payload = new Uint8Array(deltaSize(n, width));
    const header = new DataView(payload.buffer);
    header.setFloat64(0, n > 0 ? values[0] : 0, true);
    header.setFloat64(8, stats.minDelta, true);
    header.setUint8(16, width);
    const deltas = new Float64Array(Math.max(0, n - 1));
    for (let i = 1; i < n; i++) deltas[i - 1] = values[i] - values[i - 1];
    packBits(deltas, 0, n - 1, stats.minDelta, width, wordsView(payload, 24, packedWordCount(n - 1, width)), 0);
    return payload;
  },

  // --- Decode: one pass, the unpacker keeps the running sum ---
  decode(payload, n, kind, out) {
    const { first, minDelta, width } = readHeader(payload, n);
    if (n === 0) return;
    if (kind === 'u8') throw new StrataError('corrupt', 'delta payload in a u8 block');
    out[0] = first;
    unpackDeltas(wordsView(payload, 24, packedWordCount(n - 1, width)), 0, width, n - 1, minDelta, out[0], out as Int32Array | Float64Array, 1);
  },

  // --- Select: decode into scratch, then the plain loop ---
  select(payload, n, kind, pred, out) {
    const values = scratchValues(kind, n);
    deltaEncoding.decode(payload, n, kind, values);
    selectValues(pred, values, n, out);
  },
};

function deltaSize(n: number, width: number): number {
  return 24 + 4 * packedWordCount(Math.max(0, n - 1), width);
}

function readHeader(payload: Uint8Array, n: number): { first: number; minDelta: number; width: number } {
  if (payload.length < 24) throw new StrataError('corrupt', `delta payload is ${payload.length} bytes, shorter than its 24-byte header`);
  const header = new DataView(payload.buffer, payload.byteOffset, 24);
  const width = header.getUint8(16);
  if (width > 32) throw new StrataError('corrupt', `delta width ${width} exceeds 32 bits`);
  expectPayloadSize('delta', payload, deltaSize(n, width));
  return { first: header.getFloat64(0, true), minDelta: header.getFloat64(8, true), width };
}
