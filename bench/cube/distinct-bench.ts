/**
 * `npm run bench -- distinct`: approx_count_distinct (HyperLogLog) against count(DISTINCT) on SSB
 * lineorder, in Strata and DuckDB (one thread) in the same run, with the error of each estimate
 * against the exact count; then a cube storing the sketch: its size, and queries answered from it.
 */
import { parseArgs } from 'node:util';
import { openSsbPair, time } from './ssb-pair.js';
import { median } from '../stats.js';

const USAGE = 'usage: npm run bench -- distinct [--sf N] [--runs N]';

/** Pairs of (estimate, exact) queries with the same shape; both return one number. */
const QUERIES: readonly { name: string; approx: string; exact: string }[] = [
  { name: 'customers', approx: 'SELECT approx_count_distinct(lo_custkey) FROM lineorder', exact: 'SELECT count(DISTINCT lo_custkey) FROM lineorder' },
  { name: 'orders', approx: 'SELECT approx_count_distinct(lo_orderkey) FROM lineorder', exact: 'SELECT count(DISTINCT lo_orderkey) FROM lineorder' },
  {
    name: 'customers per supplier (2k groups, sum)',
    approx: 'SELECT sum(c) FROM (SELECT lo_suppkey, approx_count_distinct(lo_custkey) AS c FROM lineorder GROUP BY lo_suppkey)',
    exact: 'SELECT sum(c) FROM (SELECT lo_suppkey, count(DISTINCT lo_custkey) AS c FROM lineorder GROUP BY lo_suppkey)',
  },
  {
    name: 'parts per order (1.5M groups, sum)',
    approx: 'SELECT sum(c) FROM (SELECT lo_orderkey, approx_count_distinct(lo_partkey) AS c FROM lineorder GROUP BY lo_orderkey)',
    exact: 'SELECT sum(c) FROM (SELECT lo_orderkey, count(DISTINCT lo_partkey) AS c FROM lineorder GROUP BY lo_orderkey)',
  },
];

const CUBE = `CREATE MATERIALIZED VIEW customers_cube AS SELECT d_year, s_nation, p_category, approx_count_distinct(lo_custkey) AS customers, count(*) AS n
  FROM lineorder, date, supplier, part WHERE lo_orderdate = d_datekey AND lo_suppkey = s_suppkey AND lo_partkey = p_partkey
  GROUP BY GROUPING SETS ((d_year, s_nation, p_category), (d_year, s_nation), (d_year))`;
const CUBE_QUERIES = [
  `SELECT d_year, approx_count_distinct(lo_custkey) FROM lineorder, date, supplier, part WHERE lo_orderdate = d_datekey AND lo_suppkey = s_suppkey AND lo_partkey = p_partkey GROUP BY d_year`,
  `SELECT s_nation, approx_count_distinct(lo_custkey) FROM lineorder, date, supplier, part WHERE lo_orderdate = d_datekey AND lo_suppkey = s_suppkey AND lo_partkey = p_partkey AND d_year = 1997 GROUP BY s_nation`,
  `SELECT p_category, approx_count_distinct(lo_custkey) FROM lineorder, date, supplier, part WHERE lo_orderdate = d_datekey AND lo_suppkey = s_suppkey AND lo_partkey = p_partkey GROUP BY p_category`,
];

export async function runDistinctBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { sf: { type: 'string' }, runs: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const sf = Number(values.sf ?? '1');
  const runs = Number(values.runs ?? '5');
  const pair = await openSsbPair(sf, 'strata-distinct-bench-');
  try {
    const { db, duck } = pair;
    const measure = async (f: () => Promise<unknown>): Promise<number> => {
      await f();
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push((await time(f)).ms);
      return median(ms);
    };
    const strataValue = async (sql: string): Promise<number> => Number((await db.query(sql)).rowArrays()[0][0]);
    const duckValue = async (sql: string): Promise<number> => Number((await duck.read(await duck.run(sql))).rows[0][0]);

    console.log(`\nDistinct counts (median of ${runs} runs after one warm-up; ms; error = estimate / exact - 1):`);
    console.log('  query                                    Strata approx  Strata exact  DuckDB approx  DuckDB exact  approx/DuckDB approx  Strata error  DuckDB error');
    for (const q of QUERIES) {
      const sa = await measure(() => db.query(q.approx));
      const se = await measure(() => db.query(q.exact));
      const da = await measure(() => duck.run(q.approx));
      const de = await measure(() => duck.run(q.exact));
      const exact = await strataValue(q.exact);
      if ((await duckValue(q.exact)) !== exact) console.log(`  ${q.name}: exact counts differ between the engines`);
      const pct = (x: number): string => `${(100 * (x / exact - 1)).toFixed(2)}%`;
      console.log(
        `  ${q.name.padEnd(40)} ${sa.toFixed(1).padStart(13)} ${se.toFixed(1).padStart(13)} ${da.toFixed(1).padStart(14)} ${de.toFixed(1).padStart(13)} ${(sa / da).toFixed(2).padStart(20)}x ${pct(await strataValue(q.approx)).padStart(13)} ${pct(await duckValue(q.approx)).padStart(13)}`,
      );
    }

    // What the grouped queries cost without any distinct count (the GROUP BY itself).
    for (const groupBy of ['lo_suppkey', 'lo_orderkey']) {
      const sql = `SELECT sum(c) FROM (SELECT ${groupBy}, count(*) AS c FROM lineorder GROUP BY ${groupBy})`;
      console.log(`  baseline: GROUP BY ${groupBy} with count(*) only: Strata ${(await measure(() => db.query(sql))).toFixed(1)} ms, DuckDB ${(await measure(() => duck.run(sql))).toFixed(1)} ms`);
    }

    console.log('\nA cube storing the sketch of lo_custkey:');
    const built = await time(() => db.exec(CUBE));
    const stats = (await db.query(`SELECT count(*), sum(length(m0)), sum(CASE WHEN substr(m0, 3, 1) = 's' THEN 1 ELSE 0 END), sum(CASE WHEN substr(m0, 3, 1) = 'd' THEN 1 ELSE 0 END) FROM __cube_customers_cube`)).rowArrays()[0].map(Number);
    console.log(
      `  build ${(built.ms / 1000).toFixed(2)} s; ${stats[0].toLocaleString('en-US')} rows; sketch text ${(stats[1] / 1e6).toFixed(1)} MB (${(stats[1] / stats[0]).toFixed(0)} bytes a row; ${stats[2]} sparse, ${stats[0] - stats[2] - stats[3]} register lists, ${stats[3]} dense)`,
    );
    console.log('  query                                                     from cube  Strata base  DuckDB 1T  same rows');
    for (const sql of CUBE_QUERIES) {
      const plan = String((await db.query(`EXPLAIN ${sql}`)).rowArrays()[0][1]);
      const fromCube = await measure(() => db.query(sql));
      const rows = JSON.stringify((await db.query(`${sql} ORDER BY 1`)).rowArrays());
      await db.exec("SET disabled_optimizers = 'answer-from-cube'");
      const base = await measure(() => db.query(sql));
      const same = JSON.stringify((await db.query(`${sql} ORDER BY 1`)).rowArrays()) === rows;
      await db.exec("SET disabled_optimizers = ''");
      const duckMs = await measure(() => duck.run(sql));
      const label = `${sql.slice(7, 60)}${plan.includes('__cube_') ? '' : ' (NOT from the cube)'}`;
      console.log(`  ${label.padEnd(56)} ${fromCube.toFixed(1).padStart(10)} ${base.toFixed(1).padStart(12)} ${duckMs.toFixed(1).padStart(10)}  ${same ? 'yes' : 'NO'}`);
    }
    return 0;
  } finally {
    await pair.close();
  }
}
