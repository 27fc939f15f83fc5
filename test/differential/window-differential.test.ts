import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { canonical, openDuckDb, resultDifference, type Row, strataRows } from '../helpers/duckdb-oracle.js';
import { SeededRandom } from '../helpers/seeded-random.js';

/**
 * Window functions, grouping sets and recursive CTEs on Strata and on DuckDB over a table large
 * enough (40,000 rows) for the window operator's radix sort and for many partitions; results
 * must agree as multisets. Every window query orders by a unique key where the result would
 * otherwise depend on how ties are broken.
 */
let db: Database;
let duck: Awaited<ReturnType<typeof openDuckDb>>;

const ROWS = 40_000;

function tableSql(seed: number): string[] {
  const r = new SeededRandom(seed);
  const out = ['CREATE TABLE w (id INTEGER, g INTEGER, cat VARCHAR, x INTEGER, amt DECIMAL(10,2), rate DOUBLE, day DATE)'];
  const cats = ['red', 'green', 'blue', 'gold', 'plum'];
  for (let start = 0; start < ROWS; start += 5000) {
    const values: string[] = [];
    for (let i = start; i < start + 5000; i++) {
      const nul = (p: number, v: string) => (r.chance(p) ? 'NULL' : v);
      const day = new Date(Date.UTC(2020, 0, 1) + r.int(0, 900) * 86_400_000).toISOString().slice(0, 10);
      values.push(
        `(${i}, ${nul(0.02, String(r.int(0, 300)))}, ${nul(0.05, `'${r.pick(cats)}'`)}, ${nul(0.05, String(r.int(-500, 5000)))}, ${(r.int(0, 10_000_000) / 100).toFixed(2)}, ${nul(0.05, String(r.int(-4000, 4000) / 16))}, ${nul(0.03, `DATE '${day}'`)})`,
      );
    }
    out.push(`INSERT INTO w VALUES ${values.join(', ')}`);
  }
  return out;
}

beforeAll(async () => {
  db = await Database.open();
  duck = await openDuckDb();
  for (const s of tableSql(11)) {
    await db.exec(s);
    await duck.exec(s);
  }
}, 120_000);

afterAll(() => duck.close());

async function compare(sql: string): Promise<void> {
  const expected: Row[] = await duck.rows(sql);
  let got: Row[];
  try {
    got = await strataRows(db, sql);
  } catch (e) {
    throw new Error(`Strata failed on: ${sql}\n${(e as Error).message}`);
  }
  // Sorted by a coarse key, then compared cell by cell: doubles within a relative 1e-9 (sums of
  // doubles over frames differ from DuckDB's in the last bits).
  const diff = resultDifference(got, expected, false);
  if (diff !== null) expect(canonical(got, false), `${sql}: ${diff}`).toEqual(canonical(expected, false));
}

const QUERIES = [
  'SELECT id, row_number() OVER (PARTITION BY g ORDER BY x DESC NULLS FIRST, id) FROM w',
  'SELECT id, rank() OVER (ORDER BY cat, x), dense_rank() OVER (PARTITION BY cat ORDER BY day DESC) FROM w',
  'SELECT id, percent_rank() OVER (PARTITION BY g ORDER BY rate), cume_dist() OVER (PARTITION BY g ORDER BY rate NULLS FIRST) FROM w',
  'SELECT id, ntile(7) OVER (PARTITION BY cat ORDER BY id) FROM w',
  'SELECT id, lag(x, 2, -1) OVER (PARTITION BY g ORDER BY id), lead(cat) OVER (ORDER BY amt, id), first_value(rate) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING) FROM w',
  'SELECT id, last_value(x IGNORE NULLS) OVER (PARTITION BY cat ORDER BY id), nth_value(day, 3) OVER (PARTITION BY g ORDER BY id) FROM w',
  'SELECT id, sum(x) OVER (PARTITION BY g ORDER BY id), sum(amt) OVER (PARTITION BY cat), count(x) OVER (PARTITION BY g) FROM w',
  'SELECT id, sum(x) OVER (PARTITION BY g ORDER BY x), avg(rate) OVER (PARTITION BY cat ORDER BY x RANGE BETWEEN 100 PRECEDING AND 50 FOLLOWING) FROM w',
  'SELECT id, avg(amt) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 6 PRECEDING AND CURRENT ROW), count(*) OVER (PARTITION BY g ORDER BY day RANGE BETWEEN INTERVAL 30 DAYS PRECEDING AND CURRENT ROW) FROM w',
  'SELECT id, min(x) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING), max(cat) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM w',
  'SELECT id, max(rate) OVER (ORDER BY x RANGE BETWEEN 10 PRECEDING AND 10 FOLLOWING), min(day) OVER (PARTITION BY cat ORDER BY id ROWS BETWEEN CURRENT ROW AND 20 FOLLOWING) FROM w',
  'SELECT id, count(*) OVER (PARTITION BY cat ORDER BY x GROUPS BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM w',
  'SELECT id, var_pop(x) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 9 PRECEDING AND CURRENT ROW), bool_or(x > 4900) OVER (PARTITION BY g) FROM w',
  'SELECT id, median(x) OVER (PARTITION BY g), string_agg(cat, \',\' ORDER BY id) OVER (PARTITION BY g ORDER BY id ROWS 2 PRECEDING) FROM w WHERE g < 20',
  'SELECT g, id, x FROM w QUALIFY row_number() OVER (PARTITION BY g ORDER BY x DESC NULLS LAST, id) <= 2',
  'SELECT cat, sum(x), rank() OVER (ORDER BY sum(x) DESC), sum(sum(x)) OVER (ORDER BY cat NULLS FIRST) FROM w GROUP BY cat',
  'SELECT g % 10 AS a, cat, sum(amt), count(DISTINCT x), grouping(a, cat) FROM w GROUP BY CUBE (a, cat)',
  'SELECT year(day) AS y, month(day) AS m, count(*), max(rate), median(x) FROM w GROUP BY ROLLUP (y, m)',
  'SELECT cat, g % 3 AS b, min(id), avg(x) FROM w GROUP BY GROUPING SETS ((cat), (b), (cat, b), ())',
  'WITH RECURSIVE chain(id, depth) AS (SELECT id, 0 FROM w WHERE id < 5 UNION ALL SELECT c.id + 7, c.depth + 1 FROM chain c WHERE c.depth < 50) SELECT count(*), sum(id), max(depth) FROM chain',
  'WITH RECURSIVE reach(g) AS (SELECT 0 UNION SELECT (r.g * 7 + 3) % 301 FROM reach r) SELECT count(*), min(g), max(g) FROM reach',
];

describe('differential: window functions, grouping sets and recursive CTEs vs DuckDB', () => {
  it.each(QUERIES)('%s', async (sql) => {
    await compare(sql);
  }, 60_000);
});
