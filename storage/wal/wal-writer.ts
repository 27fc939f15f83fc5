/** WAL writer: appends committed records to the current log file and makes them durable (group commit). */
import * as path from 'node:path';
import { StrataError } from '../../engine/errors.js';
import type { FileSystem } from '../io/file-system.js';
import { frame, walFileName, walHeader } from './wal-format.js';

/**
 * One open log file. `append` writes a whole record with one write call (so a crash tears at
 * most the last record); `sync` fsyncs. `syncSoon` is group commit: every caller in the same
 * turn of the event loop gets the same promise, settled by one fsync in a later turn.
 */
export class WalWriter {
  private fd: number;
  private unsynced = false;
  private pending: Promise<void> | null = null;
  /** Bytes in the current file (header included). */
  bytes: number;
  /** Bytes of the current file known to be durable (fsynced); a failed append or sync cuts back to it. */
  private durableBytes: number;
  /** Set when a failed append could not be undone: no further record may be written. */
  private broken: StrataError | null = null;

  constructor(
    private readonly fsys: FileSystem,
    readonly dir: string,
    /** Number of the current file. */
    public fileNumber: number,
  ) {
    const file = this.file;
    const existed = fsys.exists(file);
    this.fd = fsys.openAppend(file);
    this.bytes = existed ? fsys.size(file) : 0;
    this.durableBytes = this.bytes;
    if (this.bytes === 0) this.writeHeader();
  }

  get isBroken(): boolean {
    return this.broken !== null;
  }

  get file(): string {
    return path.join(this.dir, walFileName(this.fileNumber));
  }

  private writeHeader(): void {
    const h = walHeader();
    this.fsys.write(this.fd, h);
    this.bytes += h.length;
    // The file's directory entry must be durable before records in it are acknowledged.
    this.fsys.fsync(this.fd);
    this.fsys.fsyncDir(this.dir);
    this.durableBytes = this.bytes;
  }

  /** Appends one record (not yet durable: call sync or syncSoon). */
  append(payload: Uint8Array): void {
    if (this.broken !== null) throw this.broken;
    const rec = frame(payload);
    try {
      this.fsys.write(this.fd, rec);
    } catch (e) {
      this.undo(e);
      throw e;
    }
    this.bytes += rec.length;
    this.unsynced = true;
  }

  sync(): void {
    if (!this.unsynced) return;
    if (this.broken !== null) throw this.broken;
    try {
      this.fsys.fsync(this.fd);
    } catch (e) {
      this.undo(e);
      throw e;
    }
    this.unsynced = false;
    this.durableBytes = this.bytes;
  }

  /**
   * After a failed write or fsync, the records since the last durable point were reported as
   * failed to their callers, yet their bytes may sit in the file (a short write, or pages the OS
   * still holds after a failed fsync) and would be replayed on the next open. Cut the file back to
   * the durable length and make that durable; if even that fails, refuse all further writes, so
   * that nothing is acknowledged on top of a log whose tail is unknown.
   */
  private undo(cause: unknown): void {
    try {
      this.fsys.truncate(this.file, this.durableBytes);
      this.fsys.fsync(this.fd);
      this.bytes = this.durableBytes;
      this.unsynced = false;
    } catch {
      const why = cause instanceof Error ? cause.message : String(cause);
      this.broken = new StrataError('io', `${this.file}: the write-ahead log could not be repaired after an I/O error (${why}); close and reopen the database`);
    }
  }

  /** Resolves once everything appended before the call is durable; callers in one tick share one fsync. */
  syncSoon(): Promise<void> {
    if (!this.unsynced && this.pending === null) return Promise.resolve();
    if (this.pending === null) {
      this.pending = new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          this.pending = null;
          try {
            this.sync();
            resolve();
          } catch (e) {
            reject(e);
          }
        });
      });
    }
    return this.pending;
  }

  /** Continues in a new file `n` (after a checkpoint made the current one obsolete). */
  rotate(n: number): void {
    this.sync();
    this.fsys.close(this.fd);
    this.fileNumber = n;
    this.fd = this.fsys.openAppend(this.file);
    this.bytes = 0;
    this.durableBytes = 0;
    this.writeHeader();
  }

  close(): void {
    this.sync();
    this.fsys.close(this.fd);
    this.fd = -1;
  }
}
