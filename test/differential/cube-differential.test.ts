/** Differential test of data cubes: every query gives the same rows with answer-from-cube on and off (cube's own join graph and tables joined back), through inserts, duplicate dimension keys, deletes, a crash and REFRESH. */
import { describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { canonical, strataRows } from '../helpers/duckdb-oracle.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { type RandomCube, randomCube, randomCubeQuery, randomDeterminedQuery } from './random-cube.js';
import { starSchemaSql } from './random-star.js';

const tempDir = useTempDirs('strata-cube-diff-');

type QueryGenerator = (r: SeededRandom, cube: RandomCube) => string;

/** How many of the compared queries the optimizer answered from a cube, and how many of those joined tables back to the cube rows. */
interface Answered {
  cube: number;
  joinedBack: number;
  /** Answers that re-joined one of the cube's own tables through a key dimension. */
  rejoined: number;
}

/**
 * Runs `perCube` random queries per cube, from each generator in turn (`randomCubeQuery`: the
 * cube's own join graph; `randomDeterminedQuery`: attributes determined by key dimensions).
 */
async function compare(db: Database, r: SeededRandom, cubes: readonly RandomCube[], perCube: number, phase: string, gens: readonly QueryGenerator[] = [randomCubeQuery, randomDeterminedQuery]): Promise<Answered> {
  const answered = { cube: 0, joinedBack: 0, rejoined: 0 };
  for (const cube of cubes) {
    for (let i = 0; i < perCube; i++) {
      const sql = gens[i % gens.length](r, cube);
      const plan = (await db.query(`EXPLAIN ${sql}`)).rowArrays().map((row) => String(row[1]))[0];
      const read = /Scan: __cube_(\w+) /.exec(plan)?.[1];
      if (read !== undefined) {
        answered.cube++;
        if (plan.includes('Join:')) answered.joinedBack++;
        const chosen = cubes.find((c) => c.sql.startsWith(`CREATE MATERIALIZED VIEW ${read} AS`));
        if (chosen?.dims.some((d) => plan.includes(`Scan: ${d.table} `))) answered.rejoined++;
      }
      const on = canonical(await strataRows(db, sql), false);
      await db.exec("SET disabled_optimizers = 'answer-from-cube'");
      try {
        expect(canonical(await strataRows(db, sql), false), `${phase}: ${sql}\n${cube.sql}\n${plan}`).toEqual(on);
      } finally {
        await db.exec("SET disabled_optimizers = ''");
      }
    }
  }
  return answered;
}

/** Fact rows with keys into every dimension, some into the dimension rows added by the test, some NULL. */
function factRows(r: SeededRandom, n: number): string {
  const rows = Array.from({ length: n }, () => {
    const a = r.chance(0.05) ? 'NULL' : String(r.int(0, 42));
    const qty = r.chance(0.05) ? 'NULL' : String(r.int(1, 50));
    return `(${a}, ${r.int(0, 50)}, ${r.int(0, 59)}, ${qty}, ${(r.int(100, 100000) / 100).toFixed(2)}, ${r.int(0, 1000) / 8}, 'red-${r.int(0, 9)}')`;
  });
  return `INSERT INTO fact (f_a, f_b, f_c, f_qty, f_price, f_rate, f_note) VALUES ${rows.join(', ')}`;
}

describe('differential: queries answered from cubes equal the base tables', () => {
  it('on random cubes and queries, after inserts, a crash, deletes and REFRESH', async () => {
    const dir = tempDir();
    const options = { checkpointOnClose: false };
    let db = await Database.open(dir, options);
    for (const s of starSchemaSql(7, 1500)) await db.exec(s);
    const r = new SeededRandom(23);
    const cubes = Array.from({ length: 8 }, (_, i) => randomCube(r, `cube${i}`));
    for (const c of cubes) await db.exec(c.sql);
    const built = await compare(db, r, cubes, 30, 'built');

    // Maintenance: a bulk insert, single-row inserts, and new dimension rows that earlier fact rows reference.
    await db.exec(factRows(r, 300));
    for (let i = 0; i < 5; i++) await db.exec(factRows(r, 1));
    await db.exec("INSERT INTO dim_a VALUES (40, 'red', 3), (41, NULL, 12), (42, 'tan', 40)");
    const afterInserts = await compare(db, r, cubes, 30, 'after inserts');

    // A crash: the log (base rows and cube deltas in the same records) is replayed on open.
    db.closeSync();
    db = await Database.open(dir, options);
    const afterReopen = await compare(db, r, cubes, 30, 'after reopen');
    // The comparisons mean something only if many queries were answered from a cube in every phase
    // (the others use aggregates, filters or joins no cube holds), some of them through tables
    // joined back to the cube rows; 240 queries per phase.
    for (const n of [built, afterInserts, afterReopen]) {
      expect(n.cube).toBeGreaterThan(30);
      expect(n.joinedBack).toBeGreaterThan(10);
      expect(n.rejoined).toBeGreaterThan(3);
    }

    // Duplicate keys in dimension tables: a table re-joined through its key no longer is one (the
    // optimizer must see that), while tables joined as the query joins them stay exact.
    await db.exec("INSERT INTO dim_a VALUES (5, 'plum', 7), (7, NULL, 33), (40, 'ivory', 41)");
    await db.exec("INSERT INTO dim_b VALUES (4, 'ASIA', 2, 1)");
    await db.exec("INSERT INTO dim_c VALUES (3, DATE '1992-01-01', 1997)");
    const duplicates = await compare(db, r, cubes, 30, 'duplicate keys');
    expect(duplicates.joinedBack).toBeGreaterThan(5);
    expect(duplicates.rejoined).toBe(0);

    // A dimension table a cube does not cover changes freely: it is read as it is now.
    await db.exec('DELETE FROM dim_b WHERE b_key < 12');
    await db.exec('DELETE FROM dim_r WHERE r_key = 2');
    await compare(db, r, cubes, 20, 'after dimension deletes');

    // A delete makes the cubes stale: nothing is answered from them until REFRESH.
    await db.exec('DELETE FROM fact WHERE f_qty = 7');
    expect((await compare(db, r, cubes, 6, 'after delete')).cube).toBe(0);
    db.closeSync();
    db = await Database.open(dir, options);
    expect((await compare(db, r, cubes, 6, 'stale after reopen')).cube).toBe(0);
    for (let i = 0; i < cubes.length; i++) await db.exec(`REFRESH MATERIALIZED VIEW cube${i}`);
    expect((await compare(db, r, cubes, 30, 'after refresh')).cube).toBeGreaterThan(30);
    db.closeSync();
  }, 180_000);
});
