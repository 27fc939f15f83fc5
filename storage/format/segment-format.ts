/**
 * Segment file format: the byte layout of an immutable segment, its footer and string dictionaries.
 *
 * ```
 * segment file
 * +-----------------------------+ 0
 * | magic "STRATSEG" (8 bytes)  |
 * | format version  u32 LE      |
 * | reserved        u32 LE      |
 * +-----------------------------+ 16
 * | row group 0                 |
 * |   column 0: [dictionary]    |  VARCHAR only: the chunk's sorted string list (see below)
 * |             block 0..k      |  self-describing encoded blocks (storage/encoding/block-codec.ts)
 * |   column 1: ...             |
 * | row group 1 ...             |
 * +-----------------------------+ footerOffset
 * | footer                      |  SegmentFooter as UTF-8 JSON: row groups, per column chunk the
 * |                             |  dictionary and block locations with zone maps (min, max, nulls);
 * |                             |  version 2: | JSON length u32 LE | LZ4 block of the JSON |
 * +-----------------------------+
 * | footer length   u32 LE      |
 * | footer CRC32    u32 LE      |
 * | magic "STRATSEG" (8 bytes)  |
 * +-----------------------------+ end
 *
 * string dictionary (one per VARCHAR column chunk; codes are ranks in string order, so a code
 * range is a string range and zone maps on codes work for string predicates)
 * version 1:
 * +------------------+------------------+------------------------+-----------------+
 * | count u32 LE     | CRC32 u32 LE     | end offsets u32 x count| UTF-8 bytes     |
 * +------------------+------------------+------------------------+-----------------+
 * version 2 (the CRC covers everything after it):
 * +------------------+------------------+------------------+----------------------------------+
 * | count u32 LE     | CRC32 u32 LE     | raw length u32 LE| body: end offsets u32 x count and |
 * |                  |                  | (0: not LZ4)     | UTF-8 bytes, LZ4-compressed when  |
 * |                  |                  |                  | raw length > 0                    |
 * +------------------+------------------+------------------+----------------------------------+
 * ```
 *
 * Version 2 compresses the footer and the dictionaries with LZ4: sorted dictionaries share long
 * prefixes (`Customer#000000001`...) and the JSON footer repeats its keys, so both shrink to a
 * fraction (on SSB SF 1 they were about 3 MB of a 120 MB database). A reader checks both magics,
 * the version (it reads 1 and 2; a newer one is rejected with a clear message), the footer CRC,
 * each block's CRC (inside the block) and each dictionary's CRC.
 */
import { StrataError } from '../../engine/errors.js';
import { crc32 } from '../compression/crc32.js';
import { lz4Compress, lz4Decompress } from '../compression/lz4.js';

export const SEGMENT_MAGIC = 'STRATSEG';
/** The version this Strata writes. */
export const SEGMENT_VERSION = 2;
/** Versions this Strata reads. */
const READABLE_VERSIONS = [1, 2];
export const HEADER_BYTES = 16;
export const TRAILER_BYTES = 16;

/** Location and zone map of one block. `min`/`max` are physical values (codes for strings); null when all NULL. */
export interface BlockMeta {
  offset: number;
  length: number;
  rows: number;
  nulls: number;
  min: number | null;
  max: number | null;
  encoding: string;
}

export interface ChunkMeta {
  /** Dictionary location for VARCHAR chunks. */
  dict: { offset: number; length: number; count: number } | null;
  blocks: BlockMeta[];
}

export interface RowGroupMeta {
  rows: number;
  /** One chunk per column, in table column order at write time. */
  columns: ChunkMeta[];
}

export interface SegmentFooter {
  version: number;
  rows: number;
  /** Rows per block (every column uses the same boundaries, so blocks line up across columns). */
  blockRows: number;
  /** Column types as written (SQL spelling), for checks and storage_info. */
  types: string[];
  rowGroups: RowGroupMeta[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function segmentHeader(): Uint8Array {
  const b = new Uint8Array(HEADER_BYTES);
  b.set(encoder.encode(SEGMENT_MAGIC), 0);
  new DataView(b.buffer).setUint32(8, SEGMENT_VERSION, true);
  return b;
}

export function segmentTrailer(footer: Uint8Array): Uint8Array {
  const b = new Uint8Array(TRAILER_BYTES);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, footer.length, true);
  dv.setUint32(4, crc32(footer), true);
  b.set(encoder.encode(SEGMENT_MAGIC), 8);
  return b;
}

/** Checks the header; returns the file's format version. */
export function checkHeader(bytes: Uint8Array, file: string): number {
  if (bytes.length < HEADER_BYTES || decoder.decode(bytes.subarray(0, 8)) !== SEGMENT_MAGIC) {
    throw new StrataError('corrupt', `${file}: not a Strata segment file (bad magic number)`);
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  if (!READABLE_VERSIONS.includes(version)) {
    throw new StrataError(
      'corrupt',
      `${file}: segment format version ${version} is not supported by this Strata (it reads versions ${READABLE_VERSIONS.join(' and ')})`,
    );
  }
  return version;
}

/** Parses the trailer; returns where the footer is. */
export function readTrailer(trailer: Uint8Array, fileSize: number, file: string): { offset: number; length: number; crc: number } {
  if (decoder.decode(trailer.subarray(8, 16)) !== SEGMENT_MAGIC) {
    throw new StrataError('corrupt', `${file}: segment trailer is damaged (bad magic number); the file may be truncated`);
  }
  const dv = new DataView(trailer.buffer, trailer.byteOffset);
  const length = dv.getUint32(0, true);
  const offset = fileSize - TRAILER_BYTES - length;
  if (offset < HEADER_BYTES) throw new StrataError('corrupt', `${file}: footer length ${length} does not fit the file`);
  return { offset, length, crc: dv.getUint32(4, true) };
}

/** The footer bytes of a version-2 segment: the JSON's length, then the JSON as one LZ4 block. */
export function encodeFooter(f: SegmentFooter): Uint8Array {
  const json = encoder.encode(JSON.stringify(f));
  const packed = lz4Compress(json);
  const out = new Uint8Array(4 + packed.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(packed, 4);
  return out;
}

export function decodeFooter(stored: Uint8Array, crc: number, file: string, version: number = SEGMENT_VERSION): SegmentFooter {
  const actual = crc32(stored);
  if (actual !== crc) {
    throw new StrataError('corrupt', `${file}: footer checksum mismatch (expected 0x${crc.toString(16)}, found 0x${actual.toString(16)})`);
  }
  let bytes = stored;
  if (version >= 2) {
    if (stored.length < 4) throw new StrataError('corrupt', `${file}: footer is truncated`);
    bytes = new Uint8Array(new DataView(stored.buffer, stored.byteOffset).getUint32(0, true));
    try {
      lz4Decompress(stored.subarray(4), bytes, bytes.length);
    } catch {
      throw new StrataError('corrupt', `${file}: footer does not decompress`);
    }
  }
  try {
    return JSON.parse(decoder.decode(bytes)) as SegmentFooter;
  } catch {
    throw new StrataError('corrupt', `${file}: footer is not readable`);
  }
}

/** Serializes a string dictionary in the version-2 layout (see above). */
export function encodeDictionary(strings: readonly string[]): Uint8Array {
  const parts = strings.map((s) => encoder.encode(s));
  let total = 0;
  for (const p of parts) total += p.length;
  const body = new Uint8Array(4 * strings.length + total);
  const bv = new DataView(body.buffer);
  let pos = 4 * strings.length;
  for (let i = 0; i < parts.length; i++) {
    body.set(parts[i], pos);
    pos += parts[i].length;
    bv.setUint32(4 * i, pos - 4 * strings.length, true);
  }
  const packed = body.length >= 64 ? lz4Compress(body) : null;
  const useLz4 = packed !== null && packed.length < body.length * 0.9;
  const stored = useLz4 ? packed : body;
  const out = new Uint8Array(12 + stored.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, strings.length, true);
  dv.setUint32(8, useLz4 ? body.length : 0, true);
  out.set(stored, 12);
  dv.setUint32(4, crc32(out.subarray(8)), true);
  return out;
}

/** Reads a dictionary written by a segment of format `version`. */
export function decodeDictionary(bytes: Uint8Array, where: string, version: number = SEGMENT_VERSION): string[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = dv.getUint32(0, true);
  const crc = dv.getUint32(4, true);
  const actual = crc32(bytes.subarray(8));
  if (crc !== actual) {
    throw new StrataError('corrupt', `${where}: dictionary checksum mismatch (expected 0x${crc.toString(16)}, found 0x${actual.toString(16)})`);
  }
  let body = bytes.subarray(8);
  if (version >= 2) {
    const raw = dv.getUint32(8, true);
    body = bytes.subarray(12);
    if (raw > 0) {
      const inflated = new Uint8Array(raw);
      try {
        lz4Decompress(body, inflated, raw);
      } catch {
        throw new StrataError('corrupt', `${where}: dictionary does not decompress`);
      }
      body = inflated;
    }
  }
  if (body.length < 4 * count) throw new StrataError('corrupt', `${where}: dictionary of ${count} strings is truncated`);
  const bv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const base = 4 * count;
  const out = new Array<string>(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = bv.getUint32(4 * i, true);
    if (end < start || base + end > body.length) throw new StrataError('corrupt', `${where}: dictionary offsets are inconsistent`);
    out[i] = decoder.decode(body.subarray(base + start, base + end));
    start = end;
  }
  return out;
}
