/** The DuckDB side of the SSB benchmark: an {@link EngineSession} on a database file. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, version as duckdbVersion } from '@duckdb/node-api';
import { loadTblIntoDuckDb } from './duckdb-loader.js';
import type { EngineSession } from './engine-session.js';
import type { Cell } from './result-compare.js';

/** DuckDB values in the shapes Strata returns (HUGEINT/BIGINT sums arrive as bigint). */
function duckValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : String(v);
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** DuckDB on a database file in `scratchDir`, with `threads` threads (null: its default). */
export async function openDuckDb(scratchDir: string, threads: number | null): Promise<EngineSession> {
  const file = path.join(scratchDir, 'ssb.duckdb');
  const instance = await DuckDBInstance.create(file);
  const conn: DuckDBConnection = await instance.connect();
  if (threads !== null) await conn.run(`SET threads = ${threads}`);
  const actual = Number((await conn.runAndReadAll(`SELECT current_setting('threads')`)).getRowsJS()[0][0]);
  const sizeOf = (f: string): number => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  return {
    version: duckdbVersion(),
    threads: actual,
    storage: 'file',
    load: (dir) => loadTblIntoDuckDb(conn, dir),
    persist: async () => {
      const started = performance.now();
      await conn.run('CHECKPOINT');
      return (performance.now() - started) / 1000;
    },
    dbBytes: () => sizeOf(file) + sizeOf(`${file}.wal`),
    run: (sql) => conn.runAndReadAll(sql),
    read: async (result) => {
      const r = result as Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
      return {
        columns: r.columnNames(),
        types: r.columnTypes().map((t) => String(t)),
        rows: r.getRowsJS().map((row) => row.map(duckValue)),
      };
    },
    explain: async () => null,
    close: async () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
