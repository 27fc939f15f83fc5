/** The write benchmark's cube section: single-row INSERTs into a stored database whose fact table has a data cube, and how many rows the cube table holds before and after its deltas are merged. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Database } from '../../sql/database.js';
import { DuckDbWriter } from './duckdb-writes.js';

/** A figure of the write benchmark's table. */
export interface CubeFigure {
  name: string;
  strata: number;
  duckdb: number | null;
  unit: string;
  note?: string;
}

const DDL = `
  CREATE TABLE d1 (id INTEGER, name VARCHAR);
  CREATE TABLE f (k INTEGER, d INTEGER, q INTEGER);
  INSERT INTO d1 SELECT i, 'name' || i FROM range(100) t(i);
  INSERT INTO f SELECT i % 100, (i * 37) % 97, i FROM range(100000) t(i);
`;
/** A ROLLUP cube: 100 x 97 + 100 + 1 keys (every pair occurs: 100 and 97 are coprime), three delta rows per inserted fact row. */
const CUBE = 'CREATE MATERIALIZED VIEW mv AS SELECT name, d, sum(q) AS s, count(*) AS n, min(q) AS lo FROM f JOIN d1 ON k = id GROUP BY ROLLUP (name, d)';
const insert = (i: number): string => `INSERT INTO f VALUES (${i % 100}, ${(i * 31) % 97}, ${i})`;
const count = (db: Database, sql: string): number => Number(db.querySync(sql).rowArrays()[0][0]);

interface Run {
  rowsPerSecond: number;
  peakCubeRows: number;
  cubeRowsAtEnd: number;
  cubeRowsAfterCheckpoint: number;
  keys: number;
}

/** `n` single-row INSERTs (relaxed durability) into a new stored database, with or without the cube; the cube table's rows are sampled outside the timed inserts. */
function run(dir: string, n: number, withCube: boolean): Run {
  const db = Database.openSync(dir, { durability: 'relaxed' });
  db.execSync(DDL);
  if (withCube) db.execSync(CUBE);
  let ms = 0;
  let peak = 0;
  for (let i = 0; i < n; i += 500) {
    const t = performance.now();
    for (let j = i; j < Math.min(n, i + 500); j++) db.execSync(insert(j));
    ms += performance.now() - t;
    if (withCube) peak = Math.max(peak, count(db, 'SELECT count(*) FROM __cube_mv'));
  }
  const atEnd = withCube ? count(db, 'SELECT count(*) FROM __cube_mv') : 0;
  db.checkpoint();
  const after = withCube ? count(db, 'SELECT count(*) FROM __cube_mv') : 0;
  const keys = withCube ? count(db, 'SELECT count(*) FROM (SELECT DISTINCT gs, d0, d1 FROM __cube_mv)') : 0;
  db.closeSync();
  return { rowsPerSecond: n / (ms / 1000), peakCubeRows: peak, cubeRowsAtEnd: atEnd, cubeRowsAfterCheckpoint: after, keys };
}

/** The cube section of `npm run bench -- write` (`--only cube`). */
export async function cubeInserts(scratch: () => string, n: number, figures: CubeFigure[]): Promise<void> {
  const dir = scratch();
  try {
    // Each setting twice, in alternating order (the first runs also warm up the JIT); the faster run counts.
    const best = (a: Run, b: Run): Run => (a.rowsPerSecond >= b.rowsPerSecond ? a : b);
    let merged = run(path.join(dir, 'cube1'), n, true);
    let plain = run(path.join(dir, 'plain1'), n, false);
    plain = best(plain, run(path.join(dir, 'plain2'), n, false));
    merged = best(merged, run(path.join(dir, 'cube2'), n, true));
    const duck = await DuckDbWriter.open(path.join(dir, 'duck.db'));
    for (const s of DDL.split(';').map((x) => x.trim()).filter((x) => x !== '')) await duck.run(s);
    await duck.run('BEGIN');
    const t = performance.now();
    for (let i = 0; i < n; i++) await duck.run(insert(i));
    await duck.run('COMMIT');
    const duckRate = n / ((performance.now() - t) / 1000);
    duck.close();
    const label = `${n.toLocaleString('en-US')} single-row INSERTs into a stored fact table, relaxed durability`;
    const note = 'DuckDB: the same inserts in one transaction, no cube (it has no incremental materialized views)';
    figures.push({ name: `${label}, a ROLLUP cube merged at flush and compaction`, strata: merged.rowsPerSecond, duckdb: duckRate, unit: 'rows/s', note });
    figures.push({ name: `${label}, no cube`, strata: plain.rowsPerSecond, duckdb: duckRate, unit: 'rows/s', note });
    figures.push({
      name: 'cube table rows during those inserts: most seen (sampled every 500 inserts)',
      strata: merged.peakCubeRows,
      duckdb: null,
      unit: 'rows',
      note: `at the end ${merged.cubeRowsAtEnd}, after CHECKPOINT ${merged.cubeRowsAfterCheckpoint}, distinct keys ${merged.keys}; ${3 * n} delta rows appended`,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
