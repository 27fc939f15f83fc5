/**
 * Entry point of one SSB engine run, in its own child process (so that its peak memory is its
 * own): receives a {@link WorkerRequest} over IPC, loads the data, runs every query with warm-up
 * and timed runs, and sends back a {@link WorkerReport}. Started by ssb-runner.ts.
 */
import path from 'node:path';
import { median } from '../stats.js';
import type { EngineSession } from './engine-session.js';
import type { QueryReport, TableLoadReport, WorkerReport, WorkerRequest } from './worker-protocol.js';

function log(engine: string, text: string): void {
  process.stderr.write(`  [${engine}] ${text}\n`);
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
}

async function open(req: WorkerRequest): Promise<EngineSession> {
  // Imported on demand: a Strata worker must not map DuckDB's native library, and vice versa.
  if (req.engine === 'strata') return (await import('./strata-session.js')).openStrata(req.onDisk ? path.join(req.scratchDir, 'strata-db') : null);
  return (await import('./duckdb-session.js')).openDuckDb(req.scratchDir, req.threads);
}

async function runQuery(session: EngineSession, id: string, sql: string, warmup: number, runs: number): Promise<QueryReport> {
  const timesMs: number[] = [];
  let first: unknown = undefined;
  try {
    for (let i = 0; i < warmup + runs; i++) {
      const started = performance.now();
      const result = await session.run(sql);
      const ms = performance.now() - started;
      if (i >= warmup) timesMs.push(ms);
      if (first === undefined) first = result;
    }
  } catch (e) {
    return { id, timesMs: [], columns: [], types: [], rows: [], error: errorText(e), explain: await explainOf(session, sql) };
  }
  const { columns, types, rows } = await session.read(first);
  return { id, timesMs, columns, types, rows, error: null, explain: await explainOf(session, sql) };
}

async function explainOf(session: EngineSession, sql: string): Promise<string | null> {
  try {
    return await session.explain(sql);
  } catch (e) {
    return `EXPLAIN failed: ${errorText(e)}`;
  }
}

async function work(req: WorkerRequest): Promise<WorkerReport> {
  const report = {
    engine: req.engine,
    version: '',
    threads: 0,
    requestedThreads: req.threads,
    loads: [] as TableLoadReport[],
    persistSeconds: null as number | null,
    dbBytes: null as number | null,
    storage: '',
    rssAfterLoadBytes: 0,
    peakRssBytes: 0,
    queries: [] as QueryReport[],
    fatal: null as string | null,
  };
  let session: EngineSession | null = null;
  try {
    session = await open(req);
    report.version = session.version;
    report.threads = session.threads;
    report.storage = session.storage;
    log(req.engine, `${session.version}, ${session.threads} thread(s): loading ${req.dataDir}`);
    report.loads = await session.load(req.dataDir);
    report.persistSeconds = await session.persist();
    report.dbBytes = session.dbBytes();
    report.rssAfterLoadBytes = process.memoryUsage().rss;
    const seconds = report.loads.reduce((s, l) => s + l.seconds, 0);
    const bytes = report.loads.reduce((s, l) => s + l.bytes, 0);
    log(req.engine, `loaded ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s (${(bytes / 1e6 / seconds).toFixed(1)} MB/s)`);
    for (const q of req.queries) {
      const r = await runQuery(session, q.id, q.sql, req.warmup, req.runs);
      report.queries.push(r);
      log(req.engine, r.error !== null ? `${q.id}: ERROR ${r.error}` : `${q.id}: ${median(r.timesMs).toFixed(1)} ms, ${r.rows.length} rows`);
    }
  } catch (e) {
    report.fatal = errorText(e);
    log(req.engine, `FAILED: ${report.fatal}`);
  } finally {
    await session?.close();
  }
  // maxRSS is in kilobytes.
  report.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  return report;
}

process.once('message', (req: WorkerRequest) => {
  work(req).then(
    (report) => process.send?.(report, () => process.disconnect()),
    (e: unknown) => {
      process.stderr.write(`worker failed: ${errorText(e)}\n`);
      process.exit(1);
    },
  );
});
