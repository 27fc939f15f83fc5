import { describe, expect, it } from 'vitest';
import { planText, starDatabase } from '../../../test/helpers/plan-text.js';

describe('prune-columns', () => {
  it('narrows scans to the columns the query reads', async () => {
    const db = await starDatabase();
    await db.exec("SET disabled_optimizers = 'star-join'");
    expect(await planText(db, 'SELECT g, sum(q) FROM f JOIN d2 ON f.d = d2.id GROUP BY g')).toBe(
      [
        'Projection: g#6 AS g#6, sum#7 AS sum(q)#7',
        '  Aggregate: groups=[g#6], aggs=[sum(q#4) AS #7]',
        '    Join: type=inner, on=(d#2 = id#5)',
        '      Scan: f [d#2, q#4]',
        '      Scan: d2 [id#5, g#6]',
      ].join('\n'),
    );
  });

  it('keeps one column for count(*)', async () => {
    const db = await starDatabase();
    expect(await planText(db, 'SELECT count(*) FROM f')).toContain('Scan: f [k#1]');
    expect((await db.query('SELECT count(*) FROM f')).rowArrays()).toEqual([[4]]);
  });

  it('drops window calls nobody reads and the columns only they needed', async () => {
    const db = await starDatabase();
    expect(await planText(db, 'SELECT k FROM (SELECT k, q, rank() OVER (ORDER BY q) AS r, sum(v) OVER () AS s FROM f) t WHERE r < 3')).toBe(
      [
        'Projection: k#1 AS k#1',
        '  Projection: k#1 AS k#1',
        '    Filter: (rank#5 < 3)',
        '      Window: rank() OVER (ORDER BY q#4 ASC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS #5',
        '        Scan: f [k#1, q#4]',
      ].join('\n'),
    );
  });
});
