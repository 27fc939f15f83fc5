/** Messages between the SSB runner (parent) and an engine worker (one child process per engine run). */
import type { SsbQuery, SsbTableName } from './ssb-schema.js';
import type { Row } from './result-compare.js';

/** The engines the benchmark drives. */
export type EngineName = 'strata' | 'duckdb';

/** Parent to worker: what to load and run. */
export interface WorkerRequest {
  readonly engine: EngineName;
  /** Threads to ask for; null for the engine's default. */
  readonly threads: number | null;
  /** Directory with the five `.tbl` files. */
  readonly dataDir: string;
  /** A scratch directory for database files (deleted by the parent afterwards). */
  readonly scratchDir: string;
  /** Strata: store the database in the scratch directory instead of memory (DuckDB always uses a file there). */
  readonly onDisk: boolean;
  readonly queries: readonly SsbQuery[];
  readonly warmup: number;
  readonly runs: number;
}

/** Loading one table. */
export interface TableLoadReport {
  readonly table: SsbTableName;
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** One query's outcome in one engine. */
export interface QueryReport {
  readonly id: string;
  /** Wall times of the timed runs, in milliseconds (empty when the query failed). */
  readonly timesMs: number[];
  /** Column names and types of the result, and its rows (from the first execution). */
  readonly columns: string[];
  readonly types: string[];
  readonly rows: Row[];
  /** The error message when the query failed. */
  readonly error: string | null;
  /** EXPLAIN output (Strata only; null elsewhere or when EXPLAIN failed). */
  readonly explain: string | null;
}

/** Worker to parent: everything measured in the worker. */
export interface WorkerReport {
  readonly engine: EngineName;
  readonly version: string;
  /** Threads the engine actually used. */
  readonly threads: number;
  /** Threads asked for (null: the engine's default). */
  readonly requestedThreads: number | null;
  readonly loads: TableLoadReport[];
  /** Time to make the loaded data durable (DuckDB CHECKPOINT); null for in-memory engines. */
  readonly persistSeconds: number | null;
  /** Bytes of the database on disk; null when the engine holds the data in memory only. */
  readonly dbBytes: number | null;
  /** `file` (DuckDB), `directory` (Strata on disk) or `in-memory`. */
  readonly storage: string;
  readonly rssAfterLoadBytes: number;
  /** Peak resident set size of the worker process (`process.resourceUsage().maxRSS`). */
  readonly peakRssBytes: number;
  readonly queries: QueryReport[];
  /** A failure outside any one query (loading, opening); the report is then partial. */
  readonly fatal: string | null;
}
