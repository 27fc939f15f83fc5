/** The public entry point of the `strata` package. */
export { Database, type DatabaseOptions, type TableDescription } from './sql/database.js';
export type { ProgressHandler, ProgressSnapshot } from './engine/exec/query-progress.js';
export type { IngestSpec, IngestSummary } from './sql/ingest/ingest-files.js';
export { QueryResult, type ColumnInfo, type CellValue } from './sql/query-result.js';
export { StrataError, type ErrorCode } from './engine/errors.js';
