import { describe, expect, it } from 'vitest';
import { planText, starDatabase } from '../../../test/helpers/plan-text.js';

describe('reorder-joins', () => {
  it('avoids the cross product a comma-join order would imply and starts from the largest table, joining smaller inputs first', async () => {
    const db = await starDatabase();
    await db.exec("SET disabled_optimizers = 'star-join,prune-columns'");
    // Written as d1, d2, f: d1 and d2 share no condition.
    const sql = 'SELECT name, g FROM d1, d2, f WHERE f.k = d1.id AND f.d = d2.id';
    expect(await planText(db, sql)).toBe(
      [
        'Projection: name#2 AS name#2, g#4 AS g#4',
        '  Projection: id#1 AS id#1, name#2 AS name#2, id#3 AS id#3, g#4 AS g#4, k#5 AS k#5, d#6 AS d#6, v#7 AS v#7, q#8 AS q#8',
        '    Join: type=inner, on=(d#6 = id#3)',
        '      Join: type=inner, on=(k#5 = id#1)',
        '        Scan: f [k#5, d#6, v#7, q#8]',
        '        Scan: d1 [id#1, name#2]',
        '      Scan: d2 [id#3, g#4]',
      ].join('\n'),
    );
    expect((await db.query(`${sql} ORDER BY 1, 2`)).rowArrays()).toEqual([
      ['a', 'x'],
      ['b', 'x'],
      ['b', 'y'],
      ['b', 'z'],
    ]);
  });
});
