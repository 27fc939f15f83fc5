/** QueryProgress: the rows a running query's table scans have read, reported per batch to a handler that may stop the query. */
import { StrataError } from '../errors.js';

/** What a progress handler sees. `rowsTotal` grows as scans open (a correlated subquery's scans open once per run). */
export interface ProgressSnapshot {
  readonly rowsDone: number;
  readonly rowsTotal: number;
}

/**
 * Called after every batch a table scan reads (so at most every few thousand rows, never per
 * row). Returning true stops the statement with a StrataError whose code is `interrupted`; the
 * statement is rolled back like any failed statement.
 */
export type ProgressHandler = (p: ProgressSnapshot) => boolean | void;

/** Per-execution counters behind a {@link ProgressHandler} (one per statement, shared by its subqueries). */
export class QueryProgress implements ProgressSnapshot {
  rowsDone = 0;
  rowsTotal = 0;

  constructor(private readonly handler: ProgressHandler) {}

  /** A table scan with `rows` rows was opened. */
  scanOpened(rows: number): void {
    this.rowsTotal += rows;
  }

  /** A table scan read `rows` more rows (before filtering). */
  scanned(rows: number): void {
    this.rowsDone += rows;
    if (this.handler(this) === true) throw new StrataError('interrupted', 'Interrupted');
  }
}
