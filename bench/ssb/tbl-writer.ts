/**
 * Writes SSB chunks as dbgen's `.tbl` text: one row per line, every field followed by `|`
 * (the last one too), integers in decimal, strings as UTF-8 without quoting.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { generateSsb, type SsbChunk, type SsbOptions } from './ssb-generator.js';
import { type SsbTable, type SsbTableName, ssbTable } from './ssb-schema.js';

const BUFFER_BYTES = 1 << 22;
const PIPE = 0x7c;
const NEWLINE = 0x0a;

/** Formats rows of one table into a file through a fixed buffer (no per-row strings). */
export class TblWriter {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private readonly digits = new Uint8Array(12);
  private pos = 0;
  /** Bytes written so far (including what is still buffered). */
  bytes = 0;
  rows = 0;

  constructor(
    readonly file: string,
    private readonly table: SsbTable,
  ) {
    this.fd = openSync(file, 'w');
  }

  /** Appends rows `0..n)` of `chunk`, whose columns are named as in the table. */
  write(chunk: SsbChunk, n: number): void {
    const cols = this.table.columns.map((c) => {
      const values = chunk[c.name];
      if (values === undefined) throw new Error(`chunk of ${this.table.name} lacks column ${c.name}`);
      return values;
    });
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < cols.length; c++) {
        const col = cols[c];
        if (col instanceof Int32Array) this.writeInt(col[r]);
        else this.writeString(col[r]);
        this.buf[this.pos++] = PIPE;
      }
      this.buf[this.pos++] = NEWLINE;
    }
    this.rows += n;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private ensure(bytes: number): void {
    // +2 leaves room for the separator and the newline that follow every field.
    if (this.pos + bytes + 2 > this.buf.length) this.flush();
  }

  private flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.bytes += this.pos;
    this.pos = 0;
  }

  private writeInt(v: number): void {
    this.ensure(12);
    const buf = this.buf;
    if (v < 0) {
      buf[this.pos++] = 0x2d;
      v = -v;
    }
    if (v < 10) {
      buf[this.pos++] = 0x30 + v;
      return;
    }
    let k = 0;
    while (v > 0) {
      const q = Math.floor(v / 10);
      this.digits[k++] = 0x30 + (v - q * 10);
      v = q;
    }
    while (k > 0) buf[this.pos++] = this.digits[--k];
  }

  private writeString(s: string): void {
    const len = s.length;
    this.ensure(len * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < len; i++) {
      const ch = s.charCodeAt(i);
      if (ch >= 0x80) {
        // Rare: non-ASCII text is encoded by Buffer.
        this.pos += buf.write(s, this.pos, 'utf8');
        return;
      }
      buf[p++] = ch;
    }
    this.pos = p;
  }
}

/** What {@link writeSsbTbl} wrote for one table. */
export interface TblFileInfo {
  readonly table: SsbTableName;
  readonly file: string;
  readonly rows: number;
  readonly bytes: number;
}

/** Generates the SSB tables and writes `<table>.tbl` files into `dir` (created if missing). */
export function writeSsbTbl(dir: string, options: SsbOptions): TblFileInfo[] {
  mkdirSync(dir, { recursive: true });
  const writers = new Map<SsbTableName, TblWriter>();
  generateSsb(options, (table, columns, rows) => {
    let w = writers.get(table);
    if (w === undefined) {
      w = new TblWriter(path.join(dir, `${table}.tbl`), ssbTable(table));
      writers.set(table, w);
    }
    w.write(columns, rows);
  });
  return [...writers].map(([table, w]) => {
    w.close();
    return { table, file: w.file, rows: w.rows, bytes: w.bytes };
  });
}
