/** The bitpack encoding: frame of reference (the block minimum) plus bit-packed offsets, for integers whose range fits 32 bits. */
import { StrataError } from '../../engine/errors.js';
import { bitWidth, packBits, packedWordCount, unpackBits, unpackGather, unpackRangeMask } from './bit-packing.js';
import { expectPayloadSize, scratchValues, wordsView } from './byte-views.js';
import type { Encoding } from './codec.js';
import { type BlockPredicate, selectValues } from './predicate.js';

/** Largest value range (max - min) a bitpack or delta block can hold: offsets are at most 32 bits. */
export const MAX_PACKED_RANGE = 2 ** 32 - 1;

/**
 * Payload (little-endian):
 *
 * ```
 * | base f64 | width u8 | reserved u8[7] (0) | offsets: bit-packed value - base, width bits each |
 * ```
 *
 * `base` is the block minimum and `width` the bits of `max - min`; the offsets take
 * `ceil(n / 32) * width` words (see bit-packing.ts). Applies to u8, i32, and f64 flagged integral
 * whose values are all integers (no NaN / Infinity; a -0 decodes as 0). Int32 blocks of any
 * range fit: offsets are unsigned and the decoder's sum wraps modulo 2^32.
 */
export const bitpackEncoding: Encoding = {
  id: 'bitpack',
  code: 4,

  supports: (kind, integral) => kind !== 'f64' || integral,

  // --- Analyze ---
  analyze(input) {
    const { stats } = input;
    if (!stats.integral || stats.max - stats.min > MAX_PACKED_RANGE) return null;
    return bitpackSize(input.n, bitWidth(stats.max - stats.min));
  },

  // --- Encode ---
  encode(input) {
    const { n, stats } = input;
    const width = bitWidth(stats.max - stats.min);
    const payload = new Uint8Array(bitpackSize(n, width));
    const header = new DataView(payload.buffer);
    header.setFloat64(0, stats.min, true);
    header.setUint8(8, width);
    packBits(input.values, 0, n, stats.min, width, wordsView(payload, 16, packedWordCount(n, width)), 0);
    return payload;
  },

  // --- Decode: one pass, the unpacker adds the base ---
  decode(payload, n, _kind, out) {
    const { base, width } = readHeader(payload, n);
    unpackBits(wordsView(payload, 16, packedWordCount(n, width)), 0, width, n, base, out, 0);
  },

  // --- Select: on the frame-of-reference offsets, without materializing values ---
  select(payload, n, kind, pred, out) {
    const { base, width } = readHeader(payload, n);
    if (pred.kind === 'range') {
      const [lo, hi] = offsetRange(pred, base);
      if (lo > hi) out.fill(0, 0, n);
      else unpackRangeMask(wordsView(payload, 16, packedWordCount(n, width)), 0, width, n, lo, hi, out, 0);
      return;
    }
    if (width <= IN_TABLE_MAX_WIDTH) {
      // An IN list becomes a 0/1 table over every possible offset, gathered per row in one pass.
      const table = new Uint8Array(1 << width);
      for (const v of pred.values) {
        const offset = v - base;
        if (Number.isInteger(offset) && offset >= 0 && offset < table.length) table[offset] = 1;
      }
      unpackGather(wordsView(payload, 16, packedWordCount(n, width)), 0, width, n, table, out, 0);
      return;
    }
    const values = scratchValues(kind, n);
    bitpackEncoding.decode(payload, n, kind, values);
    selectValues(pred, values, n, out);
  },
};

/** Widest offsets for which an IN list is evaluated through a table of all 2^width offsets. */
const IN_TABLE_MAX_WIDTH = 12;

/**
 * The inclusive offset interval [lo, hi] (offsets being value - base, integers in [0, 2^32)) that
 * the integers satisfying `pred` map to; lo > hi when none can. Exclusive and fractional bounds
 * become inclusive integer ones: v > 2.5 is v >= 3, v < 3 is v <= 2. A NaN bound matches nothing.
 */
function offsetRange(pred: BlockPredicate & { kind: 'range' }, base: number): [number, number] {
  const lo = pred.lo === null ? -Infinity : pred.loInclusive ? Math.ceil(pred.lo) : Math.floor(pred.lo) + 1;
  const hi = pred.hi === null ? Infinity : pred.hiInclusive ? Math.floor(pred.hi) : Math.ceil(pred.hi) - 1;
  if (lo !== lo || hi !== hi) return [1, 0];
  return [Math.max(0, lo - base), Math.min(MAX_PACKED_RANGE, hi - base)];
}

function bitpackSize(n: number, width: number): number {
  return 16 + 4 * packedWordCount(n, width);
}

function readHeader(payload: Uint8Array, n: number): { base: number; width: number } {
  if (payload.length < 16) throw new StrataError('corrupt', `bitpack payload is ${payload.length} bytes, shorter than its 16-byte header`);
  const header = new DataView(payload.buffer, payload.byteOffset, 16);
  const width = header.getUint8(8);
  if (width > 32) throw new StrataError('corrupt', `bitpack width ${width} exceeds 32 bits`);
  expectPayloadSize('bitpack', payload, bitpackSize(n, width));
  return { base: header.getFloat64(0, true), width };
}

