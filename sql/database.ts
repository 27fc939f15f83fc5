/** Database: the library facade; SQL text in, results out (wires the parser, binder, optimizer and executor). */
import { StrataError } from '../engine/errors.js';
import type { ProgressHandler } from '../engine/exec/query-progress.js';
import { DatabaseStorage, type RecoveryReport } from '../storage/database-storage.js';
import type { FileSystem } from '../storage/io/file-system.js';
import type { ColumnInput } from './append-columns.js';
import type { IngestSpec, IngestSummary } from './ingest/ingest-files.js';
import { ParseCache } from './parser/parse-cache.js';
import { QueryResult } from './query-result.js';
import { StatementRunner, type WriteSettings } from './statement-runner.js';

/** Options for {@link Database.open}. */
export interface DatabaseOptions extends Partial<WriteSettings> {
  /**
   * Open without write access: no lock is taken (another process may be writing), the log is
   * replayed in memory, and every statement that would change data fails with `read_only`.
   */
  readOnly?: boolean;
  /** Checkpoint on close so that the next open has no log to replay (default true). */
  checkpointOnClose?: boolean;
  /** Where files are read and written (tests inject faults or count bytes through it). */
  fileSystem?: FileSystem;
}

const EMPTY = new QueryResult([], [], [], 0);

/** What {@link Database.describe} returns. */
export interface TableDescription {
  readonly kind: 'table' | 'view' | 'materialized_view';
  /** The name as created. */
  readonly name: string;
  /** A table's sort key (`ORDER BY (...)` of CREATE TABLE); empty otherwise. */
  readonly sortKey: readonly string[];
  /** A view's or materialized view's SELECT text; null for a table. */
  readonly definition: string | null;
}

/**
 * An open database. All methods run statements synchronously on the calling thread; the async
 * forms exist so that callers are ready for storage I/O and parallel execution, which will make
 * them truly asynchronous without an API change.
 */
export class Database {
  private readonly runner: StatementRunner;
  private readonly parsed = new ParseCache();
  private closed = false;

  /** What opening found in the write-ahead log (null in memory): records replayed, damaged tail dropped. */
  readonly recovery: RecoveryReport | null;

  private constructor(
    readonly dir: string | null,
    storage: DatabaseStorage | null,
    options: DatabaseOptions,
  ) {
    const { readOnly, checkpointOnClose, fileSystem, ...settings } = options;
    void fileSystem;
    this.runner = new StatementRunner(storage, { readOnly, checkpointOnClose, settings });
    this.recovery = storage?.recovery ?? null;
    const dropped = storage?.recovery.dropped;
    if (dropped) {
      process.emitWarning(
        `${dir}: dropped a damaged write-ahead log tail (${dropped.reason}) at ${dropped.file} byte ${dropped.offset}: ${dropped.droppedBytes} bytes${dropped.droppedFiles.length > 0 ? ` and ${dropped.droppedFiles.length} later log files` : ''}; ${storage?.recovery.records} committed records were replayed`,
        { code: 'STRATA_WAL_TAIL_DROPPED' },
      );
    }
  }

  /**
   * Opens a database: in memory when `dir` is omitted (or ':memory:'), else the database stored
   * in directory `dir` (created if missing). Every statement that completes on a stored database
   * is durable (with `durability: 'relaxed'`, durable against a process crash only).
   */
  static async open(dir?: string, options: DatabaseOptions = {}): Promise<Database> {
    return Database.openSync(dir, options);
  }

  /** Synchronous {@link Database.open}. */
  static openSync(dir?: string, options: DatabaseOptions = {}): Database {
    if (dir === undefined || dir === ':memory:') return new Database(null, null, options);
    const storage = DatabaseStorage.open(dir, { fileSystem: options.fileSystem, readOnly: options.readOnly });
    try {
      return new Database(dir, storage, options);
    } catch (e) {
      storage.close();
      throw e;
    }
  }

  /** True when the data survives close (false for in-memory databases). */
  get persistent(): boolean {
    return this.dir !== null;
  }

  /** True between BEGIN and COMMIT / ROLLBACK. */
  get inTransaction(): boolean {
    return this.runner.inTransaction;
  }

  /** Runs one or more `;`-separated statements. */
  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  /**
   * Runs one or more statements and returns the result of the last one. The promise resolves
   * once the writes are durable; calls made in the same tick share one fsync (group commit).
   */
  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    this.runner.deferSync = true;
    let r: QueryResult;
    try {
      r = this.querySync(sql, params);
    } finally {
      this.runner.deferSync = false;
    }
    await this.runner.durable();
    return r;
  }

  /** Yields the result of a query in bounded batches (at most 2048 rows each). */
  async *stream(sql: string, params?: readonly unknown[]): AsyncGenerator<QueryResult> {
    this.checkOpen();
    const stmts = this.parsed.parse(sql);
    for (let i = 0; i < stmts.length - 1; i++) this.runner.run(stmts[i], params ?? []);
    const last = stmts[stmts.length - 1];
    if (last === undefined) return;
    if (last.kind !== 'select') {
      yield this.runner.run(last, params ?? []);
      return;
    }
    yield* this.runner.streamQuery(last, params ?? []);
  }

  execSync(sql: string): void {
    this.querySync(sql);
  }

  querySync(sql: string, params: readonly unknown[] = []): QueryResult {
    this.checkOpen();
    const stmts = this.parsed.parse(sql);
    let result = EMPTY;
    for (const s of stmts) result = this.runner.run(s, params);
    return result;
  }

  /**
   * Appends `n` rows to `table` from column arrays (the bulk path used by loaders): typed
   * arrays in the column's physical layout are taken without per-value work; see
   * {@link ColumnInput}. Atomic: on a conversion error nothing is appended.
   */
  appendColumns(table: string, columns: Record<string, ColumnInput>, n: number): void {
    this.checkOpen();
    this.runner.appendColumns(table, columns, n);
  }

  /** Flushes the write buffers to segments, compacts, and starts a new log (as `CHECKPOINT`). */
  checkpoint(): void {
    this.checkOpen();
    this.runner.checkpoint();
  }

  /** Names of the tables and views, sorted. */
  tableNames(): string[] {
    return this.runner.catalog.list().map((e) => e.name);
  }

  /**
   * What `name` is: a table (with its sort key), a view or a materialized view (with its
   * defining SELECT); null when there is none. Column names and types come from a query
   * (`SELECT * FROM name LIMIT 0`).
   */
  describe(name: string): TableDescription | null {
    const e = this.runner.catalog.get(name);
    if (e === undefined) return null;
    if (e.kind === 'table') return { kind: 'table', name: e.name, sortKey: [...e.sortKey], definition: null };
    if (e.cube !== undefined) return { kind: 'materialized_view', name: e.name, sortKey: [], definition: e.cube.sql };
    return { kind: 'view', name: e.name, sortKey: [], definition: e.sql };
  }

  /**
   * Calls `handler` after each batch (a few thousand rows) that a table scan of a running
   * statement reads, with the rows read so far and the rows of the tables opened; returning true
   * stops the statement, which fails with a StrataError of code `interrupted` and changes
   * nothing. `null` removes the handler. Statements run on the calling thread, so a handler is
   * how another thread (through shared memory) or a time budget can stop a long query.
   */
  setProgressHandler(handler: ProgressHandler | null): void {
    this.runner.progressHandler = handler;
  }

  /**
   * Loads CSV or Parquet files into a table (created from the files' columns when missing), as
   * `strata ingest` does, and makes the result durable. Bad rows are reported (or, with
   * `strict`, fail the load with the table unchanged).
   */
  async ingest(spec: IngestSpec): Promise<IngestSummary> {
    this.checkOpen();
    const { ingestFiles } = await import('./ingest/ingest-files.js');
    const summary = ingestFiles(this.runner, spec);
    const started = performance.now();
    this.runner.persist();
    summary.persistSeconds = (performance.now() - started) / 1000;
    return summary;
  }

  async close(): Promise<void> {
    this.closeSync();
  }

  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    this.runner.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new StrataError('execution', 'the database is closed');
  }
}
