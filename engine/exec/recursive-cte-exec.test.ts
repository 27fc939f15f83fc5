import { describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { EMPTY_ENV } from '../expr/compile.js';
import { INTEGER } from '../types/data-type.js';
import { Batch } from '../vector/batch.js';
import { Vector } from '../vector/vector.js';
import type { ExecOperator } from './operator.js';
import { MAX_RECURSIVE_ITERATIONS, RecursiveCteExec, WorkingTableScanExec } from './recursive-cte-exec.js';
import { drain, ValuesSource } from './test-helpers.js';

describe('RecursiveCteExec', () => {
  it('iterates until an iteration adds no rows, UNION dropping rows seen before', async () => {
    const db = await Database.open();
    const q = (sql: string) => db.query(sql).then((r) => r.rowArrays());
    expect(await q('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 4) SELECT n FROM t')).toEqual([[1], [2], [3], [4]]);
    expect(await q('WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT (n % 3) + 1 FROM t) SELECT n FROM t ORDER BY n')).toEqual([[1], [2], [3]]);
    // NULLs are equal for UNION: the second NULL ends the recursion.
    expect(await q('WITH RECURSIVE t(n) AS (SELECT NULL::INTEGER UNION SELECT n FROM t) SELECT count(*) FROM t')).toEqual([[1]]);
  });

  it('stops early under a LIMIT even when the recursion never ends', async () => {
    const db = await Database.open();
    const r = await db.query('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT n FROM t LIMIT 3');
    expect(r.rowArrays()).toEqual([[1], [2], [3]]);
  });

  it('fails with a clear error after the iteration limit', () => {
    // Anchor: one row 1; recursive term: the working table plus one, forever.
    const env = EMPTY_ENV;
    const anchor = new ValuesSource([INTEGER], [[1]]);
    const step = (): ExecOperator => {
      const scan = new WorkingTableScanExec(env, 7);
      return {
        next() {
          const b = scan.next();
          if (b === null) return null;
          const v = b.columns[0];
          return new Batch([new Vector(INTEGER, Int32Array.from(v.data as Int32Array, (x) => x + 1), null, null, b.length)], b.length);
        },
      };
    };
    const op = new RecursiveCteExec(anchor, step, 7, 'forever', true, [INTEGER], env, 50);
    expect(() => drain(op)).toThrow('recursive CTE "forever" did not finish after 50 iterations; check its termination condition');
    expect(MAX_RECURSIVE_ITERATIONS).toBeGreaterThanOrEqual(100_000);
  });

  it('rejects ORDER BY and LIMIT in the recursive definition, and a missing UNION', async () => {
    const db = await Database.open();
    await expect(db.query('WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n FROM t ORDER BY n) SELECT * FROM t')).rejects.toThrow(/ORDER BY/);
    await expect(db.query('WITH RECURSIVE t(n) AS (SELECT n FROM t) SELECT * FROM t')).rejects.toThrow(/UNION/);
  });
});
