/** The public entry point of the `strata` package. */
export { Database, type DatabaseOptions } from './sql/database.js';
export { QueryResult, type ColumnInfo, type CellValue } from './sql/query-result.js';
export { StrataError, type ErrorCode } from './engine/errors.js';
