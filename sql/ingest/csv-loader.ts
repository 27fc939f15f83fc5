/**
 * Loads CSV files into column pages: sniffs the first file, then streams every file through
 * {@link CsvParser} in chunks. Nothing is appended anywhere: the caller appends the finished
 * batches in one step, so a failed load leaves every table as it was.
 */
import { StrataError } from '../../engine/errors.js';
import { allocData, type DataType, typeEquals, typeToString, VARCHAR } from '../../engine/types/data-type.js';
import { Batch } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';
import { type ColumnSpec, convertValues, CsvParser, type RejectRecord, type StagedPage, WidenToVarchar } from './csv-parser.js';
import { sniffCsv, type CsvSniff } from './csv-sniffer.js';
import { ISO_DATE, ISO_TIMESTAMP, temporalFormat, widensInPlace } from './csv-values.js';
import { openByteSource } from './file-source.js';
import { reportIngestProgress } from './ingest-monitor.js';

/** Bytes parsed per step (the work buffer grows for longer rows). */
const CHUNK_BYTES = 1 << 22;

/** Options of a CSV load; every one overrides what the sniffer would detect. */
export interface CsvReadOptions {
  delimiter?: string;
  quote?: string;
  escape?: string;
  header?: boolean;
  /** Unquoted field values read as NULL (the empty field always is). */
  nullStrings?: string[];
  dateFormat?: string;
  timestampFormat?: string;
  /** Every column's name and type: no type detection, values that do not fit are rejected. */
  columns?: { name: string; type: DataType }[];
  /** Types of some columns by name; the others are detected. */
  types?: Record<string, DataType>;
  /** Stop at the first row that cannot be read (with its file, line and column). */
  strict?: boolean;
  trailingDelimiter?: boolean;
}

/** Columns a load must fill, with their types fixed (loading into an existing table). */
export interface LoadTarget {
  readonly columns: readonly { name: string; type: DataType; notNull: boolean }[];
}

/** A finished load: batches in the final column types, plus what was rejected. */
export interface LoadedData {
  readonly names: string[];
  readonly types: DataType[];
  readonly batches: Batch[];
  readonly rows: number;
  readonly rejects: RejectRecord[];
  readonly rejectCount: number;
  /** Input bytes (file sizes on disk). */
  readonly bytes: number;
  readonly files: string[];
  /** Things the user should know (columns re-read as VARCHAR, ...). */
  readonly notes: string[];
  /** The sniffed dialect and header (CSV only). */
  readonly sniff: CsvSniff | null;
}

/** Reads CSV `files` (all with the dialect of the first) into batches. */
export function loadCsv(files: readonly string[], options: CsvReadOptions = {}, target: LoadTarget | null = null): LoadedData {
  if (files.length === 0) throw new StrataError('io', 'no files to read');
  const forcedVarchar = new Set<number>();
  const notes: string[] = [];
  for (;;) {
    try {
      return loadOnce(files, options, target, forcedVarchar, notes);
    } catch (e) {
      if (!(e instanceof WidenToVarchar)) throw e;
      forcedVarchar.add(e.column);
      notes.push(`column ${e.column + 1} holds "${e.value.length > 40 ? e.value.slice(0, 37) + '...' : e.value}" at line ${e.line}: read again as VARCHAR`);
    }
  }
}

function loadOnce(files: readonly string[], options: CsvReadOptions, target: LoadTarget | null, forcedVarchar: Set<number>, notes: string[]): LoadedData {
  const fixed = target?.columns.map((c) => c.type) ?? options.columns?.map((c) => c.type);
  const sniff = sniffCsv(files[0], {
    delimiter: options.delimiter,
    quote: options.quote,
    escape: options.escape,
    header: options.header,
    dateFormat: options.dateFormat,
    timestampFormat: options.timestampFormat,
    nullStrings: options.nullStrings,
    fixedTypes: fixed,
    trailingDelimiter: options.trailingDelimiter,
  });
  if (fixed !== undefined && sniff.fileColumns !== fixed.length && sniff.fileColumns > 0) {
    const what = target !== null ? `the table has ${fixed.length}` : `${fixed.length} were given`;
    throw new StrataError('binder', `"${files[0]}" has ${sniff.fileColumns} columns but ${what}`);
  }
  const dateFormat = options.dateFormat !== undefined ? temporalFormat(options.dateFormat, 'date') : null;
  const tsFormat = options.timestampFormat !== undefined ? temporalFormat(options.timestampFormat, 'timestamp') : ISO_TIMESTAMP;
  const typeOverrides = new Map(Object.entries(options.types ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const specs: ColumnSpec[] = sniff.columns.map((sc, c) => {
    const name = target?.columns[c].name ?? options.columns?.[c].name ?? sc.name;
    const override = typeOverrides.get(name.toLowerCase());
    const isFixed = fixed !== undefined || override !== undefined;
    let type = fixed?.[c] ?? override ?? sc.type;
    if (!isFixed && forcedVarchar.has(c)) type = VARCHAR;
    return {
      name,
      type,
      fixed: isFixed || forcedVarchar.has(c),
      notNull: target?.columns[c].notNull ?? false,
      dateFormat: dateFormat ?? sc.dateFormat ?? ISO_DATE,
      timestampFormat: tsFormat,
    };
  });
  for (const k of typeOverrides.keys()) {
    if (!specs.some((s) => s.name.toLowerCase() === k)) throw new StrataError('binder', `no column named "${k}" in "${files[0]}"`);
  }
  const parser = new CsvParser(sniff.dialect, specs, options.nullStrings ?? [], options.strict ?? false);
  let bytesTotal = 0;
  const sizes = files.map((f) => {
    const src = openByteSource(f);
    const size = src.size;
    src.close();
    bytesTotal += size;
    return size;
  });
  let bytesBefore = 0;
  let work: Buffer = Buffer.allocUnsafe(CHUNK_BYTES + 1);
  for (let fi = 0; fi < files.length; fi++) {
    work = readFile(files[fi], parser, work, sniff.header, (consumed) =>
      reportIngestProgress({ bytesDone: bytesBefore + consumed, bytesTotal, rows: parser.rowsDone, rowsTotal: 0 }),
    );
    bytesBefore += sizes[fi];
  }
  parser.finish();
  const types = specs.map((s) => s.type);
  const batches = pagesToBatches(parser.pages, types, (c) => parser.dictionary(c));
  return {
    names: specs.map((s) => s.name),
    types,
    batches,
    rows: parser.rowsDone,
    rejects: parser.rejects,
    rejectCount: parser.rejectCount,
    bytes: bytesTotal,
    files: [...files],
    notes,
    sniff,
  };
}

/** Streams one file through the parser; returns the (possibly grown) work buffer. */
function readFile(file: string, parser: CsvParser, work: Buffer, header: boolean, progress: (consumed: number) => void): Buffer {
  const src = openByteSource(file);
  parser.file = file;
  parser.line = 1;
  try {
    let have = 0; // carried bytes at the front of `work`
    let first = true;
    let eof = false;
    while (!eof) {
      // Fill the buffer (a source may return less than asked before its end).
      while (have < work.length - 1) {
        const n = src.read(work, have, work.length - 1 - have);
        if (n === 0) {
          eof = true;
          break;
        }
        have += n;
      }
      if (first) {
        let skip = 0;
        if (have >= 3 && work[0] === 0xef && work[1] === 0xbb && work[2] === 0xbf) skip = 3;
        if (header) {
          const end = recordEnd(work, skip, have, parser);
          if (end < 0 && !eof) {
            work = grow(work);
            continue;
          }
          skip = end < 0 ? have : end;
          parser.line = 2;
        }
        work.copy(work, 0, skip, have);
        have -= skip;
        first = false;
      }
      const start = 0;
      let limit: number;
      if (eof) {
        if (have > start && work[have - 1] !== 10 && work[have - 1] !== 13) work[have++] = 10; // room kept for this byte
        limit = have;
      } else {
        let le = work.lastIndexOf(10, have - 1);
        if (le < start) le = work.lastIndexOf(13, have - 1);
        if (le < start) {
          // No line end in the whole buffer: a row longer than the buffer.
          work = grow(work);
          continue;
        }
        limit = le + 1;
      }
      const stop = parser.parseRows(work, start, limit);
      if (stop < limit && eof) {
        parser.rejectUnterminated(work, stop, limit);
        have = 0;
        break;
      }
      if (stop === start && !eof) {
        // One row (a long quoted field) fills the whole buffer.
        work = grow(work);
        continue;
      }
      work.copy(work, 0, stop, have);
      have -= stop;
      progress(src.consumed);
    }
    progress(src.consumed);
    return work;
  } finally {
    src.close();
  }
}

function grow(work: Buffer): Buffer {
  const w = Buffer.allocUnsafe(work.length * 2 - 1);
  work.copy(w);
  return w;
}

/** The end of the record starting at `p` (after its line end), honouring quotes; -1 if not in the buffer. */
function recordEnd(buf: Buffer, p: number, end: number, parser: CsvParser): number {
  const quote = parser.quoteByte;
  let inQuote = false;
  for (let q = p; q < end; q++) {
    const b = buf[q];
    if (b === quote) inQuote = !inQuote;
    else if (!inQuote && b === 10) return q + 1;
    else if (!inQuote && b === 13) return buf[q + 1] === 10 ? q + 2 : q + 1;
  }
  return -1;
}

/**
 * Turns column pages into batches of the final column types: pages parsed before a column
 * widened are converted now (VARCHAR pages of a column are all its pages, so no conversion
 * reaches VARCHAR except all-NULL pages).
 */
export function pagesToBatches(pages: readonly StagedPage[][], types: readonly DataType[], dict: (c: number) => string[]): Batch[] {
  const batches: Batch[] = [];
  const count = pages[0]?.length ?? 0;
  for (let k = 0; k < count; k++) {
    const n = pages[0][k].n;
    const vectors = types.map((type, c) => {
      const page = pages[c][k];
      const isStr = type.id === 'varchar';
      if (typeEquals(page.type, type)) return new Vector(type, page.data, page.valid, isStr ? dict(c) : null, n);
      if (isStr || !widensInPlace(page.type, type)) {
        // A page of a column that had only NULLs when it was filled.
        const v = Vector.nulls(type, n);
        return isStr ? new Vector(type, v.data, v.validity, dict(c), n) : v;
      }
      const out = allocData(type, n);
      convertValues(page.data, page.type, out, type, n);
      if (page.valid !== null) for (let i = 0; i < n; i++) if (page.valid[i] === 0) out[i] = 0;
      return new Vector(type, out, page.valid, null, n);
    });
    batches.push(new Batch(vectors, n));
  }
  return batches;
}

/** `TYPE` spellings of a load's columns, `name TYPE, ...` (for messages and sniff_csv). */
export function describeColumns(names: readonly string[], types: readonly DataType[]): string {
  return names.map((n, i) => `${n} ${typeToString(types[i])}`).join(', ');
}
