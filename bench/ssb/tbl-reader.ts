/**
 * Streaming reader of dbgen's pipe-delimited `.tbl` text into chunks of typed-array (INTEGER)
 * and string (VARCHAR) columns. It reads the file in large blocks and parses bytes directly:
 * no per-line strings, no split, and repeated short strings (shipmode, nation, ...) are decoded
 * once and then found again by hash.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { SsbChunk } from './ssb-generator.js';
import type { SsbColumn } from './ssb-schema.js';

/** Rows per chunk handed to the sink when none is given. */
export const TBL_DEFAULT_CHUNK_ROWS = 100_000;
const BLOCK_BYTES = 1 << 23;

const PIPE = 0x7c;
const NEWLINE = 0x0a;
const CR = 0x0d;
const MINUS = 0x2d;

/**
 * Node's Buffer decoders without argument checks (what `toString('latin1', start, end)` calls
 * after validating; present on every Buffer since Node 0.x but not in the type declarations).
 */
interface SliceBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** Receives parsed chunks: `rows` values per column, named as the columns given to the reader. */
export type TblChunkSink = (columns: SsbChunk, rows: number) => void;

/** Options of {@link readTbl}. */
export interface TblReadOptions {
  /** Rows per chunk handed to the sink (the last chunk may be smaller). */
  readonly chunkRows?: number;
  /** Bytes read per block (tests use small blocks to exercise lines split across blocks). */
  readonly blockBytes?: number;
}

/** Totals of one {@link readTbl} call. */
export interface TblReadResult {
  readonly rows: number;
  readonly bytes: number;
}

/** A malformed `.tbl` file: names the file, the line and what was expected. */
export class TblFormatError extends Error {}

/**
 * A per-column cache of decoded strings keyed by a hash of their bytes. Columns with many
 * distinct values (names, addresses) turn it off after {@link StringCache.MAX_ENTRIES}.
 */
class StringCache {
  static readonly MAX_ENTRIES = 4096;
  static readonly MAX_LENGTH = 48;
  private readonly hashes = new Int32Array(StringCache.MAX_ENTRIES * 2);
  private readonly values: (string | undefined)[] = new Array(StringCache.MAX_ENTRIES * 2);
  private entries = 0;
  enabled = true;

  /** The string for bytes `buf[start..end)` (ASCII, hash `h`), decoding and remembering it if new. */
  get(buf: SliceBuffer, start: number, end: number, h: number): string {
    const mask = this.hashes.length - 1;
    const len = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const v = this.values[slot];
      if (v === undefined) {
        const s = buf.latin1Slice(start, end);
        if (++this.entries > StringCache.MAX_ENTRIES) {
          this.enabled = false;
        } else {
          this.values[slot] = s;
          this.hashes[slot] = h;
        }
        return s;
      }
      if (this.hashes[slot] === h && v.length === len) {
        let same = true;
        for (let i = 0; i < len; i++) {
          if (v.charCodeAt(i) !== buf[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return v;
      }
    }
  }
}

/**
 * Parses rows into the current chunk; keeps the chunk, the position in the file and the line
 * number across blocks so a chunk can span blocks.
 */
class TblParser {
  private readonly isInt: Uint8Array;
  private readonly caches: StringCache[];
  private ints: (Int32Array | null)[] = [];
  private strs: (string[] | null)[] = [];
  private row = 0;
  /** Lines parsed before the current chunk (for error messages). */
  private linesBefore = 0;

  constructor(
    private readonly file: string,
    private readonly columns: readonly SsbColumn[],
    private readonly chunkRows: number,
    private readonly sink: TblChunkSink,
  ) {
    this.isInt = Uint8Array.from(columns, (c) => (c.kind === 'int' ? 1 : 0));
    this.caches = columns.map(() => new StringCache());
    this.newChunk();
  }

  get totalRows(): number {
    return this.linesBefore + this.row;
  }

  private newChunk(): void {
    this.ints = this.columns.map((c) => (c.kind === 'int' ? new Int32Array(this.chunkRows) : null));
    this.strs = this.columns.map((c) => (c.kind === 'str' ? new Array<string>(this.chunkRows) : null));
    this.row = 0;
  }

  /** Hands the current chunk to the sink (if it has rows). */
  emit(): void {
    if (this.row === 0) return;
    const chunk: SsbChunk = {};
    this.columns.forEach((c, i) => (chunk[c.name] = (this.ints[i] ?? this.strs[i]) as Int32Array | string[]));
    this.sink(chunk, this.row);
    this.linesBefore += this.row;
    this.newChunk();
  }

  private fail(what: string): never {
    throw new TblFormatError(`${this.file}, line ${this.totalRows + 1}: ${what}`);
  }

  /** Parses the complete lines in `buf[start..end)`; `end` is just past a newline. */
  parse(buf: SliceBuffer, start: number, end: number): void {
    const ncols = this.columns.length;
    const last = ncols - 1;
    const isInt = this.isInt;
    let p = start;
    while (p < end) {
      if (buf[p] === NEWLINE) {
        p++; // an empty line (e.g. a trailing blank line) holds no row
        continue;
      }
      const r = this.row;
      for (let c = 0; c < ncols; c++) {
        if (isInt[c] === 1) {
          let neg = false;
          if (buf[p] === MINUS) {
            neg = true;
            p++;
          }
          const first = p;
          let v = 0;
          let d = buf[p] - 0x30;
          while (d >= 0 && d <= 9) {
            v = v * 10 + d;
            d = buf[++p] - 0x30;
          }
          if (p === first) this.fail(`expected an integer for ${this.columns[c].name}, found ${describe(buf, p)}`);
          if (v > 2147483647 + (neg ? 1 : 0)) this.fail(`integer out of range for ${this.columns[c].name}`);
          (this.ints[c] as Int32Array)[r] = neg ? -v : v;
        } else {
          const first = p;
          let h = 0x811c9dc5 | 0;
          let bits = 0;
          let ch = buf[p];
          while (ch !== PIPE && ch !== NEWLINE) {
            h = Math.imul(h ^ ch, 0x01000193);
            bits |= ch;
            ch = buf[++p];
          }
          let stop = p;
          if (ch === NEWLINE && stop > first && buf[stop - 1] === CR) stop--;
          const cache = this.caches[c];
          let s: string;
          if (bits >= 0x80) s = buf.utf8Slice(first, stop);
          else if (cache.enabled && stop - first <= StringCache.MAX_LENGTH) s = cache.get(buf, first, stop, h);
          else s = buf.latin1Slice(first, stop);
          (this.strs[c] as string[])[r] = s;
        }
        const term = buf[p];
        if (term === PIPE) p++;
        else if (c !== last || (term !== NEWLINE && term !== CR)) {
          this.fail(c === last ? `expected | after ${this.columns[c].name}` : `${ncols} fields expected, found ${c + 1}`);
        }
      }
      if (buf[p] === CR) p++;
      if (buf[p] !== NEWLINE) this.fail(`${ncols} fields expected, found more`);
      p++;
      if (++this.row === this.chunkRows) this.emit();
    }
  }
}

function describe(buf: Buffer, p: number): string {
  const ch = buf[p];
  if (ch === NEWLINE) return 'end of line';
  if (ch === PIPE) return 'an empty field';
  return JSON.stringify(buf.toString('latin1', p, Math.min(p + 12, buf.length)).split(/[|\n]/)[0]);
}

/**
 * Reads the `.tbl` file `file`, whose fields are `columns` in order, and calls `sink` for each
 * chunk of rows. Integers must fit in 32 bits; the trailing `|` of a line is optional and CRLF
 * line ends are accepted. Throws {@link TblFormatError} on a malformed line.
 */
export function readTbl(file: string, columns: readonly SsbColumn[], sink: TblChunkSink, options: TblReadOptions = {}): TblReadResult {
  const chunkRows = options.chunkRows ?? TBL_DEFAULT_CHUNK_ROWS;
  const blockBytes = options.blockBytes ?? BLOCK_BYTES;
  if (!(chunkRows >= 1) || !(blockBytes >= 1)) throw new Error('chunkRows and blockBytes must be positive');
  const parser = new TblParser(file, columns, chunkRows, sink);
  const fd = openSync(file, 'r');
  let bytes = 0;
  try {
    const size = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.min(blockBytes, size + 1) + 1) as SliceBuffer;
    let carry = 0; // bytes of an incomplete line kept at the start of buf
    for (;;) {
      if (carry === buf.length) {
        // A line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buf.length * 2) as SliceBuffer;
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const read = readSync(fd, buf, carry, buf.length - carry, null);
      bytes += read;
      const end = carry + read;
      if (read === 0) {
        if (carry > 0) {
          // The last line has no newline: parse it with one appended.
          if (carry === buf.length) {
            const bigger = Buffer.allocUnsafe(carry + 1) as SliceBuffer;
            buf.copy(bigger, 0, 0, carry);
            buf = bigger;
          }
          buf[carry] = NEWLINE;
          parser.parse(buf, 0, carry + 1);
        }
        break;
      }
      const lastNewline = buf.lastIndexOf(NEWLINE, end - 1);
      if (lastNewline < 0) {
        carry = end;
        continue;
      }
      parser.parse(buf, 0, lastNewline + 1);
      carry = end - lastNewline - 1;
      buf.copy(buf, 0, lastNewline + 1, end);
    }
    parser.emit();
  } finally {
    closeSync(fd);
  }
  return { rows: parser.totalRows, bytes };
}
