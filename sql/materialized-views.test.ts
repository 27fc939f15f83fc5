import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers/temp-dirs.js';
import { Database } from './database.js';

const tempDir = useTempDirs('strata-mv-');

async function count(db: Database, sql: string): Promise<number> {
  return Number((await db.query(sql)).rowArrays()[0][0]);
}

const QUERY = 'SELECT name, d, sum(q), count(*), min(q) FROM f JOIN d1 ON k = id GROUP BY ROLLUP (name, d) ORDER BY 1, 2, 3';

describe('materialized views', () => {
  it('merges delta rows of many single-row inserts into one row per group, also across a reopen', async () => {
    const dir = tempDir();
    let db = await Database.open(dir);
    await db.exec(`
      CREATE TABLE f (k INTEGER, d INTEGER, q INTEGER);
      CREATE TABLE d1 (id INTEGER, name VARCHAR);
      INSERT INTO d1 VALUES (0, 'a'), (1, 'b'), (2, 'c');
      INSERT INTO f VALUES (0, 0, 1), (1, 1, 2);
      CREATE MATERIALIZED VIEW mv AS SELECT name, d, sum(q) AS s, count(*) AS n, min(q) AS lo FROM f JOIN d1 ON k = id GROUP BY ROLLUP (name, d);
    `);
    // Each insert adds one delta row per grouping set (3); past 2 x built + 1000 rows they are merged.
    let most = 0;
    for (let i = 0; i < 400; i++) {
      await db.exec(`INSERT INTO f VALUES (${i % 3}, ${i % 4}, ${i})`);
      most = Math.max(most, await count(db, 'SELECT count(*) FROM __cube_mv'));
    }
    expect(most).toBeGreaterThan(1000);
    const groups = await count(db, 'SELECT count(*) FROM (SELECT DISTINCT gs, d0, d1 FROM __cube_mv)');
    expect(await count(db, 'SELECT count(*) FROM __cube_mv')).toBeLessThan(groups + 3 * 400 - 1000);
    const plan = String((await db.query(`EXPLAIN ${QUERY}`)).rowArrays()[0][1]);
    expect(plan).toContain('Scan: __cube_mv');
    const fromCube = (await db.query(QUERY)).rowArrays();
    await db.exec("SET disabled_optimizers = 'answer-from-cube'");
    expect((await db.query(QUERY)).rowArrays()).toEqual(fromCube);
    db.closeSync();

    db = await Database.open(dir);
    expect((await db.query(QUERY)).rowArrays()).toEqual(fromCube);
    expect(String((await db.query(`EXPLAIN ${QUERY}`)).rowArrays()[0][1])).toContain('Scan: __cube_mv');
    expect((await db.query('SELECT * FROM mv ORDER BY 1, 2, 3')).rowArrays()).toEqual(fromCube);
    db.closeSync();
  }, 60_000);

  it('rolls back the cube rows with the base rows, and a failed statement leaves both', async () => {
    const db = await Database.open();
    await db.exec(`
      CREATE TABLE f (k INTEGER, q INTEGER NOT NULL);
      CREATE TABLE d1 (id INTEGER, name VARCHAR);
      INSERT INTO d1 VALUES (0, 'a');
      INSERT INTO f VALUES (0, 5);
      CREATE MATERIALIZED VIEW mv AS SELECT name, sum(q) AS s FROM f, d1 WHERE k = id GROUP BY name;
      BEGIN;
      INSERT INTO f VALUES (0, 100);
      ROLLBACK;
    `);
    await expect(db.exec('INSERT INTO f VALUES (0, 7), (0, NULL)')).rejects.toThrow(/NOT NULL/);
    expect((await db.query('SELECT * FROM mv')).rowArrays()).toEqual([['a', 5]]);
    const q = 'SELECT name, sum(q) FROM f JOIN d1 ON k = id GROUP BY name';
    expect(String((await db.query(`EXPLAIN ${q}`)).rowArrays()[0][1])).toContain('Scan: __cube_mv');
    expect((await db.query(q)).rowArrays()).toEqual([['a', 5]]);
  });

  it('maintains cubes on COPY and appendColumns, and a write to the cube table makes it stale', async () => {
    const dir = tempDir();
    const db = await Database.open();
    await db.exec(`
      CREATE TABLE f (k INTEGER, q INTEGER);
      CREATE TABLE d1 (id INTEGER, name VARCHAR);
      INSERT INTO d1 VALUES (0, 'a'), (1, 'b');
      CREATE MATERIALIZED VIEW mv AS SELECT name, sum(q) AS s, count(*) AS n FROM f JOIN d1 ON k = id GROUP BY name;
    `);
    fs.writeFileSync(path.join(dir, 'f.csv'), 'k,q\n0,1\n1,2\n1,3\n');
    await db.exec(`COPY f FROM '${path.join(dir, 'f.csv')}' (HEADER)`);
    db.appendColumns('f', { k: Int32Array.from([0, 0]), q: Int32Array.from([10, 20]) }, 2);
    const q = 'SELECT name, sum(q), count(*) FROM f JOIN d1 ON k = id GROUP BY name ORDER BY 1';
    const explain = async () => String((await db.query(`EXPLAIN ${q}`)).rowArrays()[0][1]);
    expect(await explain()).toContain('Scan: __cube_mv');
    expect((await db.query(q)).rowArrays()).toEqual([['a', 31, 3], ['b', 5, 2]]);
    await db.exec('INSERT INTO __cube_mv VALUES (0, \'a\', 1000, 1)');
    expect(await explain()).not.toContain('Scan: __cube_mv');
    expect((await db.query(q)).rowArrays()).toEqual([['a', 31, 3], ['b', 5, 2]]);
  });

  it('keeps the cube table sorted by its key, built and after a large insert, so zone maps skip the other grouping sets', async () => {
    const db = await Database.open();
    await db.exec(`
      CREATE TABLE f (k INTEGER, d INTEGER, q INTEGER);
      CREATE TABLE d1 (id INTEGER, name VARCHAR);
      INSERT INTO d1 SELECT range, 'n' || (range % 40) FROM range(200);
      INSERT INTO f SELECT range % 200, range % 97, range FROM range(20000);
      CREATE MATERIALIZED VIEW mv AS SELECT name, d, sum(q) AS s FROM f JOIN d1 ON k = id GROUP BY GROUPING SETS ((name), (name, d), (d));
    `);
    const q = "SELECT d, sum(q) FROM f JOIN d1 ON k = id WHERE name = 'n7' GROUP BY d ORDER BY d";
    const scanLine = async (): Promise<string> => {
      const text = String((await db.query(`EXPLAIN ANALYZE ${q}`)).rowArrays().find((r) => r[0] === 'analyzed_plan')?.[1]);
      return text.split('\n').find((l) => l.includes('table=__cube_mv')) ?? '';
    };
    const expected = async (): Promise<unknown[][]> => {
      await db.exec("SET disabled_optimizers = 'answer-from-cube'");
      const rows = (await db.query(q)).rowArrays();
      await db.exec("SET disabled_optimizers = ''");
      return rows;
    };
    // 40 + 3,880 + 97 rows; one name of the (name, d) set lies in one or two 256-row zones
    // (blocks_read counts the complete zones read; the incomplete last one is always read).
    expect((await db.query(q)).rowArrays()).toEqual(await expected());
    const built = await scanLine();
    expect(Number(/rows_from_memory=(\d+)/.exec(built)?.[1])).toBe(40 + 3880 + 97);
    expect(Number(/blocks_read=(\d+)/.exec(built)?.[1])).toBeLessThanOrEqual(2);
    // A large insert appends its delta rows sorted as well.
    await db.exec('INSERT INTO f SELECT range % 200, range % 89, range FROM range(5000)');
    expect((await db.query(q)).rowArrays()).toEqual(await expected());
    const after = await scanLine();
    const total = Number(/rows_from_memory=(\d+)/.exec(after)?.[1]);
    expect(total).toBeGreaterThan(40 + 3880 + 97);
    // Unsorted, the delta's 'n7' rows would lie in every one of its zones (16 read).
    expect(Number(/blocks_read=(\d+)/.exec(after)?.[1])).toBeLessThanOrEqual(5);
    db.closeSync();
  });

  it('sorts a large cube (over the radix sort threshold) by grouping set, then dimensions with NULLs first', async () => {
    const db = await Database.open();
    await db.exec(`
      CREATE TABLE f (k INTEGER, d INTEGER, q INTEGER);
      INSERT INTO f SELECT range % 5000, CASE WHEN range % 11 = 0 THEN NULL ELSE range % 7 END, range FROM range(60000);
      CREATE MATERIALIZED VIEW mv AS SELECT k, d, sum(q) AS s FROM f GROUP BY GROUPING SETS ((k), (k, d), (d));
    `);
    const rows = (await db.query('SELECT gs, d0, d1 FROM __cube_mv')).rowArrays() as (number | null)[][];
    expect(rows.length).toBeGreaterThan(16384);
    const cmp = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a - b);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(cmp(a[0], b[0]) || cmp(a[1], b[1]) || cmp(a[2], b[2]), `rows ${i - 1}, ${i}`).toBeLessThan(0);
    }
    const q = 'SELECT d, sum(q) FROM f WHERE k = 4321 GROUP BY d ORDER BY d';
    const fromCube = (await db.query(q)).rowArrays();
    await db.exec("SET disabled_optimizers = 'answer-from-cube'");
    expect(fromCube).toEqual((await db.query(q)).rowArrays());
    db.closeSync();
  });
});
