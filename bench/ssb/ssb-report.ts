/**
 * The SSB benchmark report: builds the summary (medians, p95, geomeans, ratios, result checks)
 * from the worker reports; ssb-markdown.ts and ssb-chart.ts render it.
 */
import { geomean, median, percentile } from '../stats.js';
import { type Comparison, compareRows, orderByColumns } from './result-compare.js';
import type { SsbQuery } from './ssb-schema.js';
import type { WorkerReport } from './worker-protocol.js';

/** A query's timings and rows in one engine run. */
export interface QuerySummary {
  readonly id: string;
  readonly medianMs: number | null;
  readonly p95Ms: number | null;
  readonly minMs: number | null;
  readonly timesMs: number[];
  readonly rows: number | null;
  readonly error: string | null;
}

/** One engine run (one child process). */
export interface EngineSummary {
  /** `strata`, `duckdb` (same threads as Strata) or `duckdb-default`. */
  readonly key: string;
  readonly label: string;
  readonly engine: string;
  readonly version: string;
  readonly threads: number;
  readonly requestedThreads: number | null;
  readonly storage: string;
  readonly load: { readonly seconds: number; readonly bytes: number; readonly mbPerSec: number; readonly tables: WorkerReport['loads'] };
  readonly persistSeconds: number | null;
  readonly dbBytes: number | null;
  readonly rssAfterLoadBytes: number;
  readonly peakRssBytes: number;
  /** Geometric mean of the medians over the queries every engine ran without error. */
  readonly geomeanMs: number | null;
  readonly queries: QuerySummary[];
  /** A failure that cut the run short (load error, crash). */
  readonly fatal: string | null;
}

/** One result check: an engine's rows against the reference engine's. */
export interface CheckSummary {
  readonly query: string;
  readonly engine: string;
  readonly against: string;
  readonly status: Comparison['status'] | 'error';
  readonly detail: string | null;
}

/** Strata's time over another engine's, per query and for the geomean. */
export interface RatioSummary {
  readonly against: string;
  readonly perQuery: Record<string, number | null>;
  readonly geomean: number | null;
}

/** Everything the benchmark writes to its JSON file. */
export interface SsbReport {
  readonly benchmark: 'ssb';
  readonly createdAt: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGB: number;
    readonly node: string;
    readonly platform: string;
    /**
     * 1-minute load average before the first engine run and after the last (the benchmark itself
     * adds about one per busy thread; more means other work competed for the cores).
     */
    readonly loadAverage: readonly [number, number];
  };
  readonly strataCommit: string | null;
  readonly data: {
    readonly source: 'generated' | 'directory';
    readonly dir: string;
    readonly sf: number | null;
    readonly seed: number | null;
    readonly bytes: number;
    readonly rows: Record<string, number>;
  };
  readonly settings: { readonly runs: number; readonly warmup: number; readonly threads: number };
  readonly queries: string[];
  readonly engines: EngineSummary[];
  readonly checks: CheckSummary[];
  readonly ratios: RatioSummary[];
  /** Strata's EXPLAIN of the queries more than {@link SLOW_RATIO} times slower than DuckDB at the same threads. */
  readonly slowQueries: { readonly id: string; readonly ratio: number; readonly explain: string | null }[];
  /** False when a query failed or a result differed (the runner then exits non-zero). */
  readonly ok: boolean;
}

/** Ratio above which a query's Strata plan is put in the report. */
export const SLOW_RATIO = 3;

/** An engine run as the runner knows it: its key and label, and the worker's report (null if it crashed). */
export interface EngineRun {
  readonly key: string;
  readonly label: string;
  readonly engine: string;
  readonly requestedThreads: number | null;
  readonly report: WorkerReport | null;
  readonly crash: string | null;
}

function summarizeEngine(run: EngineRun, commonIds: ReadonlySet<string>, queryIds: readonly string[]): EngineSummary {
  const r = run.report;
  const loads = r?.loads ?? [];
  const seconds = loads.reduce((s, l) => s + l.seconds, 0);
  const bytes = loads.reduce((s, l) => s + l.bytes, 0);
  const queries = queryIds.map((id): QuerySummary => {
    const q = r?.queries.find((x) => x.id === id);
    if (q === undefined) return { id, medianMs: null, p95Ms: null, minMs: null, timesMs: [], rows: null, error: run.crash ?? r?.fatal ?? 'not run' };
    const ok = q.error === null && q.timesMs.length > 0;
    return {
      id,
      medianMs: ok ? median(q.timesMs) : null,
      p95Ms: ok ? percentile(q.timesMs, 95) : null,
      minMs: ok ? Math.min(...q.timesMs) : null,
      timesMs: q.timesMs,
      rows: q.error === null ? q.rows.length : null,
      error: q.error,
    };
  });
  const common = queries.filter((q) => commonIds.has(q.id) && q.medianMs !== null).map((q) => q.medianMs as number);
  return {
    key: run.key,
    label: run.label,
    engine: run.engine,
    version: r?.version ?? '',
    threads: r?.threads ?? 0,
    requestedThreads: run.requestedThreads,
    storage: r?.storage ?? '',
    load: { seconds, bytes, mbPerSec: seconds > 0 ? bytes / 1e6 / seconds : 0, tables: loads },
    persistSeconds: r?.persistSeconds ?? null,
    dbBytes: r?.dbBytes ?? null,
    rssAfterLoadBytes: r?.rssAfterLoadBytes ?? 0,
    peakRssBytes: r?.peakRssBytes ?? 0,
    geomeanMs: common.length > 0 ? geomean(common) : null,
    queries,
    fatal: run.crash ?? r?.fatal ?? null,
  };
}

function approximateColumns(types: readonly string[]): boolean[] {
  return types.map((t) => /^(DOUBLE|FLOAT|REAL)/i.test(t));
}

/** Compares every engine's rows with the reference run's (the first DuckDB run, if any). */
function checkResults(runs: readonly EngineRun[], queries: readonly SsbQuery[]): CheckSummary[] {
  const reference = runs.find((r) => r.engine === 'duckdb' && r.report !== null);
  if (reference === undefined) return [];
  const checks: CheckSummary[] = [];
  for (const run of runs) {
    if (run === reference) continue;
    for (const q of queries) {
      const expected = reference.report?.queries.find((x) => x.id === q.id);
      const actual = run.report?.queries.find((x) => x.id === q.id);
      const base = { query: q.id, engine: run.key, against: reference.key };
      if (expected === undefined || expected.error !== null) {
        checks.push({ ...base, status: 'error', detail: `reference failed: ${expected?.error ?? 'not run'}` });
      } else if (actual === undefined || actual.error !== null) {
        checks.push({ ...base, status: 'error', detail: actual?.error ?? run.crash ?? run.report?.fatal ?? 'not run' });
      } else {
        const keys = orderByColumns(q.sql, actual.columns);
        const approx = approximateColumns(actual.types).map((a, i) => a || approximateColumns(expected.types)[i] === true);
        checks.push({ ...base, ...compareRows(expected.rows, actual.rows, approx, keys) });
      }
    }
  }
  return checks;
}

/** Builds the report from the engine runs; `meta` carries what the runner knows about data and machine. */
export function buildReport(runs: readonly EngineRun[], queries: readonly SsbQuery[], meta: Omit<SsbReport, 'queries' | 'engines' | 'checks' | 'ratios' | 'slowQueries' | 'ok'>): SsbReport {
  const ids = queries.map((q) => q.id);
  // The geomean covers the queries every engine ran, so engines are compared on the same set.
  const common = new Set(ids.filter((id) => runs.every((run) => run.report?.queries.some((q) => q.id === id && q.error === null && q.timesMs.length > 0))));
  const engines = runs.map((run) => summarizeEngine(run, common, ids));
  const checks = checkResults(runs, queries);
  const strata = engines.find((e) => e.key === 'strata');
  const ratios: RatioSummary[] = [];
  if (strata !== undefined) {
    for (const other of engines) {
      if (other === strata) continue;
      const perQuery: Record<string, number | null> = {};
      for (const id of ids) {
        const a = strata.queries.find((q) => q.id === id)?.medianMs ?? null;
        const b = other.queries.find((q) => q.id === id)?.medianMs ?? null;
        perQuery[id] = a !== null && b !== null && b > 0 ? a / b : null;
      }
      const g = strata.geomeanMs !== null && other.geomeanMs !== null ? strata.geomeanMs / other.geomeanMs : null;
      ratios.push({ against: other.key, perQuery, geomean: g });
    }
  }
  const sameThreads = ratios.find((r) => r.against === 'duckdb');
  const strataRun = runs.find((r) => r.key === 'strata');
  const slowQueries = ids
    .filter((id) => (sameThreads?.perQuery[id] ?? 0) > SLOW_RATIO)
    .map((id) => ({ id, ratio: sameThreads?.perQuery[id] as number, explain: strataRun?.report?.queries.find((q) => q.id === id)?.explain ?? null }));
  const failed = engines.some((e) => e.fatal !== null || e.queries.some((q) => q.error !== null));
  const ok = !failed && checks.every((c) => c.status === 'match' || c.status === 'ties-reordered');
  return { ...meta, queries: ids, engines, checks, ratios, slowQueries, ok };
}
