/** Database: the library facade; SQL text in, results out (wires the parser, binder, optimizer and executor). */
import { QueryResult } from './query-result.js';

/** Options for {@link Database.open}. */
export interface DatabaseOptions {
  /** Open without write access (no statement may change data). */
  readOnly?: boolean;
}

export class Database {
  private constructor() {}

  /** Opens a database: in memory when `dir` is omitted, else the database stored in directory `dir`. */
  static async open(dir?: string, options: DatabaseOptions = {}): Promise<Database> {
    void dir;
    void options;
    return new Database();
  }

  /** Runs one or more `;`-separated statements. */
  async exec(sql: string): Promise<void> {
    this.execSync(sql);
  }

  /** Runs one or more statements and returns the result of the last one. */
  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    return this.querySync(sql, params);
  }

  execSync(sql: string): void {
    void sql;
    throw new Error('not yet');
  }

  querySync(sql: string, params?: readonly unknown[]): QueryResult {
    void sql;
    void params;
    throw new Error('not yet');
  }

  async close(): Promise<void> {}
}
