/** Tests of the key range a hash join pushes into its probe scan to skip zones and blocks (zone-only runtime filters): fewer rows read, the same results. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A 20,000-row table ordered by key (so zones hold narrow key ranges) and a few probe keys. */
async function setUp(db: Database, sortedDim: boolean): Promise<void> {
  await db.exec('CREATE TABLE dim(k INTEGER, name VARCHAR)');
  await db.exec(`INSERT INTO dim SELECT ${sortedDim ? 'range' : '(range * 7919) % 20000'}, 'n' || range FROM range(20000)`);
  await db.exec('CREATE TABLE few(k INTEGER, v INTEGER)');
  await db.exec('INSERT INTO few VALUES (12345, 1), (12400, 2), (NULL, 3)');
}

const JOIN = 'SELECT d.k, x.v FROM dim d JOIN few x ON d.k = x.k ORDER BY x.v';
const SEMI = 'SELECT k FROM dim WHERE k IN (SELECT k FROM few) ORDER BY k';

/** The analyzed line of the scan of `dim`. */
async function dimScan(db: Database, sql: string): Promise<string> {
  const text = String((await db.query(`EXPLAIN ANALYZE ${sql}`)).rowArrays().find((r) => r[0] === 'analyzed_plan')?.[1]);
  return text.split('\n').find((l) => l.includes('table=dim')) ?? '';
}

describe('join key ranges in probe scans', () => {
  it('an in-memory probe table ordered by the key reads only the zones of the build keys', async () => {
    const db = await Database.open();
    await setUp(db, true);
    expect((await db.query(JOIN)).rowArrays()).toEqual([[12345, 1], [12400, 2]]);
    expect((await db.query(SEMI)).rowArrays()).toEqual([[12345], [12400]]);
    for (const sql of [JOIN, SEMI]) {
      const scan = await dimScan(db, sql);
      expect(scan).toContain('IN keys(k#');
      expect(scan).toContain('(zones)');
      // One 256-row zone holds both keys; the incomplete last zone (32 rows) is always read.
      expect(scan).toMatch(/\[rows=288,/);
      expect(scan).toMatch(/blocks_skipped=77\b/);
    }
  });

  it('changes no result when the probe table is not ordered by the key (nothing to skip), nor for outer joins', async () => {
    const db = await Database.open();
    await setUp(db, false);
    expect((await db.query(JOIN)).rowArrays()).toEqual([[12345, 1], [12400, 2]]);
    expect(await dimScan(db, JOIN)).toMatch(/blocks_skipped=0\b/);
    const left = 'SELECT count(*), count(x.v) FROM dim d LEFT JOIN few x ON d.k = x.k';
    expect((await db.query(left)).rowArrays()).toEqual([[20000, 2]]);
    expect(await dimScan(db, left)).not.toContain('IN keys');
  });

  it('stored segments skip blocks by the range and keep every matching row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-key-range-'));
    dirs.push(dir);
    const db = await Database.open(dir);
    await setUp(db, true);
    await db.exec('CHECKPOINT');
    expect((await db.query(JOIN)).rowArrays()).toEqual([[12345, 1], [12400, 2]]);
    expect((await db.query(SEMI)).rowArrays()).toEqual([[12345], [12400]]);
    expect(await dimScan(db, JOIN)).toContain('(zones)');
    db.closeSync();
  });
});
