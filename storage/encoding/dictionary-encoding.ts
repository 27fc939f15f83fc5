/** The dictionary encoding: the block's distinct values plus one bit-packed index per row (low-cardinality numbers). */
import { StrataError } from '../../engine/errors.js';
import type { BlockInput, BlockKind, BlockValues } from './block-input.js';
import { bitWidth, packBits, packedWordCount, unpackGather } from './bit-packing.js';
import { alignUp, allocValues, ELEMENT_BYTES, expectPayloadSize, valuesView, wordsView, writeValues } from './byte-views.js';
import type { Encoding } from './codec.js';
import { countDistinct, DistinctTable } from './distinct-table.js';
import { matchTable } from './predicate.js';

/** Most entries a block dictionary may have (indexes up to 16 bits); a 65,536-row block always fits. */
export const MAX_DICTIONARY_SIZE = 1 << 16;

/**
 * Payload (little-endian):
 *
 * ```
 * | dictSize u32 | width u8 | reserved u8[3] (0) | dict T[dictSize] | pad to 4 | indexes: bit-packed, width bits each |
 * ```
 *
 * The dictionary is in first-seen order and starts at offset 8 (aligned for f64); `width` is
 * `bitWidth(dictSize - 1)` and the indexes take `ceil(n / 32) * width` words (see bit-packing.ts).
 * Doubles are keyed by their bits, so -0, NaN and ±Infinity round-trip.
 */
export const dictionaryEncoding: Encoding = {
  id: 'dictionary',
  code: 2,

  supports: () => true,

  // --- Analyze ---
  analyze(input, budget) {
    const { kind, n } = input;
    const elem = ELEMENT_BYTES[kind];
    // The largest dictionary that would still beat the budget: counting stops past it.
    let limit = Math.min(n, MAX_DICTIONARY_SIZE);
    if (dictionarySize(limit, n, elem) >= budget) {
      let lo = 0;
      let hi = limit;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (dictionarySize(mid, n, elem) < budget) lo = mid;
        else hi = mid - 1;
      }
      limit = lo;
    }
    const distinct = countDistinct(kind, input.values, n, limit);
    if (distinct > limit) return null;
    return dictionarySize(distinct, n, elem);
  },

  // --- Encode ---
  encode(input) {
    const { kind, n } = input;
    const ids = assignIds(input);
    const d = table.size;
    const elem = ELEMENT_BYTES[kind];
    const width = bitWidth(d - 1);
    const payload = new Uint8Array(dictionarySize(d, n, elem));
    const header = new DataView(payload.buffer);
    header.setUint32(0, d, true);
    header.setUint8(4, width);
    const dict = allocValues(kind, d);
    dict.set(table.values.subarray(0, d));
    writeValues(payload, 8, dict, d);
    packBits(ids, 0, n, 0, width, wordsView(payload, indexesOffset(d, elem), packedWordCount(n, width)), 0);
    return payload;
  },

  // --- Decode: one pass, the unpacker gathers through the dictionary ---
  decode(payload, n, kind, out) {
    const { dict, width, words } = readDictionary(payload, n, kind);
    unpackGather(words, 0, width, n, dict, out, 0);
  },

  // --- Select: the predicate is evaluated once per dictionary entry, then gathered per row ---
  select(payload, n, kind, pred, out) {
    const { dict, width, words } = readDictionary(payload, n, kind);
    unpackGather(words, 0, width, n, matchTable(pred, dict, dict.length), out, 0);
  },
};

const table = new DistinctTable();

/** Fills `table` with the block's distinct values and returns each row's id. */
function assignIds(input: BlockInput): Int32Array {
  const { kind, values, n } = input;
  table.reset(Math.min(n, MAX_DICTIONARY_SIZE));
  const ids = new Int32Array(n);
  if (kind === 'f64') for (let i = 0; i < n; i++) ids[i] = table.addF64(values[i]);
  else for (let i = 0; i < n; i++) ids[i] = table.addI32(values[i]);
  return ids;
}

function indexesOffset(d: number, elem: number): number {
  return alignUp(8 + d * elem, 4);
}

function dictionarySize(d: number, n: number, elem: number): number {
  return indexesOffset(d, elem) + 4 * packedWordCount(n, bitWidth(d - 1));
}

function readDictionary(payload: Uint8Array, n: number, kind: BlockKind): { dict: BlockValues; width: number; words: Int32Array } {
  if (payload.length < 8) throw new StrataError('corrupt', `dictionary payload is ${payload.length} bytes, shorter than its 8-byte header`);
  const header = new DataView(payload.buffer, payload.byteOffset, 8);
  const d = header.getUint32(0, true);
  const width = header.getUint8(4);
  if (d > MAX_DICTIONARY_SIZE || (n > 0 && d === 0) || width !== bitWidth(d - 1)) {
    throw new StrataError('corrupt', `dictionary of ${d} entries with ${width}-bit indexes is invalid for ${n} rows`);
  }
  const elem = ELEMENT_BYTES[kind];
  expectPayloadSize('dictionary', payload, dictionarySize(d, n, elem));
  const at = indexesOffset(d, elem);
  return { dict: valuesView(kind, payload, 8, d), width, words: wordsView(payload, at, packedWordCount(n, width)) };
}
