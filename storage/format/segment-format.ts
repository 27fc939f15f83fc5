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
 * | footer: UTF-8 JSON          |  SegmentFooter: row groups, per column chunk the dictionary
 * |                             |  and block locations with zone maps (min, max, nulls)
 * +-----------------------------+
 * | footer length   u32 LE      |
 * | footer CRC32    u32 LE      |
 * | magic "STRATSEG" (8 bytes)  |
 * +-----------------------------+ end
 *
 * string dictionary (one per VARCHAR column chunk; codes are ranks in string order, so a code
 * range is a string range and zone maps on codes work for string predicates)
 * +------------------+------------------+------------------------+-----------------+
 * | count u32 LE     | CRC32 u32 LE     | end offsets u32 x count| UTF-8 bytes     |
 * +------------------+------------------+------------------------+-----------------+
 * ```
 *
 * A reader checks both magics, the version (a newer one is rejected with a clear message), the
 * footer CRC, each block's CRC (inside the block) and each dictionary's CRC.
 */
import { StrataError } from '../../engine/errors.js';
import { crc32 } from '../compression/crc32.js';

export const SEGMENT_MAGIC = 'STRATSEG';
export const SEGMENT_VERSION = 1;
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

export function checkHeader(bytes: Uint8Array, file: string): void {
  if (bytes.length < HEADER_BYTES || decoder.decode(bytes.subarray(0, 8)) !== SEGMENT_MAGIC) {
    throw new StrataError('corrupt', `${file}: not a Strata segment file (bad magic number)`);
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  if (version !== SEGMENT_VERSION) {
    throw new StrataError('corrupt', `${file}: segment format version ${version} is not supported by this Strata (it reads version ${SEGMENT_VERSION})`);
  }
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

export function encodeFooter(f: SegmentFooter): Uint8Array {
  return encoder.encode(JSON.stringify(f));
}

export function decodeFooter(bytes: Uint8Array, crc: number, file: string): SegmentFooter {
  const actual = crc32(bytes);
  if (actual !== crc) {
    throw new StrataError('corrupt', `${file}: footer checksum mismatch (expected 0x${crc.toString(16)}, found 0x${actual.toString(16)})`);
  }
  try {
    return JSON.parse(decoder.decode(bytes)) as SegmentFooter;
  } catch {
    throw new StrataError('corrupt', `${file}: footer is not readable`);
  }
}

/** Serializes a string dictionary (see the layout above). */
export function encodeDictionary(strings: readonly string[]): Uint8Array {
  const parts = strings.map((s) => encoder.encode(s));
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(8 + 4 * strings.length + total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, strings.length, true);
  let pos = 8 + 4 * strings.length;
  for (let i = 0; i < parts.length; i++) {
    out.set(parts[i], pos);
    pos += parts[i].length;
    dv.setUint32(8 + 4 * i, pos - (8 + 4 * strings.length), true);
  }
  dv.setUint32(4, crc32(out.subarray(8)), true);
  return out;
}

export function decodeDictionary(bytes: Uint8Array, where: string): string[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = dv.getUint32(0, true);
  const crc = dv.getUint32(4, true);
  const actual = crc32(bytes.subarray(8));
  if (crc !== actual) {
    throw new StrataError('corrupt', `${where}: dictionary checksum mismatch (expected 0x${crc.toString(16)}, found 0x${actual.toString(16)})`);
  }
  const base = 8 + 4 * count;
  const out = new Array<string>(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = dv.getUint32(8 + 4 * i, true);
    out[i] = decoder.decode(bytes.subarray(base + start, base + end));
    start = end;
  }
  return out;
}
