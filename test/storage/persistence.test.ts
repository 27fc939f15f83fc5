import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const tempDir = useTempDirs('strata-test-');

describe('stored databases', () => {
  it('keeps tables, views and rows of every type across close and reopen', async () => {
    const dir = tempDir();
    let db = await Database.open(dir);
    await db.exec(`
      CREATE TABLE t (i INTEGER, b BIGINT, d DOUBLE, m DECIMAL(12,2), s VARCHAR, dt DATE, ts TIMESTAMP, ok BOOLEAN);
      INSERT INTO t VALUES (1, 9007199254740991, 1.5, 12.25, 'x', DATE '2020-02-29', TIMESTAMP '2020-01-01 10:00:00.5', TRUE),
                           (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                           (-7, -1, -0.25, -3.10, 'a''b', DATE '1970-01-01', TIMESTAMP '1999-12-31 23:59:59', FALSE);
      CREATE VIEW v AS SELECT i, s FROM t WHERE i > 0;
    `);
    const before = (await db.query('SELECT * FROM t ORDER BY i NULLS LAST')).rowArrays();
    await db.close();
    db = await Database.open(dir);
    expect((await db.query('SELECT * FROM t ORDER BY i NULLS LAST')).rowArrays()).toEqual(before);
    expect((await db.query('SELECT * FROM v')).rowArrays()).toEqual([[1, 'x']]);
    expect(db.tableNames()).toEqual(['t', 'v']);
    await db.close();
  });

  it('writes a table sorted by its ORDER BY key and skips blocks by zone maps', async () => {
    const dir = tempDir();
    const db = await Database.open(dir);
    await db.exec('CREATE TABLE f (k INTEGER, v INTEGER) ORDER BY (k)');
    const n = 100_000;
    // Inserted in reverse order; stored sorted by k.
    db.appendColumns('f', { k: Int32Array.from({ length: n }, (_, i) => n - i), v: Int32Array.from({ length: n }, (_, i) => i % 10) }, n);
    // Small appends wait in the write buffer; a checkpoint writes them as a sorted segment.
    db.checkpoint();
    const first = (await db.query('SELECT k FROM f LIMIT 3')).rowArrays();
    expect(first).toEqual([[1], [2], [3]]);
    const r = await db.query('EXPLAIN ANALYZE SELECT sum(v) FROM f WHERE k BETWEEN 1000 AND 2000');
    const analyzed = String(r.rowArrays().find((x) => x[0] === 'analyzed_plan')?.[1]);
    const read = Number(/blocks_read=(\d+)/.exec(analyzed)?.[1]);
    const skipped = Number(/blocks_skipped=(\d+)/.exec(analyzed)?.[1]);
    expect(read).toBe(1);
    expect(skipped).toBeGreaterThan(10);
    expect((await db.query('SELECT sum(v) FROM f WHERE k BETWEEN 1000 AND 2000')).rowArrays()).toEqual([[4500]]);
    await db.close();
  });

  it('adds a column without rewriting old segments; old rows read the DEFAULT', async () => {
    const dir = tempDir();
    let db = await Database.open(dir);
    await db.exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2)");
    const segmentsBefore = fs.readdirSync(path.join(dir, 'segments')).sort();
    await db.exec("ALTER TABLE t ADD COLUMN b VARCHAR DEFAULT 'none'; ALTER TABLE t ADD COLUMN c INTEGER; INSERT INTO t VALUES (3, 'x', 30)");
    expect(fs.readdirSync(path.join(dir, 'segments')).sort().slice(0, segmentsBefore.length)).toEqual(segmentsBefore);
    await db.close();
    db = await Database.open(dir);
    expect((await db.query('SELECT a, b, c FROM t ORDER BY a')).rowArrays()).toEqual([
      [1, 'none', null],
      [2, 'none', null],
      [3, 'x', 30],
    ]);
    await db.close();
  });

  it('lists blocks with storage_info()', async () => {
    const dir = tempDir();
    const db = await Database.open(dir);
    await db.exec("CREATE TABLE t (a INTEGER, s VARCHAR); INSERT INTO t VALUES (5, 'pear'), (3, 'apple'), (9, 'fig'); CHECKPOINT");
    const r = await db.query("SELECT column_name, count, min, max FROM storage_info('t') ORDER BY column_name");
    expect(r.rowArrays()).toEqual([
      ['a', 3, '3', '9'],
      ['s', 3, 'apple', 'pear'],
    ]);
    await db.close();
  });

  it('reports a damaged block with its file, table, column and block instead of returning data', async () => {
    const dir = tempDir();
    let db = await Database.open(dir);
    await db.exec('CREATE TABLE t (a INTEGER)');
    db.appendColumns('t', { a: Int32Array.from({ length: 5000 }, (_, i) => (i * 7919) % 1000) }, 5000);
    await db.close();
    const seg = fs.readdirSync(path.join(dir, 'segments'))[0];
    const file = path.join(dir, 'segments', seg);
    const bytes = fs.readFileSync(file);
    bytes[200] ^= 0xff; // inside the first block of column a
    fs.writeFileSync(file, bytes);
    db = await Database.open(dir);
    await expect(db.query('SELECT sum(a) FROM t')).rejects.toMatchObject({ code: 'corrupt' });
    await expect(db.query('SELECT sum(a) FROM t')).rejects.toThrow(/segments\/\d+\.seg: table t, column a, row group 0, block 0/);
    // The same through a predicate evaluated on the encoded block.
    await expect(db.query('SELECT count(*) FROM t WHERE a = 5')).rejects.toThrow(/segments\/\d+\.seg: table t, column a, row group 0, block 0/);
    await db.close();
  });

  it('rejects a segment written by a newer format version with a clear message', async () => {
    const dir = tempDir();
    let db = await Database.open(dir);
    await db.exec('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)');
    await db.close();
    const file = path.join(dir, 'segments', fs.readdirSync(path.join(dir, 'segments'))[0]);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(99, 8);
    fs.writeFileSync(file, bytes);
    await expect(Database.open(dir)).rejects.toThrow(/segment format version 99 is not supported/);
    void db;
    db = undefined as never;
  });

  it('keeps decoded blocks within SET block_cache_size when a table is larger than the cache', async () => {
    const dir = tempDir();
    const db = await Database.open(dir);
    await db.exec('CREATE TABLE big (a INTEGER, b INTEGER)');
    const n = 400_000; // 3.2 MB decoded
    db.appendColumns('big', { a: Int32Array.from({ length: n }, (_, i) => i), b: Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1000) }, n);
    await db.exec('CHECKPOINT');
    const decoded = async (): Promise<number> => {
      const r = await db.query('EXPLAIN ANALYZE SELECT sum(a), sum(b) FROM big');
      return Number(/bytes_decoded=(\d+)/.exec(String(r.rowArrays().find((x) => x[0] === 'analyzed_plan')?.[1]))?.[1]);
    };
    await db.exec("SET block_cache_size = '512KiB'");
    expect((await db.query('SELECT sum(a), sum(b) FROM big')).rowArrays()).toEqual([[(n * (n - 1)) / 2, 199_800_000]]);
    // The cache holds a sixth of the table: every scan decodes (most of) it again.
    expect(await decoded()).toBeGreaterThan(2_000_000);
    await db.exec("SET block_cache_size = '64MiB'");
    await decoded();
    expect(await decoded()).toBe(0);
    await db.close();
  });
});
