/**
 * `strata ingest`: loads CSV or Parquet files into a table, creating it (with its sort key) from
 * the detected columns when it does not exist. The load happens before anything changes: a
 * failed load creates no table and appends no row.
 */
import { StrataError } from '../../engine/errors.js';
import { type DataType, typeToString } from '../../engine/types/data-type.js';
import { appendColumns } from '../append-columns.js';
import { parseSql } from '../parser/parse.js';
import type { StatementRunner } from '../statement-runner.js';
import { appendLoaded, quoteIdent, REJECTS_SCHEMA } from './copy-statement.js';
import { type CsvReadOptions, loadCsv, type LoadedData, type LoadTarget } from './csv-loader.js';
import { expandFiles } from './file-source.js';
import { loadParquet } from './parquet-reader.js';

/** What to ingest and how. */
export interface IngestSpec {
  readonly table: string;
  readonly files: readonly string[];
  /** `csv`, `parquet`, or undefined to decide by the first file's name. */
  readonly format?: 'csv' | 'parquet';
  /** CSV options (delimiter, header, types...); all detected or defaulted when omitted. */
  readonly csv?: CsvReadOptions;
  /** Sort key of a table this creates. */
  readonly orderBy?: readonly string[];
  /** Name of the rejects table (default `<table>_rejects`). */
  readonly rejectsTable?: string;
}

/** The outcome of an ingest. */
export interface IngestSummary {
  readonly table: string;
  readonly created: boolean;
  readonly rows: number;
  readonly rejected: number;
  readonly rejectsTable: string | null;
  readonly bytes: number;
  readonly seconds: number;
  readonly columns: string;
  readonly notes: string[];
  /** Seconds spent making the load durable (set by the caller that persists). */
  persistSeconds?: number;
}

/** Loads `spec.files` into `spec.table` on `runner`; the caller persists (runner.persist()). */
export function ingestFiles(runner: StatementRunner, spec: IngestSpec): IngestSummary {
  const started = performance.now();
  const files = spec.files.flatMap((f) => expandFiles(f));
  const format = spec.format ?? (/\.(parquet|parq|pq)$/i.test(files[0] ?? '') ? 'parquet' : 'csv');
  const existing = runner.catalog.get(spec.table);
  if (existing !== undefined && existing.kind !== 'table') throw new StrataError('catalog', `${spec.table} is a view, not a table`);
  const target: LoadTarget | null = existing === undefined ? null : { columns: existing.columns.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull })) };
  const data: LoadedData = format === 'parquet' ? loadParquet(files, target) : loadCsv(files, spec.csv ?? {}, target);
  let created = false;
  if (existing === undefined) {
    for (const k of spec.orderBy ?? []) {
      if (!data.names.some((n) => n.toLowerCase() === k.toLowerCase())) throw new StrataError('binder', `--order-by column "${k}" is not a column of the file (${data.names.join(', ')})`);
    }
    runner.runNested(parseSql(createTableSql(spec.table, data.names, data.types, spec.orderBy ?? []))[0]);
    created = true;
  }
  const table = runner.tableEntry(spec.table);
  appendLoaded(table, data, null);
  runner.markDirty(table);
  let rejectsTable: string | null = null;
  if (data.rejectCount > 0) {
    rejectsTable = spec.rejectsTable ?? `${table.name}_rejects`;
    runner.runNested(parseSql(`CREATE OR REPLACE TABLE ${quoteIdent(rejectsTable)} ${REJECTS_SCHEMA}`)[0]);
    const r = runner.tableEntry(rejectsTable);
    appendColumns(
      r,
      {
        file: data.rejects.map((x) => x.file),
        line: data.rejects.map((x) => x.line),
        column_name: data.rejects.map((x) => x.column),
        value: data.rejects.map((x) => x.value),
        reason: data.rejects.map((x) => x.reason),
      },
      data.rejects.length,
    );
    runner.markDirty(r);
  }
  return {
    table: table.name,
    created,
    rows: data.rows,
    rejected: data.rejectCount,
    rejectsTable,
    bytes: data.bytes,
    seconds: (performance.now() - started) / 1000,
    columns: data.names.map((n, i) => `${n} ${typeToString(data.types[i])}`).join(', '),
    notes: data.notes,
  };
}

/** `CREATE TABLE t (a TYPE, ...) [ORDER BY (k, ...)]`. */
export function createTableSql(table: string, names: readonly string[], types: readonly DataType[], orderBy: readonly string[]): string {
  const cols = names.map((n, i) => `${quoteIdent(n)} ${typeToString(types[i])}`).join(', ');
  return `CREATE TABLE ${quoteIdent(table)} (${cols})${orderBy.length > 0 ? ` ORDER BY (${orderBy.map(quoteIdent).join(', ')})` : ''}`;
}
