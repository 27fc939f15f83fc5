import { describe, expect, it } from 'vitest';
import type { Database } from '../../../sql/database.js';
import { planText, starDatabase } from '../../../test/helpers/plan-text.js';

/** The logical plan with the ids the rule allocates (2^30 and up) renumbered c1, c2... in order of appearance. */
async function plan(db: Database, sql: string): Promise<string> {
  const ids = new Map<string, string>();
  return (await planText(db, sql)).replace(/#(1073\d{6})/g, (_, id: string) => {
    if (!ids.has(id)) ids.set(id, `c${ids.size + 1}`);
    return `#${ids.get(id)}`;
  });
}

async function withCube(): Promise<Database> {
  const db = await starDatabase();
  await db.exec(
    'CREATE MATERIALIZED VIEW mv AS SELECT name, d, sum(q) AS s, count(*) AS n, avg(v) AS av, max(v) AS mv ' +
      'FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> \'zz\' GROUP BY ROLLUP (name, d)',
  );
  return db;
}

describe('answer-from-cube', () => {
  it('re-aggregates the smallest grouping set that covers the groups and filters, and derives avg from sum and count', async () => {
    const db = await withCube();
    await db.exec("SET disabled_optimizers = 'prune-columns'");
    const sql = "SELECT name, sum(q), count(*), avg(v) FROM f, d1 WHERE d1.id = f.k AND name <> 'zz' AND name <> 'b' GROUP BY name";
    expect(await plan(db, sql)).toBe(
      [
        'Projection: name#6 AS name#6, sum#7 AS sum(q)#7, count_star#8 AS count_star()#8, avg#9 AS avg(v)#9',
        '  Projection: name#6 AS name#6, sum#c1 AS sum#7, coalesce(sum#c2, 0) AS count_star#8, (sum#c3 / CAST(sum#c4 AS DOUBLE)) AS avg#9',
        '    Aggregate: groups=[d0#c5], aggs=[sum(m0#c6) AS #c1, sum(m1#c7) AS #c2, sum(m2#c8) AS #c3, sum(m3#c9) AS #c4]',
        "      Scan: __cube_mv AS mv [d0#c5, gs#c10, m0#c6, m1#c7, m2#c8, m3#c9] filters=[(gs#c10 = 1), (d0#c5 <> 'b')]",
      ].join('\n'),
    );
    expect((await db.query(sql)).rowArrays()).toEqual([['a', 10, 1, 1.5]]);
  });

  it('keeps the base tables when the cube cannot answer', async () => {
    const db = await withCube();
    const base = [
      // the cube's WHERE is missing
      'SELECT name, sum(q) FROM f JOIN d1 ON f.k = d1.id GROUP BY name',
      // a filter on a fact column that is not a dimension
      "SELECT name, sum(q) FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' AND q > 3 GROUP BY name",
      // an aggregate no part derives
      "SELECT name, count(DISTINCT q) FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' GROUP BY name",
      "SELECT name, min(v) FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' GROUP BY name",
      // another join graph
      "SELECT name, sum(q) FROM f LEFT JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' GROUP BY name",
      "SELECT d1.name, sum(q) FROM f JOIN d1 ON f.d = d1.id WHERE d1.name <> 'zz' GROUP BY d1.name",
    ];
    for (const sql of base) expect(await plan(db, sql), sql).not.toContain('__cube_mv');
    const disabled = "SELECT name, sum(q) FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' GROUP BY name";
    expect(await plan(db, disabled)).toContain('__cube_mv');
    await db.exec("SET disabled_optimizers = 'answer-from-cube'");
    expect(await plan(db, disabled)).not.toContain('__cube_mv');
  });

  it('keeps a rolled-up dimension apart from a NULL value of it', async () => {
    const db = await withCube();
    // The (name) and () sets store d as NULL: reading their rows would add a NULL group.
    const sql = "SELECT d, count(*), sum(q) FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' GROUP BY d ORDER BY d";
    expect(await plan(db, sql)).toContain('filters=[(gs#c');
    const on = (await db.query(sql)).rowArrays();
    await db.exec("SET disabled_optimizers = 'answer-from-cube'");
    expect((await db.query(sql)).rowArrays()).toEqual(on);
    expect(on).toEqual([[1, 2, 40], [2, 1, 20]]);
  });

  it('answers a global aggregate over no selected rows with count 0', async () => {
    const db = await withCube();
    const sql = "SELECT count(*), sum(q) FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' AND name = 'nobody'";
    expect(await plan(db, sql)).toContain('__cube_mv');
    expect((await db.query(sql)).rowArrays()).toEqual([[0, null]]);
  });

  it('picks the cube with the fewest rows in the grouping set it reads', async () => {
    const db = await withCube();
    await db.exec("CREATE MATERIALIZED VIEW fine AS SELECT name, d, q, sum(q) AS s FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' GROUP BY name, d, q");
    // mv's (name) set has 2 rows, fine has 3; only fine has q.
    expect(await plan(db, "SELECT name, sum(q) FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' GROUP BY name")).toContain('__cube_mv');
    expect(await plan(db, "SELECT q, sum(q) FROM f JOIN d1 ON f.k = d1.id WHERE d1.name <> 'zz' GROUP BY q")).toContain('__cube_fine');
  });
});
