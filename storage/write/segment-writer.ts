/** SegmentWriter: writes sorted column vectors as one immutable segment file (row groups, encoded blocks, footer). */
import { type DataType, physicalKind, typeToString } from '../../engine/types/data-type.js';
import type { Vector } from '../../engine/vector/vector.js';
import { type EncodingId, type CompressionId } from '../encoding/codec.js';
import { encodeBlock, readBlockHeader } from '../encoding/block-codec.js';
import {
  type ChunkMeta,
  encodeDictionary,
  encodeFooter,
  type RowGroupMeta,
  SEGMENT_VERSION,
  type SegmentFooter,
  segmentHeader,
  segmentTrailer,
} from '../format/segment-format.js';
import { type FileSystem } from '../io/file-system.js';

/** Rows per block: the unit of encoding, zone maps and skipping. */
export const BLOCK_ROWS = 8192;
/** Rows per row group: the unit of string dictionaries (15 blocks). */
export const ROW_GROUP_ROWS = 15 * BLOCK_ROWS;

export interface SegmentWriteOptions {
  blockRows?: number;
  rowGroupRows?: number;
  /** `PRAGMA force_encoding`: use this encoding wherever it applies (tests). */
  forceEncoding?: EncodingId;
  forceCompression?: CompressionId;
}

/** Types held in Float64Array whose values are always integers (bit-packable). */
function isIntegralDouble(t: DataType): boolean {
  return t.id === 'bigint' || t.id === 'decimal' || t.id === 'timestamp';
}

/**
 * The chunk's distinct strings in sorted order and the rows' codes remapped to ranks, so that
 * code order is string order (zone maps and range predicates on codes then work for strings).
 */
function sortedChunkDictionary(v: Vector, start: number, end: number): { dict: string[]; codes: Int32Array } {
  const src = v.data as Int32Array;
  const srcDict = v.dict as string[];
  const validity = v.validity;
  const used = new Map<number, number>();
  for (let i = start; i < end; i++) if (validity === null || validity[i] !== 0) used.set(src[i], 0);
  const dict = [...used.keys()].map((c) => srcDict[c]);
  dict.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map<string, number>();
  dict.forEach((s, i) => rank.set(s, i));
  for (const c of used.keys()) used.set(c, rank.get(srcDict[c]) as number);
  const codes = new Int32Array(end - start);
  for (let i = start; i < end; i++) codes[i - start] = validity !== null && validity[i] === 0 ? 0 : (used.get(src[i]) as number);
  return { dict, codes };
}

/**
 * Writes `columns` (n rows each, already in the table's sort order) to `file` and fsyncs it.
 * Returns the footer (the caller records the segment in the manifest).
 */
export function writeSegment(
  fsys: FileSystem,
  file: string,
  types: readonly DataType[],
  columns: readonly Vector[],
  n: number,
  options: SegmentWriteOptions = {},
): SegmentFooter {
  const blockRows = options.blockRows ?? BLOCK_ROWS;
  const rowGroupRows = Math.max(blockRows, Math.floor((options.rowGroupRows ?? ROW_GROUP_ROWS) / blockRows) * blockRows);
  const fd = fsys.openWrite(file);
  let offset = 0;
  const put = (bytes: Uint8Array): number => {
    const at = offset;
    fsys.write(fd, bytes);
    offset += bytes.length;
    return at;
  };
  try {
    put(segmentHeader());
    const rowGroups: RowGroupMeta[] = [];
    for (let rgStart = 0; rgStart < n; rgStart += rowGroupRows) {
      const rgEnd = Math.min(n, rgStart + rowGroupRows);
      const chunks: ChunkMeta[] = types.map((t, c) => {
        const v = columns[c];
        const kind = physicalKind(t);
        let values = v.data.subarray(rgStart, rgEnd);
        let dict: ChunkMeta['dict'] = null;
        if (kind === 'str') {
          const d = sortedChunkDictionary(v, rgStart, rgEnd);
          const bytes = encodeDictionary(d.dict);
          dict = { offset: put(bytes), length: bytes.length, count: d.dict.length };
          values = d.codes;
        }
        const validity = v.validity === null ? null : v.validity.subarray(rgStart, rgEnd);
        const blocks = [];
        for (let b = 0; b < rgEnd - rgStart; b += blockRows) {
          const e = Math.min(rgEnd - rgStart, b + blockRows);
          const bytes = encodeBlock(
            kind === 'str' ? 'i32' : kind,
            values.subarray(b, e) as never,
            validity === null ? null : validity.subarray(b, e),
            e - b,
            { integral: isIntegralDouble(t), forceEncoding: options.forceEncoding, forceCompression: options.forceCompression },
          );
          const h = readBlockHeader(bytes);
          blocks.push({
            offset: put(bytes),
            length: bytes.length,
            rows: e - b,
            nulls: h.nullCount,
            min: h.nullCount === e - b ? null : h.min,
            max: h.nullCount === e - b ? null : h.max,
            encoding: h.encoding,
          });
        }
        return { dict, blocks };
      });
      rowGroups.push({ rows: rgEnd - rgStart, columns: chunks });
    }
    const footer: SegmentFooter = { version: SEGMENT_VERSION, rows: n, blockRows, types: types.map(typeToString), rowGroups };
    const fb = encodeFooter(footer);
    put(fb);
    put(segmentTrailer(fb));
    fsys.fsync(fd);
    return footer;
  } finally {
    fsys.close(fd);
  }
}
