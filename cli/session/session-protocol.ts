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
  /** Float64 progress counters (see scan-progress.ts). */
  numbers: SharedArrayBuffer;
  /** Int32 cancel flag. */
  cancel: SharedArrayBuffer;
}
