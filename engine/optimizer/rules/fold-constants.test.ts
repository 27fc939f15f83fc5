import { describe, expect, it } from 'vitest';
import { planText, starDatabase } from '../../../test/helpers/plan-text.js';

describe('fold-constants', () => {
  it('folds arithmetic on literals and drops a TRUE conjunct', async () => {
    const db = await starDatabase();
    await db.exec("SET disabled_optimizers = 'prune-columns'");
    expect(await planText(db, 'SELECT q + (2 * 3) FROM f WHERE 1 = 1 AND q > 10 - 5')).toBe(
      ['Projection: (q#4 + 6) AS (q + (2 * 3))#5', '  Scan: f [k#1, d#2, v#3, q#4] filters=[(q#4 > 5)]'].join('\n'),
    );
  });

  it('leaves an expression that fails (overflow) for execution, so it errors only if evaluated', async () => {
    const db = await starDatabase();
    const r = await db.query('SELECT count(*) FROM f WHERE k < 0 AND k + 2147483647 * 2 > 0');
    expect(r.rowArrays()).toEqual([[0]]);
    await expect(db.query('SELECT 2147483647 * 2')).rejects.toThrow(/overflow/);
  });
});
