/** The run-length encoding: one value and one length per run of equal values (sorted and low-cardinality columns). */
import { StrataError } from '../../engine/errors.js';
import { type BlockKind, type BlockValues, sameF64 } from './block-input.js';
import { alignUp, allocValues, ELEMENT_BYTES, expectPayloadSize, valuesView, writeValues } from './byte-views.js';
import type { Encoding } from './codec.js';
import { predicateMatches } from './predicate.js';

/**
 * Payload (little-endian):
 *
 * ```
 * | runCount u32 | reserved u32 (0) | values T[runCount] | pad to 2 | lengthMinusOne u16[runCount] |
 * ```
 *
 * Values start at offset 8, aligned for f64. A run stores its length minus one, so the u16 holds
 * 1..65,536: a block has at most 65,536 rows, so a run never has to be split. NULL slots were
 * filled with the previous valid value, so NULLs extend the current run. Equality is bit-exact for
 * doubles (-0 and 0 are different runs; NaNs form runs).
 */
export const rleEncoding: Encoding = {
  id: 'rle',
  code: 1,

  supports: () => true,

  // --- Analyze ---
  analyze: (input) => rleSize(input.stats.runCount, ELEMENT_BYTES[input.kind]),

  // --- Encode ---
  encode(input) {
    const { kind, values, n } = input;
    const runs = input.stats.runCount;
    const elem = ELEMENT_BYTES[kind];
    const payload = new Uint8Array(rleSize(runs, elem));
    const runValues = allocValues(kind, runs);
    const lengthsAt = lengthsOffset(runs, elem);
    let r = 0;
    let start = 0;
    for (let i = 1; i <= n; i++) {
      if (i < n && same(kind === 'f64', values[i], values[start])) continue;
      runValues[r] = values[start];
      const len1 = i - start - 1;
      payload[lengthsAt + 2 * r] = len1 & 255;
      payload[lengthsAt + 2 * r + 1] = len1 >>> 8;
      r++;
      start = i;
    }
    new DataView(payload.buffer).setUint32(0, runs, true);
    writeValues(payload, 8, runValues, runs);
    return payload;
  },

  // --- Decode ---
  decode(payload, n, kind, out) {
    const { runs, values, lengthsAt } = readRuns(payload, kind);
    let pos = 0;
    for (let r = 0; r < runs; r++) {
      const len = (payload[lengthsAt + 2 * r] | (payload[lengthsAt + 2 * r + 1] << 8)) + 1;
      const end = pos + len;
      if (end > n) overrun(end, n);
      const v = values[r];
      // fill() has a call overhead that only pays off on longer runs.
      if (len < 16) for (let i = pos; i < end; i++) out[i] = v;
      else out.fill(v, pos, end);
      pos = end;
    }
    checkCovered(pos, n);
  },

  // --- Select: the predicate is evaluated once per run ---
  select(payload, n, kind, pred, out) {
    const { runs, values, lengthsAt } = readRuns(payload, kind);
    let pos = 0;
    for (let r = 0; r < runs; r++) {
      const len = (payload[lengthsAt + 2 * r] | (payload[lengthsAt + 2 * r + 1] << 8)) + 1;
      const end = pos + len;
      if (end > n) overrun(end, n);
      out.fill(predicateMatches(pred, values[r]) ? 1 : 0, pos, end);
      pos = end;
    }
    checkCovered(pos, n);
  },
};

function same(isF64: boolean, a: number, b: number): boolean {
  return isF64 ? sameF64(a, b) : a === b;
}

function lengthsOffset(runs: number, elem: number): number {
  return alignUp(8 + runs * elem, 2);
}

function rleSize(runs: number, elem: number): number {
  return lengthsOffset(runs, elem) + 2 * runs;
}

function readRuns(payload: Uint8Array, kind: BlockKind): { runs: number; values: BlockValues; lengthsAt: number } {
  if (payload.length < 8) throw new StrataError('corrupt', `rle payload is ${payload.length} bytes, shorter than its 8-byte header`);
  const runs = new DataView(payload.buffer, payload.byteOffset, 8).getUint32(0, true);
  const elem = ELEMENT_BYTES[kind];
  expectPayloadSize('rle', payload, rleSize(runs, elem));
  return { runs, values: valuesView(kind, payload, 8, runs), lengthsAt: lengthsOffset(runs, elem) };
}

function checkCovered(rows: number, n: number): void {
  if (rows !== n) throw new StrataError('corrupt', `rle runs cover ${rows} rows, block has ${n}`);
}

function overrun(rows: number, n: number): never {
  throw new StrataError('corrupt', `rle runs cover at least ${rows} rows, block has ${n}`);
}
