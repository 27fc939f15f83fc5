/**
 * The CSV sniffer: detects the delimiter, quoting, a trailing delimiter, the header and each
 * column's type from a sample (the head of the file plus, for a large uncompressed file, a few
 * windows further in). Every guess can be overridden by an option.
 */
import * as fs from 'node:fs';
import { StrataError } from '../../engine/errors.js';
import { type DataType, DATE, NULL_TYPE, VARCHAR } from '../../engine/types/data-type.js';
import type { CsvDialect } from './csv-parser.js';
import {
  compileTemporalFormat,
  DATE_FORMAT_CANDIDATES,
  inferValueType,
  ISO_DATE,
  ISO_TIMESTAMP,
  joinTypes,
  parseTypedText,
  type TemporalFormat,
  temporalFormat,
} from './csv-values.js';
import { isGzip, readHead } from './file-source.js';

/** Bytes read from the head of a file for sniffing. */
export const SNIFF_HEAD_BYTES = 1 << 20;
/** Extra sample windows further into large uncompressed files (count and bytes each). */
const SNIFF_WINDOWS = 4;
const SNIFF_WINDOW_BYTES = 1 << 16;
/** At most this many sample rows decide the types (as DuckDB's default sample, 20,480). */
const SNIFF_MAX_ROWS = 20_480;
const DELIMITER_CANDIDATES = [',', '|', ';', '\t'];

/** What the user fixed; anything left undefined is detected. */
export interface SniffOverrides {
  delimiter?: string;
  quote?: string;
  escape?: string;
  header?: boolean;
  dateFormat?: string;
  timestampFormat?: string;
  nullStrings?: readonly string[];
  /** Column types by position, when loading into an existing table (also used to detect the header). */
  fixedTypes?: readonly DataType[];
  /** Whether each line ends with one more delimiter. */
  trailingDelimiter?: boolean;
}

/** A sniffed column. */
export interface SniffedColumn {
  name: string;
  type: DataType;
  dateFormat: TemporalFormat;
  timestampFormat: TemporalFormat;
}

/** The result of sniffing one file. */
export interface CsvSniff {
  readonly dialect: CsvDialect;
  readonly header: boolean;
  readonly columns: SniffedColumn[];
  /** Data rows in the sample (after the header). */
  readonly sampleRows: number;
  /** The number of fields most sample lines have (before any forced column count). */
  readonly fileColumns: number;
}

function byteOf(s: string, what: string): number {
  if (s === '') return -1;
  const b = Buffer.from(s, 'utf8');
  if (b.length !== 1) throw new StrataError('binder', `${what} must be a single-byte character, got "${s}"`);
  return b[0];
}

/** Splits sample text into records of fields (quotes and escapes honoured; blank lines skipped). */
export function splitRecords(text: string, delimiter: string, quote: string, escape: string, maxRows = Infinity): { fields: string[]; quoted: boolean[]; raw: string }[] {
  const rows: { fields: string[]; quoted: boolean[]; raw: string }[] = [];
  let i = 0;
  const n = text.length;
  while (i < n && rows.length < maxRows) {
    const start = i;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let field = '';
    let isQuoted = false;
    let inQuote = false;
    let complete = false;
    while (i < n) {
      const ch = text[i];
      if (inQuote) {
        if (ch === escape && escape !== quote && (text[i + 1] === quote || text[i + 1] === escape)) {
          field += text[i + 1];
          i += 2;
        } else if (ch === quote) {
          if (escape === quote && text[i + 1] === quote) {
            field += quote;
            i += 2;
          } else {
            inQuote = false;
            i++;
          }
        } else {
          field += ch;
          i++;
        }
      } else if (ch === quote && field === '' && quote !== '') {
        inQuote = true;
        isQuoted = true;
        i++;
      } else if (ch === delimiter) {
        fields.push(field);
        quoted.push(isQuoted);
        field = '';
        isQuoted = false;
        i++;
      } else if (ch === '\n' || ch === '\r') {
        i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
        complete = true;
        break;
      } else {
        field += ch;
        i++;
      }
    }
    if (!complete && i >= n && inQuote) break; // a record cut by the end of the sample
    fields.push(field);
    quoted.push(isQuoted);
    const raw = text.slice(start, i).replace(/\r?\n$|\r$/, '');
    if (raw === '') continue;
    rows.push({ fields, quoted, raw });
  }
  return rows;
}

/** The head of `text` without a UTF-8 byte order mark. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Decodes a sample, dropping an incomplete last line when the sample was cut. */
function sampleText(buf: Buffer, cut: boolean): string {
  let end = buf.length;
  if (cut) {
    const lf = buf.lastIndexOf(10);
    if (lf > 0) end = lf + 1;
  }
  return stripBom(buf.subarray(0, end).toString('utf8'));
}

/** Chooses the delimiter whose field count is the most consistent (and above 1) over the sample. */
function detectDelimiter(text: string, quote: string, escape: string): string {
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITER_CANDIDATES) {
    const rows = splitRecords(text, d, quote, escape, 200);
    if (rows.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [k, v] of counts) if (v > modeCount || (v === modeCount && k > mode)) [mode, modeCount] = [k, v];
    if (mode < 2) continue;
    // Consistency first, then more columns.
    const score = (modeCount / rows.length) * 1000 + Math.min(mode, 999) / 1000;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Sample lines from windows further into a large plain file (used for types only). */
function windowSamples(file: string, size: number): string[] {
  if (size <= SNIFF_HEAD_BYTES * 2) return [];
  const fd = fs.openSync(file, 'r');
  try {
    const out: string[] = [];
    for (let w = 1; w <= SNIFF_WINDOWS; w++) {
      const at = Math.floor((size * w) / (SNIFF_WINDOWS + 1));
      const buf = Buffer.alloc(SNIFF_WINDOW_BYTES);
      const n = fs.readSync(fd, buf, 0, buf.length, at);
      const first = buf.indexOf(10);
      const last = buf.subarray(0, n).lastIndexOf(10);
      if (first < 0 || last <= first) continue;
      out.push(buf.subarray(first + 1, last + 1).toString('utf8'));
    }
    // The last bytes of the file: late values are where type guesses fail.
    const tail = Buffer.alloc(SNIFF_WINDOW_BYTES);
    const n = fs.readSync(fd, tail, 0, tail.length, Math.max(0, size - SNIFF_WINDOW_BYTES));
    const first = tail.indexOf(10);
    if (first >= 0 && first + 1 < n) out.push(tail.subarray(first + 1, n).toString('utf8'));
    return out;
  } finally {
    fs.closeSync(fd);
  }
}

function columnNames(header: string[] | null, n: number): string[] {
  const width = String(Math.max(0, n - 1)).length;
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    let name = header !== null ? (header[i] ?? '').trim() : '';
    if (name === '') name = `column${String(i).padStart(width, '0')}`;
    let unique = name;
    for (let k = 1; seen.has(unique.toLowerCase()); k++) unique = `${name}_${k}`;
    seen.add(unique.toLowerCase());
    names.push(unique);
  }
  return names;
}

/** Per-column running type detection over sample values. */
class TypeVote {
  type: DataType = NULL_TYPE;
  private dateFormats: TemporalFormat[];
  constructor(
    private readonly userDate: TemporalFormat | null,
    readonly timestampFormat: TemporalFormat,
  ) {
    this.dateFormats = userDate !== null ? [userDate] : DATE_FORMAT_CANDIDATES.map((p) => temporalFormat(p, 'date'));
  }

  get dateFormat(): TemporalFormat {
    return this.dateFormats[0] ?? this.userDate ?? ISO_DATE;
  }

  add(text: string): void {
    if (this.type.id === 'varchar') return;
    const t = text.trim();
    let vt = this.userDate !== null && this.userDate.parse(t) !== null ? DATE : inferValueType(t, ISO_DATE, this.timestampFormat);
    if (vt.id === 'varchar' || vt.id === 'date') {
      // Date formats that cannot read this value drop out; the first remaining one is the column's.
      const still = this.dateFormats.filter((f) => f.parse(t) !== null);
      if (still.length > 0) {
        this.dateFormats = still;
        vt = DATE;
      } else {
        vt = VARCHAR;
      }
    }
    this.type = joinTypes(this.type, vt);
  }
}

/**
 * Sniffs `files[0]` (the dialect and header apply to every file of a load; types are voted over
 * the sample). `columnCount` forces the number of columns (loading into an existing table).
 */
export function sniffCsv(file: string, overrides: SniffOverrides = {}): CsvSniff {
  const size = fs.statSync(file).size;
  const head = readHead(file, SNIFF_HEAD_BYTES);
  const text = sampleText(head, head.length === SNIFF_HEAD_BYTES);
  const quote = overrides.quote ?? '"';
  const escape = overrides.escape ?? quote;
  const delimiter = overrides.delimiter ?? detectDelimiter(text, quote, escape);
  const records = splitRecords(text, delimiter, quote, escape, SNIFF_MAX_ROWS + 1);
  if (records.length === 0) {
    throw new StrataError('io', `"${file}" has no rows to read`);
  }
  // Trailing delimiter: every line of the sample ends with an unquoted, empty last field.
  const trailing =
    overrides.trailingDelimiter ??
    (records.every((r) => r.fields.length > 1 && r.fields[r.fields.length - 1] === '' && !r.quoted[r.quoted.length - 1]) && records.length > 0);
  const fieldsOf = (r: { fields: string[] }): string[] => (trailing ? r.fields.slice(0, -1) : r.fields);
  const counts = new Map<number, number>();
  for (const r of records) counts.set(fieldsOf(r).length, (counts.get(fieldsOf(r).length) ?? 0) + 1);
  let ncols = 0;
  let best = 0;
  for (const [k, v] of counts) if (v > best) [ncols, best] = [k, v];
  const fileColumns = ncols;
  if (overrides.fixedTypes !== undefined) ncols = overrides.fixedTypes.length;

  const userDate = overrides.dateFormat !== undefined ? temporalFormat(overrides.dateFormat, 'date') : null;
  const tsFormat = overrides.timestampFormat !== undefined ? temporalFormat(overrides.timestampFormat, 'timestamp') : ISO_TIMESTAMP;
  const nulls = new Set(overrides.nullStrings ?? []);
  const isNull = (v: string, quoted: boolean): boolean => (!quoted && (v === '' || nulls.has(v)));

  // Vote types over the rows after the first (the first may be a header).
  const dataRows = records.slice(1).filter((r) => fieldsOf(r).length === ncols);
  const windows = isGzip(file) ? [] : windowSamples(file, size);
  for (const w of windows) for (const r of splitRecords(w, delimiter, quote, escape, 2000)) if (fieldsOf(r).length === ncols) dataRows.push(r);
  const votes = Array.from({ length: ncols }, () => new TypeVote(userDate, tsFormat));
  for (const r of dataRows) {
    const f = fieldsOf(r);
    for (let c = 0; c < ncols; c++) if (!isNull(f[c], r.quoted[c])) votes[c].add(f[c]);
  }
  const types = overrides.fixedTypes ?? votes.map((v) => (v.type.id === 'null' ? VARCHAR : v.type));

  // Header: the first row does not read as the column types, or (all text) looks like names.
  const first = records[0];
  const firstFields = fieldsOf(first);
  let header = overrides.header;
  if (header === undefined) {
    if (firstFields.length !== ncols) header = false;
    else if (types.some((t) => t.id !== 'varchar')) {
      header = types.some((t, c) => t.id !== 'varchar' && !isNull(firstFields[c], first.quoted[c]) && parseTypedText(firstFields[c], t, votes[c]?.dateFormat ?? ISO_DATE, tsFormat) === null);
    } else {
      // All text: a header row holds distinct, non-empty names that do not occur again in their column.
      const distinct = new Set(firstFields.map((s) => s.trim().toLowerCase()));
      header =
        distinct.size === ncols &&
        firstFields.every((s) => s.trim() !== '' && s.length <= 64) &&
        firstFields.every((s, c) => !dataRows.some((r) => fieldsOf(r)[c] === s));
    }
  }
  // Without a header the first row is data: it votes too.
  if (!header && overrides.fixedTypes === undefined && firstFields.length === ncols) {
    for (let c = 0; c < ncols; c++) if (!isNull(firstFields[c], first.quoted[c])) votes[c].add(firstFields[c]);
  }
  const finalTypes = overrides.fixedTypes ?? votes.map((v) => (v.type.id === 'null' ? VARCHAR : v.type));
  const names = columnNames(header ? firstFields : null, ncols);
  return {
    dialect: { delimiter: byteOf(delimiter, 'delimiter'), quote: byteOf(quote, 'quote'), escape: byteOf(escape, 'escape'), trailingDelimiter: trailing },
    header,
    columns: names.map((name, c) => ({
      name,
      type: finalTypes[c],
      dateFormat: votes[c]?.dateFormat ?? userDate ?? ISO_DATE,
      timestampFormat: tsFormat,
    })),
    sampleRows: dataRows.length + (header ? 0 : 1),
    fileColumns,
  };
}

/** A user-written format pattern compiled (exported for option parsing). */
export function userFormat(pattern: string, kind: 'date' | 'timestamp'): TemporalFormat {
  return kind === 'date' ? temporalFormat(pattern, 'date') : pattern.toLowerCase() === 'iso' ? ISO_TIMESTAMP : compileTemporalFormat(pattern, 'timestamp');
}

