/** Cube tables merge their delta rows at flush and compaction: one row per key after a checkpoint, every cube answer unchanged, across reopens and crashes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const tempDir = useTempDirs('strata-cubemerge-');

const rows = (db: Database, sql: string): unknown[][] => db.querySync(sql).rowArrays();
const count = (db: Database, sql: string): number => Number(rows(db, sql)[0][0]);
const cubeRows = (db: Database): number => count(db, 'SELECT count(*) FROM __cube_mv');
const cubeKeys = (db: Database): number => count(db, 'SELECT count(*) FROM (SELECT DISTINCT gs, d0, d1 FROM __cube_mv)');

const SCHEMA = `
  CREATE TABLE f (k INTEGER, d INTEGER, q DECIMAL(12,2), s VARCHAR, x BIGINT);
  CREATE TABLE d1 (id INTEGER, name VARCHAR);
  INSERT INTO d1 VALUES (0, 'a'), (1, 'b'), (2, NULL), (3, 'd');
  INSERT INTO f VALUES (0, 0, 1.25, 'p', 1), (1, NULL, NULL, NULL, NULL);
  CREATE MATERIALIZED VIEW mv AS
    SELECT name, d, sum(q) AS sq, count(*) AS n, count(q) AS nq, min(s) AS lo, max(q) AS hi, avg(x) AS ax, sum(x) AS sx
    FROM f JOIN d1 ON k = id GROUP BY CUBE (name, d);
`;

/** Queries the cube answers (each is checked to read it), with NULL dimensions, all-NULL measures and every part. */
const QUERIES = [
  'SELECT name, d, sum(q), count(*), count(q), min(s), max(q), avg(x), sum(x) FROM f JOIN d1 ON k = id GROUP BY name, d ORDER BY 1, 2',
  'SELECT name, sum(q), count(*), max(q) FROM f JOIN d1 ON k = id GROUP BY name ORDER BY 1',
  'SELECT d, min(s), count(q), sum(x) FROM f JOIN d1 ON k = id GROUP BY d ORDER BY 1',
  'SELECT sum(q), count(*), avg(x) FROM f JOIN d1 ON k = id',
  'SELECT name, d, sum(q) FROM f JOIN d1 ON k = id GROUP BY ROLLUP (name, d) ORDER BY 1, 2, 3',
];

/** Every query answered from the cube equals its answer with the rewrite off (from the base tables). */
function expectCubeAnswersEqualBase(db: Database): void {
  for (const q of QUERIES) {
    expect(String(rows(db, `EXPLAIN ${q}`)[0][1]), q).toContain('Scan: __cube_mv');
    const fromCube = rows(db, q);
    db.execSync("SET disabled_optimizers = 'answer-from-cube'");
    const fromBase = rows(db, q);
    db.execSync("SET disabled_optimizers = ''");
    expect(fromCube, q).toEqual(fromBase);
  }
}

function insert(db: Database, i: number): void {
  // Every tenth row has NULL measures, every seventh a NULL dimension; k = 2 joins a NULL name.
  const nul = i % 10 === 0;
  db.execSync(`INSERT INTO f VALUES (${i % 4}, ${i % 7 === 0 ? 'NULL' : i % 5}, ${nul ? 'NULL' : `${i}.${i % 100}`}, ${nul ? 'NULL' : `'s${i % 13}'`}, ${nul ? 'NULL' : 2 ** 40 + i})`);
}

/** 600 inserts: past 2 x built + 1,000 rows a statement collapses the cube table, answers unchanged. */
function expectCollapses(db: Database): void {
  let most = 0;
  for (let i = 0; i < 600; i++) {
    insert(db, i);
    most = Math.max(most, cubeRows(db));
  }
  expect(most).toBeGreaterThan(1000);
  expect(cubeRows(db)).toBeLessThan(most);
  expectCubeAnswersEqualBase(db);
}

describe('cube tables merge their delta rows in stored databases', () => {
  it('keeps the cube table bounded during single-row inserts and holds one row per key after a checkpoint, across reopens', () => {
    const dir = tempDir();
    let db = Database.openSync(dir, { durability: 'relaxed' });
    db.execSync(SCHEMA);
    let most = 0;
    for (let i = 0; i < 1500; i++) {
      insert(db, i);
      if (i % 50 === 0) most = Math.max(most, cubeRows(db));
    }
    // 4 grouping sets: 6,000 delta rows were appended, but merging flushes kept the table small.
    expect(most).toBeLessThan(2 * cubeKeys(db) + 1000 + 200);
    expectCubeAnswersEqualBase(db);
    db.checkpoint();
    expect(cubeRows(db)).toBe(cubeKeys(db));
    expectCubeAnswersEqualBase(db);
    db.closeSync();

    const manifest = fs.readFileSync(path.join(dir, 'MANIFEST'), 'utf8');
    expect(manifest).toContain('"merge"');
    db = Database.openSync(dir, { durability: 'relaxed' });
    expect(cubeRows(db)).toBe(cubeKeys(db));
    expectCubeAnswersEqualBase(db);
    // The reopened table still merges.
    for (let i = 1500; i < 1700; i++) insert(db, i);
    expect(cubeRows(db)).toBeGreaterThan(cubeKeys(db));
    db.checkpoint();
    expect(cubeRows(db)).toBe(cubeKeys(db));
    expectCubeAnswersEqualBase(db);
    db.closeSync();
  }, 120_000);

  it('loses and double-counts nothing when the process stops before or after the merging checkpoint', () => {
    const dir = tempDir();
    let db = Database.openSync(dir, { checkpointOnClose: false });
    db.execSync(SCHEMA);
    for (let i = 0; i < 300; i++) insert(db, i);
    // No checkpoint: the log holds base and delta rows; reopening replays both into the buffers.
    db.closeSync();
    db = Database.openSync(dir, { checkpointOnClose: false });
    expect(count(db, 'SELECT count(*) FROM f')).toBe(302);
    expectCubeAnswersEqualBase(db);
    db.checkpoint();
    expect(cubeRows(db)).toBe(cubeKeys(db));
    for (let i = 300; i < 400; i++) insert(db, i);
    db.closeSync();
    db = Database.openSync(dir);
    expect(count(db, 'SELECT count(*) FROM f')).toBe(402);
    expectCubeAnswersEqualBase(db);
    db.closeSync();
  }, 60_000);

  it('collapses in statements instead where the table has no merge rule (a database from before rules)', () => {
    const dir = tempDir();
    let db = Database.openSync(dir, { durability: 'relaxed' });
    db.execSync(SCHEMA);
    db.closeSync();
    // Strip the rule (and the checksum line, which manifests from before checksums lack too).
    const file = path.join(dir, 'MANIFEST');
    const text = fs.readFileSync(file, 'utf8');
    const m = JSON.parse(text.slice(0, text.lastIndexOf('\n#crc32 '))) as { tables: { merge?: unknown }[] };
    for (const t of m.tables) delete t.merge;
    fs.writeFileSync(file, JSON.stringify(m));
    db = Database.openSync(dir, { durability: 'relaxed', compaction: 'none' });
    // The table then gets the rule.
    expectCollapses(db);
    db.closeSync();
    expect(fs.readFileSync(file, 'utf8')).toContain('"merge"');
  }, 60_000);

  it('collapses in statements in an in-memory database', () => {
    const db = Database.openSync();
    db.execSync(SCHEMA);
    expectCollapses(db);
  }, 60_000);
});
