import { describe, expect, it } from 'vitest';
import type { Database } from '../../../sql/database.js';
import { planText, starDatabase } from '../../../test/helpers/plan-text.js';

/** The logical plan; the ids the rule adds continue after the binder's, so they are stable. */
async function plan(db: Database, sql: string): Promise<string> {
  return planText(db, sql);
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
        '  Projection: name#6 AS name#6, sum#12 AS sum#7, coalesce(sum#14, 0) AS count_star#8, (sum#16 / CAST(sum#18 AS DOUBLE)) AS avg#9',
        '    Aggregate: groups=[d0#10], aggs=[sum(m0#13) AS #12, sum(m1#15) AS #14, sum(m2#17) AS #16, sum(m3#19) AS #18]',
        "      Scan: __cube_mv AS mv [d0#10, gs#11, m0#13, m1#15, m2#17, m3#19] filters=[(gs#11 = 1), (d0#10 <> 'b')]",
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
    expect(await plan(db, sql)).toMatch(/filters=\[\(gs#\d+ = /);
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

  describe('through functionally determined attributes', () => {
    /** The rows of `sql` with the rewrite on, after checking that the rewrite off gives the same. */
    async function sameRows(db: Database, sql: string): Promise<unknown[][]> {
      const on = (await db.query(sql)).rowArrays();
      await db.exec("SET disabled_optimizers = 'answer-from-cube'");
      const off = (await db.query(sql)).rowArrays();
      await db.exec("SET disabled_optimizers = ''");
      expect(on, sql).toEqual(off);
      return on;
    }

    it('joins a dimension table outside the cube back to the cube rows on a key dimension', async () => {
      const db = await starDatabase();
      await db.exec("SET disabled_optimizers = 'prune-columns,star-join'");
      await db.exec('CREATE MATERIALIZED VIEW byk AS SELECT k, sum(q) AS s, count(*) AS n FROM f GROUP BY k');
      const sql = "SELECT name, sum(q), count(*) FROM f JOIN d1 ON d1.id = f.k WHERE name <> 'zz' GROUP BY name ORDER BY name";
      expect(await plan(db, sql)).toBe(
        [
          'Sort: name#6 ASC NULLS LAST',
          '  Projection: name#6 AS name#6, sum#7 AS sum(q)#7, count_star#8 AS count_star()#8',
          '    Projection: name#6 AS name#6, sum#10 AS sum#7, coalesce(sum#12, 0) AS count_star#8',
          '      Aggregate: groups=[name#6], aggs=[sum(m0#11) AS #10, sum(m1#13) AS #12]',
          '        Join: type=inner, on=(id#5 = d0#9)',
          '          Scan: __cube_byk AS byk [d0#9, m0#11, m1#13]',
          "          Scan: d1 [id#5, name#6] filters=[(name#6 <> 'zz')]",
        ].join('\n'),
      );
      // Key 3 has no d1 row: the join drops its group as the query's join drops its fact row.
      expect(await sameRows(db, sql)).toEqual([['a', 10, 1], ['b', 50, 2]]);
      await db.exec("SET disabled_optimizers = 'answer-from-cube'");
      expect(await plan(db, sql)).not.toContain('__cube_byk');
    });

    it('stays exact when the joined table repeats a key (each repeat multiplies base rows and cube rows alike)', async () => {
      const db = await starDatabase();
      await db.exec('CREATE MATERIALIZED VIEW byd AS SELECT d, sum(q) AS s, count(*) AS n, min(v) AS lo, avg(q) AS aq FROM f GROUP BY d');
      // d2 has id 2 twice (y and z).
      const sql = 'SELECT g, sum(q), count(*), min(v), avg(q) FROM f JOIN d2 ON f.d = d2.id GROUP BY g ORDER BY g';
      expect(await plan(db, sql)).toContain('__cube_byd');
      expect(await sameRows(db, sql)).toEqual([['x', 40, 2, 1.5, 20], ['y', 20, 1, 2.5, 20], ['z', 20, 1, 2.5, 20]]);
      // Through two extra tables, a filter and ROLLUP on the query side.
      const two = "SELECT name, g, count(*), sum(q) FROM f, d1, d2 WHERE f.k = d1.id AND d2.id = f.d AND g <> 'y' GROUP BY ROLLUP (name, g) ORDER BY name, g";
      await db.exec('CREATE MATERIALIZED VIEW bykd AS SELECT k, d, sum(q) AS s, count(*) AS n FROM f GROUP BY k, d');
      expect(await plan(db, two)).toContain('__cube_bykd');
      await sameRows(db, two);
    });

    it('re-joins a table of the cube through a key dimension only while that column is unique and not NULL', async () => {
      const db = await starDatabase();
      await db.exec('CREATE MATERIALIZED VIEW byid AS SELECT d1.id, d, sum(q) AS s, count(*) AS n FROM f JOIN d1 ON f.k = d1.id GROUP BY d1.id, d');
      // name is no dimension of byid; d1.id is, and is a key of d1's rows.
      const sql = 'SELECT name, sum(q), count(*) FROM f JOIN d1 ON f.k = d1.id GROUP BY name ORDER BY name';
      const rejoin = await plan(db, sql);
      expect(rejoin).toContain('__cube_byid');
      expect(rejoin).toMatch(/Join: type=inner, on=\(id#\d+ = d0#\d+\)/);
      expect(await sameRows(db, sql)).toEqual([['a', 10, 1], ['b', 50, 2]]);
      // The fact's k equals d1.id by the cube's join: a filter on k is read from the same dimension.
      expect(await plan(db, `SELECT name, count(*) FROM f JOIN d1 ON f.k = d1.id WHERE k = 2 GROUP BY name`)).toContain('__cube_byid');
      // A NULL key (maintained into the cube: f's new rows do not join it) and then a repeated key: no longer a key.
      await db.exec("INSERT INTO d1 VALUES (NULL, 'n')");
      expect(await plan(db, sql)).not.toContain('__cube_byid');
      await db.exec('DELETE FROM d1 WHERE id IS NULL');
      await db.exec('REFRESH MATERIALIZED VIEW byid');
      expect(await plan(db, sql)).toContain('__cube_byid');
      await db.exec("INSERT INTO d1 VALUES (2, 'c')");
      expect(await plan(db, sql)).not.toContain('__cube_byid');
      expect(await sameRows(db, sql)).toEqual([['a', 10, 1], ['b', 50, 2], ['c', 50, 2]]);
      // A fact column that is no dimension is never re-joined (k repeats in f).
      expect(await plan(db, 'SELECT v, count(*) FROM f JOIN d1 ON f.k = d1.id GROUP BY v')).not.toContain('__cube_byid');
    });

    it('reads the cube that is cheapest including the rows of the tables it joins back', async () => {
      const db = await starDatabase();
      await db.exec('CREATE MATERIALIZED VIEW byk AS SELECT k, sum(q) AS s FROM f GROUP BY k');
      const sql = 'SELECT name, sum(q) FROM f JOIN d1 ON f.k = d1.id GROUP BY name';
      expect(await plan(db, sql)).toContain('__cube_byk');
      // byname holds name itself (2 rows, no join) and wins over byk (3 rows plus d1's 2).
      await db.exec('CREATE MATERIALIZED VIEW byname AS SELECT name, sum(q) AS s FROM f JOIN d1 ON f.k = d1.id GROUP BY name');
      expect(await plan(db, sql)).toContain('__cube_byname');
      expect(await plan(db, sql)).not.toContain('Join:');
    });
  });
});
