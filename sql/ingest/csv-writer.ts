/** Writes query results as CSV (RFC 4180 quoting; optional gzip), for COPY ... TO. */
import * as zlib from 'node:zlib';
import { formatValue } from '../../engine/types/cast.js';
import type { DataType } from '../../engine/types/data-type.js';
import type { Vector } from '../../engine/vector/vector.js';

/** Options of a CSV export. */
export interface CsvWriteOptions {
  delimiter: string;
  quote: string;
  header: boolean;
  nullString: string;
  /** Quote every string value, not only those that need it. */
  forceQuote: boolean;
  gzip: boolean;
}

export const DEFAULT_CSV_WRITE: CsvWriteOptions = { delimiter: ',', quote: '"', header: true, nullString: '', forceQuote: false, gzip: false };

/** Column data of an export: names, types and one dense vector per column (possibly in parts). */
export interface ExportColumns {
  readonly names: readonly string[];
  readonly types: readonly DataType[];
  /** Parts of rows; each part has one vector per column. */
  readonly parts: readonly (readonly Vector[])[];
}

/** The CSV text of `cols` as bytes (gzip-compressed when asked). */
export function csvBytes(cols: ExportColumns, o: CsvWriteOptions): Buffer {
  const needsQuote = new RegExp(`[${escapeClass(o.delimiter + o.quote)}\\r\\n]|^\\s|\\s$`);
  const q = o.quote;
  const field = (s: string, isString: boolean): string =>
    (isString && o.forceQuote) || needsQuote.test(s) || (s === o.nullString && s !== '') || (isString && s === '' && o.nullString === '')
      ? q + s.split(q).join(q + q) + q
      : s;
  const chunks: Buffer[] = [];
  const lines: string[] = [];
  if (o.header) lines.push(cols.names.map((n) => field(n, false)).join(o.delimiter));
  for (const part of cols.parts) {
    const n = part[0]?.length ?? 0;
    // Per column: a function from row to text; dictionaries are formatted once per entry.
    const cells = part.map((v, c) => {
      const type = cols.types[c];
      const valid = v.validity;
      if (v.dict !== null) {
        const texts = v.dict.map((s) => field(s, true));
        return (i: number): string => (valid !== null && valid[i] === 0 ? o.nullString : texts[v.data[i]]);
      }
      if (type.id === 'integer' || type.id === 'bigint' || type.id === 'double') {
        return (i: number): string => (valid !== null && valid[i] === 0 ? o.nullString : formatValue(type, v.data[i]));
      }
      return (i: number): string => (valid !== null && valid[i] === 0 ? o.nullString : field(formatValue(type, v.data[i]), false));
    });
    for (let i = 0; i < n; i++) {
      let line = '';
      for (let c = 0; c < cells.length; c++) line += (c === 0 ? '' : o.delimiter) + cells[c](i);
      lines.push(line);
      if (lines.length === 65536) {
        chunks.push(Buffer.from(lines.join('\n') + '\n', 'utf8'));
        lines.length = 0;
      }
    }
  }
  if (lines.length > 0) chunks.push(Buffer.from(lines.join('\n') + '\n', 'utf8'));
  const all = Buffer.concat(chunks);
  return o.gzip ? zlib.gzipSync(all, { level: 6 }) : all;
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]^-]/g, '\\$&');
}
