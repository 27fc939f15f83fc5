/**
 * COPY: loads CSV or Parquet files into a table (`COPY t FROM 'f' (...)`) and exports a table or
 * query to CSV or Parquet files (`COPY t TO 'f' (...)`, `COPY (query) TO ...`, with hive-style
 * `PARTITION_BY`). A load reads everything before it appends anything: a failed load leaves the
 * table as it was. Rows that cannot be read go to a rejects table (or stop the load with STRICT).
 */
import type { TableEntry } from '../../engine/catalog/catalog.js';
import { bindError, StrataError } from '../../engine/errors.js';
import { BIGINT, type DataType, DOUBLE, VARCHAR } from '../../engine/types/data-type.js';
import { Batch } from '../../engine/vector/batch.js';
import { ColumnBuilder } from '../../engine/vector/column-builder.js';
import { Vector } from '../../engine/vector/vector.js';
import { appendColumns } from '../append-columns.js';
import type { CopyStatement, SelectStatement } from '../ast/ast.js';
import { parseSql } from '../parser/parse.js';
import { QueryResult } from '../query-result.js';
import type { StatementRunner } from '../statement-runner.js';
import { copyOptionMap, csvReadOptions, Options, unescapeChar } from './copy-options.js';
import { loadCsv, type LoadedData, type LoadTarget } from './csv-loader.js';
import type { RejectRecord } from './csv-parser.js';
import { csvBytes, DEFAULT_CSV_WRITE, type ExportColumns } from './csv-writer.js';
import { type ExportSummary, writeFileAtomic, writePartitioned } from './export-writer.js';
import { expandFiles } from './file-source.js';
import { loadParquet } from './parquet-reader.js';
import { DEFAULT_ROW_GROUP_SIZE, parquetBytes } from './parquet-writer.js';
// Registers read_csv, read_parquet and sniff_csv (see that module for why from here).
import './ingest-table-functions.js';

/** Runs a COPY statement against `runner`. */
export function runCopy(stmt: CopyStatement, runner: StatementRunner): QueryResult {
  return stmt.direction === 'from' ? copyFrom(stmt, runner) : copyTo(stmt, runner);
}

/** `"name"`, with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

function isParquetName(file: string): boolean {
  return /\.parquet$|\.parq$|\.pq$/i.test(file);
}

// --- COPY ... FROM ---

function copyFrom(stmt: CopyStatement, runner: StatementRunner): QueryResult {
  const started = performance.now();
  const table = runner.tableEntry(stmt.table!, stmt.pos);
  const o = new Options(copyOptionMap(stmt.options), 'COPY ... FROM', stmt.pos);
  const files = expandFiles(stmt.file);
  const format = (o.string('format') ?? (isParquetName(files[0]) ? 'parquet' : 'csv')).toLowerCase();
  const rejectsName = o.string('rejects_table') ?? `${table.name}_rejects`;
  const targetCols = stmt.columns === null ? table.columns : stmt.columns.map((c) => {
    const col = table.columns.find((x) => x.name.toLowerCase() === c.toLowerCase());
    if (col === undefined) throw bindError(`Table "${table.name}" does not have a column named "${c}"`, stmt.pos);
    return col;
  });
  const target: LoadTarget = { columns: targetCols.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull })) };
  let data: LoadedData;
  if (format === 'csv') {
    const csv = csvReadOptions(o);
    o.checkAllUsed();
    data = loadCsv(files, csv, target);
  } else if (format === 'parquet') {
    o.checkAllUsed();
    data = loadParquet(files, target);
  } else {
    throw bindError(`unknown COPY format "${format}": use csv or parquet`, stmt.pos);
  }
  appendLoaded(table, data, stmt.columns === null ? null : targetCols.map((c) => c.name), (b) => runner.appended(table, b));
  runner.markDirty(table);
  let rejectsTable: string | null = null;
  if (data.rejectCount > 0) {
    rejectsTable = rejectsName;
    writeRejects(runner, rejectsName, data.rejects);
  }
  return loadSummary(data, rejectsTable, (performance.now() - started) / 1000);
}

/**
 * Appends loaded batches to `table`; `columns` names the loaded columns when they are not all
 * of the table's (the others are NULL). Everything that can fail was checked while loading.
 * `onAppend` sees each appended batch (cube maintenance).
 */
export function appendLoaded(table: TableEntry, data: LoadedData, columns: readonly string[] | null, onAppend: (b: Batch) => void = () => {}): void {
  const index = columns === null ? null : table.columns.map((c) => columns.findIndex((x) => x.toLowerCase() === c.name.toLowerCase()));
  if (index !== null) {
    table.columns.forEach((c, i) => {
      if (index[i] < 0 && c.notNull) throw new StrataError('constraint', `NOT NULL constraint failed: ${table.name}.${c.name} (not in the COPY column list)`);
    });
  }
  for (const b of data.batches) {
    const vectors = index === null ? b.columns : table.columns.map((c, i) => (index[i] < 0 ? Vector.nulls(c.type, b.length) : b.columns[index[i]]));
    const batch = new Batch([...vectors], b.length);
    table.data.append(batch);
    onAppend(batch);
  }
}

/** The rejects table's columns. */
export const REJECTS_SCHEMA = '(file VARCHAR, line BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR)';

/** Replaces table `name` with the rejected rows of a load. */
function writeRejects(runner: StatementRunner, name: string, rejects: readonly RejectRecord[]): void {
  const [create] = parseSql(`CREATE OR REPLACE TABLE ${quoteIdent(name)} ${REJECTS_SCHEMA}`);
  runner.runNested(create);
  const entry = runner.tableEntry(name);
  appendColumns(
    entry,
    {
      file: rejects.map((r) => r.file),
      line: rejects.map((r) => r.line),
      column_name: rejects.map((r) => r.column),
      value: rejects.map((r) => r.value),
      reason: rejects.map((r) => r.reason),
    },
    rejects.length,
  );
  runner.markDirty(entry);
}

function summaryResult(names: string[], types: DataType[], values: (number | string | null)[]): QueryResult {
  const vectors = types.map((t, i) => {
    const b = new ColumnBuilder(t);
    b.append(values[i]);
    return b.finish();
  });
  return new QueryResult(names, types, vectors, 1);
}

function loadSummary(data: LoadedData, rejectsTable: string | null, seconds: number): QueryResult {
  return summaryResult(
    ['rows_loaded', 'rows_rejected', 'rejects_table', 'seconds', 'mb_per_s'],
    [BIGINT, BIGINT, VARCHAR, DOUBLE, DOUBLE],
    [data.rows, data.rejectCount, rejectsTable, Math.round(seconds * 1000) / 1000, seconds > 0 ? Math.round(data.bytes / 1e6 / seconds * 10) / 10 : null],
  );
}

// --- COPY ... TO ---

function copyTo(stmt: CopyStatement, runner: StatementRunner): QueryResult {
  const started = performance.now();
  const o = new Options(copyOptionMap(stmt.options), 'COPY ... TO', stmt.pos);
  const partitionBy = o.list('partition_by');
  const format = (o.string('format') ?? (isParquetName(stmt.file) ? 'parquet' : 'csv')).toLowerCase();
  const overwrite = o.boolean('overwrite', 'overwrite_or_ignore') ?? false;
  let encode: (cols: ExportColumns) => Uint8Array;
  let ext: string;
  if (format === 'csv') {
    const compression = (o.string('compression') ?? (/\.gz$/i.test(stmt.file) ? 'gzip' : 'none')).toLowerCase();
    if (compression !== 'gzip' && compression !== 'none' && compression !== 'uncompressed') throw o.error(`CSV COMPRESSION must be gzip or none, not "${compression}"`);
    const csv = {
      delimiter: unescapeChar(o.string('delimiter', 'delim', 'sep')) ?? DEFAULT_CSV_WRITE.delimiter,
      quote: o.string('quote') ?? DEFAULT_CSV_WRITE.quote,
      header: o.boolean('header') ?? DEFAULT_CSV_WRITE.header,
      nullString: o.string('null', 'nullstr') ?? DEFAULT_CSV_WRITE.nullString,
      forceQuote: o.boolean('force_quote') ?? false,
      gzip: compression === 'gzip',
    };
    encode = (cols) => csvBytes(cols, csv);
    ext = csv.gzip ? 'csv.gz' : 'csv';
  } else if (format === 'parquet') {
    const pq = {
      compression: (o.string('compression', 'codec') ?? 'snappy').toLowerCase(),
      rowGroupSize: o.number('row_group_size') ?? DEFAULT_ROW_GROUP_SIZE,
    };
    encode = (cols) => parquetBytes(cols, pq);
    ext = 'parquet';
  } else {
    throw bindError(`unknown COPY format "${format}": use csv or parquet`, stmt.pos);
  }
  o.checkAllUsed();
  const query = stmt.query ?? tableQuery(stmt.table!, stmt.columns);
  const result = runner.runNested(query);
  const cols: ExportColumns = {
    names: result.columns.map((c) => c.name),
    types: result.columns.map((c) => c.dataType),
    parts: [result.vectors],
  };
  const summary: ExportSummary =
    partitionBy !== undefined && partitionBy.length > 0
      ? writePartitioned(stmt.file, cols, partitionBy, ext, encode, overwrite)
      : writeFileAtomic(stmt.file, cols, encode);
  const seconds = (performance.now() - started) / 1000;
  return summaryResult(['rows_written', 'files', 'bytes', 'seconds'], [BIGINT, BIGINT, BIGINT, DOUBLE], [summary.rows, summary.files, summary.bytes, Math.round(seconds * 1000) / 1000]);
}

function tableQuery(table: string, columns: string[] | null): SelectStatement {
  const list = columns === null ? '*' : columns.map(quoteIdent).join(', ');
  const [q] = parseSql(`SELECT ${list} FROM ${quoteIdent(table)}`);
  if (q.kind !== 'select') throw new StrataError('internal', 'table query did not parse as a query');
  return q;
}
