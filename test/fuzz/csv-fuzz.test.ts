/** CSV ingest fuzzing: damaged files (truncated, wrong field counts, bad UTF-8, unclosed quotes, huge fields, garbage) load cleanly, reject rows, or fail clearly leaving the table unchanged. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { FuzzRandom, judge } from './sql-mutator.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-csv-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const enc = new TextEncoder();
const VALID = enc.encode(
  'id,name,amount,day\n' + Array.from({ length: 300 }, (_, i) => `${i},"name ${i}, ""q""",${(i * 1.25).toFixed(2)},2020-01-${String((i % 28) + 1).padStart(2, '0')}`).join('\n') + '\n',
);

/** One damaged copy of the valid file. */
function damage(rnd: FuzzRandom): { label: string; bytes: Uint8Array } {
  const b = VALID;
  const at = 1 + rnd.int(b.length - 2);
  const join = (...parts: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  switch (rnd.int(8)) {
    case 0:
      return { label: `truncated at ${at}`, bytes: b.subarray(0, at) };
    case 1:
      return { label: `extra field at ${at}`, bytes: join(b.subarray(0, at), enc.encode(',extra'), b.subarray(at)) };
    case 2:
      return { label: `missing comma at ${at}`, bytes: join(b.subarray(0, at), b.subarray(at).subarray(b.subarray(at).indexOf(44) + 1)) };
    case 3:
      return { label: `invalid UTF-8 at ${at}`, bytes: join(b.subarray(0, at), Uint8Array.of(0xff, 0xfe, 0xc3), b.subarray(at)) };
    case 4:
      return { label: `unclosed quote at ${at}`, bytes: join(b.subarray(0, at), enc.encode('"'), b.subarray(at)) };
    case 5:
      return { label: `huge field at ${at}`, bytes: join(b.subarray(0, at), enc.encode('x'.repeat(1 << 20)), b.subarray(at)) };
    case 6: {
      const g = new Uint8Array(200);
      for (let i = 0; i < g.length; i++) g[i] = rnd.int(256);
      return { label: `binary garbage at ${at}`, bytes: join(b.subarray(0, at), g, b.subarray(at)) };
    }
    default:
      return { label: 'only garbage', bytes: Uint8Array.from({ length: 500 }, () => rnd.int(256)) };
  }
}

describe('CSV ingest fuzzing', () => {
  it('loads, rejects rows, or fails with a clear error that leaves the table unchanged', () => {
    const rnd = new FuzzRandom(99);
    const db = Database.openSync();
    db.querySync('CREATE TABLE t (id INTEGER, name VARCHAR, amount DECIMAL(10,2), day DATE)');
    db.querySync("INSERT INTO t VALUES (-1, 'kept', 0, DATE '2000-01-01')");
    const failures: string[] = [];
    let errors = 0;
    for (let k = 0; k < 120; k++) {
      const { label, bytes } = damage(rnd);
      const file = path.join(dir, `f${k}.csv`);
      fs.writeFileSync(file, bytes);
      for (const options of ['(HEADER)', '(HEADER, STRICT)']) {
        const before = Number(db.querySync('SELECT count(*) FROM t').rowArrays()[0][0]);
        let error: unknown = null;
        const outcome = judge((s) => {
          try {
            db.querySync(s);
          } catch (e) {
            error = e;
            throw e;
          }
        }, `COPY t FROM '${file}' ${options}`);
        if (!outcome.ok) failures.push(`${label} ${options}: ${outcome.reason}`);
        const after = Number(db.querySync('SELECT count(*) FROM t').rowArrays()[0][0]);
        if (error !== null) {
          errors++;
          if (after !== before) failures.push(`${label} ${options}: failed load changed the table (${before} -> ${after} rows)`);
          if (!String((error as Error).message).includes(file)) failures.push(`${label} ${options}: error does not name the file: ${(error as Error).message}`);
        }
        // read_csv over the same file: answers or fails properly too.
        const q = judge((s) => db.querySync(s), `SELECT count(*) FROM read_csv('${file}')`);
        if (!q.ok) failures.push(`${label} read_csv: ${q.reason}`);
      }
      // Keep the table small: remove what the loads appended.
      db.querySync('DELETE FROM t WHERE id <> -1 OR id IS NULL');
    }
    expect(failures.slice(0, 20)).toEqual([]);
    // The damage must bite: most STRICT loads of damaged files fail.
    expect(errors).toBeGreaterThan(60);
    expect(db.querySync("SELECT name FROM t").rowArrays()).toEqual([['kept']]);
    db.closeSync();
  }, 120_000);
});
