/** The DuckDB side of the write benchmark: bulk appends through its Appender (data chunks), single-row INSERTs, query timing. */
import { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, INTEGER, VARCHAR, type DuckDBType } from '@duckdb/node-api';

/** Columns as the SSB generator gives them: Int32Array or string[] per column name. */
export type ColumnChunk = Record<string, Int32Array | string[]>;

const DUCK_CHUNK = 2048;

export class DuckDbWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  /** A database file at `file` (its own WAL and checkpoints, as DuckDB runs by default). */
  static async open(file: string): Promise<DuckDbWriter> {
    const instance = await DuckDBInstance.create(file, { threads: '1' });
    return new DuckDbWriter(instance, await instance.connect());
  }

  /**
   * Appends `n` rows through DuckDB's Appender, filled data chunk by data chunk (DuckDB's bulk
   * path for a client library); committed when the appender closes.
   */
  async append(table: string, names: readonly string[], columns: ColumnChunk, n: number): Promise<void> {
    const appender = await this.conn.createAppender(table);
    const types: DuckDBType[] = names.map((c) => (columns[c] instanceof Int32Array ? INTEGER : VARCHAR));
    for (let start = 0; start < n; start += DUCK_CHUNK) {
      const m = Math.min(DUCK_CHUNK, n - start);
      const chunk = DuckDBDataChunk.create(types, m);
      names.forEach((c, i) => {
        const col = columns[c];
        chunk.setColumnValues(i, col instanceof Int32Array ? Array.from(col.subarray(start, start + m)) : col.slice(start, start + m));
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
  }

  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  /** Milliseconds of the best of `runs` runs of `sql`. */
  async timeQuery(sql: string, runs: number): Promise<number> {
    let best = Infinity;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      await this.conn.runAndReadAll(sql);
      best = Math.min(best, performance.now() - t);
    }
    return best;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
