import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, StrataError } from '../../index.js';

describe('Database API', () => {
  it('runs statements and returns rows, columns, numRows and an Arrow table', async () => {
    const db = await Database.open();
    await db.exec("CREATE TABLE t (id INTEGER, name VARCHAR, price DECIMAL(10,2), big BIGINT, d DATE, ok BOOLEAN); INSERT INTO t VALUES (1, 'a', 1.25, 9007199254740991, DATE '2024-02-29', TRUE), (2, NULL, NULL, NULL, NULL, NULL)");
    const r = await db.query('SELECT * FROM t ORDER BY id');
    expect(r.numRows).toBe(2);
    expect(r.columns.map((c) => `${c.name} ${c.type}`)).toEqual(['id INTEGER', 'name VARCHAR', 'price DECIMAL(10,2)', 'big BIGINT', 'd DATE', 'ok BOOLEAN']);
    expect(r.rows()).toEqual([
      { id: 1, name: 'a', price: 1.25, big: 9007199254740991, d: '2024-02-29', ok: true },
      { id: 2, name: null, price: null, big: null, d: null, ok: null },
    ]);
    expect(() => JSON.stringify(r.rows())).not.toThrow();
    const table = r.toArrow();
    expect(table.numRows).toBe(2);
    expect(table.getChild('name')?.get(0)).toBe('a');
    expect(table.getChild('big')?.get(0)).toBe(9007199254740991n);
    await db.close();
  });

  it('binds $n and ? parameters', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE t (a INTEGER, s VARCHAR); INSERT INTO t VALUES (1, \'x\'), (2, \'y\'), (3, \'x\')');
    expect((await db.query('SELECT count(*) AS n FROM t WHERE s = $1 AND a > $2', ['x', 1])).rows()).toEqual([{ n: 1 }]);
    expect((await db.query('SELECT a FROM t WHERE a < ? ORDER BY a', [3])).rowArrays()).toEqual([[1], [2]]);
  });

  it('streams a large result in bounded batches', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE t (a INTEGER)');
    db.appendColumns('t', { a: Int32Array.from({ length: 10_000 }, (_, i) => i) }, 10_000);
    let rows = 0;
    let batches = 0;
    for await (const batch of db.stream('SELECT a * 2 AS b FROM t')) {
      expect(batch.numRows).toBeLessThanOrEqual(2048);
      rows += batch.numRows;
      batches++;
    }
    expect(rows).toBe(10_000);
    expect(batches).toBeGreaterThan(1);
  });

  it('appends columns in bulk and leaves the table unchanged when a value does not convert', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE t (a INTEGER, s VARCHAR, d DATE)');
    db.appendColumns('t', { a: [1, 2], s: ['x', null], d: ['2020-01-01', '2020-01-02'] }, 2);
    expect(() => db.appendColumns('t', { a: ['3', 'oops'] }, 2)).toThrow(StrataError);
    expect((await db.query('SELECT a, s, d FROM t ORDER BY a')).rowArrays()).toEqual([
      [1, 'x', '2020-01-01'],
      [2, null, '2020-01-02'],
    ]);
  });

  it('reports errors as StrataError with code, line and column, and keeps the database unchanged', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE t (a INTEGER NOT NULL)');
    const err = await db.query('SELECT a\nFROM t\nWHERE b = 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataError);
    expect(err).toMatchObject({ code: 'binder', line: 3, column: 7 });
    expect(String((err as Error).message)).toContain('"b" not found');
    await expect(db.exec('INSERT INTO t VALUES (1), (NULL)')).rejects.toMatchObject({ code: 'constraint' });
    expect((await db.query('SELECT count(*) AS n FROM t')).rows()).toEqual([{ n: 0 }]);
    await expect(db.query('SELEC 1')).rejects.toMatchObject({ code: 'syntax', line: 1, column: 1 });
  });

  it('suggests a close name for a misspelt column or table', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE orders (amount INTEGER)');
    await expect(db.query('SELECT amout FROM orders')).rejects.toThrow(/did you mean "amount"/);
    await expect(db.query('SELECT amount FROM order_s')).rejects.toThrow(/did you mean "orders"/);
  });

  it('reports scan progress to a handler, which can stop a statement without changing anything', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE big AS SELECT i FROM range(100000) t(i); CREATE TABLE copy (i BIGINT)');
    const seen: { rowsDone: number; rowsTotal: number }[] = [];
    db.setProgressHandler((p) => {
      seen.push({ rowsDone: p.rowsDone, rowsTotal: p.rowsTotal });
    });
    expect((await db.query('SELECT count(*) AS n FROM big')).rows()).toEqual([{ n: 100000 }]);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual({ rowsDone: 100000, rowsTotal: 100000 });
    // Stop an INSERT ... SELECT half way: it fails as interrupted and inserts nothing.
    db.setProgressHandler((p) => p.rowsDone >= 50000);
    const err = await db.exec('INSERT INTO copy SELECT i FROM big').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrataError);
    expect((err as StrataError).code).toBe('interrupted');
    db.setProgressHandler(null);
    expect((await db.query('SELECT count(*) AS n FROM copy')).rows()).toEqual([{ n: 0 }]);
    await db.close();
  });

  it('describes tables, views and materialized views', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE f (k INTEGER, v DOUBLE) ORDER BY (k); CREATE VIEW fv AS SELECT k FROM f');
    await db.exec('CREATE MATERIALIZED VIEW fm AS SELECT k, sum(v) AS s FROM f GROUP BY k');
    expect(db.describe('F')).toEqual({ kind: 'table', name: 'f', sortKey: ['k'], definition: null });
    expect(db.describe('fv')).toMatchObject({ kind: 'view', definition: 'SELECT k FROM f' });
    expect(db.describe('fm')).toMatchObject({ kind: 'materialized_view', definition: 'SELECT k, sum(v) AS s FROM f GROUP BY k' });
    expect(db.describe('nope')).toBeNull();
    await db.close();
  });

  it('ingests a CSV file through the library', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'strata-api-ingest-'));
    try {
      const file = path.join(dir, 'people.csv');
      writeFileSync(file, 'id,name\n1,ann\n2,bob\nx,bad\n');
      const db = await Database.open();
      // With id typed, the row whose id is not a number is rejected (and kept in people_rejects).
      const summary = await db.ingest({ table: 'people', files: [file], csv: { types: { id: { id: 'integer' } } } });
      expect(summary).toMatchObject({ table: 'people', created: true, rows: 2, rejected: 1 });
      expect((await db.query('SELECT name FROM people ORDER BY id')).rowArrays()).toEqual([['ann'], ['bob']]);
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
