/** FaultyFileSystem: a FileSystem that fails its Nth operation (ENOSPC, EIO, a short write, a failed fsync or rename) or "crashes" there (all further I/O fails). */
import { StrataError } from '../../engine/errors.js';
import type { FileSystem } from '../../storage/io/file-system.js';

export type FaultKind = 'enospc' | 'eio' | 'short-write' | 'fsync' | 'rename' | 'crash';

/** Thrown for every operation after a simulated crash; the test abandons the database. */
export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash: no further I/O');
  }
}

/**
 * Counts operations (`ops`); when the count reaches `failAt`, injects `kind`:
 * - `enospc` / `eio`: the operation throws the error (as NodeFileSystem reports it) without effect;
 * - `short-write`: a write stores only the first half of its bytes, then throws ENOSPC (other
 *   operations fail as `eio`);
 * - `fsync`: the next fsync (or directory fsync) at or after `failAt` throws EIO;
 * - `rename`: the next rename at or after `failAt` throws EIO;
 * - `crash`: this and every later operation throws SimulatedCrash, so nothing more reaches disk.
 */
export class FaultyFileSystem implements FileSystem {
  ops = 0;
  fired = false;
  private crashed = false;
  /** Print every operation (debugging a trial). */
  trace = false;

  constructor(
    private readonly inner: FileSystem,
    private readonly failAt = Infinity,
    private readonly kind: FaultKind = 'eio',
  ) {}

  /** Counts one operation of `op` and decides whether it fails; returns true for a short write. */
  private step(op: string, p: string, isWrite = false): boolean {
    if (this.crashed) throw new SimulatedCrash();
    this.ops++;
    if (this.trace) console.log(`op ${this.ops} ${op} ${p}`);
    if (this.fired || this.ops < this.failAt) return false;
    switch (this.kind) {
      case 'crash':
        this.crashed = true;
        this.fired = true;
        throw new SimulatedCrash();
      case 'fsync':
        if (op !== 'fsync' && op !== 'fsyncDir') return false;
        break;
      case 'rename':
        if (op !== 'rename') return false;
        break;
      case 'short-write':
        this.fired = true;
        if (isWrite) return true;
        break;
      default:
    }
    this.fired = true;
    const code = this.kind === 'enospc' ? 'ENOSPC' : 'EIO';
    throw new StrataError('io', `${op} ${p} failed: ${code} (injected fault at operation ${this.ops})`);
  }

  exists(p: string): boolean {
    this.step('exists', p);
    return this.inner.exists(p);
  }
  mkdirp(p: string): void {
    this.step('mkdirp', p);
    this.inner.mkdirp(p);
  }
  readdir(p: string): string[] {
    this.step('readdir', p);
    return this.inner.readdir(p);
  }
  readFile(p: string): Uint8Array {
    this.step('readFile', p);
    return this.inner.readFile(p);
  }
  read(fd: number, offset: number, length: number): Uint8Array {
    this.step('read', `fd ${fd}`);
    return this.inner.read(fd, offset, length);
  }
  openRead(p: string): number {
    this.step('openRead', p);
    return this.inner.openRead(p);
  }
  openWrite(p: string): number {
    this.step('openWrite', p);
    return this.inner.openWrite(p);
  }
  openAppend(p: string): number {
    this.step('openAppend', p);
    return this.inner.openAppend(p);
  }
  createExclusive(p: string, bytes: Uint8Array): boolean {
    this.step('createExclusive', p);
    return this.inner.createExclusive(p, bytes);
  }
  truncate(p: string, length: number): void {
    this.step('truncate', p);
    this.inner.truncate(p, length);
  }
  write(fd: number, bytes: Uint8Array): void {
    if (this.step('write', `fd ${fd}`, true)) {
      this.inner.write(fd, bytes.subarray(0, bytes.length >>> 1));
      throw new StrataError('io', `write fd ${fd} failed: ENOSPC (injected short write at operation ${this.ops})`);
    }
    this.inner.write(fd, bytes);
  }
  fsync(fd: number): void {
    this.step('fsync', `fd ${fd}`);
    this.inner.fsync(fd);
  }
  close(fd: number): void {
    // Closing never fails here: a crash leaves descriptors to the OS, and the test closes them.
    if (this.crashed) return;
    this.inner.close(fd);
  }
  rename(from: string, to: string): void {
    this.step('rename', from);
    this.inner.rename(from, to);
  }
  unlink(p: string): void {
    this.step('unlink', p);
    this.inner.unlink(p);
  }
  size(p: string): number {
    this.step('size', p);
    return this.inner.size(p);
  }
  fsyncDir(p: string): void {
    this.step('fsyncDir', p);
    this.inner.fsyncDir(p);
  }
}
