/** Tests of ParseCache: the same text gives the same frozen statements; long texts and evicted entries are parsed again. */
import { describe, expect, it } from 'vitest';
import { Database } from '../database.js';
import { ParseCache } from './parse-cache.js';

describe('ParseCache', () => {
  it('returns the statements parsed before for the same text, frozen', () => {
    const cache = new ParseCache();
    const a = cache.parse('SELECT 1 + x FROM t WHERE y IN (1, 2)');
    expect(cache.parse('SELECT 1 + x FROM t WHERE y IN (1, 2)')).toBe(a);
    expect(cache.parse('SELECT 1 + x FROM t WHERE y IN (1, 3)')).not.toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(() => {
      (a[0] as { kind: string }).kind = 'insert';
    }).toThrow(TypeError);
  });

  it('parses long texts every time, and evicts the least recently used text', () => {
    const cache = new ParseCache();
    const long = `SELECT ${Array.from({ length: 1500 }, (_, i) => i).join(', ')}`;
    expect(cache.parse(long)).not.toBe(cache.parse(long));
    const first = cache.parse('SELECT 0');
    const kept = cache.parse('SELECT 1');
    for (let i = 2; i < 256; i++) cache.parse(`SELECT ${i}`);
    expect(cache.parse('SELECT 1')).toBe(kept); // used again: now the most recent
    cache.parse('SELECT 256');
    cache.parse('SELECT 257');
    expect(cache.parse('SELECT 1')).toBe(kept);
    expect(cache.parse('SELECT 0')).not.toBe(first);
  });

  it('keeps syntax errors errors, and a repeated query sees the current data and parameters', async () => {
    const db = await Database.open();
    await expect(db.query('SELEC 1')).rejects.toThrow(/syntax/i);
    await expect(db.query('SELEC 1')).rejects.toThrow(/syntax/i);
    await db.exec('CREATE TABLE t(x INTEGER)');
    const q = 'SELECT count(*), sum(x) FROM t WHERE x > ?';
    await db.exec('INSERT INTO t VALUES (1), (2), (3)');
    expect((await db.query(q, [1])).rowArrays()).toEqual([[2, 5]]);
    await db.exec('INSERT INTO t VALUES (4)');
    expect((await db.query(q, [2])).rowArrays()).toEqual([[2, 7]]);
    db.closeSync();
  });
});
