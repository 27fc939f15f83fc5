/** The `strata` command outside the interactive shell: `-c`, scripts on stdin, `strata ingest`. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test starts one or more `strata` processes: seconds apiece on a loaded 2-core machine.
vi.setConfig({ testTimeout: 30_000 });

const MAIN = path.resolve('dist/cli/main.js');
let dir = '';
beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function strata(args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, HOME: dir } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('strata -c and scripts', () => {
  it('prints results in the chosen format and exits 0', () => {
    const r = strata(['-c', "SELECT 1 AS a, 'x' AS b", '--format', 'jsonl']);
    expect(r).toMatchObject({ code: 0, out: '{"a":1,"b":"x"}\n' });
  });

  it('exits non-zero with the error and a caret on stderr', () => {
    const r = strata(['-c', 'SELECT 1;\nSELECT nope']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Binder Error: .*\nLINE 2: SELECT nope\n {15}\^/);
  });

  it('runs a script from stdin, dot commands included, stopping at the first error', () => {
    const r = strata(['--format', 'csv'], 'CREATE TABLE t (a INTEGER);\nINSERT INTO t VALUES (1), (2);\n.mode markdown\nSELECT sum(a) AS s FROM t;\nSELECT boom;\nSELECT 3;\n');
    expect(r.code).toBe(1);
    expect(r.out).toBe('| s |\n| ---: |\n| 3 |\n');
    expect(r.err).toMatch(/LINE 5: SELECT boom/);
  });
});

describe('strata ingest', () => {
  it('creates a table from a CSV file, reports rows and rejects, and keeps them on disk', () => {
    const db = path.join(dir, 'db1');
    fs.writeFileSync(path.join(dir, 'sales.csv'), 'id,region,amount\n1,EU,1.5\n2,ASIA,2.25\n3,EU\n4,US,4\n');
    const r = strata(['ingest', db, 'sales', path.join(dir, 'sales.csv'), '--order-by', 'region']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Loaded 3 rows into new table sales \(id INTEGER, region VARCHAR, amount DECIMAL\(18,2\)\) in [\d.]+ s: [\d.]+ MB, [\d.]+ MB\/s\./);
    expect(r.out).toMatch(/1 rows rejected: see SELECT \* FROM sales_rejects;/);
    const q = strata([db, '-c', 'SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region; SELECT line, reason FROM sales_rejects', '--format', 'csv']);
    expect(q.out).toBe('region,total\nASIA,2.25\nEU,1.50\nUS,4.00\nline,reason\n4,"expected 3 fields, found 2"\n');
  });

  it('appends to an existing table, and a failed --strict load changes nothing', () => {
    const db = path.join(dir, 'db2');
    fs.writeFileSync(path.join(dir, 'a.csv'), 'n\n1\n2\n');
    fs.writeFileSync(path.join(dir, 'b.csv'), 'n\n3\nfour\n');
    expect(strata(['ingest', db, 'nums', path.join(dir, 'a.csv')]).code).toBe(0);
    const bad = strata(['ingest', db, 'nums', path.join(dir, 'b.csv'), '--strict']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/b\.csv:3 column n: could not convert "four" to INTEGER[\s\S]*The table was not changed/);
    const ok = strata(['ingest', db, 'nums', path.join(dir, 'a.csv')]);
    expect(ok.out).toMatch(/Loaded 2 rows into nums in/);
    expect(strata([db, '-c', 'SELECT count(*) AS c, sum(n) AS s FROM nums', '--format', 'csv']).out).toBe('c,s\n4,6\n');
    // Four CLI processes: on a loaded 2-core machine their start-up alone can pass vitest's 5 s default.
  }, 30_000);
});
