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
});
