import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../sql/database.js';
import { CountingFileSystem } from '../../storage/io/counting-file-system.js';
import { NodeFileSystem } from '../../storage/io/file-system.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const tempDir = useTempDirs('strata-wal-');

const NO_CHECKPOINT = { checkpointOnClose: false } as const;
const files = (dir: string, sub: string): string[] => fs.readdirSync(path.join(dir, sub)).sort();
const rows = (db: Database, sql: string): unknown[][] => db.querySync(sql).rowArrays();

/** A database whose log holds two INSERT records (values 1 and 2); returns the log file. */
function twoLoggedInserts(dir: string): string {
  const db = Database.openSync(dir, NO_CHECKPOINT);
  db.execSync('CREATE TABLE t (k INTEGER)');
  db.execSync('INSERT INTO t VALUES (1)');
  db.execSync('INSERT INTO t VALUES (2)');
  db.closeSync();
  return path.join(dir, 'wal', files(dir, 'wal')[0]);
}

describe('write-ahead log', () => {
  it('replays committed statements after a close without checkpoint; nothing was written to segments', () => {
    const dir = tempDir();
    let db = Database.openSync(dir, NO_CHECKPOINT);
    db.execSync('CREATE TABLE t (k INTEGER, s VARCHAR, d DOUBLE) ORDER BY (k)');
    db.execSync("INSERT INTO t VALUES (2, 'b', 2.5), (1, NULL, NULL), (3, 'c', -1)");
    db.execSync('DELETE FROM t WHERE k = 2');
    db.execSync("UPDATE t SET s = 'x' WHERE k = 1");
    db.closeSync();
    expect(files(dir, 'segments')).toEqual([]);
    db = Database.openSync(dir, NO_CHECKPOINT);
    expect(db.recovery).toEqual({ records: 3, dropped: null });
    expect(rows(db, 'SELECT * FROM t ORDER BY k')).toEqual([
      [1, 'x', null],
      [3, 'c', -1],
    ]);
    db.closeSync();
  });

  it('drops a torn last record with a report, keeps the ones before, and appends after them', () => {
    const dir = tempDir();
    const wal = twoLoggedInserts(dir);
    const size = fs.statSync(wal).size;
    fs.truncateSync(wal, size - 3); // the second INSERT's record is now torn
    let db = Database.openSync(dir, NO_CHECKPOINT);
    expect(db.recovery?.records).toBe(1);
    expect(db.recovery?.dropped).toMatchObject({ file: wal, droppedBytes: expect.any(Number), reason: expect.stringMatching(/torn record/) });
    expect(rows(db, 'SELECT k FROM t')).toEqual([[1]]);
    db.execSync('INSERT INTO t VALUES (3)');
    db.closeSync();
    db = Database.openSync(dir, NO_CHECKPOINT);
    expect(db.recovery).toEqual({ records: 2, dropped: null });
    expect(rows(db, 'SELECT k FROM t ORDER BY k')).toEqual([[1], [3]]);
    db.closeSync();
  });

  it('drops a record whose checksum does not match', () => {
    const wal = twoLoggedInserts(tempDir());
    const bytes = fs.readFileSync(wal);
    bytes[bytes.length - 2] ^= 0x55;
    fs.writeFileSync(wal, bytes);
    const db = Database.openSync(path.dirname(path.dirname(wal)), NO_CHECKPOINT);
    expect(db.recovery?.dropped?.reason).toBe('record checksum mismatch');
    expect(rows(db, 'SELECT k FROM t')).toEqual([[1]]);
    db.closeSync();
  });

  it('shares one fsync among concurrent async commits (group commit); the sync API fsyncs each', async () => {
    const dir = tempDir();
    const fsys = new CountingFileSystem(new NodeFileSystem());
    const db = await Database.open(dir, { fileSystem: fsys, checkpointOnClose: false });
    await db.exec('CREATE TABLE t (k INTEGER)');
    let before = fsys.fsyncs;
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.query(`INSERT INTO t VALUES (${i})`)));
    expect(fsys.fsyncs - before).toBe(1);
    before = fsys.fsyncs;
    for (let i = 0; i < 5; i++) db.execSync(`INSERT INTO t VALUES (${i})`);
    expect(fsys.fsyncs - before).toBe(5);
    before = fsys.fsyncs;
    db.execSync("SET durability = 'relaxed'");
    for (let i = 0; i < 5; i++) db.execSync(`INSERT INTO t VALUES (${i})`);
    expect(fsys.fsyncs - before).toBe(0);
    expect(rows(db, 'SELECT count(*) FROM t')).toEqual([[30]]);
    await db.close();
  });

  it('writes a large append straight to a segment and logs only its name', () => {
    const dir = tempDir();
    const fsys = new CountingFileSystem(new NodeFileSystem());
    let db = Database.openSync(dir, { fileSystem: fsys, checkpointOnClose: false, bulkBytes: 64 * 1024 });
    db.execSync('CREATE TABLE t (k INTEGER, v DOUBLE) ORDER BY (k)');
    const n = 50_000;
    const before = fsys.bytesWritten;
    db.appendColumns('t', { k: Int32Array.from({ length: n }, (_, i) => n - i), v: Float64Array.from({ length: n }, (_, i) => i) }, n);
    expect(files(dir, 'segments')).toHaveLength(1);
    // Written once: the segment (compressed) plus a small log record, not the 600 KB of raw rows twice.
    expect(fsys.bytesWritten - before).toBeLessThan(n * 12);
    db.closeSync();
    db = Database.openSync(dir, NO_CHECKPOINT);
    expect(rows(db, 'SELECT count(*), min(k), max(k), sum(v) FROM t')).toEqual([[n, 1, n, (n * (n - 1)) / 2]]);
    expect(rows(db, 'SELECT k FROM t LIMIT 2')).toEqual([[1], [2]]);
    db.closeSync();
  });
});

describe('delete vectors, checkpoints and compaction', () => {
  it('persists delete vectors at a checkpoint and drops deleted rows when compacting', () => {
    const dir = tempDir();
    let db = Database.openSync(dir, { compaction: 'none' });
    db.execSync('CREATE TABLE t (k INTEGER)');
    db.appendColumns('t', { k: Int32Array.from({ length: 1000 }, (_, i) => i) }, 1000);
    db.execSync('CHECKPOINT');
    db.execSync('DELETE FROM t WHERE k % 10 = 0');
    db.execSync('CHECKPOINT');
    expect(files(dir, 'segments').filter((f) => f.endsWith('.del'))).toHaveLength(1);
    db.closeSync();
    db = Database.openSync(dir);
    expect(rows(db, 'SELECT count(*), sum(k) FROM t')).toEqual([[900, 499500 - 49500]]);
    db.execSync('DELETE FROM t WHERE k < 700');
    // More than half of the segment is deleted now: compaction rewrites it without those rows.
    db.execSync('CHECKPOINT');
    expect(files(dir, 'segments').filter((f) => f.endsWith('.del'))).toEqual([]);
    const info = rows(db, "SELECT sum(count) FROM storage_info('t') WHERE column_name = 'k'");
    expect(info).toEqual([[270]]);
    expect(rows(db, 'SELECT count(*) FROM t')).toEqual([[270]]);
    db.closeSync();
  });

  it('merges segments of one size tier, keeping the sort order', () => {
    const dir = tempDir();
    const db = Database.openSync(dir, { compactionRun: 3 });
    db.execSync('CREATE TABLE t (k INTEGER, g VARCHAR) ORDER BY (k)');
    for (let b = 0; b < 3; b++) {
      const k = Array.from({ length: 100 }, (_, i) => (i * 7 + b * 100) % 300);
      db.appendColumns('t', { k: Int32Array.from(k), g: k.map((x) => `g${x % 5}`) }, 100);
      db.execSync('CHECKPOINT');
    }
    const segs = files(dir, 'segments');
    expect(segs).toHaveLength(1);
    const ks = rows(db, 'SELECT k FROM t').map((r) => r[0] as number);
    expect(ks).toHaveLength(300);
    expect(ks).toEqual([...ks].sort((a, b) => a - b));
    db.closeSync();
  });

  it('keeps a running scan on the segments it started with while compaction replaces them', async () => {
    const dir = tempDir();
    const db = await Database.open(dir, { compactionRun: 2 });
    await db.exec('CREATE TABLE t (k INTEGER)');
    db.appendColumns('t', { k: Int32Array.from({ length: 5000 }, (_, i) => i) }, 5000);
    db.checkpoint();
    const first = files(dir, 'segments');
    const stream = db.stream('SELECT k FROM t');
    let seen = 0;
    for await (const part of stream) {
      if (seen === 0) {
        await db.exec('DELETE FROM t WHERE k < 4000');
        db.appendColumns('t', { k: Int32Array.from({ length: 10 }, (_, i) => 9000 + i) }, 10);
        db.checkpoint(); // compacts: the first segment is mostly deleted
        expect(files(dir, 'segments')).toEqual(expect.arrayContaining(first));
      }
      seen += part.numRows;
    }
    expect(seen).toBe(5000);
    expect(files(dir, 'segments')).not.toEqual(expect.arrayContaining(first));
    expect((await db.query('SELECT count(*) FROM t')).rowArrays()).toEqual([[1010]]);
    await db.close();
  });
});

describe('lock file', () => {
  it('admits one writer, names it to the next, and lets readers in', () => {
    const dir = tempDir();
    const db = Database.openSync(dir, NO_CHECKPOINT);
    db.execSync('CREATE TABLE t (k INTEGER); INSERT INTO t VALUES (1), (2)');
    expect(() => Database.openSync(dir)).toThrow(new RegExp(`locked by process ${process.pid} on host ${os.hostname()}`));
    const reader = Database.openSync(dir, { readOnly: true });
    expect(rows(reader, 'SELECT sum(k) FROM t')).toEqual([[3]]);
    expect(() => reader.execSync('INSERT INTO t VALUES (3)')).toThrow(expect.objectContaining({ code: 'read_only' }));
    reader.closeSync();
    db.closeSync();
    expect(fs.existsSync(path.join(dir, 'LOCK'))).toBe(false);
  });

  it('takes over the lock of a dead process', () => {
    const dir = tempDir();
    Database.openSync(dir).closeSync();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: Number(dead), host: os.hostname() }));
    const db = Database.openSync(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8'))).toEqual({ pid: process.pid, host: os.hostname() });
    db.closeSync();
  });
});

describe('background checkpoints', () => {
  it('checkpoints after async commits in a later turn, not inside the commit', async () => {
    const dir = tempDir();
    const db = await Database.open(dir, { memtableBytes: 1024, checkpointOnClose: false });
    await db.exec('CREATE TABLE t (k INTEGER)');
    const commits = Promise.all(Array.from({ length: 300 }, (_, i) => db.query(`INSERT INTO t VALUES (${i})`)));
    // All 300 statements ran (the memtable is far past its limit) without checkpointing inside them ...
    expect(files(dir, 'segments')).toEqual([]);
    await commits;
    await new Promise((resolve) => setImmediate(resolve));
    // ... and the checkpoint ran between statements.
    expect(files(dir, 'segments')).toHaveLength(1);
    expect((await db.query('SELECT count(*), sum(k) FROM t')).rowArrays()).toEqual([[300, (300 * 299) / 2]]);
    await db.close();
  });
});
