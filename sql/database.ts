/** Database: the library facade; SQL text in, results out (wires the parser, binder, optimizer and executor). */
import { StrataError } from '../engine/errors.js';
import { DatabaseStorage } from '../storage/database-storage.js';
import type { ColumnInput } from './append-columns.js';
import { parseSql } from './parser/parse.js';
import { QueryResult } from './query-result.js';
import { StatementRunner } from './statement-runner.js';

/** Options for {@link Database.open}. */
export interface DatabaseOptions {
  /** Open without write access (no statement may change data). */
  readOnly?: boolean;
}

const EMPTY = new QueryResult([], [], [], 0);

/**
 * An open database. All methods run statements synchronously on the calling thread; the async
 * forms exist so that callers are ready for storage I/O and parallel execution, which will make
 * them truly asynchronous without an API change.
 */
export class Database {
  private readonly runner: StatementRunner;
  private closed = false;

  private constructor(
    readonly dir: string | null,
    storage: DatabaseStorage | null,
  ) {
    this.runner = new StatementRunner(storage);
  }

  /**
   * Opens a database: in memory when `dir` is omitted (or ':memory:'), else the database stored
   * in directory `dir` (created if missing). Every statement that completes on a stored database
   * is durable.
   */
  static async open(dir?: string, options: DatabaseOptions = {}): Promise<Database> {
    return Database.openSync(dir, options);
  }

  /** Synchronous {@link Database.open}. */
  static openSync(dir?: string, options: DatabaseOptions = {}): Database {
    void options;
    if (dir === undefined || dir === ':memory:') return new Database(null, null);
    return new Database(dir, DatabaseStorage.open(dir));
  }

  /** True when the data survives close (false for in-memory databases). */
  get persistent(): boolean {
    return this.dir !== null;
  }

  /** Runs one or more `;`-separated statements. */
  async exec(sql: string): Promise<void> {
    this.execSync(sql);
  }

  /** Runs one or more statements and returns the result of the last one. */
  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    return this.querySync(sql, params);
  }

  /** Yields the result of a query in bounded batches (at most 2048 rows each). */
  async *stream(sql: string, params?: readonly unknown[]): AsyncGenerator<QueryResult> {
    this.checkOpen();
    const stmts = parseSql(sql);
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
    const stmts = parseSql(sql);
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
