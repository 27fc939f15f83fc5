/** WAL writer: appends committed records to the current log file and makes them durable (group commit). */
import * as path from 'node:path';
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
    if (this.bytes === 0) this.writeHeader();
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
  }

  /** Appends one record (not yet durable: call sync or syncSoon). */
  append(payload: Uint8Array): void {
    const rec = frame(payload);
    this.fsys.write(this.fd, rec);
    this.bytes += rec.length;
    this.unsynced = true;
  }

  sync(): void {
    if (!this.unsynced) return;
    this.unsynced = false;
    this.fsys.fsync(this.fd);
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
    this.writeHeader();
  }

  close(): void {
    this.sync();
    this.fsys.close(this.fd);
    this.fd = -1;
  }
}
