/** DatabaseStorage: a database directory: its lock, manifest, segment files, write-ahead log and block cache. */
import * as path from 'node:path';
import { StrataError } from '../engine/errors.js';
import { BlockCache } from './read/block-cache.js';
import { type FileSystem, NodeFileSystem } from './io/file-system.js';
import { acquireLock } from './lock-file.js';
import { emptyManifest, type Manifest, readManifest, writeManifest } from './manifest.js';
import type { TableStorageContext } from './table-data.js';
import { readWal, type WalTail, walFiles } from './wal/wal-reader.js';
import { WalWriter } from './wal/wal-writer.js';
import type { WalOp } from './wal/wal-record.js';
import type { SegmentWriteOptions } from './write/segment-writer.js';

/** Default size of the decoded block cache. */
export const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

export interface StorageOpenOptions {
  fileSystem?: FileSystem;
  /** No lock, no file is created, changed or deleted; the WAL is replayed in memory only. */
  readOnly?: boolean;
}

/** What opening found in the write-ahead log. */
export interface RecoveryReport {
  /** Intact records to replay (committed statements and transactions since the last checkpoint). */
  records: number;
  /** The damaged tail that was dropped, if any. */
  dropped: WalTail | null;
}

/**
 * ```
 * dir/
 *   LOCK                the writer's process id and host (storage/lock-file.ts)
 *   MANIFEST            tables, views, segment and delete vector files, first WAL file to replay
 *   segments/N.seg      immutable segment files (storage/format/segment-format.ts)
 *   segments/N.del      delete vectors of segments (storage/delete-vector.ts)
 *   wal/NNNNNN.wal      write-ahead log since the last checkpoint (storage/wal/)
 * ```
 */
export class DatabaseStorage {
  manifest: Manifest;
  readonly cache = new BlockCache(DEFAULT_CACHE_BYTES);
  writeOptions: SegmentWriteOptions = {};
  /** Appends of at least this many bytes go straight to a segment (bulk load). */
  bulkBytes = 16 * 1024 * 1024;
  /** Records replayed on open, then released. */
  replay: Uint8Array[] = [];
  readonly recovery: RecoveryReport;
  private wal: WalWriter | null = null;
  private releaseLock: (() => void) | null = null;
  private readonly ctx: TableStorageContext;

  private constructor(
    readonly dir: string,
    readonly fsys: FileSystem,
    manifest: Manifest,
    readonly readOnly: boolean,
  ) {
    this.manifest = manifest;
    this.recovery = { records: 0, dropped: null };
    this.ctx = {
      fsys,
      cache: this.cache,
      newSegmentPath: () => this.newFile('seg'),
      writeOptions: () => this.writeOptions,
      journal: null,
      bulkBytes: () => (this.ctx.journal === null ? Infinity : this.bulkBytes),
      relative: (abs) => this.relative(abs),
    };
  }

  static open(dir: string, options: StorageOpenOptions = {}): DatabaseStorage {
    const fsys = options.fileSystem ?? new NodeFileSystem();
    const readOnly = options.readOnly ?? false;
    if (readOnly) {
      const m = readManifest(fsys, dir);
      if (m === null) throw new StrataError('io', `${dir} is not a Strata database (no MANIFEST); a read-only open does not create one`);
      const s = new DatabaseStorage(dir, fsys, m, true);
      s.readLog();
      return s;
    }
    fsys.mkdirp(path.join(dir, 'segments'));
    fsys.mkdirp(path.join(dir, 'wal'));
    const release = acquireLock(fsys, dir);
    try {
      const m = readManifest(fsys, dir);
      const s = new DatabaseStorage(dir, fsys, m ?? emptyManifest(), false);
      s.releaseLock = release;
      if (m === null) writeManifest(fsys, dir, s.manifest);
      // Segments written after the last checkpoint (bulk appends named only in the log, or a
      // crash's orphans) are past the manifest's counter: never hand out their numbers again.
      for (const f of fsys.readdir(path.join(dir, 'segments'))) {
        const n = /^(\d+)\./.exec(f);
        if (n !== null) s.manifest.nextSegment = Math.max(s.manifest.nextSegment, Number(n[1]) + 1);
      }
      const last = s.readLog();
      // Files before the checkpoint's first log file are left over from a crash after a checkpoint.
      for (const f of walFiles(fsys, s.walDir, 0)) if (f.n < s.firstWal) fsys.unlink(f.file);
      s.wal = new WalWriter(fsys, s.walDir, last ?? s.firstWal);
      return s;
    } catch (e) {
      release();
      throw e;
    }
  }

  private get walDir(): string {
    return path.join(this.dir, 'wal');
  }

  private get firstWal(): number {
    return this.manifest.wal ?? 1;
  }

  /** Reads the log since the checkpoint; a writer cuts off a damaged tail. Returns the last file's number. */
  private readLog(): number | null {
    const scan = readWal(this.fsys, this.walDir, this.firstWal);
    this.replay = scan.records.map((r) => r.payload);
    (this.recovery as { records: number }).records = scan.records.length;
    (this.recovery as { dropped: WalTail | null }).dropped = scan.tail;
    const t = scan.tail;
    if (t === null || this.readOnly) return scan.lastFile;
    // Only the unacknowledged end can be damaged: a record is acknowledged after it is durable, and
    // records are appended in order. Cut it so new records follow the intact ones.
    this.fsys.truncate(t.file, t.offset);
    for (const f of t.droppedFiles) this.fsys.unlink(f);
    const kept = walFiles(this.fsys, this.walDir, this.firstWal);
    return kept.length === 0 ? null : kept[kept.length - 1].n;
  }

  /** The context tables use to write segments and journal changes (one object, shared). */
  tableContext(): TableStorageContext {
    return this.ctx;
  }

  /** Starts (or stops, with null) journaling table changes into `sink` (stopped while replaying). */
  setJournal(sink: ((op: WalOp) => void) | null): void {
    this.ctx.journal = sink;
  }

  private newFile(ext: 'seg' | 'del'): string {
    const n = this.manifest.nextSegment++;
    return path.join(this.dir, 'segments', `${String(n).padStart(6, '0')}.${ext}`);
  }

  /** Writes a new delete vector file (fsynced) and returns its path. */
  writeDeleteFile(bytes: Uint8Array): string {
    const file = this.newFile('del');
    const fd = this.fsys.openWrite(file);
    try {
      this.fsys.write(fd, bytes);
      this.fsys.fsync(fd);
    } finally {
      this.fsys.close(fd);
    }
    return file;
  }

  /** Absolute path of a manifest-relative segment file. */
  resolve(rel: string): string {
    return path.join(this.dir, rel);
  }

  relative(abs: string): string {
    return path.relative(this.dir, abs);
  }

  /** Bytes in the current WAL file. */
  get walBytes(): number {
    return this.wal?.bytes ?? 0;
  }

  /** True when a failed append could not be cut back out of the log: nothing more may be logged. */
  get logBroken(): boolean {
    return this.wal?.isBroken ?? false;
  }

  /** Appends one committed record to the log (durable after sync / syncSoon). */
  log(payload: Uint8Array): void {
    this.writable().append(payload);
  }

  sync(): void {
    this.wal?.sync();
  }

  /** Group commit: resolves when every record logged so far is durable, sharing one fsync per tick. */
  syncSoon(): Promise<void> {
    return this.wal === null ? Promise.resolve() : this.wal.syncSoon();
  }

  private writable(): WalWriter {
    if (this.wal === null) throw new StrataError('io', `database ${this.dir} is open read-only`);
    return this.wal;
  }

  /**
   * Publishes checkpoint `m` (every table's rows are in the segments and delete vectors it
   * lists): the log continues in a new file, the manifest names that file as where replay
   * starts, and is replaced atomically; then older log files and `obsolete` files are deleted.
   */
  commit(m: Manifest, obsolete: readonly string[]): void {
    const wal = this.writable();
    // New segment and delete files must have durable directory entries before the manifest names them.
    this.fsys.fsyncDir(path.join(this.dir, 'segments'));
    const next = wal.fileNumber + 1;
    wal.rotate(next);
    m.wal = next;
    m.nextSegment = this.manifest.nextSegment;
    writeManifest(this.fsys, this.dir, m);
    this.manifest = m;
    // The checkpoint is complete: what follows only frees space. A file that cannot be deleted
    // now is named by no manifest and is removed by the next open, so an error here must not
    // fail (or stop) the database.
    for (const f of obsolete) this.cache.evictSegment(f);
    try {
      for (const f of walFiles(this.fsys, this.walDir, 0)) if (f.n < next) this.fsys.unlink(f.file);
      for (const f of obsolete) if (this.fsys.exists(f)) this.fsys.unlink(f);
    } catch (e) {
      process.emitWarning(`${this.dir}: could not delete files a checkpoint made obsolete (${(e as Error).message}); the next open removes them`, {
        code: 'STRATA_CLEANUP_FAILED',
      });
    }
  }

  /**
   * Deletes files in segments/ that neither the manifest nor the tables after replay (`live`)
   * refer to: a crash's leftovers. Files the manifest names stay even when replay replaced
   * them (a delete vector the log changed): until the next checkpoint they are what a crash
   * recovers from.
   */
  removeOrphans(live: ReadonlySet<string>): void {
    if (this.readOnly) return;
    const keep = new Set(live);
    for (const t of this.manifest.tables) {
      for (const f of t.segments) keep.add(this.resolve(f));
      for (const f of Object.values(t.deletes ?? {})) keep.add(this.resolve(f));
    }
    for (const f of this.fsys.readdir(path.join(this.dir, 'segments'))) {
      const full = path.join(this.dir, 'segments', f);
      if (!keep.has(full)) this.fsys.unlink(full);
    }
  }

  /** Bytes of the manifest, the log and all live segment files. */
  diskBytes(): number {
    let n = this.fsys.size(path.join(this.dir, 'MANIFEST')) + this.walBytes;
    for (const t of this.manifest.tables) for (const s of t.segments) n += this.fsys.size(this.resolve(s));
    return n;
  }

  close(): void {
    this.wal?.close();
    this.wal = null;
    this.releaseLock?.();
    this.releaseLock = null;
  }
}
