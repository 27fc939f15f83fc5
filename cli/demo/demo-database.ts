/**
 * The built-in demo database: the Star Schema Benchmark tables (SSB; O'Neil et al.) at scale
 * factor 0.01, made by the benchmark's seeded generator (`bench/ssb`) and bulk-loaded through
 * `Database.appendColumns`.
 */
import { loadSsbIntoStrata, type StrataLoadTarget } from '../../bench/ssb/strata-loader.js';

/** SSB scale factor of the demo data: about 1/100 of SF 1. */
export const DEMO_SCALE_FACTOR = 0.01;

/** Generator seed of the demo data. */
export const DEMO_SEED = 1;

/** What the demo needs of a database; a Strata `Database` is one. */
export type DemoTarget = StrataLoadTarget;

/** Rows per table (the generator's exact counts at {@link DEMO_SCALE_FACTOR}, {@link DEMO_SEED}; checked by the test). */
export const DEMO_TABLE_ROWS = {
  date: 2556, // every day of 1992-01-01 .. 1998-12-30, as dbgen writes it
  customer: 300,
  supplier: 20,
  part: 2000,
  lineorder: 59_752,
} as const;

/** SSB-style queries to try on the demo database (Q1.1, Q2.1 and Q4.1 of the benchmark). */
export const DEMO_EXAMPLE_QUERIES: readonly { readonly title: string; readonly sql: string }[] = [
  {
    title: 'Q1.1: revenue gained by discounts in 1993',
    sql: `SELECT sum(lo_extendedprice * lo_discount) AS revenue
FROM lineorder JOIN date ON lo_orderdate = d_datekey
WHERE d_year = 1993 AND lo_discount BETWEEN 1 AND 3 AND lo_quantity < 25;`,
  },
  {
    title: 'Q2.1: revenue per year and brand, category MFGR#12, American suppliers',
    sql: `SELECT d_year, p_brand1, sum(lo_revenue) AS revenue
FROM lineorder
  JOIN date ON lo_orderdate = d_datekey
  JOIN part ON lo_partkey = p_partkey
  JOIN supplier ON lo_suppkey = s_suppkey
WHERE p_category = 'MFGR#12' AND s_region = 'AMERICA'
GROUP BY d_year, p_brand1
ORDER BY d_year, p_brand1;`,
  },
  {
    title: 'Q4.1: profit per year and customer nation, within the Americas',
    sql: `SELECT d_year, c_nation, sum(lo_revenue - lo_supplycost) AS profit
FROM date, customer, supplier, part, lineorder
WHERE lo_custkey = c_custkey AND lo_suppkey = s_suppkey
  AND lo_partkey = p_partkey AND lo_orderdate = d_datekey
  AND c_region = 'AMERICA' AND s_region = 'AMERICA'
  AND (p_mfgr = 'MFGR#1' OR p_mfgr = 'MFGR#2')
GROUP BY d_year, c_nation
ORDER BY d_year, c_nation;`,
  },
];

/** Creates and fills the demo tables `date`, `customer`, `supplier`, `part` and `lineorder` in `db`. */
export async function createDemoDatabase(db: DemoTarget): Promise<void> {
  await loadSsbIntoStrata(db, DEMO_SCALE_FACTOR, DEMO_SEED);
}
