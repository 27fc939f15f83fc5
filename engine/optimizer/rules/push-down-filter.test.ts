import { describe, expect, it } from 'vitest';
import { planText, starDatabase } from '../../../test/helpers/plan-text.js';

describe('push-down-filter', () => {
  it('turns a comma join with an equality in WHERE into an inner join and pushes single-table conjuncts into scans', async () => {
    const db = await starDatabase();
    await db.exec("SET disabled_optimizers = 'reorder-joins,star-join,prune-columns'");
    expect(await planText(db, "SELECT f.v FROM f, d1 WHERE f.k = d1.id AND d1.name = 'a' AND f.q > 5")).toBe(
      [
        'Projection: v#3 AS v#3',
        '  Join: type=inner, on=(k#1 = id#5)',
        '    Scan: f [k#1, d#2, v#3, q#4] filters=[(q#4 > 5)]',
        "    Scan: d1 [id#5, name#6] filters=[(name#6 = 'a')]",
      ].join('\n'),
    );
  });

  it('keeps a WHERE conjunct on the null-extended side above a LEFT JOIN', async () => {
    const db = await starDatabase();
    await db.exec("SET disabled_optimizers = 'prune-columns'");
    expect(await planText(db, 'SELECT f.v FROM f LEFT JOIN d1 ON f.k = d1.id WHERE d1.name IS NULL AND f.q > 5')).toBe(
      [
        'Projection: v#3 AS v#3',
        '  Filter: (name#6 IS NULL)',
        '    Join: type=left, on=(k#1 = id#5)',
        '      Scan: f [k#1, d#2, v#3, q#4] filters=[(q#4 > 5)]',
        '      Scan: d1 [id#5, name#6]',
      ].join('\n'),
    );
    expect((await db.query('SELECT f.v FROM f LEFT JOIN d1 ON f.k = d1.id WHERE d1.name IS NULL ORDER BY 1')).rowArrays()).toEqual([[4.5]]);
  });

  it('moves a filter on a group key below the aggregate, but not one on an aggregate', async () => {
    const db = await starDatabase();
    await db.exec("SET disabled_optimizers = 'prune-columns'");
    expect(await planText(db, 'SELECT k, sum(q) AS s FROM f GROUP BY k HAVING k > 1 AND sum(q) > 10')).toBe(
      [
        'Projection: k#1 AS k#1, sum#5 AS s#5',
        '  Filter: (sum#5 > 10)',
        '    Aggregate: groups=[k#1], aggs=[sum(q#4) AS #5]',
        '      Scan: f [k#1, d#2, v#3, q#4] filters=[(k#1 > 1)]',
      ].join('\n'),
    );
  });

  it('moves a filter on a column every window call partitions by below the window, and keeps the rest above', async () => {
    const db = await starDatabase();
    const sql = 'SELECT * FROM (SELECT k, q, sum(q) OVER (PARTITION BY k ORDER BY q) AS s FROM f) t WHERE k > 1 AND q > 5';
    expect(await planText(db, sql)).toBe(
      [
        'Projection: k#1 AS k#1, q#4 AS q#4, s#5 AS s#5',
        '  Projection: k#1 AS k#1, q#4 AS q#4, sum#5 AS s#5',
        '    Filter: (q#4 > 5)',
        '      Window: sum(q#4) OVER (PARTITION BY k#1 ORDER BY q#4 ASC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS #5',
        '        Scan: f [k#1, q#4] filters=[(k#1 > 1)]',
      ].join('\n'),
    );
    // q > 5 below the window would change the running sums.
    expect((await db.query(sql.replace('q > 5', 'q > 25'))).rowArrays()).toEqual([[2, 30, 50]]);
  });

  it('keeps a filter on a rolled-up group column above a GROUPING SETS aggregate', async () => {
    const db = await starDatabase();
    expect(await planText(db, 'SELECT k, d, sum(q) FROM f GROUP BY ROLLUP (k, d) HAVING k > 1')).toContain(
      ['  Filter: (k#1 > 1)', '    Aggregate: groups=[k#1, d#2], sets=[(k#1, d#2), (k#1), ()]'].join('\n'),
    );
    expect(await planText(db, 'SELECT k, d, sum(q) FROM f GROUP BY k, ROLLUP (d) HAVING k > 1')).toContain('Scan: f [k#1, d#2, q#4] filters=[(k#1 > 1)]');
  });
});
