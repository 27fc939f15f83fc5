/** Parquet ingest fuzzing: truncated, bit-flipped and garbage files fail with a clear error naming the file, and the target table is unchanged. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { FuzzRandom, judge } from './sql-mutator.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-parquet-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Parquet ingest fuzzing', () => {
  it('loads a damaged file exactly or fails naming it, leaving the table unchanged', () => {
    const db = Database.openSync();
    db.querySync('CREATE TABLE src (id INTEGER, name VARCHAR, amount DOUBLE, day DATE)');
    db.querySync("INSERT INTO src SELECT i, 'name ' || (i % 37), i * 1.5, DATE '2020-01-01' + (i % 300) FROM range(5000) r(i)");
    const good = path.join(dir, 'good.parquet');
    db.querySync(`COPY src TO '${good}' (FORMAT parquet)`);
    const original = fs.readFileSync(good);
    db.querySync('CREATE TABLE t (id INTEGER, name VARCHAR, amount DOUBLE, day DATE)');
    db.querySync("INSERT INTO t VALUES (-1, 'kept', 0, DATE '2000-01-01')");
    const expectedAll = db.querySync('SELECT count(*), sum(id), sum(amount) FROM src').rowArrays()[0];
    const rnd = new FuzzRandom(5);
    const failures: string[] = [];
    let errors = 0;
    for (let k = 0; k < 80; k++) {
      const bytes = Buffer.from(original);
      let label: string;
      const kind = rnd.int(4);
      let data: Uint8Array = bytes;
      if (kind === 0) {
        const at = rnd.int(bytes.length);
        data = bytes.subarray(0, at);
        label = `truncated to ${at}`;
      } else if (kind === 1) {
        const at = rnd.int(bytes.length);
        bytes[at] ^= 1 << rnd.int(8);
        label = `bit flipped at ${at}`;
      } else if (kind === 2) {
        const at = rnd.int(bytes.length);
        bytes.fill(0, at, at + 64);
        label = `64 bytes zeroed at ${at}`;
      } else {
        data = Uint8Array.from({ length: 1 + rnd.int(4000) }, () => rnd.int(256));
        label = 'garbage';
      }
      const file = path.join(dir, `f${k}.parquet`);
      fs.writeFileSync(file, data);
      let error: Error | null = null;
      const outcome = judge((s) => {
        try {
          db.querySync(s);
        } catch (e) {
          error = e as Error;
          throw e;
        }
      }, `COPY t FROM '${file}' (FORMAT parquet)`);
      if (!outcome.ok) failures.push(`${label}: ${outcome.reason}`);
      const rows = Number(db.querySync('SELECT count(*) FROM t').rowArrays()[0][0]);
      if (error !== null) {
        errors++;
        if (rows !== 1) failures.push(`${label}: a failed load changed the table (${rows} rows)`);
        if (!(error as Error).message.includes(file)) failures.push(`${label}: the error does not name the file: ${(error as Error).message}`);
      } else {
        // Parquet has no checksum on every page (they are optional): a flip inside a value can
        // load a different value, but the row count must be the file's.
        const got = db.querySync('SELECT count(*) FROM t WHERE id <> -1').rowArrays()[0][0];
        if (got !== expectedAll[0]) failures.push(`${label}: loaded ${String(got)} rows of ${String(expectedAll[0])} without an error`);
      }
      db.querySync('DELETE FROM t WHERE id <> -1 OR id IS NULL');
    }
    expect(failures.slice(0, 15)).toEqual([]);
    expect(errors).toBeGreaterThan(30);
    db.closeSync();
  }, 120_000);
});
