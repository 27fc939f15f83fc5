import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { canonical, openDuckDb, type Row, strataRows } from '../helpers/duckdb-oracle.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { randomStarQuery, starSchemaSql } from './random-star.js';

/**
 * The same data and queries on Strata and on DuckDB; results must agree (as multisets unless the
 * query orders them). Queries avoid `/` on integers, where the two engines differ by design
 * (Strata truncates, as SQLite and PostgreSQL do; DuckDB returns a double).
 */
let db: Database;
let duck: Awaited<ReturnType<typeof openDuckDb>>;

beforeAll(async () => {
  db = await Database.open();
  duck = await openDuckDb();
  for (const s of starSchemaSql(42, 3000)) {
    await db.exec(s);
    await duck.exec(s);
  }
}, 60_000);

afterAll(() => duck.close());

async function compare(sql: string, ordered = /ORDER BY/i.test(sql)): Promise<void> {
  const expected: Row[] = await duck.rows(sql);
  let got: Row[];
  try {
    got = await strataRows(db, sql);
  } catch (e) {
    throw new Error(`Strata failed on: ${sql}\n${(e as Error).message}`);
  }
  expect(canonical(got, ordered), sql).toEqual(canonical(expected, ordered));
}

const HANDWRITTEN = [
  'SELECT count(*), sum(f_qty), avg(f_rate), min(f_price), max(f_price) FROM fact',
  'SELECT a_color, count(*) FROM fact JOIN dim_a ON f_a = a_key GROUP BY a_color ORDER BY a_color NULLS FIRST',
  'SELECT a_color, count(f_a) FROM fact LEFT JOIN dim_a ON f_a = a_key GROUP BY a_color',
  'SELECT b_region, sum(f_price) FROM dim_b RIGHT JOIN fact ON f_b = b_key GROUP BY b_region',
  'SELECT count(*) FROM fact FULL OUTER JOIN dim_b ON f_b = b_key',
  'SELECT count(*) FROM dim_a FULL JOIN dim_b ON a_key = b_key AND a_size > b_rank',
  'SELECT a_key, b_key FROM dim_a, dim_b WHERE a_size < b_rank * 3 AND a_key < 5',
  'SELECT DISTINCT a_color FROM dim_a',
  'SELECT f_note FROM fact WHERE f_note LIKE \'%-1_\' ORDER BY f_note LIMIT 7 OFFSET 3',
  'SELECT f_qty, f_price FROM fact ORDER BY f_qty DESC NULLS LAST, f_price LIMIT 20',
  'SELECT a_color FROM dim_a UNION SELECT b_region FROM dim_b',
  'SELECT a_key FROM dim_a EXCEPT SELECT b_key FROM dim_b',
  'SELECT a_key FROM dim_a INTERSECT SELECT b_key FROM dim_b',
  'SELECT f_a FROM fact UNION ALL SELECT b_key FROM dim_b',
  'SELECT a_key FROM dim_a WHERE a_key IN (SELECT f_a FROM fact WHERE f_qty > 45)',
  'SELECT a_key FROM dim_a WHERE a_key NOT IN (SELECT f_a FROM fact WHERE f_qty > 45)',
  'SELECT a_key FROM dim_a WHERE NOT EXISTS (SELECT 1 FROM fact WHERE f_a = a_key AND f_qty > 40)',
  'SELECT a_key, (SELECT max(f_qty) FROM fact WHERE f_a = a_key) FROM dim_a',
  'SELECT a_key FROM dim_a WHERE a_size > (SELECT avg(a_size) FROM dim_a)',
  'SELECT b_region, count(*) FROM fact JOIN dim_b ON f_b = b_key GROUP BY b_region HAVING sum(f_qty) > 100',
  'WITH big AS (SELECT f_a, sum(f_price) AS s FROM fact GROUP BY f_a) SELECT a_color, max(s) FROM big JOIN dim_a ON f_a = a_key GROUP BY a_color',
  'SELECT x.a_key, y.a_key FROM dim_a x JOIN dim_a y ON x.a_size = y.a_size AND x.a_key < y.a_key',
  'SELECT CASE WHEN f_qty < 10 THEN \'low\' WHEN f_qty < 30 THEN \'mid\' ELSE \'high\' END AS band, count(*) FROM fact GROUP BY band',
  'SELECT coalesce(f_qty, -1), nullif(f_qty, 3), abs(f_rate - 60), round(f_price, 1), floor(f_rate), ceil(f_rate) FROM fact WHERE f_a = 3',
  'SELECT upper(a_color), lower(a_color), length(a_color), substr(a_color, 2, 2), a_color || \'!\', concat(a_color, a_size), trim(\'  \' || a_color || \' \') FROM dim_a',
  'SELECT c_day, c_day + 30, c_day - INTERVAL 1 MONTH, date_trunc(\'month\', c_day), extract(dow FROM c_day), date_part(\'quarter\', c_day) FROM dim_c',
  'SELECT CAST(f_price AS INTEGER), CAST(f_qty AS VARCHAR), CAST(f_rate AS DECIMAL(10,3)), f_qty::DOUBLE FROM fact WHERE f_b < 3',
  'SELECT f_qty % 7, f_qty * f_qty, -f_qty, f_price * 2, f_price + f_rate FROM fact WHERE f_c = 5',
  'SELECT sum(DISTINCT f_qty), count(DISTINCT f_note) FROM fact',
  'SELECT f_a, count(*) FROM fact GROUP BY f_a ORDER BY count(*) DESC, f_a LIMIT 5',
  'SELECT * FROM (SELECT f_a, f_b FROM fact WHERE f_qty = 7) t ORDER BY 1, 2',
  'SELECT a_color, a_size FROM dim_a ORDER BY a_color DESC NULLS FIRST, a_size',
  'SELECT count(*) FROM fact WHERE f_qty IS DISTINCT FROM 10',
  'SELECT count(*) FROM fact WHERE NOT (f_qty > 10 OR f_rate < 20)',
];

describe('differential: Strata vs DuckDB on a random star schema', () => {
  it.each(HANDWRITTEN)('%s', async (sql) => {
    await compare(sql);
  });

  it('agrees on 300 random star-join queries', async () => {
    const r = new SeededRandom(7);
    for (let i = 0; i < 300; i++) await compare(randomStarQuery(r));
  }, 120_000);

  it('gives the same rows with the star-join optimization on and off on 300 random stars and snowflakes', async () => {
    const r = new SeededRandom(11);
    let starred = 0;
    let filtered = 0;
    for (let i = 0; i < 300; i++) {
      const sql = randomStarQuery(r);
      const [logical, physical] = (await db.query(`EXPLAIN ${sql}`)).rowArrays().map((row) => String(row[1]));
      if (logical.includes('star(selectivity')) starred++;
      if (physical.includes('runtime_filters=')) filtered++;
      const on = canonical(await strataRows(db, sql), false);
      await db.exec("SET disabled_optimizers = 'star-join'");
      try {
        expect(canonical(await strataRows(db, sql), false), sql).toEqual(on);
      } finally {
        await db.exec("SET disabled_optimizers = ''");
      }
    }
    // The comparison means something only if most queries took the star path.
    expect(starred).toBeGreaterThan(150);
    expect(filtered).toBeGreaterThan(150);
  }, 120_000);
});
