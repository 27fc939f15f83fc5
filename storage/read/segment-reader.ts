/** SegmentReader: reads the footer, dictionaries and blocks of one segment file with positioned reads. */
import { StrataError } from '../../engine/errors.js';
import { type DataType, physicalKind, typeToString } from '../../engine/types/data-type.js';
import { Vector } from '../../engine/vector/vector.js';
import { decodeBlock } from '../encoding/block-codec.js';
import {
  checkHeader,
  decodeDictionary,
  decodeFooter,
  HEADER_BYTES,
  readTrailer,
  type SegmentFooter,
  TRAILER_BYTES,
} from '../format/segment-format.js';
import type { FileSystem } from '../io/file-system.js';
import { type BlockCache, BLOCKS_PER_SEGMENT_KEY } from './block-cache.js';

export class SegmentReader {
  readonly footer: SegmentFooter;
  readonly fileBytes: number;
  private fd: number;
  /** The file's format version (segment-format.ts). */
  readonly version: number;
  private readonly dicts = new Map<string, string[]>();

  constructor(
    private readonly fsys: FileSystem,
    readonly file: string,
    /** Table name, for error messages. */
    readonly table: string,
  ) {
    this.fileBytes = fsys.size(file);
    if (this.fileBytes < HEADER_BYTES + TRAILER_BYTES) throw new StrataError('corrupt', `${file}: segment file is truncated (${this.fileBytes} bytes)`);
    this.fd = fsys.openRead(file);
    try {
      this.version = checkHeader(fsys.read(this.fd, 0, HEADER_BYTES), file);
      const t = readTrailer(fsys.read(this.fd, this.fileBytes - TRAILER_BYTES, TRAILER_BYTES), this.fileBytes, file);
      this.footer = decodeFooter(fsys.read(this.fd, t.offset, t.length), t.crc, file, this.version);
    } catch (e) {
      fsys.close(this.fd);
      throw e;
    }
  }

  get rows(): number {
    return this.footer.rows;
  }

  /** Number of columns stored (columns added later by ALTER TABLE read as NULL). */
  get columnCount(): number {
    return this.footer.types.length;
  }

  /** The sorted string dictionary of a VARCHAR column chunk. */
  dictionary(rg: number, col: number, columnName: string): string[] {
    const key = `${rg}:${col}`;
    let d = this.dicts.get(key);
    if (d === undefined) {
      const meta = this.footer.rowGroups[rg].columns[col].dict;
      if (meta === null) throw new StrataError('corrupt', `${this.file}: column ${columnName} has no dictionary`);
      d = decodeDictionary(this.fsys.read(this.fd, meta.offset, meta.length), `${this.file}: table ${this.table}, column ${columnName}, row group ${rg}`, this.version);
      this.dicts.set(key, d);
    }
    return d;
  }

  private keyBase = -1;
  private blocksPerGroup = 0;

  /** The block's key in `cache` (see BlockCache): the segment's number, then (row group, column, block). */
  private blockKey(cache: BlockCache, rg: number, col: number, b: number): number {
    if (this.keyBase < 0) {
      this.keyBase = cache.segmentNumber(this.file) * BLOCKS_PER_SEGMENT_KEY;
      for (const g of this.footer.rowGroups) this.blocksPerGroup = Math.max(this.blocksPerGroup, g.columns[0]?.blocks.length ?? 0);
      if (this.footer.rowGroups.length * this.columnCount * this.blocksPerGroup > BLOCKS_PER_SEGMENT_KEY) {
        throw new StrataError('not_implemented', `${this.file}: a segment of more than ${BLOCKS_PER_SEGMENT_KEY} blocks`);
      }
    }
    return this.keyBase + (rg * this.columnCount + col) * this.blocksPerGroup + b;
  }

  /** The cached decoded block, or undefined (no I/O). */
  cached(rg: number, col: number, b: number, cache: BlockCache | null): Vector | undefined {
    return cache === null ? undefined : cache.get(this.blockKey(cache, rg, col, b));
  }

  /** The stored (encoded, possibly compressed) bytes of one block, read from the file. */
  rawBlock(rg: number, col: number, b: number): Uint8Array {
    const meta = this.footer.rowGroups[rg].columns[col].blocks[b];
    return this.fsys.read(this.fd, meta.offset, meta.length);
  }

  /** Decodes one block of one column (through the cache); `raw` saves the read when the caller already has the bytes. */
  block(rg: number, col: number, b: number, type: DataType, columnName: string, cache: BlockCache | null, raw: Uint8Array | null = null): Vector {
    const key = cache === null ? 0 : this.blockKey(cache, rg, col, b);
    const hit = cache?.get(key);
    if (hit !== undefined) return hit;
    const meta = this.footer.rowGroups[rg].columns[col].blocks[b];
    const stored = this.footer.types[col];
    if (stored !== typeToString(type)) {
      throw new StrataError('corrupt', `${this.file}: column ${columnName} is stored as ${stored}, the table says ${typeToString(type)}`);
    }
    let decoded;
    try {
      decoded = decodeBlock(raw ?? this.fsys.read(this.fd, meta.offset, meta.length));
    } catch (e) {
      if (e instanceof StrataError) {
        throw this.blockError(e, rg, b, columnName);
      }
      throw e;
    }
    const dict = physicalKind(type) === 'str' ? this.dictionary(rg, col, columnName) : null;
    const v = new Vector(type, decoded.values, decoded.validity, dict, decoded.n);
    cache?.put(key, v);
    return v;
  }

  /** `e` with the block's location (file, table, column, row group, block) in front of its message. */
  blockError(e: StrataError, rg: number, b: number, columnName: string): StrataError {
    return new StrataError(e.code, `${this.file}: table ${this.table}, column ${columnName}, row group ${rg}, block ${b}: ${e.message}`);
  }

  close(): void {
    if (this.fd >= 0) {
      this.fsys.close(this.fd);
      this.fd = -1;
    }
  }
}
