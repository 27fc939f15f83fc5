/** The fixed 48-byte header of a stored block: layout, writing, and validated reading (with or without the checksum). */
import { StrataError } from '../../engine/errors.js';
import { type CompressionId, compressionCode, compressionFromCode } from '../compression/compression.js';
import { crc32 } from '../compression/crc32.js';
import type { BlockKind } from './block-input.js';
import { alignUp } from './byte-views.js';
import { encodingByCode, encodingById, type EncodingId } from './codec.js';

/**
 * Block layout (all multi-byte fields little-endian):
 *
 * ```
 * offset  size  field
 *  0      2     magic "SB" (0x53 0x42)
 *  2      1     format version (1)
 *  3      1     header size in bytes (48)
 *  4      4     CRC-32 (u32) of bytes [8, end of block): every field below, validity and payload
 *  8      1     value kind: 0 = u8, 1 = i32, 2 = f64
 *  9      1     encoding code (plain 0, rle 1, dictionary 2, bitmap 3, bitpack 4, delta 5)
 * 10      1     compression code (none 0, lz4 1)
 * 11      1     flags: bit 0 integral, bit 1 some valid value is NaN; other bits 0
 * 12      4     row count (u32, at most 65,536)
 * 16      4     null count (u32)
 * 20      4     payload bytes before compression (u32)
 * 24      4     stored payload bytes (u32)
 * 28      4     reserved (0)
 * 32      8     min of the valid non-NaN values (f64; NaN when there is none)
 * 40      8     max of the valid non-NaN values (f64; NaN when there is none)
 * 48      V     validity, only when null count > 0: bit i (LSB first) = row i is valid,
 *               ceil(rows / 8) bytes zero-padded to a multiple of 8 (V = 0 without NULLs)
 * 48 + V  S     payload, as stored (S = stored payload bytes); starts 8-byte aligned in the block
 * ```
 *
 * The four bytes before the checksum are validated exactly (any other value is an error), so
 * the checksum plus those checks catch any corrupted byte.
 */
export const BLOCK_HEADER_BYTES = 48;
export const BLOCK_FORMAT_VERSION = 1;
/** Most rows one block holds (the RLE run-length field and the u16-indexed dictionary rely on it). */
export const MAX_BLOCK_ROWS = 65_536;

const MAGIC_0 = 0x53; // 'S'
const MAGIC_1 = 0x42; // 'B'
const FLAG_INTEGRAL = 1;
const FLAG_HAS_NAN = 2;
const KINDS: readonly BlockKind[] = ['u8', 'i32', 'f64'];

/** Everything the header says about a block; reading it costs no decoding (zone maps, `storage_info()`). */
export interface BlockHeader {
  readonly version: number;
  readonly kind: BlockKind;
  readonly encoding: EncodingId;
  readonly compression: CompressionId;
  /** The writer's `integral` flag (always true for u8 and i32). */
  readonly integral: boolean;
  /** Some valid value is NaN; min and max ignore NaN. */
  readonly hasNaN: boolean;
  readonly rowCount: number;
  readonly nullCount: number;
  /** Smallest and largest valid non-NaN value; NaN when the block has none (all NULL, all NaN, or empty). */
  readonly min: number;
  readonly max: number;
  /** The CRC-32 recorded in the block. */
  readonly checksum: number;
  /** Encoded payload size before compression. */
  readonly payloadBytes: number;
  /** Payload size as stored (after compression, if any). */
  readonly storedBytes: number;
  /** Size of the validity bitmap including padding; 0 without NULLs. */
  readonly validityBytes: number;
  /** Offset of the stored payload in the block. */
  readonly payloadOffset: number;
  /** Size of the whole block: header, validity and stored payload. */
  readonly totalBytes: number;
}

/** The header fields an encoder decides; the rest are derived. */
export interface BlockHeaderFields {
  readonly kind: BlockKind;
  readonly encoding: EncodingId;
  readonly compression: CompressionId;
  readonly integral: boolean;
  readonly hasNaN: boolean;
  readonly rowCount: number;
  readonly nullCount: number;
  readonly min: number;
  readonly max: number;
  readonly payloadBytes: number;
  readonly storedBytes: number;
}

/** Validity bitmap size, padded so that the payload after it stays 8-byte aligned. */
export function validityBytes(rowCount: number, nullCount: number): number {
  return nullCount > 0 ? alignUp(Math.ceil(rowCount / 8), 8) : 0;
}

/** Writes the header of `fields` into `block[0, 48)`, leaving the checksum for {@link sealBlock}. */
export function writeBlockHeader(block: Uint8Array, fields: BlockHeaderFields): void {
  const view = new DataView(block.buffer, block.byteOffset, BLOCK_HEADER_BYTES);
  block[0] = MAGIC_0;
  block[1] = MAGIC_1;
  block[2] = BLOCK_FORMAT_VERSION;
  block[3] = BLOCK_HEADER_BYTES;
  block[8] = KINDS.indexOf(fields.kind);
  block[9] = encodingById(fields.encoding).code;
  block[10] = compressionCode(fields.compression);
  block[11] = (fields.integral ? FLAG_INTEGRAL : 0) | (fields.hasNaN ? FLAG_HAS_NAN : 0);
  view.setUint32(12, fields.rowCount, true);
  view.setUint32(16, fields.nullCount, true);
  view.setUint32(20, fields.payloadBytes, true);
  view.setUint32(24, fields.storedBytes, true);
  view.setUint32(28, 0, true);
  view.setFloat64(32, fields.min, true);
  view.setFloat64(40, fields.max, true);
}

/** Computes the CRC of a fully written block and stores it at offset 4. */
export function sealBlock(block: Uint8Array): void {
  new DataView(block.buffer, block.byteOffset, 8).setUint32(4, crc32(block, 8, block.length), true);
}

/**
 * Reads and validates the header of the block at the start of `bytes` (which may extend past the
 * block), without checking the checksum: cheap enough for zone maps and `storage_info()`.
 * Throws StrataError('corrupt') naming what is wrong.
 */
export function readBlockHeader(bytes: Uint8Array): BlockHeader {
  return parseBlockHeader(bytes, false);
}

/**
 * Like {@link readBlockHeader}, and also checks the CRC. The checksum is tested before the
 * fields it covers are interpreted, so a flipped byte is reported as a checksum mismatch rather
 * than as, say, an unknown encoding.
 */
export function readVerifiedBlockHeader(bytes: Uint8Array): BlockHeader {
  return parseBlockHeader(bytes, true);
}

function parseBlockHeader(bytes: Uint8Array, verify: boolean): BlockHeader {
  // Structure: what is needed to find the end of the block.
  if (bytes.length < BLOCK_HEADER_BYTES) corrupt(`block is ${bytes.length} bytes, shorter than its ${BLOCK_HEADER_BYTES}-byte header`);
  if (bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1) corrupt(`not a storage block (magic 0x${hex2(bytes[0])}${hex2(bytes[1])}, expected 0x5342)`);
  if (bytes[2] !== BLOCK_FORMAT_VERSION) corrupt(`unsupported block format version ${bytes[2]} (this build reads version ${BLOCK_FORMAT_VERSION})`);
  if (bytes[3] !== BLOCK_HEADER_BYTES) corrupt(`block header size is ${bytes[3]}, expected ${BLOCK_HEADER_BYTES}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, BLOCK_HEADER_BYTES);
  const checksum = view.getUint32(4, true);
  const rowCount = view.getUint32(12, true);
  const nullCount = view.getUint32(16, true);
  const payloadBytes = view.getUint32(20, true);
  const storedBytes = view.getUint32(24, true);
  if (rowCount > MAX_BLOCK_ROWS) corrupt(`block row count ${rowCount} exceeds the maximum ${MAX_BLOCK_ROWS}`);
  if (nullCount > rowCount) corrupt(`block null count ${nullCount} exceeds its row count ${rowCount}`);
  const validity = validityBytes(rowCount, nullCount);
  const payloadOffset = BLOCK_HEADER_BYTES + validity;
  const totalBytes = payloadOffset + storedBytes;
  if (totalBytes > bytes.length) corrupt(`block truncated: its header describes ${totalBytes} bytes, only ${bytes.length} present`);

  if (verify) {
    const found = crc32(bytes, 8, totalBytes);
    if (found !== checksum) corrupt(`block checksum mismatch (expected 0x${hex8(checksum)}, found 0x${hex8(found)})`);
  }

  // Semantics: the fields the checksum covers.
  const kind = KINDS[bytes[8]];
  if (kind === undefined) corrupt(`unknown block value kind code ${bytes[8]}`);
  const encoding = encodingByCode(bytes[9]);
  if (encoding === null) corrupt(`unknown block encoding code ${bytes[9]}`);
  const compression = compressionFromCode(bytes[10]);
  if (compression === null) corrupt(`unknown block compression code ${bytes[10]}`);
  const flags = bytes[11];
  if ((flags & ~(FLAG_INTEGRAL | FLAG_HAS_NAN)) !== 0) corrupt(`unknown block flags 0x${hex2(flags)}`);
  if (view.getUint32(28, true) !== 0) corrupt('block header reserved field is not zero');
  if (compression === 'none' && storedBytes !== payloadBytes) {
    corrupt(`uncompressed block stores ${storedBytes} payload bytes but records ${payloadBytes}`);
  }
  return {
    version: bytes[2],
    kind,
    encoding: encoding.id,
    compression,
    integral: (flags & FLAG_INTEGRAL) !== 0,
    hasNaN: (flags & FLAG_HAS_NAN) !== 0,
    rowCount,
    nullCount,
    min: view.getFloat64(32, true),
    max: view.getFloat64(40, true),
    checksum,
    payloadBytes,
    storedBytes,
    validityBytes: validity,
    payloadOffset,
    totalBytes,
  };
}

function corrupt(message: string): never {
  throw new StrataError('corrupt', message);
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

function hex8(v: number): string {
  return v.toString(16).padStart(8, '0');
}
