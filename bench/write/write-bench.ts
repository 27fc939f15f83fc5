/**
 * `npm run bench -- write`: the LSM write path against DuckDB in the same run. Measures bulk
 * loading SSB lineorder through the append path, single-row INSERTs with per-commit and relaxed
 * durability, query speed after many small insert batches before and after compaction against a
 * bulk-loaded table, write amplification (bytes written through the FileSystem per byte of
 * row data), and single-row INSERTs maintaining a data cube (cube-insert-bench.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Database, type DatabaseOptions } from '../../sql/database.js';
import { CountingFileSystem } from '../../storage/io/counting-file-system.js';
import { NodeFileSystem } from '../../storage/io/file-system.js';
import { generateSsb } from '../ssb/ssb-generator.js';
import { ssbTable } from '../ssb/ssb-schema.js';
import { type ColumnChunk, DuckDbWriter } from './duckdb-writes.js';
import { cubeInserts } from './cube-insert-bench.js';

interface Figure {
  name: string;
  strata: number;
  duckdb: number | null;
  unit: string;
  note?: string;
}

/** Bytes of row data: 4 per INTEGER value, the UTF-8 length of strings. */
function dataBytes(columns: ColumnChunk, n: number): number {
  let b = 0;
  for (const col of Object.values(columns)) {
    if (col instanceof Int32Array) b += 4 * n;
    else for (let i = 0; i < n; i++) b += Buffer.byteLength(col[i]);
  }
  return b;
}

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'strata-write-bench-'));
}

function openCounting(dir: string, options: DatabaseOptions = {}): { db: Database; fsys: CountingFileSystem } {
  const fsys = new CountingFileSystem(new NodeFileSystem());
  return { db: Database.openSync(path.join(dir, 'strata'), { ...options, fileSystem: fsys }), fsys };
}

const LINEORDER_ORDER_BY = 'ORDER BY (lo_orderdate)';

/** Bulk load of lineorder: rows/s and write amplification. */
async function bulkLoad(sf: number, figures: Figure[]): Promise<void> {
  const chunks: { columns: ColumnChunk; n: number }[] = [];
  generateSsb({ sf, tables: ['lineorder'], chunkRows: 1 << 20 }, (_t, columns, n) => chunks.push({ columns, n }));
  const rows = chunks.reduce((s, c) => s + c.n, 0);
  const bytes = chunks.reduce((s, c) => s + dataBytes(c.columns, c.n), 0);
  const ddl = ssbTable('lineorder').ddl.replace(/\)\s*;?\s*$/, `) ${LINEORDER_ORDER_BY}`);
  const names = ssbTable('lineorder').columns.map((c) => c.name);
  const dir = scratch();
  try {
    const { db, fsys } = openCounting(dir);
    db.execSync(ddl);
    const before = fsys.bytesWritten;
    let t = performance.now();
    for (const c of chunks) db.appendColumns('lineorder', c.columns, c.n);
    db.checkpoint();
    const strataS = (performance.now() - t) / 1000;
    const written = fsys.bytesWritten - before;
    db.closeSync();
    const duck = await DuckDbWriter.open(path.join(dir, 'duck.db'));
    await duck.run(ssbTable('lineorder').ddl);
    t = performance.now();
    for (const c of chunks) await duck.append('lineorder', names, c.columns, c.n);
    await duck.run('CHECKPOINT');
    const duckS = (performance.now() - t) / 1000;
    duck.close();
    figures.push({ name: `bulk load lineorder SF ${sf} (${rows.toLocaleString('en-US')} rows; Strata appendColumns, DuckDB Appender)`, strata: rows / strataS, duckdb: rows / duckS, unit: 'rows/s' });
    figures.push({ name: 'write amplification, bulk load (bytes written / bytes of row data)', strata: written / bytes, duckdb: null, unit: 'x', note: `${(written / 1e6).toFixed(1)} MB written for ${(bytes / 1e6).toFixed(1)} MB of data` });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `n` single-row INSERTs, each its own committed statement. */
async function singleRowInserts(n: number, figures: Figure[]): Promise<void> {
  const dir = scratch();
  const insert = (i: number): string => `INSERT INTO t VALUES (${i}, ${(i * 7919) % 100000}, 'name${i % 1000}')`;
  const ddl = 'CREATE TABLE t (id INTEGER, v INTEGER, s VARCHAR)';
  try {
    const results: Record<string, number> = {};
    let streamWa = 0;
    let streamNote = '';
    for (const durability of ['full', 'relaxed'] as const) {
      const { db, fsys } = openCounting(path.join(dir, durability), { durability });
      db.execSync(ddl);
      const before = fsys.bytesWritten;
      const t = performance.now();
      for (let i = 0; i < n; i++) db.execSync(insert(i));
      results[durability] = n / ((performance.now() - t) / 1000);
      db.closeSync(); // checkpoint: the rows reach a segment
      if (durability === 'full') {
        const bytes = n * 8 + Array.from({ length: 1000 }, (_, k) => `name${k}`.length).reduce((a, b) => a + b, 0) * (n / 1000);
        streamWa = (fsys.bytesWritten - before) / bytes;
        streamNote = `${((fsys.bytesWritten - before) / 1e6).toFixed(1)} MB written for ${(bytes / 1e6).toFixed(1)} MB of data (log + segment at close)`;
      }
    }
    const duck = await DuckDbWriter.open(path.join(dir, 'duck.db'));
    await duck.run(ddl);
    let t = performance.now();
    for (let i = 0; i < n; i++) await duck.run(insert(i));
    const duckAuto = n / ((performance.now() - t) / 1000);
    await duck.run('BEGIN');
    t = performance.now();
    for (let i = 0; i < n; i++) await duck.run(insert(n + i));
    await duck.run('COMMIT');
    const duckTxn = n / ((performance.now() - t) / 1000);
    duck.close();
    figures.push({ name: `${n.toLocaleString('en-US')} single-row INSERTs, fsync per commit (DuckDB: autocommit)`, strata: results.full, duckdb: duckAuto, unit: 'rows/s' });
    figures.push({ name: `${n.toLocaleString('en-US')} single-row INSERTs, relaxed durability (DuckDB: all in one transaction)`, strata: results.relaxed, duckdb: duckTxn, unit: 'rows/s' });
    figures.push({ name: 'write amplification, single-row INSERT stream', strata: streamWa, duckdb: null, unit: 'x', note: streamNote });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Query speed after `batches` small appends: many segments, then compacted, against one bulk load. */
async function smallBatches(batches: number, rowsPerBatch: number, figures: Figure[]): Promise<void> {
  const dir = scratch();
  const ddl = 'CREATE TABLE f (k INTEGER, g INTEGER, v INTEGER) ORDER BY (k)';
  const query = 'SELECT g, sum(v), count(*) FROM f WHERE k BETWEEN 100000 AND 300000 GROUP BY g ORDER BY g';
  const batch = (b: number): ColumnChunk => {
    const k = new Int32Array(rowsPerBatch);
    const g = new Int32Array(rowsPerBatch);
    const v = new Int32Array(rowsPerBatch);
    for (let i = 0; i < rowsPerBatch; i++) {
      const x = b * rowsPerBatch + i;
      k[i] = (x * 2654435761) % 1_000_000 >>> 0;
      g[i] = x % 50;
      v[i] = x % 1000;
    }
    return { k, g, v };
  };
  const timeStrata = (db: Database): number => {
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      db.querySync(query);
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  try {
    // One flush per batch and no compaction: the worst case a stream of small loads leaves.
    const { db, fsys } = openCounting(path.join(dir, 'streamed'), { memtableBytes: rowsPerBatch * 12 - 1, compaction: 'none' });
    db.execSync(ddl);
    let bytes = 0;
    for (let b = 0; b < batches; b++) {
      const c = batch(b);
      bytes += dataBytes(c, rowsPerBatch);
      db.appendColumns('f', c, rowsPerBatch);
    }
    const segmentsBefore = db.querySync("SELECT count(DISTINCT segment) FROM storage_info('f')").rowArrays()[0][0];
    const before = timeStrata(db);
    db.execSync("SET compaction = 'tiered'");
    const written0 = fsys.bytesWritten;
    db.execSync('CHECKPOINT');
    const compactWritten = fsys.bytesWritten - written0;
    const segmentsAfter = db.querySync("SELECT count(DISTINCT segment) FROM storage_info('f')").rowArrays()[0][0];
    const after = timeStrata(db);
    db.closeSync();
    // Write amplification of the same stream: with the default settings (the batches gather in the
    // write buffer, one flush at close), and in the worst case of a flush after every batch with
    // tiered compaction running as it goes.
    const streamWa = (options: DatabaseOptions): number => {
      const s = openCounting(path.join(dir, `wa-${Object.keys(options).length}`), options);
      s.db.execSync(ddl);
      const w0 = s.fsys.bytesWritten;
      for (let b = 0; b < batches; b++) s.db.appendColumns('f', batch(b), rowsPerBatch);
      s.db.closeSync();
      return (s.fsys.bytesWritten - w0) / bytes;
    };
    const waDefault = streamWa({});
    const waTiny = streamWa({ memtableBytes: rowsPerBatch * 12 - 1 });
    // The same rows in one append.
    const bulk = Database.openSync(path.join(dir, 'bulk'));
    bulk.execSync(ddl);
    const all: ColumnChunk = { k: new Int32Array(batches * rowsPerBatch), g: new Int32Array(batches * rowsPerBatch), v: new Int32Array(batches * rowsPerBatch) };
    for (let b = 0; b < batches; b++) {
      const c = batch(b);
      for (const name of ['k', 'g', 'v']) (all[name] as Int32Array).set(c[name] as Int32Array, b * rowsPerBatch);
    }
    bulk.appendColumns('f', all, batches * rowsPerBatch);
    bulk.checkpoint();
    const bulkMs = timeStrata(bulk);
    bulk.closeSync();
    const duck = await DuckDbWriter.open(path.join(dir, 'duck.db'));
    await duck.run('CREATE TABLE f (k INTEGER, g INTEGER, v INTEGER)');
    for (let b = 0; b < batches; b++) await duck.append('f', ['k', 'g', 'v'], batch(b), rowsPerBatch);
    const duckMs = await duck.timeQuery(query, 5);
    duck.close();
    const label = `${batches} batches of ${rowsPerBatch} rows`;
    figures.push({ name: `query after ${label}, before compaction (${segmentsBefore} segments)`, strata: before, duckdb: duckMs, unit: 'ms' });
    figures.push({ name: `query after ${label}, after compaction (${segmentsAfter} segments)`, strata: after, duckdb: duckMs, unit: 'ms' });
    figures.push({ name: `query on the same rows bulk-loaded (1 append)`, strata: bulkMs, duckdb: duckMs, unit: 'ms', note: 'DuckDB column: its table after the same small batches' });
    figures.push({ name: `write amplification, ${label}, default settings (log, one flush at close)`, strata: waDefault, duckdb: null, unit: 'x' });
    figures.push({ name: `write amplification, ${label}, a flush after every batch, tiered compaction as it goes`, strata: waTiny, duckdb: null, unit: 'x' });
    figures.push({ name: `write amplification, ${label}, a flush after every batch, then one full compaction`, strata: fsys.bytesWritten / bytes, duckdb: null, unit: 'x', note: `the compaction alone wrote ${(compactWritten / 1e6).toFixed(1)} MB` });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function format(x: number, unit: string): string {
  if (unit === 'x') return `${x.toFixed(2)}x`;
  if (unit === 'ms') return `${x.toFixed(1)} ms`;
  return `${Math.round(x).toLocaleString('en-US')} ${unit}`;
}

export async function runWriteBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { sf: { type: 'string' }, inserts: { type: 'string' }, batches: { type: 'string' }, 'cube-inserts': { type: 'string' }, only: { type: 'string' } } });
  const only = new Set((values.only ?? 'bulk,inserts,batches,cube').split(','));
  const figures: Figure[] = [];
  if (only.has('bulk')) await bulkLoad(Number(values.sf ?? 1), figures);
  if (only.has('inserts')) await singleRowInserts(Number(values.inserts ?? 100_000), figures);
  if (only.has('batches')) await smallBatches(Number(values.batches ?? 1000), 1000, figures);
  if (only.has('cube')) await cubeInserts(scratch, Number(values['cube-inserts'] ?? 20_000), figures);
  console.log('| figure | Strata | DuckDB | Strata / DuckDB (rows/s: > 1 is faster; ms: < 1 is faster) |');
  console.log('|---|---:|---:|---:|');
  for (const f of figures) {
    const ratio = f.duckdb === null ? '' : `${(f.strata / f.duckdb).toFixed(2)}`;
    console.log(`| ${f.name}${f.note ? ` (${f.note})` : ''} | ${format(f.strata, f.unit)} | ${f.duckdb === null ? '' : format(f.duckdb, f.unit)} | ${ratio} |`);
  }
  return 0;
}
