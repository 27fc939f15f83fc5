/**
 * The shell's side of the engine worker (session-worker.ts): requests and replies over
 * postMessage, progress read from shared memory, Ctrl-C as a shared cancel flag, and, when a
 * statement does not stop, a restart of the worker (reopening the database directory).
 */
import { Worker } from 'node:worker_threads';
import type { IngestSpec, IngestSummary } from '../../sql/ingest/ingest-files.js';
import { BYTES_DONE, BYTES_TOTAL, ROWS_DONE, ROWS_TOTAL, type SessionReply, type SessionRequest, type SessionWorkerData, type WireError } from './session-protocol.js';
import { InterruptedError, type RenderSettings, type Session, type StatementOutcome } from './session.js';

/** A snapshot of the running request's progress. */
export interface ProgressSnapshot {
  rowsDone: number;
  rowsTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

function toError(w: WireError): Error {
  const e = new Error(w.message) as Error & { code?: string; line?: number; column?: number };
  if (w.code !== undefined) e.code = w.code;
  if (w.line !== undefined) e.line = w.line;
  if (w.column !== undefined) e.column = w.column;
  return e;
}

type Request = SessionRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class WorkerSession implements Session {
  private worker!: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly numbers = new Float64Array(new SharedArrayBuffer(8 * 4));
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private dir: string | null;
  private demo: boolean;
  /** Requests in flight. */
  busy = 0;
  /** The result of opening the database (the demo's note, if any). */
  ready: Promise<string | null>;

  constructor(dir: string | null, demo = false) {
    this.dir = dir;
    this.demo = demo;
    this.ready = this.spawn();
  }

  private spawn(): Promise<string | null> {
    const data: SessionWorkerData = { numbers: this.numbers.buffer as SharedArrayBuffer, cancel: this.cancelFlag.buffer as SharedArrayBuffer };
    this.worker = new Worker(new URL('./session-worker.js', import.meta.url), { workerData: data });
    this.worker.on('message', (reply: SessionReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      this.busy--;
      if (reply.ok) p.resolve(reply.value);
      else p.reject(toError(reply.error));
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) this.failAll(new Error(`the engine thread stopped (exit code ${code})`));
    });
    return this.request({ type: 'open', dir: this.dir, demo: this.demo }) as Promise<string | null>;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.busy -= this.pending.size;
    this.pending.clear();
  }

  private request(msg: Request): Promise<unknown> {
    const id = this.nextId++;
    // The worker is idle between requests: reset the shared cells before this one starts.
    if (this.busy === 0) {
      this.numbers.fill(0);
      Atomics.store(this.cancelFlag, 0, 0);
    }
    this.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id } as SessionRequest);
    });
  }

  /** Progress of the running request. */
  progress(): ProgressSnapshot {
    return { rowsDone: this.numbers[ROWS_DONE], rowsTotal: this.numbers[ROWS_TOTAL], bytesDone: this.numbers[BYTES_DONE], bytesTotal: this.numbers[BYTES_TOTAL] };
  }

  /** Asks the running statement to stop (it ends with "Interrupted" at its next batch). */
  cancel(): void {
    Atomics.store(this.cancelFlag, 0, 1);
  }

  /**
   * Stops the engine thread at once and starts a new one on the same directory. An in-memory
   * database is lost; a stored one keeps every statement that completed.
   */
  async restart(): Promise<void> {
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.busy = 0;
    await this.worker.terminate();
    for (const p of pending) p.reject(new InterruptedError());
    this.demo = false;
    this.ready = this.spawn();
    await this.ready.catch(() => null);
  }

  async run(sql: string, line: number, settings: RenderSettings): Promise<StatementOutcome> {
    await this.ready;
    const wire = { ...settings, maxWidth: Number.isFinite(settings.maxWidth) ? settings.maxWidth : 0 };
    return (await this.request({ type: 'run', sql, line, settings: wire })) as StatementOutcome;
  }

  async tableNames(): Promise<string[]> {
    await this.ready;
    return (await this.request({ type: 'tables' })) as string[];
  }

  async schema(table: string | null): Promise<string> {
    await this.ready;
    return (await this.request({ type: 'schema', table })) as string;
  }

  async ingest(spec: IngestSpec): Promise<IngestSummary> {
    await this.ready;
    return (await this.request({ type: 'ingest', spec })) as IngestSummary;
  }

  async open(dir: string | null): Promise<void> {
    await this.ready.catch(() => null);
    this.dir = dir;
    this.demo = false;
    this.ready = this.request({ type: 'open', dir, demo: false }) as Promise<null>;
    await this.ready;
  }

  async close(): Promise<void> {
    try {
      await this.ready;
      await this.request({ type: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }
}
