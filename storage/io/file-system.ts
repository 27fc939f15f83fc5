/** FileSystem: the one narrow interface through which storage touches files (so tests can inject faults). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StrataError } from '../../engine/errors.js';

/**
 * Synchronous on purpose: the executor is synchronous, and a database file is read block by
 * block with positioned reads. Every storage module takes a FileSystem instead of importing
 * node:fs, so a fault-injecting implementation can stand in for it.
 */
export interface FileSystem {
  exists(p: string): boolean;
  mkdirp(p: string): void;
  readdir(p: string): string[];
  /** Whole file. */
  readFile(p: string): Uint8Array;
  /** `length` bytes at `offset` of an open file. */
  read(fd: number, offset: number, length: number): Uint8Array;
  openRead(p: string): number;
  /** Creates (truncating) a file for writing. */
  openWrite(p: string): number;
  /** Opens a file for appending, creating it if missing (the write-ahead log). */
  openAppend(p: string): number;
  /**
   * Creates `p` holding `bytes` only if it does not exist (O_EXCL), durably; false when it exists.
   * The lock file relies on this being atomic.
   */
  createExclusive(p: string, bytes: Uint8Array): boolean;
  /** Cuts a file to `length` bytes (dropping a torn log tail). */
  truncate(p: string, length: number): void;
  write(fd: number, bytes: Uint8Array): void;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  unlink(p: string): void;
  size(p: string): number;
  /** fsync of a directory, so a rename in it is durable. */
  fsyncDir(p: string): void;
}

function ioError(op: string, p: string, e: unknown): StrataError {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  return new StrataError('io', `${op} ${p} failed: ${code} ${(e as Error).message}`);
}

/** The real file system (node:fs, synchronous calls). */
export class NodeFileSystem implements FileSystem {
  private readonly paths = new Map<number, string>();

  exists(p: string): boolean {
    return fs.existsSync(p);
  }
  mkdirp(p: string): void {
    try {
      fs.mkdirSync(p, { recursive: true });
    } catch (e) {
      throw ioError('mkdir', p, e);
    }
  }
  readdir(p: string): string[] {
    try {
      return fs.readdirSync(p);
    } catch (e) {
      throw ioError('readdir', p, e);
    }
  }
  readFile(p: string): Uint8Array {
    try {
      return new Uint8Array(fs.readFileSync(p));
    } catch (e) {
      throw ioError('read', p, e);
    }
  }
  read(fd: number, offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    try {
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, out, done, length - done, offset + done);
        if (n === 0) throw new Error(`unexpected end of file at byte ${offset + done}`);
        done += n;
      }
    } catch (e) {
      throw ioError('read', this.paths.get(fd) ?? `fd ${fd}`, e);
    }
    return out;
  }
  openRead(p: string): number {
    try {
      const fd = fs.openSync(p, 'r');
      this.paths.set(fd, p);
      return fd;
    } catch (e) {
      throw ioError('open', p, e);
    }
  }
  openWrite(p: string): number {
    try {
      const fd = fs.openSync(p, 'w');
      this.paths.set(fd, p);
      return fd;
    } catch (e) {
      throw ioError('create', p, e);
    }
  }
  openAppend(p: string): number {
    try {
      const fd = fs.openSync(p, 'a');
      this.paths.set(fd, p);
      return fd;
    } catch (e) {
      throw ioError('open', p, e);
    }
  }
  createExclusive(p: string, bytes: Uint8Array): boolean {
    let fd: number;
    try {
      fd = fs.openSync(p, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw ioError('create', p, e);
    }
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } catch (e) {
      throw ioError('write', p, e);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  }
  truncate(p: string, length: number): void {
    try {
      fs.truncateSync(p, length);
    } catch (e) {
      throw ioError('truncate', p, e);
    }
  }
  write(fd: number, bytes: Uint8Array): void {
    try {
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      throw ioError('write', this.paths.get(fd) ?? `fd ${fd}`, e);
    }
  }
  fsync(fd: number): void {
    try {
      fs.fsyncSync(fd);
    } catch (e) {
      throw ioError('fsync', this.paths.get(fd) ?? `fd ${fd}`, e);
    }
  }
  close(fd: number): void {
    this.paths.delete(fd);
    try {
      fs.closeSync(fd);
    } catch (e) {
      throw ioError('close', `fd ${fd}`, e);
    }
  }
  rename(from: string, to: string): void {
    try {
      fs.renameSync(from, to);
    } catch (e) {
      throw ioError('rename', from, e);
    }
  }
  unlink(p: string): void {
    try {
      fs.unlinkSync(p);
    } catch (e) {
      throw ioError('unlink', p, e);
    }
  }
  size(p: string): number {
    try {
      return fs.statSync(p).size;
    } catch (e) {
      throw ioError('stat', p, e);
    }
  }
  fsyncDir(p: string): void {
    try {
      const fd = fs.openSync(p, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      throw ioError('fsync', p, e);
    }
  }
}

/** Writes `bytes` to `p` atomically: a temporary file, fsync, rename, fsync of the directory. */
export function writeFileAtomic(fsys: FileSystem, p: string, bytes: Uint8Array): void {
  const tmp = `${p}.tmp`;
  const fd = fsys.openWrite(tmp);
  try {
    fsys.write(fd, bytes);
    fsys.fsync(fd);
  } finally {
    fsys.close(fd);
  }
  fsys.rename(tmp, p);
  fsys.fsyncDir(path.dirname(p));
}
