/** Database: the library facade; SQL text in, results out (wires the parser, binder, optimizer and executor). */
import { StrataError } from '../engine/errors.js';
import { DatabaseStorage, type RecoveryReport } from '../storage/database-storage.js';
import type { FileSystem } from '../storage/io/file-system.js';
import type { ColumnInput } from './append-columns.js';
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
