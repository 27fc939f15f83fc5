/** The crash test's driver: kills a writing child process at random moments and checks that the database holds exactly the acknowledged writes. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database } from '../../sql/database.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { applyCrashOp, CRASH_DB_OPTIONS, crashOp, type Model, modelRows } from './crash-workload.js';

export interface CrashReport {
  iterations: number;
  /** Operations acknowledged by the children, in all. */
  acknowledged: number;
  /** Acknowledged rows (inserted or changed) missing or different after a reopen: must be 0. */
  rowsLost: number;
  /** Reopens that failed: must be 0. */
  failedOpens: number;
  /** Iterations whose unacknowledged last operation turned out to be durable (allowed). */
  inFlightDurable: number;
  /** Records dropped from a torn log tail, summed over reopens. */
  tornTails: number;
  errors: string[];
}

// The child runs compiled; from the TypeScript source (vitest), use the build in dist/.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = HERE.split(path.sep).includes('dist') ? path.join(HERE, 'crash-child.js') : path.join(HERE, '../../dist/test/crash/crash-child.js');

/** Runs the child from operation `from` and SIGKILLs it after `killAfterMs`; returns the acknowledged operations. */
function runChild(dir: string, seed: number, from: number, killAfterMs: number): Promise<{ acked: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(seed), String(from)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // The clock starts once the database is open, so every kill lands inside the workload.
      if (timer === null && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      if (timer !== null) clearTimeout(timer);
      const acks = out.split('\n').filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4)));
      resolve({ acked: acks.length === 0 ? from : acks[acks.length - 1] + 1, stderr: err });
    });
  });
}

/** Rows of the database as `id,v,s` lines sorted by id, or an error message when it does not open. */
function databaseRows(dir: string): { rows: string[]; dropped: number } | string {
  try {
    const db = Database.openSync(dir, CRASH_DB_OPTIONS);
    try {
      const r = db.querySync('SELECT id, v, s FROM t ORDER BY id').rowArrays();
      return { rows: r.map((x) => x.join(',')), dropped: db.recovery?.dropped === null ? 0 : 1 };
    } finally {
      db.closeSync();
    }
  } catch (e) {
    return String(e);
  }
}

/** How many expected rows `actual` lacks or has different (0 when equal). */
function difference(expected: readonly string[], actual: readonly string[]): number {
  const have = new Set(actual);
  let lost = 0;
  for (const r of expected) if (!have.has(r)) lost++;
  return lost + Math.max(0, actual.length - expected.length);
}

/**
 * `iterations` rounds of: start the child on the database in `dir`, kill it after a random
 * 20-`maxKillMs` ms, reopen, and compare with the expected rows after every acknowledged
 * operation; the one operation in flight at the kill may or may not be durable.
 */
export async function runCrashTest(dir: string, seed: number, iterations: number, maxKillMs = 400): Promise<CrashReport> {
  const report: CrashReport = { iterations: 0, acknowledged: 0, rowsLost: 0, failedOpens: 0, inFlightDurable: 0, tornTails: 0, errors: [] };
  const random = new SeededRandom(seed);
  const model: Model = new Map();
  let done = 0;
  for (let it = 0; it < iterations; it++) {
    const { acked, stderr } = await runChild(dir, seed, done, random.int(20, maxKillMs));
    if (stderr.trim() !== '') report.errors.push(`iteration ${it}: child stderr: ${stderr.trim().slice(0, 500)}`);
    for (let i = done; i < acked; i++) applyCrashOp(model, crashOp(seed, i));
    report.acknowledged += acked - done;
    done = acked;
    report.iterations++;
    const got = databaseRows(dir);
    if (typeof got === 'string') {
      report.failedOpens++;
      report.errors.push(`iteration ${it}: open failed: ${got}`);
      break;
    }
    report.tornTails += got.dropped;
    const expected = modelRows(model);
    if (difference(expected, got.rows) === 0 && got.rows.length === expected.length) continue;
    // The operation in flight when the child died may have committed before its acknowledgment.
    const withNext = new Map(model);
    applyCrashOp(withNext, crashOp(seed, done));
    if (difference(modelRows(withNext), got.rows) === 0 && got.rows.length === withNext.size) {
      applyCrashOp(model, crashOp(seed, done));
      done++;
      report.inFlightDurable++;
      continue;
    }
    const lost = difference(expected, got.rows);
    report.rowsLost += lost;
    report.errors.push(`iteration ${it}: after ${done} acknowledged operations the database has ${got.rows.length} rows, ${expected.length} expected, ${lost} expected rows missing or different`);
    break;
  }
  return report;
}
