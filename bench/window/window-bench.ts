/**
 * Window-function benchmark on SSB `lineorder`: the same queries on Strata and DuckDB (one
 * thread) in one process, results checked against each other, median times and their ratio.
 *
 *   npm run build && node dist/bench/window/window-bench.js [--sf 1] [--runs 5] [--warmup 1]
 *
 * Data is the SSB generator's (seeded), shared with `npm run bench -- ssb` through the cached
 * `.tbl` files: Strata loads it through the generator directly, DuckDB with COPY from the files.
 * Measures only; a result mismatch makes the exit code non-zero.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { Database } from '../../sql/database.js';
import { loadTblIntoDuckDb } from '../ssb/duckdb-loader.js';
import { SSB_DEFAULT_SEED } from '../ssb/ssb-generator.js';
import { repoRoot } from '../ssb/ssb-schema.js';
import { loadSsbIntoStrata } from '../ssb/strata-loader.js';
import { writeSsbTbl } from '../ssb/tbl-writer.js';
import { median } from '../stats.js';

/** The queries: every ORDER BY inside OVER is unique where ties would change the result. */
export const WINDOW_QUERIES: { id: string; title: string; sql: string }[] = [
  {
    id: 'w1',
    title: 'top 3 orders lines per customer (row_number + QUALIFY)',
    sql: `SELECT lo_custkey, lo_orderkey, lo_linenumber, lo_revenue FROM lineorder
QUALIFY row_number() OVER (PARTITION BY lo_custkey ORDER BY lo_revenue DESC, lo_orderkey, lo_linenumber) <= 3`,
  },
  {
    id: 'w2',
    title: '7-line moving average of revenue per supplier (ROWS frame)',
    sql: `SELECT lo_suppkey, lo_orderkey, lo_linenumber, ma FROM (
  SELECT lo_suppkey, lo_orderkey, lo_linenumber,
    avg(lo_revenue) OVER (PARTITION BY lo_suppkey ORDER BY lo_orderdate, lo_orderkey, lo_linenumber ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS ma
  FROM lineorder) t
WHERE ma > 7200000`,
  },
  {
    id: 'w3',
    title: 'running revenue and rank per customer, summarized',
    sql: `SELECT count(*), sum(running), max(rk) FROM (
  SELECT sum(lo_revenue) OVER (PARTITION BY lo_custkey ORDER BY lo_orderdate, lo_orderkey, lo_linenumber) AS running,
    rank() OVER (PARTITION BY lo_custkey ORDER BY lo_orderdate) AS rk
  FROM lineorder) t`,
  },
  {
    id: 'w4',
    title: 'share of monthly revenue per ship mode (window over GROUP BY)',
    sql: `SELECT lo_orderdate // 100 AS month, lo_shipmode, sum(lo_revenue) AS rev,
  sum(lo_revenue)::DOUBLE / sum(sum(lo_revenue)) OVER (PARTITION BY lo_orderdate // 100) AS share,
  lag(sum(lo_revenue)) OVER (PARTITION BY lo_shipmode ORDER BY lo_orderdate // 100) AS prev
FROM lineorder GROUP BY 1, 2`,
  },
];

type Cell = number | string | boolean | null;

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** Rows sorted as text, numbers to 9 significant digits (double sums differ in the last bits). */
function canonical(rows: Cell[][]): string[] {
  return rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(9) : String(v))).join('|')).sort();
}

async function time(run: () => Promise<Cell[][]>, warmup: number, runs: number): Promise<{ ms: number[]; rows: Cell[][] }> {
  let rows: Cell[][] = [];
  for (let i = 0; i < warmup; i++) rows = await run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    rows = await run();
    ms.push(performance.now() - started);
  }
  return { ms, rows };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { sf: { type: 'string', default: '1' }, runs: { type: 'string', default: '5' }, warmup: { type: 'string', default: '1' } },
  });
  const sf = Number(values.sf);
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  const dir = path.join(os.tmpdir(), 'strata-ssb-data', `sf${sf}-seed${SSB_DEFAULT_SEED}`);
  if (!existsSync(path.join(dir, '.complete'))) {
    console.log(`Generating SSB SF ${sf} into ${dir} ...`);
    const files = writeSsbTbl(dir, { sf, seed: SSB_DEFAULT_SEED });
    writeFileSync(path.join(dir, '.complete'), JSON.stringify(Object.fromEntries(files.map((f) => [f.table, f.rows]))));
  }

  const strata = await Database.open();
  let started = performance.now();
  await loadSsbIntoStrata(strata, sf);
  console.log(`Strata: loaded SF ${sf} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const duckInstance = await DuckDBInstance.create(':memory:');
  const duck = await duckInstance.connect();
  await duck.run('SET threads = 1');
  started = performance.now();
  await loadTblIntoDuckDb(duck, dir);
  console.log(`DuckDB ${(await duck.runAndReadAll('SELECT version()')).getRowsJS()[0][0]}, 1 thread: loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const results = [];
  let mismatches = 0;
  for (const q of WINDOW_QUERIES) {
    const s = await time(async () => (await strata.query(q.sql)).rowArrays() as Cell[][], warmup, runs);
    const d = await time(async () => (await duck.runAndReadAll(q.sql)).getRowsJS().map((r) => r.map(toCell)), warmup, runs);
    const same = JSON.stringify(canonical(s.rows)) === JSON.stringify(canonical(d.rows));
    if (!same) mismatches++;
    const row = { id: q.id, title: q.title, rows: s.rows.length, strataMs: median(s.ms), duckdbMs: median(d.ms), ratio: median(s.ms) / median(d.ms), same };
    results.push(row);
    console.log(`${q.id}: ${row.rows} rows, Strata ${row.strataMs.toFixed(0)} ms, DuckDB ${row.duckdbMs.toFixed(0)} ms, ratio ${row.ratio.toFixed(2)}${same ? '' : ' RESULTS DIFFER'}`);
  }
  duck.closeSync();
  await strata.close();

  const lines = [
    `## Window functions on SSB lineorder, SF ${sf} (median of ${runs} runs, DuckDB on 1 thread)`,
    '',
    '| query | rows | Strata ms | DuckDB ms | ratio |',
    '|---|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.id}: ${r.title} | ${r.rows} | ${r.strataMs.toFixed(0)} | ${r.duckdbMs.toFixed(0)} | ${r.ratio.toFixed(2)}${r.same ? '' : ' (differs)'} |`),
  ];
  console.log(`\n${lines.join('\n')}`);
  const out = path.join(repoRoot(), 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `window-sf${sf}.json`), JSON.stringify({ sf, runs, results }, null, 2));
  writeFileSync(path.join(out, `window-sf${sf}.md`), `${lines.join('\n')}\n`);
  return mismatches > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
