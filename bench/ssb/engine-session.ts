/**
 * What the SSB worker needs of an engine: open, load the `.tbl` files, run a query (timed), read
 * its rows, EXPLAIN it, report sizes. Implemented by strata-session.ts and duckdb-session.ts,
 * which the worker imports on demand so that each process maps only its own engine.
 */
import type { Cell } from './result-compare.js';
import type { TableLoadReport } from './worker-protocol.js';

/** A query result read out as plain JS values. */
export interface ResultRows {
  readonly columns: string[];
  readonly types: string[];
  readonly rows: Cell[][];
}

/** One open engine, as the worker drives it. */
export interface EngineSession {
  readonly version: string;
  /** Threads the engine uses. */
  readonly threads: number;
  /** `file` (DuckDB), `directory` (Strata on disk) or `in-memory`. */
  readonly storage: string;
  load(dataDir: string): Promise<TableLoadReport[]>;
  /** Makes the loaded data durable; returns the seconds it took, or null if there is nothing to do. */
  persist(): Promise<number | null>;
  /** Bytes on disk; null for in-memory data. */
  dbBytes(): number | null;
  /** Runs `sql` to a materialized result (this is the timed part). */
  run(sql: string): Promise<unknown>;
  /** Converts what {@link run} returned to JS rows (not timed). */
  read(result: unknown): Promise<ResultRows>;
  /** The EXPLAIN text of `sql`, or null when the engine has none worth reporting. */
  explain(sql: string): Promise<string | null>;
  close(): Promise<void>;
}

