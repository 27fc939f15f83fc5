/**
 * `npm run bench -- cube`: the 13 SSB queries answered from data cubes (materialized views),
 * against the same queries on the base tables in Strata and in DuckDB (one thread) in the same
 * run; plus cube sizes, build times and what the cubes add to a bulk insert and to single-row inserts.
 */
import { parseArgs } from 'node:util';
import type { Database } from '../../sql/database.js';
import { type DuckSession, openSsbPair, time } from './ssb-pair.js';
import { ssbQueries } from '../ssb/ssb-schema.js';
import { median } from '../stats.js';

/**
 * The cubes: one per query flight, and two narrower ones (a WHERE taken from Q3.3/Q3.4 and Q4.3)
 * for the queries whose grouping columns would make a flight cube nearly as large as the fact table.
 */
export const SSB_CUBES: readonly { name: string; sql: string }[] = [
  {
    name: 'ssb_flight1',
    sql: `SELECT d_year, d_yearmonthnum, d_weeknuminyear, lo_discount, lo_quantity, sum(lo_extendedprice * lo_discount) AS revenue
      FROM lineorder, date WHERE lo_orderdate = d_datekey
      GROUP BY GROUPING SETS ((d_year, lo_discount, lo_quantity), (d_yearmonthnum, lo_discount, lo_quantity), (d_year, d_weeknuminyear, lo_discount, lo_quantity))`,
  },
  {
    name: 'ssb_flight2',
    sql: `SELECT d_year, p_category, p_brand1, s_region, sum(lo_revenue) AS revenue
      FROM lineorder, date, part, supplier WHERE lo_orderdate = d_datekey AND lo_partkey = p_partkey AND lo_suppkey = s_suppkey
      GROUP BY d_year, p_category, p_brand1, s_region`,
  },
  {
    name: 'ssb_flight3',
    sql: `SELECT c_region, s_region, c_nation, s_nation, c_city, s_city, d_year, sum(lo_revenue) AS revenue
      FROM customer, lineorder, supplier, date WHERE lo_custkey = c_custkey AND lo_suppkey = s_suppkey AND lo_orderdate = d_datekey
      GROUP BY GROUPING SETS ((c_region, s_region, c_nation, s_nation, d_year), (c_nation, s_nation, c_city, s_city, d_year))`,
  },
  {
    name: 'ssb_uk_cities',
    sql: `SELECT c_city, s_city, d_year, d_yearmonth, sum(lo_revenue) AS revenue
      FROM customer, lineorder, supplier, date WHERE lo_custkey = c_custkey AND lo_suppkey = s_suppkey AND lo_orderdate = d_datekey
        AND (c_city = 'UNITED KI1' OR c_city = 'UNITED KI5') AND (s_city = 'UNITED KI1' OR s_city = 'UNITED KI5')
      GROUP BY c_city, s_city, d_year, d_yearmonth`,
  },
  {
    name: 'ssb_flight4',
    sql: `SELECT d_year, c_region, c_nation, s_region, s_nation, p_mfgr, p_category, sum(lo_revenue - lo_supplycost) AS profit
      FROM date, customer, supplier, part, lineorder
      WHERE lo_custkey = c_custkey AND lo_suppkey = s_suppkey AND lo_partkey = p_partkey AND lo_orderdate = d_datekey
      GROUP BY GROUPING SETS ((d_year, c_region, c_nation, s_region, p_mfgr), (d_year, c_region, s_region, s_nation, p_mfgr, p_category))`,
  },
  {
    name: 'ssb_us_suppliers',
    sql: `SELECT d_year, s_city, p_category, p_brand1, sum(lo_revenue - lo_supplycost) AS profit
      FROM date, customer, supplier, part, lineorder
      WHERE lo_custkey = c_custkey AND lo_suppkey = s_suppkey AND lo_partkey = p_partkey AND lo_orderdate = d_datekey
        AND s_nation = 'UNITED STATES' AND c_region = 'AMERICA'
      GROUP BY d_year, s_city, p_category, p_brand1`,
  },
];

const USAGE = 'usage: npm run bench -- cube [--sf N] [--runs N] [--inserts N]';

/** Rows as one sorted text, doubles to 10 significant digits (the cube sums in another order). */
function canonicalRows(rows: readonly unknown[][]): string {
  const cell = (v: unknown): string => (typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(10) : JSON.stringify(v));
  return rows.map((r) => r.map(cell).join('|')).sort().join('\n');
}

/**
 * One row of a comparison table: the query's plan, its median time answered as planned (from a
 * cube when one applies), on the base tables (answer-from-cube disabled) and in DuckDB, and
 * whether the two Strata answers have the same rows.
 */
async function compareQuery(db: Database, duck: DuckSession, sql: string, runs: number): Promise<{ plan: string; fromCube: number; base: number; duckMs: number; same: boolean }> {
  const measure = async (f: () => Promise<unknown>): Promise<number> => {
    await f();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push((await time(f)).ms);
    return median(ms);
  };
  const plan = String((await db.query(`EXPLAIN ${sql}`)).rowArrays()[0][1]);
  const fromCube = await measure(() => db.query(sql));
  const cubeRows = canonicalRows((await db.query(sql)).rowArrays());
  await db.exec("SET disabled_optimizers = 'answer-from-cube'");
  const base = await measure(() => db.query(sql));
  const same = canonicalRows((await db.query(sql)).rowArrays()) === cubeRows;
  await db.exec("SET disabled_optimizers = ''");
  const duckMs = await measure(() => duck.run(sql));
  return { plan, fromCube, base, duckMs, same };
}

/** The printed line of a comparison table row. */
function comparisonLine(id: string, how: string, howWidth: number, r: { fromCube: number; base: number; duckMs: number; same: boolean }): string {
  return `  ${id.padEnd(5)}  ${how.padEnd(howWidth)} ${r.fromCube.toFixed(2).padStart(10)} ${r.base.toFixed(1).padStart(12)} ${r.duckMs.toFixed(1).padStart(10)} ${(r.duckMs / r.fromCube).toFixed(1).padStart(11)}x  ${r.same ? 'yes' : 'NO'}`;
}

export async function runCubeBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { sf: { type: 'string' }, runs: { type: 'string' }, inserts: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const sf = Number(values.sf ?? '1');
  const runs = Number(values.runs ?? '5');
  const inserts = Number(values.inserts ?? '200');
  const pair = await openSsbPair(sf, 'strata-cube-bench-');
  try {
    const { db, duck, factRows } = pair;

    console.log('\nCubes (build = CREATE MATERIALIZED VIEW, rows against lineorder):');
    for (const c of SSB_CUBES) {
      const built = await time(() => db.exec(`CREATE MATERIALIZED VIEW ${c.name} AS ${c.sql}`));
      const rows = Number((await db.query(`SELECT count(*) FROM __cube_${c.name}`)).rowArrays()[0][0]);
      console.log(`  ${c.name.padEnd(17)} build ${(built.ms / 1000).toFixed(2).padStart(6)} s  ${rows.toLocaleString('en-US').padStart(9)} rows  (${((100 * rows) / factRows).toFixed(2)}% of lineorder)`);
    }

    console.log(`\nQueries (median of ${runs} runs after one warm-up; ms):`);
    console.log('  query  cube              from cube  Strata base  DuckDB 1T  DuckDB/cube  same rows');
    for (const q of ssbQueries()) {
      const r = await compareQuery(db, duck, q.sql, runs);
      console.log(comparisonLine(q.id, /Scan: __cube_(\w+)/.exec(r.plan)?.[1] ?? '-', 16, r));
    }

    // ---- Join-back section (functionally determined attributes): a cube at order-date grain answers
    // date-attribute queries by joining date back on its key; measured against the base tables.
    await joinBackQueries(db, duck, runs);
    // ---- end of the join-back section.

    console.log('\nInserts into lineorder (cube maintenance runs in the same statement):');
    const bulk = `INSERT INTO lineorder SELECT * FROM lineorder WHERE lo_orderkey <= 400000`;
    const single = (await db.query('SELECT * FROM lineorder LIMIT 1')).rowArrays()[0];
    const singleSql = `INSERT INTO lineorder VALUES (${single.map((v) => (typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v))).join(', ')})`;
    const insertCost = async (): Promise<{ bulkMs: number; bulkRows: number; singleMs: number }> => {
      const before = Number((await db.query('SELECT count(*) FROM lineorder')).rowArrays()[0][0]);
      const b = await time(() => db.exec(bulk));
      const bulkRows = Number((await db.query('SELECT count(*) FROM lineorder')).rowArrays()[0][0]) - before;
      const s = await time(async () => {
        for (let i = 0; i < inserts; i++) await db.exec(singleSql);
      });
      return { bulkMs: b.ms, bulkRows, singleMs: s.ms / inserts };
    };
    const maintained = await insertCost();
    const answered = String((await db.query(`EXPLAIN ${ssbQueries()[0].sql}`)).rowArrays()[0][1]).includes('__cube_');
    // The same inserts with no cube over lineorder: the baseline.
    for (const c of SSB_CUBES) await db.exec(`DROP MATERIALIZED VIEW ${c.name}`);
    const plain = await insertCost();
    console.log(`  bulk INSERT ... SELECT of ${maintained.bulkRows.toLocaleString('en-US')} rows: ${maintained.bulkMs.toFixed(0)} ms with ${SSB_CUBES.length} cubes, ${plain.bulkMs.toFixed(0)} ms without`);
    console.log(`  single-row INSERT (mean of ${inserts}): ${maintained.singleMs.toFixed(2)} ms with cubes, ${plain.singleMs.toFixed(2)} ms without`);
    console.log(`  cubes still answer after the inserts: ${answered ? 'yes' : 'NO'}`);
    return 0;
  } finally {
    await pair.close();
  }
}

// ---- Join-back section (functionally determined attributes) ----------------------------------

/** A cube over lineorder alone at (order date, discount) grain: date's attributes are not in it. */
const DAY_CUBE = {
  name: 'ssb_by_day',
  sql: `SELECT lo_orderdate, lo_discount, sum(lo_revenue) AS revenue, sum(lo_extendedprice * lo_discount) AS discounted, count(*) AS n, avg(lo_revenue) AS mean
    FROM lineorder GROUP BY lo_orderdate, lo_discount`,
};

/** Queries grouping or filtering by date attributes, which the day cube answers by joining date back on d_datekey. */
const JOIN_BACK_QUERIES: readonly { id: string; sql: string }[] = [
  { id: 'J1', sql: 'SELECT d_year, sum(lo_revenue) FROM lineorder, date WHERE lo_orderdate = d_datekey GROUP BY d_year ORDER BY d_year' },
  {
    id: 'J2',
    sql: `SELECT d_dayofweek, sum(lo_extendedprice * lo_discount) AS revenue FROM lineorder JOIN date ON lo_orderdate = d_datekey
      WHERE d_year = 1997 AND lo_discount BETWEEN 1 AND 3 GROUP BY d_dayofweek ORDER BY d_dayofweek`,
  },
  {
    id: 'J3',
    sql: `SELECT d_sellingseason, d_year, lo_discount, count(*), avg(lo_revenue) FROM lineorder, date WHERE lo_orderdate = d_datekey
      AND d_yearmonthnum BETWEEN 199401 AND 199612 GROUP BY ROLLUP (d_sellingseason, d_year, lo_discount) ORDER BY 1, 2, 3`,
  },
];

/** Creates the day cube, times the join-back queries from it, on the base tables and in DuckDB, and drops it. */
async function joinBackQueries(db: Database, duck: DuckSession, runs: number): Promise<void> {
  const built = await time(() => db.exec(`CREATE MATERIALIZED VIEW ${DAY_CUBE.name} AS ${DAY_CUBE.sql}`));
  const rows = Number((await db.query(`SELECT count(*) FROM __cube_${DAY_CUBE.name}`)).rowArrays()[0][0]);
  console.log(`\nJoin-back: ${DAY_CUBE.name} (lineorder alone by order date and discount) build ${(built.ms / 1000).toFixed(2)} s, ${rows.toLocaleString('en-US')} rows;`);
  console.log(`date attributes are read by joining date back on d_datekey (median of ${runs} runs after one warm-up; ms):`);
  console.log('  query  cube + join        from cube  Strata base  DuckDB 1T  DuckDB/cube  same rows');
  for (const q of JOIN_BACK_QUERIES) {
    const r = await compareQuery(db, duck, q.sql, runs);
    const cube = /Scan: __cube_(\w+)/.exec(r.plan)?.[1];
    console.log(comparisonLine(q.id, cube === undefined ? '-' : `${cube}${/Scan: date /.test(r.plan) ? ' + date' : ''}`, 17, r));
  }
  await db.exec(`DROP MATERIALIZED VIEW ${DAY_CUBE.name}`);
}
