/**
 * The shell's engine thread: holds the open Database and runs what the shell asks, one request
 * at a time. Long statements report progress into shared memory and stop when the shell sets
 * the cancel flag (Ctrl-C), so the shell stays responsive and the database stays open.
 */
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from '../../sql/database.js';
import {
  BYTES_DONE,
  BYTES_TOTAL,
  type ProgressCells,
  ROWS_DONE,
  ROWS_TOTAL,
  type SessionReply,
  type SessionRequest,
  type SessionWorkerData,
  type WireError,
} from './session-protocol.js';
import { executeStatement, InterruptedError, schemaText } from './session.js';

/** Where `--demo` keeps its database, relative to the working directory. */
const DEMO_DIR = '.strata-demo';

const data = workerData as SessionWorkerData;
const cells: ProgressCells = { numbers: new Float64Array(data.numbers), cancel: new Int32Array(data.cancel) };
let db: Database | null = null;

// Start loading the engine now: the shell shows its prompt while this happens.
const engine = import('../../sql/database.js');
const ingestModule = import('../../sql/ingest/ingest-monitor.js').then((m) => {
  m.setIngestMonitor({
    progress(p) {
      cells.numbers[BYTES_DONE] = p.bytesDone;
      cells.numbers[BYTES_TOTAL] = p.bytesTotal;
      cells.numbers[ROWS_DONE] = p.rows;
      if (p.rowsTotal > 0) cells.numbers[ROWS_TOTAL] = p.rowsTotal;
      if (Atomics.load(cells.cancel, 0) !== 0) throw new InterruptedError();
    },
  });
});

/** Every open database reports its scans' rows into the shared counters and stops on Ctrl-C. */
function watch(d: Database): Database {
  d.setProgressHandler((p) => {
    cells.numbers[ROWS_DONE] = p.rowsDone;
    cells.numbers[ROWS_TOTAL] = p.rowsTotal;
    return Atomics.load(cells.cancel, 0) !== 0;
  });
  return d;
}

function wireError(e: unknown): WireError {
  if (e instanceof Error) {
    const x = e as Error & { code?: string; line?: number; column?: number };
    return { message: x.message, code: x.code, line: x.line, column: x.column };
  }
  return { message: String(e) };
}

async function openDemo(): Promise<string> {
  const [{ Database }, demo] = await Promise.all([engine, import('../demo/demo-database.js')]);
  db = watch(await Database.open(path.resolve(DEMO_DIR)));
  const expected = demo.DEMO_TABLE_ROWS.lineorder;
  let existing: number | null = null;
  try {
    existing = Number((await db.query('SELECT count(*) FROM lineorder')).getValue(0, 0));
  } catch {
    // No demo tables yet.
  }
  if (existing === expected) return `Opened the demo database in ${DEMO_DIR}/.`;
  if (existing !== null) {
    await db.exec(['"date"', 'customer', 'supplier', 'part', 'lineorder'].map((t) => `DROP TABLE IF EXISTS ${t}`).join('; '));
  }
  const started = performance.now();
  await demo.createDemoDatabase(db);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return `Built the demo database in ${DEMO_DIR}/ (${expected.toLocaleString('en-US')} lineorder rows, ${seconds} s).`;
}

async function handle(req: SessionRequest): Promise<unknown> {
  await ingestModule;
  switch (req.type) {
    case 'open': {
      if (db !== null) await db.close();
      db = null;
      if (req.demo) return openDemo();
      const { Database } = await engine;
      db = watch(await Database.open(req.dir ?? undefined));
      return null;
    }
    case 'run':
      return executeStatement(current(), req.sql, req.line, req.settings);
    case 'tables':
      return current().tableNames();
    case 'schema':
      return schemaText(current(), req.table);
    case 'ingest':
      return current().ingest(req.spec);
    case 'close':
      if (db !== null) await db.close();
      db = null;
      return null;
  }
}

function current(): Database {
  if (db === null) throw new Error('no database is open');
  return db;
}

// Requests run strictly one after another.
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (req: SessionRequest) => {
  queue = queue.then(async () => {
    let reply: SessionReply;
    try {
      reply = { id: req.id, ok: true, value: await handle(req) };
    } catch (e) {
      reply = { id: req.id, ok: false, error: wireError(e) };
    }
    cells.numbers[ROWS_TOTAL] = 0;
    parentPort!.postMessage(reply);
  });
});
