/**
 * `npm run bench -- ssb ...`: prepares the SSB data (generated, or dbgen's files with --data),
 * runs each engine in its own child process (engine-worker.ts), checks Strata's rows against
 * DuckDB's, and writes the JSON, Markdown and SVG reports. Never asserts on time; a failed query
 * or a result mismatch makes the exit code non-zero.
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderChart } from './ssb-chart.js';
import { SSB_DEFAULT_SEED, ssbTableRows } from './ssb-generator.js';
import { renderMarkdown } from './ssb-markdown.js';
import { buildReport, type EngineRun } from './ssb-report.js';
import { repoRoot, type SsbQuery, ssbQueries } from './ssb-schema.js';
import { ssbTblFiles } from './strata-loader.js';
import { writeSsbTbl } from './tbl-writer.js';
import type { EngineName, WorkerReport, WorkerRequest } from './worker-protocol.js';

const USAGE = `usage: npm run bench -- ssb [options]

  --sf N            generate data at scale factor N (default 1; cached under the temp directory)
  --data DIR        use dbgen's .tbl files from DIR instead of generating
  --seed N          generator seed (default ${SSB_DEFAULT_SEED})
  --runs N          timed runs per query (default 5)
  --warmup N        untimed runs per query before the timed ones (default 1)
  --threads N       threads for Strata and DuckDB (default 1); DuckDB also runs at its default
  --engines LIST    comma-separated: strata,duckdb (default both)
  --queries LIST    comma-separated query ids, e.g. q1.1,q3.2 (default all 13)
  --out FILE        JSON report path (default bench/results/ssb-sf<N>.json); .md and .svg beside it
  --strata-disk     store Strata's database in a directory (lineorder sorted by lo_orderdate) and report
                    its size; Strata in memory then runs too, and the report compares the two
  --regenerate      regenerate cached data`;

/** Parsed command line of the `ssb` subcommand. */
interface SsbArgs {
  readonly sf: number | null;
  readonly dataDir: string | null;
  readonly seed: number;
  readonly runs: number;
  readonly warmup: number;
  readonly threads: number;
  readonly engines: EngineName[];
  readonly queries: string[] | null;
  readonly out: string | null;
  readonly strataDisk: boolean;
  readonly regenerate: boolean;
}

function positiveInt(name: string, v: string | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${v}`);
  return n;
}

function parseSsbArgs(argv: string[]): SsbArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      sf: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      threads: { type: 'string' },
      engines: { type: 'string' },
      queries: { type: 'string' },
      out: { type: 'string' },
      regenerate: { type: 'boolean' },
      'strata-disk': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.sf !== undefined && values.data !== undefined) throw new Error('give either --sf or --data, not both');
  const sf = values.data !== undefined ? null : Number(values.sf ?? '1');
  if (sf !== null && !(sf > 0)) throw new Error(`--sf must be a positive number, got ${values.sf}`);
  const engines = (values.engines ?? 'strata,duckdb').split(',').map((e) => e.trim().toLowerCase());
  for (const e of engines) if (e !== 'strata' && e !== 'duckdb') throw new Error(`unknown engine ${e} (strata, duckdb)`);
  return {
    sf,
    dataDir: values.data !== undefined ? path.resolve(values.data) : null,
    seed: positiveInt('seed', values.seed, SSB_DEFAULT_SEED, 0),
    runs: positiveInt('runs', values.runs, 5),
    warmup: positiveInt('warmup', values.warmup, 1, 0),
    threads: positiveInt('threads', values.threads, 1),
    engines: [...new Set(engines)] as EngineName[],
    queries: values.queries !== undefined ? values.queries.split(',').map((q) => q.trim().toLowerCase()) : null,
    out: values.out ?? null,
    strataDisk: values['strata-disk'] === true,
    regenerate: values.regenerate === true,
  };
}

/** The generated data for (sf, seed), made once and kept in the temp directory. */
export function generatedData(sf: number, seed: number, regenerate: boolean): string {
  const dir = path.join(os.tmpdir(), 'strata-ssb-data', `sf${sf}-seed${seed}`);
  const marker = path.join(dir, '.complete');
  if (!regenerate && existsSync(marker)) {
    console.log(`Data: ${dir} (cached; --regenerate to rebuild)`);
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  process.stdout.write(`Generating SSB SF ${sf} (seed ${seed}) into ${dir} ... `);
  const files = writeSsbTbl(dir, { sf, seed });
  const seconds = (performance.now() - started) / 1000;
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  console.log(`${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
  writeFileSync(marker, JSON.stringify(Object.fromEntries(files.map((f) => [f.table, f.rows]))));
  return dir;
}

function gitCommit(): string | null {
  try {
    const root = repoRoot();
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return null;
  }
}

/** Runs one engine in a child process and returns its report (null and a reason if it crashed). */
function runWorker(request: WorkerRequest): Promise<{ report: WorkerReport | null; crash: string | null }> {
  const workerPath = new URL('./engine-worker.js', import.meta.url);
  return new Promise((resolve) => {
    const child = fork(workerPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: WorkerReport | null = null;
    child.on('message', (m) => (report = m as WorkerReport));
    child.on('error', (e) => resolve({ report, crash: `could not run the worker: ${e.message}` }));
    child.on('exit', (code, signal) => {
      if (report !== null) resolve({ report, crash: null });
      else resolve({ report: null, crash: `worker exited with ${signal ?? `code ${code}`} before reporting` });
    });
    child.send(request);
  });
}

function selectQueries(ids: string[] | null): SsbQuery[] {
  const all = ssbQueries();
  if (ids === null) return all;
  const unknown = ids.filter((id) => !all.some((q) => q.id === id));
  if (unknown.length > 0) throw new Error(`unknown queries ${unknown.join(', ')} (have ${all.map((q) => q.id).join(', ')})`);
  return all.filter((q) => ids.includes(q.id));
}

/** Entry of the `ssb` subcommand; returns the process exit code. */
export async function runSsb(argv: string[]): Promise<number> {
  let args: SsbArgs;
  try {
    args = parseSsbArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  let dataDir: string;
  let files: ReturnType<typeof ssbTblFiles>;
  let queries: SsbQuery[];
  try {
    queries = selectQueries(args.queries);
    dataDir = args.dataDir ?? generatedData(args.sf as number, args.seed, args.regenerate);
    files = ssbTblFiles(dataDir);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const marker = path.join(dataDir, '.complete');
  const rows: Record<string, number> =
    args.dataDir === null && existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as Record<string, number>) : args.sf !== null ? ssbTableRows(args.sf, args.seed) : {};

  const plan: { key: string; label: string; engine: EngineName; threads: number | null; onDisk: boolean }[] = [];
  if (args.engines.includes('strata')) {
    if (args.threads > 1) console.log(`Note: Strata runs on one thread (no parallel execution yet); --threads ${args.threads} applies to DuckDB.`);
    // With --strata-disk the stored database is the one compared with DuckDB ('strata'), and the
    // in-memory run is a second column, so "stored vs in memory" comes from the same run.
    plan.push({ key: 'strata', label: args.strataDisk ? 'Strata on disk' : 'Strata', engine: 'strata', threads: 1, onDisk: args.strataDisk });
    if (args.strataDisk) plan.push({ key: 'strata-memory', label: 'Strata in memory', engine: 'strata', threads: 1, onDisk: false });
  }
  if (args.engines.includes('duckdb')) {
    plan.push({ key: 'duckdb', label: `DuckDB ${args.threads}T`, engine: 'duckdb', threads: args.threads, onDisk: true });
    plan.push({ key: 'duckdb-default', label: 'DuckDB default', engine: 'duckdb', threads: null, onDisk: true });
  }

  const loadBefore = os.loadavg()[0];
  const runs: EngineRun[] = [];
  for (const p of plan) {
    console.log(`Running ${p.label} (${queries.length} queries, ${args.warmup} warm-up + ${args.runs} timed runs each)`);
    const scratchDir = mkdtempSync(path.join(os.tmpdir(), `strata-ssb-${p.key}-`));
    try {
      const { report, crash } = await runWorker({
        engine: p.engine,
        threads: p.threads,
        dataDir,
        scratchDir,
        onDisk: p.onDisk,
        queries,
        warmup: args.warmup,
        runs: args.runs,
      });
      // The default-thread DuckDB run is labelled with the thread count it actually used.
      const label = p.key === 'duckdb-default' && report !== null ? `DuckDB default ${report.threads}T` : p.label;
      runs.push({ key: p.key, label, engine: p.engine, requestedThreads: p.threads, report, crash });
      if (crash !== null) console.error(`  ${p.label}: ${crash}`);
    } finally {
      rmSync(scratchDir, { recursive: true, force: true });
    }
  }

  // dbgen's files: the row counts are what the engines loaded.
  if (Object.keys(rows).length === 0) for (const l of runs.find((r) => r.report !== null)?.report?.loads ?? []) rows[l.table] = l.rows;
  const cpus = os.cpus();
  const report = buildReport(runs, queries, {
    benchmark: 'ssb',
    createdAt: new Date().toISOString(),
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      loadAverage: [loadBefore, os.loadavg()[0]],
    },
    strataCommit: gitCommit(),
    data: { source: args.dataDir === null ? 'generated' : 'directory', dir: dataDir, sf: args.sf, seed: args.dataDir === null ? args.seed : null, bytes: files.reduce((s, f) => s + f.bytes, 0), rows },
    settings: { runs: args.runs, warmup: args.warmup, threads: args.threads },
  });

  const jsonPath = path.resolve(args.out ?? path.join(repoRoot(), 'bench', 'results', args.sf !== null ? `ssb-sf${args.sf}.json` : `ssb-${path.basename(dataDir)}.json`));
  const base = jsonPath.replace(/\.json$/i, '');
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  const markdown = renderMarkdown(report);
  writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${base}.md`, markdown);
  writeFileSync(`${base}.svg`, renderChart(report));
  console.log(`\n${markdown}`);
  console.log(`Wrote ${jsonPath}, ${base}.md, ${base}.svg`);
  if (!report.ok) console.error('\nFAILED: a query failed or its result differs from DuckDB (see "Result checks").');
  return report.ok ? 0 : 1;
}
