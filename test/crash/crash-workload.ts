/** The crash test's deterministic workload: operation i of a seed, how to run it on a database and how it changes the expected rows. */
import type { Database } from '../../sql/database.js';
import { SeededRandom } from '../helpers/seeded-random.js';

/** Settings that make checkpoints, bulk segments and compactions happen within a few hundred operations. */
export const CRASH_DB_OPTIONS = {
  checkpointOnClose: false,
  memtableBytes: 64 * 1024,
  walBytes: 256 * 1024,
  bulkBytes: 64 * 1024,
  compactionRun: 3,
} as const;

export const CRASH_SCHEMA = 'CREATE TABLE IF NOT EXISTS t (id INTEGER NOT NULL, v INTEGER, s VARCHAR) ORDER BY (id)';

export type CrashOp =
  | { kind: 'insert'; id: number; v: number }
  | { kind: 'bulk'; first: number; count: number }
  | { kind: 'update'; mod: number; rem: number }
  | { kind: 'delete'; mod: number; rem: number }
  | { kind: 'transaction'; id: number; rem: number; commit: boolean }
  | { kind: 'checkpoint' };

/** Row values: v, s (s is derived from id and v so that it checks VARCHAR columns too). */
export type Model = Map<number, number>;

/** Operation `i` of the workload of `seed` (independent of earlier operations; ids never collide). */
export function crashOp(seed: number, i: number): CrashOp {
  const r = new SeededRandom(seed * 1_000_003 + i);
  const x = r.next();
  const base = (i + 1) * 100_000;
  if (x < 0.45) return { kind: 'insert', id: base, v: r.int(0, 1000) };
  if (x < 0.55) return { kind: 'bulk', first: base, count: r.int(1000, 20_000) };
  if (x < 0.7) return { kind: 'update', mod: r.int(3, 9), rem: r.int(0, 2) };
  if (x < 0.85) return { kind: 'delete', mod: r.int(5, 15), rem: r.int(0, 4) };
  if (x < 0.95) return { kind: 'transaction', id: base, rem: r.int(0, 6), commit: r.chance(0.7) };
  return { kind: 'checkpoint' };
}

const sOf = (id: number, v: number): string => `s${(id + v) % 97}`;

/** Runs the operation on `db`; when it returns, the operation is acknowledged (durable). */
export function runCrashOp(db: Database, op: CrashOp): void {
  switch (op.kind) {
    case 'insert':
      db.execSync(`INSERT INTO t VALUES (${op.id}, ${op.v}, '${sOf(op.id, op.v)}')`);
      return;
    case 'bulk': {
      const id = Int32Array.from({ length: op.count }, (_, j) => op.first + op.count - 1 - j);
      const v = Int32Array.from(id, (x) => x % 1000);
      db.appendColumns('t', { id, v, s: Array.from(id, (x, j) => sOf(x, v[j])) }, op.count);
      return;
    }
    case 'update':
      db.execSync(`UPDATE t SET v = v + 1, s = 's' || ((id + v + 1) % 97) WHERE id % ${op.mod} = ${op.rem}`);
      return;
    case 'delete':
      db.execSync(`DELETE FROM t WHERE id % ${op.mod} = ${op.rem} AND v % 2 = 0`);
      return;
    case 'transaction':
      db.execSync(`BEGIN; INSERT INTO t VALUES (${op.id}, 1, '${sOf(op.id, 1)}'); UPDATE t SET v = v + 10, s = 's' || ((id + v + 10) % 97) WHERE id % 7 = ${op.rem}; ${op.commit ? 'COMMIT' : 'ROLLBACK'}`);
      return;
    case 'checkpoint':
      db.execSync('CHECKPOINT');
  }
}

/** Applies the operation to the expected rows (id → v). */
export function applyCrashOp(m: Model, op: CrashOp): void {
  switch (op.kind) {
    case 'insert':
      m.set(op.id, op.v);
      return;
    case 'bulk':
      for (let j = 0; j < op.count; j++) m.set(op.first + j, (op.first + j) % 1000);
      return;
    case 'update':
      for (const [id, v] of m) if (id % op.mod === op.rem) m.set(id, v + 1);
      return;
    case 'delete':
      for (const [id, v] of m) if (id % op.mod === op.rem && v % 2 === 0) m.delete(id);
      return;
    case 'transaction':
      if (!op.commit) return;
      m.set(op.id, 1);
      for (const [id, v] of m) if (id % 7 === op.rem) m.set(id, v + 10);
      return;
    case 'checkpoint':
  }
}

/** The expected rows as `id,v,s` lines sorted by id (the form the check compares). */
export function modelRows(m: Model): string[] {
  return [...m.keys()].sort((a, b) => a - b).map((id) => `${id},${m.get(id)},${sOf(id, m.get(id) as number)}`);
}
