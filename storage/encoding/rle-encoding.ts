/** The run-length encoding: one value and one length per run of equal values (sorted and low-cardinality columns). */
import { StrataError } from '../../engine/errors.js';
import { bitWidth, packBits, packedWordCount, unpackBits } from './bit-packing.js';
import { MAX_PACKED_RANGE } from './bitpack-encoding.js';
import { type BlockInput, type BlockKind, type BlockValues, sameF64 } from './block-input.js';
import { alignUp, allocValues, ELEMENT_BYTES, expectPayloadSize, valuesView, wordsView, writeValues } from './byte-views.js';
import type { Encoding } from './codec.js';
import { predicateMatches } from './predicate.js';

/**
 * Two payload layouts, told apart by the `layout` word (little-endian):
 *
 * ```
 * layout 0, raw (any values):
 * | runCount u32 | layout u32 = 0 | values T[runCount] | pad to 2 | lengthMinusOne u16[runCount] |
 *
 * layout 1, packed (integers whose range fits 32 bits):
 * | runCount u32 | layout u32 = 1 | base f64 | valueWidth u8 | lengthWidth u8 | reserved u8[6] |
 * | values: bit-packed value - base, valueWidth bits each | lengths: bit-packed length - 1 |
 * ```
 *
 * Raw values start at offset 8, aligned for f64. A run stores its length minus one, so a u16
 * holds 1..65,536: a block has at most 65,536 rows, so a run never has to be split. The packed
 * layout (frame of reference as in bitpack-encoding.ts, both sections in whole 32-value groups,
 * see bit-packing.ts) is what makes RLE pay on short runs: SSB's per-order columns (customer,
 * order date, total price: runs of about 4 rows) shrink from 6 bytes per run to about 2.5. The
 * encoder writes whichever layout is smaller. NULL slots were filled with the previous valid
 * value, so NULLs extend the current run. Equality is bit-exact for doubles (-0 and 0 are
 * different runs; NaNs form runs).
 */
export const rleEncoding: Encoding = {
  id: 'rle',
  code: 1,

  supports: () => true,

  // --- Analyze ---
  analyze: (input) => Math.min(rawSize(input.stats.runCount, ELEMENT_BYTES[input.kind]), packedShape(input)?.size ?? Infinity),

  // --- Encode ---
  encode(input) {
    const { kind, values, n } = input;
    const runs = input.stats.runCount;
    const runValues = allocValues(kind, runs);
    const lengths = new Int32Array(runs);
    let r = 0;
    let start = 0;
    for (let i = 1; i <= n; i++) {
      if (i < n && same(kind === 'f64', values[i], values[start])) continue;
      runValues[r] = values[start];
      lengths[r++] = i - start - 1;
      start = i;
    }
    const packed = packedShape(input);
    const elem = ELEMENT_BYTES[kind];
    if (packed !== null && packed.size < rawSize(runs, elem)) {
      const payload = new Uint8Array(packed.size);
      const dv = new DataView(payload.buffer);
      dv.setUint32(0, runs, true);
      dv.setUint32(4, 1, true);
      dv.setFloat64(8, input.stats.min, true);
      dv.setUint8(16, packed.valueWidth);
      dv.setUint8(17, packed.lengthWidth);
      const valueWords = packedWordCount(runs, packed.valueWidth);
      packBits(runValues, 0, runs, input.stats.min, packed.valueWidth, wordsView(payload, PACKED_HEADER, valueWords), 0);
      packBits(lengths, 0, runs, 0, packed.lengthWidth, wordsView(payload, PACKED_HEADER + 4 * valueWords, packedWordCount(runs, packed.lengthWidth)), 0);
      return payload;
    }
    const payload = new Uint8Array(rawSize(runs, elem));
    const lengthsAt = lengthsOffset(runs, elem);
    for (let k = 0; k < runs; k++) {
      payload[lengthsAt + 2 * k] = lengths[k] & 255;
      payload[lengthsAt + 2 * k + 1] = lengths[k] >>> 8;
    }
    new DataView(payload.buffer).setUint32(0, runs, true);
    writeValues(payload, 8, runValues, runs);
    return payload;
  },

  // --- Decode ---
  decode(payload, n, kind, out) {
    const { runs, values, lengths } = readRuns(payload, kind);
    let pos = 0;
    for (let r = 0; r < runs; r++) {
      const end = pos + lengths[r] + 1;
      if (end > n) overrun(end, n);
      const v = values[r];
      // fill() has a call overhead that only pays off on longer runs.
      if (end - pos < 16) for (let i = pos; i < end; i++) out[i] = v;
      else out.fill(v, pos, end);
      pos = end;
    }
    checkCovered(pos, n);
  },

  // --- Select: the predicate is evaluated once per run ---
  select(payload, n, kind, pred, out) {
    const { runs, values, lengths } = readRuns(payload, kind);
    let pos = 0;
    for (let r = 0; r < runs; r++) {
      const end = pos + lengths[r] + 1;
      if (end > n) overrun(end, n);
      out.fill(predicateMatches(pred, values[r]) ? 1 : 0, pos, end);
      pos = end;
    }
    checkCovered(pos, n);
  },
};

const PACKED_HEADER = 24;

function same(isF64: boolean, a: number, b: number): boolean {
  return isF64 ? sameF64(a, b) : a === b;
}

function lengthsOffset(runs: number, elem: number): number {
  return alignUp(8 + runs * elem, 2);
}

function rawSize(runs: number, elem: number): number {
  return lengthsOffset(runs, elem) + 2 * runs;
}

function packedSize(runs: number, valueWidth: number, lengthWidth: number): number {
  return PACKED_HEADER + 4 * (packedWordCount(runs, valueWidth) + packedWordCount(runs, lengthWidth));
}

/** Widths and size of the packed layout, or null when the values are not integers in a 32-bit range. */
function packedShape(input: BlockInput): { valueWidth: number; lengthWidth: number; size: number } | null {
  const { stats, values, n } = input;
  if (!stats.integral || stats.hasNaN || !(stats.max - stats.min <= MAX_PACKED_RANGE)) return null;
  // The longest run sets the lengths' width; one pass, only paid when a block is written.
  let longest = 0;
  let start = 0;
  const f64 = input.kind === 'f64';
  for (let i = 1; i <= n; i++) {
    if (i < n && same(f64, values[i], values[start])) continue;
    if (i - start > longest) longest = i - start;
    start = i;
  }
  const valueWidth = bitWidth(stats.max - stats.min);
  const lengthWidth = bitWidth(longest - 1);
  return { valueWidth, lengthWidth, size: packedSize(stats.runCount, valueWidth, lengthWidth) };
}

/** The runs' values and lengths (minus one), as views or scratch arrays valid until the next decode. */
function readRuns(payload: Uint8Array, kind: BlockKind): { runs: number; values: BlockValues; lengths: ArrayLike<number> } {
  if (payload.length < 8) throw new StrataError('corrupt', `rle payload is ${payload.length} bytes, shorter than its 8-byte header`);
  const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const runs = dv.getUint32(0, true);
  const layout = dv.getUint32(4, true);
  if (layout === 1) {
    if (payload.length < PACKED_HEADER) throw new StrataError('corrupt', `rle payload is ${payload.length} bytes, shorter than its packed header`);
    const base = dv.getFloat64(8, true);
    const valueWidth = dv.getUint8(16);
    const lengthWidth = dv.getUint8(17);
    if (valueWidth > 32 || lengthWidth > 16) throw new StrataError('corrupt', `rle widths ${valueWidth}/${lengthWidth} are out of range`);
    expectPayloadSize('rle', payload, packedSize(runs, valueWidth, lengthWidth));
    const valueWords = packedWordCount(runs, valueWidth);
    // Group-of-32 unpacking may write up to 31 slots past `runs`.
    const padded = Math.ceil(runs / 32) * 32;
    const values = runScratch(kind, padded);
    unpackBits(wordsView(payload, PACKED_HEADER, valueWords), 0, valueWidth, runs, base, values, 0);
    const lengths = lengthScratch(padded);
    unpackBits(wordsView(payload, PACKED_HEADER + 4 * valueWords, packedWordCount(runs, lengthWidth)), 0, lengthWidth, runs, 0, lengths, 0);
    return { runs, values, lengths };
  }
  if (layout !== 0) throw new StrataError('corrupt', `rle payload layout ${layout} is unknown`);
  const elem = ELEMENT_BYTES[kind];
  expectPayloadSize('rle', payload, rawSize(runs, elem));
  const at = lengthsOffset(runs, elem);
  const lengths = lengthScratch(runs);
  for (let r = 0; r < runs; r++) lengths[r] = payload[at + 2 * r] | (payload[at + 2 * r + 1] << 8);
  return { runs, values: valuesView(kind, payload, 8, runs), lengths };
}

// Own scratch arrays: a caller may decode into the shared ones of byte-views.ts.
let runI32 = new Int32Array(0);
let runF64 = new Float64Array(0);
let runU8 = new Uint8Array(0);
let runLengths = new Int32Array(0);

function runScratch(kind: BlockKind, n: number): BlockValues {
  if (kind === 'i32') return runI32.length >= n ? runI32 : (runI32 = new Int32Array(Math.max(n, 1024)));
  if (kind === 'f64') return runF64.length >= n ? runF64 : (runF64 = new Float64Array(Math.max(n, 1024)));
  return runU8.length >= n ? runU8 : (runU8 = new Uint8Array(Math.max(n, 1024)));
}

function lengthScratch(n: number): Int32Array {
  return runLengths.length >= n ? runLengths : (runLengths = new Int32Array(Math.max(n, 1024)));
}

function checkCovered(rows: number, n: number): void {
  if (rows !== n) throw new StrataError('corrupt', `rle runs cover ${rows} rows, block has ${n}`);
}

function overrun(rows: number, n: number): never {
  throw new StrataError('corrupt', `rle runs cover at least ${rows} rows, block has ${n}`);
}
