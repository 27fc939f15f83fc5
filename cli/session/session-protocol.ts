/** Messages between the shell (main thread) and its engine worker; see worker-session.ts. */
import type { IngestSpec } from '../../sql/ingest/ingest-files.js';
import type { RenderSettings } from './session.js';

/** A request from the shell; `id` pairs it with its reply. */
export type SessionRequest =
  | { id: number; type: 'open'; dir: string | null; demo: boolean }
  | { id: number; type: 'run'; sql: string; line: number; settings: RenderSettings }
  | { id: number; type: 'tables' }
  | { id: number; type: 'schema'; table: string | null }
  | { id: number; type: 'ingest'; spec: IngestSpec }
  | { id: number; type: 'close' };

/** An error that crossed the thread boundary. */
export interface WireError {
  message: string;
  code?: string;
  line?: number;
  column?: number;
}

/** A reply from the worker. */
export type SessionReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** Shared memory handed to the worker at start. */
export interface SessionWorkerData {
  /** Float64 progress counters (see {@link ProgressCells}). */
  numbers: SharedArrayBuffer;
  /** Int32 cancel flag. */
  cancel: SharedArrayBuffer;
}

/** The shared counters as typed arrays: the worker writes them, the shell's main thread reads them. */
export interface ProgressCells {
  /** [ROWS_DONE] rows done, [ROWS_TOTAL] rows total, [BYTES_DONE] bytes done, [BYTES_TOTAL] bytes total. */
  readonly numbers: Float64Array;
  /** [0] = 1 when the shell asked to stop (Ctrl-C). */
  readonly cancel: Int32Array;
}

/** Indexes into {@link ProgressCells.numbers}. */
export const ROWS_DONE = 0;
export const ROWS_TOTAL = 1;
export const BYTES_DONE = 2;
export const BYTES_TOTAL = 3;
