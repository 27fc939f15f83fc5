import { describe, expect, it } from 'vitest';
import { Database } from '../../../sql/database.js';
import { planText } from '../../../test/helpers/plan-text.js';

/**
 * sales (60 rows) references store (6 rows, 1 in 6 in 'north'), item (10 rows, 9 in 10 cheap) and
 * city (3 rows) through store: a snowflake whose store arm is far more selective than item.
 */
async function snowflake(): Promise<Database> {
  const db = await Database.open();
  const values = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => `(${f(i)})`).join(', ');
  await db.exec(`
    CREATE TABLE sales (s_store INTEGER, s_item INTEGER, amount INTEGER);
    CREATE TABLE store (st_id INTEGER, st_region VARCHAR, st_city INTEGER);
    CREATE TABLE item (it_id INTEGER, it_price INTEGER);
    CREATE TABLE city (ci_id INTEGER, ci_name VARCHAR);
    INSERT INTO sales VALUES ${values(60, (i) => `${i % 6}, ${i % 10}, ${i}`)};
    INSERT INTO store VALUES ${values(6, (i) => `${i}, '${i === 0 ? 'north' : 'south'}', ${i % 3}`)};
    INSERT INTO item VALUES ${values(10, (i) => `${i}, ${i === 0 ? 100 : 5}`)};
    INSERT INTO city VALUES (0, 'Oslo'), (1, 'Lima'), (2, 'Pune');
  `);
  return db;
}

const QUERY =
  'SELECT ci_name, sum(amount) FROM sales, item, store, city ' +
  "WHERE s_item = it_id AND s_store = st_id AND st_city = ci_id AND it_price < 50 AND st_region = 'north' GROUP BY ci_name";

describe('star-join', () => {
  it('joins the most selective dimension arm first and builds a snowflake arm before it meets the fact table', async () => {
    const db = await snowflake();
    await db.exec("SET disabled_optimizers = 'prune-columns'");
    // Projections restoring the written column order are left out.
    const plan = (await planText(db, QUERY)).split('\n').filter((l) => !l.includes('Projection'));
    expect(plan.join('\n')).toBe(
      [
        '  Aggregate: groups=[ci_name#10], aggs=[sum(amount#3) AS #11]',
        '        Join: type=inner, on=(s_item#2 = it_id#4), star(selectivity=0.9)',
        '          Join: type=inner, on=(s_store#1 = st_id#6), star(selectivity=0.17)',
        '            Scan: sales [s_store#1, s_item#2, amount#3]',
        '            Join: type=inner, on=(st_city#8 = ci_id#9), star(selectivity=1)',
        "              Scan: store [st_id#6, st_region#7, st_city#8] filters=[(st_region#7 = 'north')]",
        '              Scan: city [ci_id#9, ci_name#10]',
        '          Scan: item [it_id#4, it_price#5] filters=[(it_price#5 < 50)]',
      ].join('\n'),
    );
    expect((await db.query(QUERY)).rowArrays()).toEqual([['Oslo', 240]]);
  });

  it('pushes the keys of filtered dimensions into the fact scan, and EXPLAIN ANALYZE counts the rows each removed', async () => {
    const db = await snowflake();
    const physical = await planText(db, QUERY, 'physical');
    expect(physical).toContain('runtime_filters=[s_store#1 IN keys(st_id#6)]');
    expect(physical).toContain('runtime_filters=[s_item#2 IN keys(it_id#4)]');
    const analyzed = String((await db.query(`EXPLAIN ANALYZE ${QUERY}`)).rowArrays().find((r) => r[0] === 'analyzed_plan')?.[1]);
    const scan = analyzed.split('\n').find((l) => l.includes('TableScanExec: table=sales')) ?? '';
    // Store 0 alone is in 'north': 50 of the 60 sales go; item 0 (the dear one) takes 2 of the 10 left.
    expect(scan).toContain('runtime_filters=[s_store#1 IN keys(st_id#6): removed 50; s_item#2 IN keys(it_id#4): removed 2]');
    expect(scan).toContain('rows=8,');
  });

  it('plans a star whose dimension filter fails on a row; the query reports the error when it runs', async () => {
    const db = await snowflake();
    await db.exec("INSERT INTO store VALUES (6, 'x', 0)");
    const sql = 'SELECT count(*) FROM sales JOIN store ON s_store = st_id WHERE CAST(st_region AS INTEGER) > 1';
    // The sample fails too, so the estimate falls back to the fixed guess for one filter.
    expect(await planText(db, sql)).toContain('star(selectivity=0.25)');
    await expect(db.query(sql)).rejects.toThrow(/Could not convert string 'north' to INTEGER/);
  });

  it('leaves joins alone when no input is larger than all the others', async () => {
    const db = await snowflake();
    const sql = 'SELECT count(*) FROM city a, city b WHERE a.ci_id = b.ci_id';
    expect(await planText(db, sql)).not.toContain('star(selectivity');
    expect((await db.query(sql)).rowArrays()).toEqual([[3]]);
  });

  it('is switched off by disabled_optimizers, leaving the plain plan', async () => {
    const db = await snowflake();
    await db.exec("SET disabled_optimizers = 'star-join'");
    expect(await planText(db, QUERY)).not.toContain('star(selectivity');
    expect(await planText(db, QUERY, 'physical')).not.toContain('runtime_filters');
    expect((await db.query(QUERY)).rowArrays()).toEqual([['Oslo', 240]]);
  });
});
