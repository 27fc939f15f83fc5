/** Block codec: turns up to 65,536 values of one column into a self-describing, checksummed block and back. */
import { StrataError } from '../../engine/errors.js';
import { type CompressionId, decompressPayload } from '../compression/compression.js';
import { lz4Compress } from '../compression/lz4.js';
import { type BlockKind, type BlockValues, prepareBlockInput } from './block-input.js';
import {
  BLOCK_HEADER_BYTES,
  type BlockHeader,
  MAX_BLOCK_ROWS,
  readBlockHeader,
  readVerifiedBlockHeader,
  sealBlock,
  validityBytes,
  writeBlockHeader,
} from './block-header.js';
import { unpackBits } from './bit-packing.js';
import { allocValues, kindOfValues, wordsView } from './byte-views.js';
import { chooseEncoding, encodingById, type EncodingId, rankEncodings } from './codec.js';

export { type BlockHeader, MAX_BLOCK_ROWS, readBlockHeader } from './block-header.js';

/** LZ4 is kept only when it saves at least this fraction of the encoded payload (it costs decode time). */
export const LZ4_MIN_SAVING = 0.1;
/** Payloads smaller than this are not worth an LZ4 attempt. */
export const LZ4_MIN_PAYLOAD_BYTES = 64;
/** Encodings tried with LZ4 per block (see rankEncodings); more cost write time for little gain. */
const LZ4_CANDIDATES = 2;
/** A candidate whose estimate times this is not below the best stored size so far is not tried. */
const LZ4_BEST_RATIO = 0.25;

/** Options of {@link encodeBlock}. */
export interface EncodeBlockOptions {
  /** The f64 values are integers (BIGINT, DECIMAL, TIMESTAMP): enables bitpack and delta. Ignored for u8 / i32. */
  readonly integral?: boolean;
  /** Use this encoding when it can store the block (`PRAGMA force_encoding`); otherwise the automatic choice. */
  readonly forceEncoding?: EncodingId;
  /** 'lz4': always compress; 'none': never; absent: LZ4 when it saves at least {@link LZ4_MIN_SAVING}. */
  readonly forceCompression?: CompressionId;
}

/** Options of {@link decodeBlock}. */
export interface DecodeBlockOptions {
  /** Array to receive the validity byte map when the block has NULLs (length >= rows); a new one otherwise. */
  readonly validity?: Uint8Array;
  /**
   * Check the CRC first (default true). Pass false only for a block already verified since it
   * was read (e.g. by a buffer cache); an unverified corrupt block can decode to wrong values.
   */
  readonly verify?: boolean;
}

/** A decoded block. */
export interface DecodedBlock {
  readonly kind: BlockKind;
  /** The values in `values[0, n)`: the caller's `out` when given (possibly longer than n), else a new array. NULL slots hold 0. */
  readonly values: BlockValues;
  /** One byte per row, 1 = valid; null when no row is NULL. */
  readonly validity: Uint8Array | null;
  readonly n: number;
}

/**
 * Encodes `values[0, n)` (an Int32Array for 'i32', a Float64Array for 'f64', a Uint8Array of 0/1
 * for 'u8') with optional `validity` (1 = valid) into a new block; see block-header.ts for the
 * layout. The encoding is the one whose `analyze` estimate is smallest (or the forced one), then
 * the payload is LZ4-compressed if that pays. NULL slots' values are ignored.
 *
 * @example
 * const block = encodeBlock('i32', new Int32Array([5, 5, 5, 7]), null, 4, {});
 * readBlockHeader(block).encoding; // 'rle'
 * decodeBlock(block).values; // Int32Array [5, 5, 5, 7]
 */
export function encodeBlock(
  kind: BlockKind,
  values: BlockValues,
  validity: Uint8Array | null,
  n: number,
  options: EncodeBlockOptions = {},
): Uint8Array {
  checkEncodeArguments(kind, values, validity, n);
  let nullCount = 0;
  if (validity !== null) for (let i = 0; i < n; i++) nullCount += validity[i] === 0 ? 1 : 0;
  const input = prepareBlockInput(kind, values, nullCount > 0 ? validity : null, n, nullCount, options.integral ?? false);
  // With a forced encoding, or when LZ4 is forced either way, the smallest estimate decides;
  // otherwise up to LZ4_CANDIDATES encodings are compressed and the smallest stored result wins.
  const force = options.forceCompression;
  const candidates =
    options.forceEncoding !== undefined || force !== undefined ? [chooseEncoding(input, options.forceEncoding)] : rankEncodings(input, LZ4_CANDIDATES, 2);
  let encoding = candidates[0].encoding;
  let payload: Uint8Array = new Uint8Array(0);
  let stored: Uint8Array = payload;
  let compression: CompressionId = 'none';
  for (const c of candidates) {
    if (stored.length > 0 && c.size * LZ4_BEST_RATIO >= stored.length) continue; // cannot win even if LZ4 shrinks it a lot
    const p = c.encoding.encode(input);
    if (p.length !== c.size) {
      throw new StrataError('internal', `${c.encoding.id} encoded ${p.length} bytes but its analyze estimated ${c.size}`);
    }
    let s = p;
    let comp: CompressionId = 'none';
    if (force === 'lz4' || (force === undefined && p.length >= LZ4_MIN_PAYLOAD_BYTES)) {
      const compressed = lz4Compress(p);
      if (force === 'lz4' || compressed.length <= p.length * (1 - LZ4_MIN_SAVING)) {
        comp = 'lz4';
        s = compressed;
      }
    }
    if (stored.length === 0 || s.length < stored.length) {
      encoding = c.encoding;
      payload = p;
      stored = s;
      compression = comp;
    }
  }

  const validBytes = validityBytes(n, nullCount);
  const block = new Uint8Array(BLOCK_HEADER_BYTES + validBytes + stored.length);
  const anyValid = nullCount < n;
  writeBlockHeader(block, {
    kind,
    encoding: encoding.id,
    compression,
    integral: input.integral,
    hasNaN: input.stats.hasNaN,
    rowCount: n,
    nullCount,
    // Stats cover the NULL-filled values, whose extremes are the valid ones; with no valid value they are the fill.
    min: anyValid ? input.stats.min : NaN,
    max: anyValid ? input.stats.max : NaN,
    payloadBytes: payload.length,
    storedBytes: stored.length,
  });
  if (nullCount > 0) {
    const bits = wordsView(block, BLOCK_HEADER_BYTES, validBytes >>> 2);
    for (let i = 0; i < n; i++) if (validity![i] !== 0) bits[i >>> 5] |= 1 << (i & 31);
  }
  block.set(stored, BLOCK_HEADER_BYTES + validBytes);
  sealBlock(block);
  return block;
}

/**
 * Decodes the block at the start of `bytes` into `out` (reused when given: an array of the
 * block's kind with room for its rows) or a new array. Throws StrataError('corrupt') on a bad
 * checksum, an unknown version / encoding / compression, or an inconsistent payload.
 */
export function decodeBlock(bytes: Uint8Array, out?: BlockValues | null, options: DecodeBlockOptions = {}): DecodedBlock {
  const header = options.verify === false ? readBlockHeader(bytes) : readVerifiedBlockHeader(bytes);
  const { kind, rowCount: n } = header;
  let values: BlockValues;
  if (out) {
    if (kindOfValues(out) !== kind || out.length < n) {
      throw new StrataError('internal', `decode target is a ${kindOfValues(out)} array of ${out.length}, block holds ${n} ${kind} values`);
    }
    values = out;
  } else {
    values = allocValues(kind, n);
  }
  encodingById(header.encoding).decode(loadPayload(bytes, header), n, kind, values);
  let validity: Uint8Array | null = null;
  if (header.nullCount > 0) {
    validity = options.validity ?? new Uint8Array(n);
    if (validity.length < n) throw new StrataError('internal', `validity target holds ${validity.length} rows, block has ${n}`);
    unpackValidity(bytes, header, validity);
    // NULL slots hold 0 in vectors; count them on the way to cross-check the header.
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      if (validity[i] === 0) {
        values[i] = 0;
        nulls++;
      }
    }
    if (nulls !== header.nullCount) throw new StrataError('corrupt', `block validity marks ${nulls} NULLs, header says ${header.nullCount}`);
  }
  return { kind, values, validity, n };
}

/** Checks a block's header and checksum without decoding it; returns the header. Throws StrataError('corrupt'). */
export function verifyBlock(bytes: Uint8Array): BlockHeader {
  return readVerifiedBlockHeader(bytes);
}

// --- Shared with select-encoded.ts ---

let alignedScratch = new Uint8Array(0);
let inflateScratch = new Uint8Array(0);

/**
 * The block's encoded payload, decompressed if needed and 8-byte aligned in memory (copied when
 * the block sits at a misaligned offset of its buffer). Valid until the next call.
 * @internal
 */
export function loadPayload(bytes: Uint8Array, header: BlockHeader): Uint8Array {
  const stored = bytes.subarray(header.payloadOffset, header.payloadOffset + header.storedBytes);
  if (header.compression === 'lz4') {
    if (inflateScratch.length < header.payloadBytes) inflateScratch = new Uint8Array(Math.max(header.payloadBytes, 1 << 16));
    decompressPayload('lz4', stored, inflateScratch, header.payloadBytes);
    return inflateScratch.subarray(0, header.payloadBytes);
  }
  if ((stored.byteOffset & 7) === 0) return stored;
  if (alignedScratch.length < stored.length) alignedScratch = new Uint8Array(Math.max(stored.length, 1 << 16));
  alignedScratch.set(stored);
  return alignedScratch.subarray(0, stored.length);
}

/**
 * Expands the block's validity bits into `out[0, rows)` (1 = valid).
 * @internal
 */
export function unpackValidity(bytes: Uint8Array, header: BlockHeader, out: Uint8Array): void {
  const n = header.rowCount;
  if ((bytes.byteOffset & 3) === 0) {
    unpackBits(wordsView(bytes, BLOCK_HEADER_BYTES, header.validityBytes >>> 2), 0, 1, n, 0, out, 0);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = (bytes[BLOCK_HEADER_BYTES + (i >>> 3)] >>> (i & 7)) & 1;
}

function checkEncodeArguments(kind: BlockKind, values: BlockValues, validity: Uint8Array | null, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_BLOCK_ROWS) {
    throw new StrataError('internal', `block row count ${n} is outside 0..${MAX_BLOCK_ROWS}`);
  }
  if (kindOfValues(values) !== kind) throw new StrataError('internal', `a ${kind} block was given a ${kindOfValues(values)} array`);
  if (values.length < n) throw new StrataError('internal', `block of ${n} rows was given ${values.length} values`);
  if (validity !== null && validity.length < n) throw new StrataError('internal', `block of ${n} rows was given ${validity.length} validity bytes`);
}
