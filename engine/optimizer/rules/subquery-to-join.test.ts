import { describe, expect, it } from 'vitest';
import { planText, starDatabase } from '../../../test/helpers/plan-text.js';

describe('subquery-to-join', () => {
  it('rewrites IN (subquery) to a semi join and correlated NOT EXISTS to an anti join', async () => {
    const db = await starDatabase();
    await db.exec("SET disabled_optimizers = 'prune-columns'");
    const sql = "SELECT v FROM f WHERE k IN (SELECT id FROM d1 WHERE name = 'b') AND NOT EXISTS (SELECT 1 FROM d2 WHERE d2.id = f.d)";
    expect(await planText(db, sql)).toBe(
      [
        'Projection: v#3 AS v#3',
        '  Join: type=anti, on=(id#7 = d#2)',
        '    Join: type=semi, on=(k#1 = id#5)',
        '      Scan: f [k#1, d#2, v#3, q#4]',
        "      Scan: d1 [id#5, name#6] filters=[(name#6 = 'b')]",
        '    Scan: d2 [id#7, g#8]',
      ].join('\n'),
    );
    expect((await db.query(sql)).rowArrays()).toEqual([]);
  });

  it('keeps NOT IN as a per-row test because of its NULL semantics', async () => {
    const db = await starDatabase();
    const sql = 'SELECT v FROM f WHERE k NOT IN (SELECT d FROM f)';
    expect(await planText(db, sql)).toContain('NOT IN (<subquery>)');
    // f.d contains NULL, so NOT IN is never TRUE.
    expect((await db.query(sql)).rowArrays()).toEqual([]);
  });
});
