/** Storage damage fuzzing: flipped, zeroed and truncated bytes of segment, manifest and WAL files are reported, never returned as wrong rows, never a crash. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StrataError } from '../../engine/errors.js';
import { Database } from '../../sql/database.js';
import { FuzzRandom } from './sql-mutator.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-damage-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const QUERY = 'SELECT id, s FROM t ORDER BY id';

/** A database with rows in segments (bulk, then CHECKPOINT) and more in the WAL only; returns its rows. */
function buildOriginal(dir: string): unknown[][] {
  const db = Database.openSync(dir, { checkpointOnClose: false });
  db.querySync('CREATE TABLE t (id INTEGER, s VARCHAR) ORDER BY (id)');
  const n = 20_000;
  db.appendColumns('t', { id: Int32Array.from({ length: n }, (_, i) => i * 2), s: Array.from({ length: n }, (_, i) => `row ${i % 500}`) }, n);
  db.querySync('CHECKPOINT');
  for (let i = 0; i < 30; i++) db.querySync(`INSERT INTO t VALUES (${i * 2 + 1}, 'wal ${i}')`);
  db.querySync('DELETE FROM t WHERE id BETWEEN 100 AND 120');
  const rows = db.querySync(QUERY).rowArrays();
  db.closeSync();
  return rows;
}

function filesOf(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name !== 'LOCK') out.push(path.join(e.parentPath ?? e.path, e.name));
  }
  return out.sort();
}

describe('damaged database files', () => {
  it('are reported by file, or read back exactly (a dropped WAL tail is reported)', () => {
    const original = path.join(root, 'original');
    const expected = buildOriginal(original);
    const files = filesOf(original);
    expect(files.some((f) => f.includes(`${path.sep}wal${path.sep}`))).toBe(true);
    expect(files.some((f) => f.endsWith('.seg'))).toBe(true);
    const rnd = new FuzzRandom(4242);
    const problems: string[] = [];
    const seen = { reported: 0, exact: 0, walTail: 0 };
    for (let trial = 0; trial < 150; trial++) {
      const dir = path.join(root, `t${trial}`);
      fs.cpSync(original, dir, { recursive: true });
      const victim = path.join(dir, path.relative(original, rnd.pick(files)));
      const bytes = fs.readFileSync(victim);
      if (bytes.length === 0) continue;
      const at = rnd.int(bytes.length);
      const kind = rnd.int(3);
      let label: string;
      if (kind === 0) {
        bytes[at] ^= 1 << rnd.int(8);
        fs.writeFileSync(victim, bytes);
        label = `flip a bit at ${at}`;
      } else if (kind === 1) {
        bytes.fill(0, at, at + 16);
        fs.writeFileSync(victim, bytes);
        label = `zero 16 bytes at ${at}`;
      } else {
        fs.writeFileSync(victim, bytes.subarray(0, at));
        label = `truncate to ${at}`;
      }
      const what = `${path.relative(dir, victim)}: ${label}`;
      const name = path.basename(victim);
      let db: Database | null = null;
      try {
        db = Database.openSync(dir, { checkpointOnClose: false });
        const rows = db.querySync(QUERY).rowArrays();
        if (JSON.stringify(rows) === JSON.stringify(expected)) {
          seen.exact++;
        } else if (db.recovery?.dropped && victim.includes(`${path.sep}wal${path.sep}`)) {
          // A damaged log drops its tail, reported: what remains must be a prefix of the writes,
          // so every row read is one of the original rows (or a row the dropped DELETE removed).
          seen.walTail++;
          const all = new Set(expected.map((r) => JSON.stringify(r)));
          for (let i = 100; i <= 120; i += 2) all.add(JSON.stringify([i, `row ${i / 2}`]));
          for (let i = 0; i < 30; i++) if (i * 2 + 1 >= 100 && i * 2 + 1 <= 120) all.add(JSON.stringify([i * 2 + 1, `wal ${i}`]));
          for (const r of rows) if (!all.has(JSON.stringify(r))) problems.push(`${what}: a row that was never written: ${JSON.stringify(r)}`);
        } else {
          problems.push(`${what}: returned ${rows.length} rows that differ from the ${expected.length} written, without an error`);
        }
      } catch (e) {
        if (!(e instanceof StrataError)) problems.push(`${what}: ${(e as Error).name}: ${(e as Error).message}`);
        else if (e.code === 'internal') problems.push(`${what}: internal error: ${e.message}`);
        else if (!e.message.includes(name) && !e.message.includes(dir)) problems.push(`${what}: the error does not name the file: ${e.message}`);
        else seen.reported++;
      } finally {
        try {
          db?.closeSync();
        } catch {
          // Closing a database whose files are damaged may fail too; it must not crash.
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(problems.slice(0, 15)).toEqual([]);
    // The damage must have been noticed often, not only survived by luck.
    expect(seen.reported).toBeGreaterThan(50);
  }, 180_000);
});
