import { beforeAll, describe, expect, it } from 'vitest';
import { ssbTableRows } from '../../bench/ssb/ssb-generator.js';
import { Database } from '../../sql/database.js';
import { createDemoDatabase, DEMO_EXAMPLE_QUERIES, DEMO_SCALE_FACTOR, DEMO_SEED, DEMO_TABLE_ROWS } from './demo-database.js';

describe('demo database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open();
    await createDemoDatabase(db);
  }, 30_000);
  const one = async (sql: string): Promise<unknown[]> => (await db.query(sql)).rowArrays()[0];

  it('advertises the generator’s row counts', () => {
    expect(DEMO_TABLE_ROWS).toEqual(ssbTableRows(DEMO_SCALE_FACTOR, DEMO_SEED));
  });

  it('loads the five SSB tables with those counts', async () => {
    for (const [table, rows] of Object.entries(DEMO_TABLE_ROWS)) expect(await one(`SELECT count(*) FROM ${table}`)).toEqual([rows]);
  });

  it('has keys that join: every order line finds its date, customer, supplier and part', async () => {
    const [n] = await one(`SELECT count(*) FROM lineorder
      JOIN date ON lo_orderdate = d_datekey JOIN customer ON lo_custkey = c_custkey
      JOIN supplier ON lo_suppkey = s_suppkey JOIN part ON lo_partkey = p_partkey`);
    expect(n).toBe(DEMO_TABLE_ROWS.lineorder);
  });

  it('draws values from the SSB domains', async () => {
    expect(await one('SELECT min(lo_quantity), max(lo_quantity), min(lo_discount), max(lo_discount) FROM lineorder')).toEqual([1, 50, 0, 10]);
    expect(await one('SELECT min(d_year), max(d_year), count(DISTINCT d_yearmonthnum) FROM date')).toEqual([1992, 1998, 84]);
    expect(await one('SELECT count(DISTINCT c_region), count(DISTINCT c_nation) FROM customer')).toEqual([5, 25]);
  });

  it('answers the example queries', async () => {
    const counts: number[] = [];
    for (const q of DEMO_EXAMPLE_QUERIES) counts.push((await db.query(q.sql)).numRows);
    expect(counts[0]).toBe(1);
    expect(counts[1]).toBeGreaterThan(40); // enough to show the row truncation of the shell
    expect(counts[2]).toBe(7 * 5); // years x American nations
  });
});
