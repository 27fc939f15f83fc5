/** I/O fault injection: every I/O operation of a representative workload (cube maintenance included) fails in turn (ENOSPC, EIO, short write, fsync, rename, crash); the call fails cleanly and, reopened, the database holds exactly the acknowledged writes. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StrataError } from '../../engine/errors.js';
import { Database } from '../../sql/database.js';
import { NodeFileSystem } from '../../storage/io/file-system.js';
import { type FaultKind, FaultyFileSystem, SimulatedCrash } from '../helpers/faulty-file-system.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-faults-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

type Model = Map<number, string> | null; // null: table t does not exist

/** One step of the workload: what it does, and what it does to the model when acknowledged. */
interface Step {
  run(db: Database): void;
  apply(m: Model): Model;
}

const sql = (text: string, apply: (m: Model) => Model): Step => ({ run: (db) => void db.querySync(text), apply });
const withRows = (f: (m: Map<number, string>) => void) => (m: Model): Model => {
  const c = new Map(m!);
  f(c);
  return c;
};

const BULK = 3000;
const WORKLOAD: Step[] = [
  sql('CREATE TABLE t (id INTEGER, s VARCHAR) ORDER BY (id)', () => new Map()),
  // A data cube over t, maintained by the inserts (and made stale by UPDATE / DELETE until REFRESH).
  sql('CREATE MATERIALIZED VIEW mv AS SELECT s, count(*) AS c, sum(id) AS total FROM t GROUP BY s', (m) => m),
  {
    run: (db) => db.appendColumns('t', { id: Int32Array.from({ length: BULK }, (_, i) => i), s: Array.from({ length: BULK }, (_, i) => `b${i % 7}`) }, BULK),
    apply: withRows((m) => {
      for (let i = 0; i < BULK; i++) m.set(i, `b${i % 7}`);
    }),
  },
  sql("INSERT INTO t VALUES (10001, 'one')", withRows((m) => m.set(10001, 'one'))),
  sql("INSERT INTO t VALUES (10002, 'two'), (10003, 'three')", withRows((m) => m.set(10002, 'two').set(10003, 'three'))),
  sql("UPDATE t SET s = 'u' WHERE id < 5", withRows((m) => { for (let i = 0; i < 5; i++) if (m.has(i)) m.set(i, 'u'); })),
  sql('DELETE FROM t WHERE id BETWEEN 100 AND 199', withRows((m) => { for (let i = 100; i <= 199; i++) m.delete(i); })),
  sql('CHECKPOINT', (m) => m),
  sql('REFRESH MATERIALIZED VIEW mv', (m) => m),
  sql('INSERT INTO t SELECT id + 20000, s FROM t WHERE id < 50', withRows((m) => { for (let i = 0; i < 50; i++) if (m.has(i)) m.set(i + 20000, m.get(i)!); })),
  sql("INSERT INTO t VALUES (10004, 'four')", withRows((m) => m.set(10004, 'four'))),
  sql('CHECKPOINT', (m) => m),
  sql("INSERT INTO t VALUES (10005, 'five')", withRows((m) => m.set(10005, 'five'))),
  sql('CHECKPOINT', (m) => m),
  sql("DELETE FROM t WHERE s = 'b3'", withRows((m) => { for (const [k, v] of [...m]) if (v === 'b3') m.delete(k); })),
  sql("INSERT INTO t VALUES (10006, 'six')", withRows((m) => m.set(10006, 'six'))),
];

// Small thresholds so the workload flushes, checkpoints and compacts.
const SETTINGS = { memtableBytes: 16 * 1024, bulkBytes: 8 * 1024, compactionRun: 2, checkpointOnClose: false };

function contents(db: Database): Model {
  try {
    return new Map(db.querySync('SELECT id, s FROM t').rowArrays().map(([id, s]) => [id as number, s as string]));
  } catch (e) {
    if (e instanceof StrataError && e.code === 'catalog') return null;
    throw e;
  }
}

const same = (a: Model, b: Model): boolean => (a === null || b === null ? a === b : a.size === b.size && [...a].every(([k, v]) => b.get(k) === v));

/** Runs the workload with a fault at operation `failAt`; returns problems found (empty when all is well). */
function trial(failAt: number, kind: FaultKind, label: string): { problems: string[]; ops: number } {
  const dir = path.join(root, label);
  const faulty = new FaultyFileSystem(new NodeFileSystem(), failAt, kind);
  faulty.trace = process.env.FAULT_TRACE === label;
  const problems: string[] = [];
  let model: Model = null;
  let inflight: Model | undefined; // a statement cut by a crash: it may or may not have become durable
  let crashed = false;
  let db: Database | null = null;
  try {
    db = Database.openSync(dir, { ...SETTINGS, fileSystem: faulty });
  } catch (e) {
    if (e instanceof SimulatedCrash) crashed = true;
    else if (!(e instanceof StrataError)) problems.push(`open: ${(e as Error).name}: ${(e as Error).message}`);
  }
  if (db !== null) {
    for (const step of WORKLOAD) {
      const opsBefore = faulty.ops;
      try {
        step.run(db);
        model = step.apply(model);
        if (process.env.FAULT_TRACE === label) console.log(`step ${WORKLOAD.indexOf(step)} ok (ops ${opsBefore + 1}..${faulty.ops}), model ${model?.size}`);
      } catch (e) {
        if (process.env.FAULT_TRACE === label) console.log(`step ${WORKLOAD.indexOf(step)} failed (ops ${opsBefore + 1}..${faulty.ops}): ${(e as Error).message}`);
        // A crash, or an error that stopped the database (as a crash would): the statement in
        // flight may or may not have become durable, and nothing more can run.
        if (e instanceof SimulatedCrash || (faulty.fired && kind === 'crash') || /close and reopen/.test((e as Error).message)) {
          crashed = true;
          try {
            inflight = step.apply(model);
          } catch {
            inflight = undefined;
          }
          break;
        }
        if (!(e instanceof StrataError) || e.code === 'internal') problems.push(`${label}: statement failed with ${(e as Error).name}: ${(e as Error).message}`);
        // A clean failure: not acknowledged, the model stays; the process keeps working.
      }
    }
    if (!crashed) {
      try {
        db.closeSync();
      } catch (e) {
        if (!(e instanceof StrataError) && !(e instanceof SimulatedCrash)) problems.push(`${label}: close failed with ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
  }
  // The process "dies" here: a real one would leave its lock to a stale-lock takeover.
  fs.rmSync(path.join(dir, 'LOCK'), { force: true });
  const ops = faulty.ops;
  try {
    const again = Database.openSync(dir, { checkpointOnClose: false });
    const got = contents(again);
    if (!same(got, model) && !(crashed && inflight !== undefined && same(got, inflight))) {
      problems.push(`${label}: reopened with ${got === null ? 'no table' : `${got.size} rows`}, acknowledged ${model === null ? 'no table' : `${model.size} rows`}`);
    }
    if (got !== null) {
      // Wherever the cube answers, it agrees with the base table (a stale cube is not used).
      const q = 'SELECT s, count(*), sum(id) FROM t GROUP BY s ORDER BY s';
      const viaCube = JSON.stringify(again.querySync(q).rowArrays());
      again.querySync("SET disabled_optimizers = 'answer-from-cube'");
      const base = JSON.stringify(again.querySync(q).rowArrays());
      if (viaCube !== base) problems.push(`${label}: the cube disagrees with t after reopening: ${viaCube} vs ${base}`);
    }
    again.closeSync();
  } catch (e) {
    problems.push(`${label}: the database failed to open: ${(e as Error).message}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { problems, ops };
}

describe('I/O fault injection', () => {
  // Debugging one trial: FAULT_TRACE=eio-at-35 npx vitest run test/storage/fault-injection
  // prints each I/O operation and each statement's outcome of that trial.
  it('walks a fault over every I/O operation of the workload', () => {
    if (process.env.FAULT_TRACE !== undefined) {
      const [kind, n] = process.env.FAULT_TRACE.split('-at-');
      expect(trial(Number(n), kind as FaultKind, process.env.FAULT_TRACE).problems).toEqual([]);
      return;
    }
    const clean = trial(Infinity, 'eio', 'clean');
    expect(clean.problems).toEqual([]);
    const total = clean.ops;
    expect(total).toBeGreaterThan(50);
    const kinds: FaultKind[] = ['crash', 'eio', 'enospc', 'short-write', 'fsync', 'rename'];
    const problems: string[] = [];
    let points = 0;
    // Every operation gets a fault, the kinds in rotation (FAULT_ALL=1: every kind at every operation).
    const all = process.env.FAULT_ALL === '1';
    for (let n = 1; n <= total; n++) {
      for (const kind of all ? kinds : [kinds[n % kinds.length]]) {
        points++;
        problems.push(...trial(n, kind, `${kind}-at-${n}`).problems);
      }
    }
    console.log(`fault injection: ${points} fault points over ${total} I/O operations`);
    expect(problems.slice(0, 15)).toEqual([]);
  }, 600_000);
});
