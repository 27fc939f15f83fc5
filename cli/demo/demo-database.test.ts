import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXAMPLE_QUERIES, DEMO_TABLE_ROWS, createDemoDatabase, demoStatements } from './demo-database.js';

/** Rows per table, counted from the generated INSERT statements. */
function insertedRows(statements: readonly string[]): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const sql of statements) {
    const m = /^INSERT INTO ("?\w+"?) VALUES \(/.exec(sql);
    if (m === null) continue;
    // Generated values never contain "),(" (names, codes and digits only).
    const count = sql.split('),(').length;
    rows.set(m[1], [...(rows.get(m[1]) ?? []), count]);
  }
  return rows;
}

describe('demo database statements', () => {
  const statements = [...demoStatements()];

  it('are the same on every run (seeded generator)', () => {
    expect([...demoStatements()]).toEqual(statements);
  });

  it('create the five SSB tables before inserting', () => {
    const creates = statements.filter((s) => s.startsWith('CREATE TABLE'));
    expect(creates.map((s) => /^CREATE TABLE ("?\w+"?)/.exec(s)![1])).toEqual([
      '"date"',
      'customer',
      'supplier',
      'part',
      'lineorder',
    ]);
    expect(statements.findIndex((s) => s.startsWith('INSERT'))).toBe(creates.length);
  });

  it('insert the advertised row counts in chunks of at most 1000 rows', () => {
    const rows = insertedRows(statements);
    const total = (t: string): number => rows.get(t)!.reduce((a, b) => a + b, 0);
    expect(total('"date"')).toBe(DEMO_TABLE_ROWS.date);
    expect(total('customer')).toBe(DEMO_TABLE_ROWS.customer);
    expect(total('supplier')).toBe(DEMO_TABLE_ROWS.supplier);
    expect(total('part')).toBe(DEMO_TABLE_ROWS.part);
    expect(total('lineorder')).toBe(DEMO_TABLE_ROWS.lineorder);
    for (const counts of rows.values()) expect(Math.max(...counts)).toBeLessThanOrEqual(1000);
  });
});

// DuckDB (a dev dependency) stands in for the engine to check that the SQL loads and the data
// has the SSB shape; the example queries must find rows.
describe('demo database loaded into DuckDB', () => {
  let con: DuckDBConnection;
  beforeAll(async () => {
    con = await (await DuckDBInstance.create(':memory:')).connect();
    await createDemoDatabase({ exec: async (sql: string) => void (await con.run(sql)) });
  }, 60_000);
  const one = async (sql: string): Promise<unknown[]> => (await con.runAndReadAll(sql)).getRowsJS()[0];

  it('has keys that join: every order line finds its date, customer, supplier and part', async () => {
    const [n] = await one(`SELECT count(*) FROM lineorder
      JOIN date ON lo_orderdate = d_datekey JOIN customer ON lo_custkey = c_custkey
      JOIN supplier ON lo_suppkey = s_suppkey JOIN part ON lo_partkey = p_partkey`);
    expect(Number(n)).toBe(DEMO_TABLE_ROWS.lineorder);
  });

  it('draws values from the SSB domains', async () => {
    expect(await one('SELECT min(lo_quantity), max(lo_quantity), min(lo_discount), max(lo_discount) FROM lineorder')).toEqual([
      1, 50, 0, 10,
    ]);
    expect(await one('SELECT min(d_year), max(d_year), count(DISTINCT d_yearmonthnum) FROM date')).toEqual([1992, 1998, 84n]);
    expect(await one('SELECT count(DISTINCT c_region), count(DISTINCT c_nation) FROM customer')).toEqual([5n, 25n]);
    const [badCities] = await one(
      `SELECT count(*) FROM customer WHERE NOT regexp_full_match(c_city, '[A-Z ]{9}[0-9]') OR NOT starts_with(rpad(c_nation, 9, ' '), left(c_city, 9))`,
    );
    expect(badCities).toBe(0n);
    const [badBrands] = await one(
      `SELECT count(*) FROM part WHERE NOT regexp_full_match(p_brand1, 'MFGR#[1-5][1-5](0[1-9]|[1-3][0-9]|40)') OR NOT starts_with(p_brand1, p_category) OR NOT starts_with(p_category, p_mfgr)`,
    );
    expect(badBrands).toBe(0n);
  });

  it('answers the example queries', async () => {
    const counts: number[] = [];
    for (const q of DEMO_EXAMPLE_QUERIES) counts.push((await con.runAndReadAll(q.sql)).currentRowCount);
    expect(counts[0]).toBe(1);
    expect(counts[1]).toBeGreaterThan(40); // enough to show the row truncation of the shell
    expect(counts[2]).toBe(7 * 5); // years x American nations
  });
});
