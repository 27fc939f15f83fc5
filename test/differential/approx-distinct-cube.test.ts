/** approx_count_distinct from cubes (sketch measures) equals the base tables' answer, through inserts, collapsing, a crash and REFRESH; its error against count(DISTINCT) next to DuckDB's. */
import { describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { canonical, openDuckDb, strataRows } from '../helpers/duckdb-oracle.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { starSchemaSql } from './random-star.js';

const tempDir = useTempDirs('strata-hll-cube-');

const CUBE = `CREATE MATERIALIZED VIEW sk AS SELECT a_color, b_region, c_year, approx_count_distinct(f_price) AS prices,
  approx_count_distinct(f_note) AS notes, approx_count_distinct(f_qty) AS qtys, count(*) AS n
  FROM fact JOIN dim_a ON f_a = a_key JOIN dim_b ON f_b = b_key JOIN dim_c ON f_c = c_key GROUP BY CUBE (a_color, b_region, c_year)`;

const FROM = 'FROM fact JOIN dim_a ON f_a = a_key JOIN dim_b ON f_b = b_key JOIN dim_c ON f_c = c_key';
const QUERIES = [
  `SELECT approx_count_distinct(f_price), approx_count_distinct(f_note), count(*) ${FROM}`,
  `SELECT a_color, approx_count_distinct(f_price), approx_count_distinct(f_qty) ${FROM} GROUP BY a_color`,
  `SELECT b_region, c_year, approx_count_distinct(f_note), approx_count_distinct(DISTINCT f_price) ${FROM} WHERE c_year >= 1994 GROUP BY b_region, c_year`,
  `SELECT c_year, approx_count_distinct(f_price) ${FROM} WHERE a_color IN ('red', 'tan') GROUP BY ROLLUP (c_year)`,
  `SELECT a_color, b_region, approx_count_distinct(f_qty), approx_count_distinct(f_price) ${FROM} GROUP BY a_color, b_region`,
];

async function planOf(db: Database, sql: string): Promise<string> {
  return String((await db.query(`EXPLAIN ${sql}`)).rowArrays()[0][1]);
}

/** Every query is answered from the cube and equals the answer of the base tables. */
async function compare(db: Database, phase: string): Promise<void> {
  for (const sql of QUERIES) {
    expect(await planOf(db, sql), `${phase}: ${sql}`).toContain('Scan: __cube_sk');
    const fromCube = canonical(await strataRows(db, sql), false);
    await db.exec("SET disabled_optimizers = 'answer-from-cube'");
    try {
      expect(canonical(await strataRows(db, sql), false), `${phase}: ${sql}`).toEqual(fromCube);
    } finally {
      await db.exec("SET disabled_optimizers = ''");
    }
  }
}

async function cubeRows(db: Database): Promise<number> {
  return Number((await db.query('SELECT count(*) FROM __cube_sk')).rowArrays()[0][0]);
}

describe('approx_count_distinct as a cube measure', () => {
  it('answers from merged sketches exactly as the base tables do, after inserts, collapsing, a crash and REFRESH', async () => {
    const dir = tempDir();
    const options = { checkpointOnClose: false };
    let db = await Database.open(dir, options);
    for (const s of starSchemaSql(11, 3000)) await db.exec(s);
    await db.exec(CUBE);
    await compare(db, 'built');
    const built = await cubeRows(db);

    // An exact distinct count is not answered from the sketches.
    expect(await planOf(db, `SELECT a_color, count(DISTINCT f_price) ${FROM} GROUP BY a_color`)).not.toContain('__cube_sk');

    // A bulk insert, then single-row inserts until the delta rows are collapsed (re-aggregated with hll_union).
    await db.exec(`INSERT INTO fact SELECT f_a, f_b, f_c, f_qty + 100, f_price + 1, f_rate, f_note || 'x' FROM fact WHERE f_qty < 10`);
    let most = 0;
    let collapsed = false;
    for (let i = 0; i < 400 && !collapsed; i++) {
      await db.exec(`INSERT INTO fact VALUES (${i % 40}, ${(i % 25) * 2}, ${i % 60}, ${i}, ${i}.25, 1.5, 'n${i}')`);
      const rows = await cubeRows(db);
      collapsed = rows < most;
      most = Math.max(most, rows);
    }
    expect(collapsed).toBe(true);
    expect(most).toBeGreaterThan(built + 1000);
    await compare(db, 'after inserts');

    // A crash: the log replays base rows and cube sketches together; then a checkpoint stores them in segments.
    db.closeSync();
    db = await Database.open(dir, options);
    await compare(db, 'after reopen');
    for (let i = 0; i < 5; i++) await db.exec(`INSERT INTO fact VALUES (${i}, ${2 * i}, ${i}, ${i}, ${i}.75, 2.5, 'late${i}')`);
    expect(await cubeRows(db)).toBeGreaterThan(Number((await db.query('SELECT count(*) FROM (SELECT DISTINCT gs, d0, d1, d2 FROM __cube_sk)')).rowArrays()[0][0]));
    db.checkpoint();
    // The checkpoint merged the cube rows with equal keys (the hll_sketch merge kind): one row per key.
    const keys = Number((await db.query('SELECT count(*) FROM (SELECT DISTINCT gs, d0, d1, d2 FROM __cube_sk)')).rowArrays()[0][0]);
    expect(await cubeRows(db)).toBe(keys);
    db.closeSync();
    db = await Database.open(dir, options);
    await compare(db, 'after checkpoint and reopen');
    const byName = canonical(await strataRows(db, 'SELECT a_color, prices, notes FROM sk WHERE b_region IS NULL AND c_year IS NULL AND a_color IS NOT NULL'), false);
    await db.exec("SET disabled_optimizers = 'answer-from-cube'");
    const direct = canonical(await strataRows(db, `SELECT a_color, approx_count_distinct(f_price), approx_count_distinct(f_note) ${FROM} WHERE a_color IS NOT NULL GROUP BY a_color`), false);
    expect(byName).toEqual(direct);
    await db.exec("SET disabled_optimizers = ''");

    await db.exec('REFRESH MATERIALIZED VIEW sk');
    await compare(db, 'after refresh');
    db.closeSync();
  }, 180_000);

  it('is within a few standard errors of count(DISTINCT), with a smaller error than DuckDB at 2^12 registers', async () => {
    const db = await Database.open();
    const duck = await openDuckDb();
    const setup = `CREATE TABLE t AS SELECT range AS i, range % 37 AS g, (range * 2654435761) % 1000003 AS v, 'k' || ((range * 7) % 50000) AS s FROM range(400000)`;
    await db.exec(setup);
    await duck.exec(setup);
    const sql = 'SELECT g, approx_count_distinct(v), approx_count_distinct(s), count(DISTINCT v), count(DISTINCT s) FROM t GROUP BY g ORDER BY g';
    const ours = await strataRows(db, sql);
    const theirs = await duck.rows(sql);
    duck.close();
    const meanError = (rows: (number | string | boolean | null)[][]): number => {
      let sum = 0;
      for (const r of rows) sum += Math.abs(Number(r[1]) / Number(r[3]) - 1) + Math.abs(Number(r[2]) / Number(r[4]) - 1);
      return sum / (2 * rows.length);
    };
    expect(ours.map((r) => [r[0], r[3], r[4]])).toEqual(theirs.map((r) => [r[0], r[3], r[4]]));
    // 1.04 / sqrt(4096) = 1.6% standard error: the mean absolute error is about 0.8 of it.
    expect(meanError(ours)).toBeLessThan(0.02);
    expect(meanError(ours)).toBeLessThan(meanError(theirs));
    for (const r of ours) expect(Math.abs(Number(r[1]) / Number(r[3]) - 1)).toBeLessThan(4 * 0.01625);
  }, 60_000);
});
