/** CountingFileSystem: a FileSystem that forwards to another and counts bytes written and fsyncs (write amplification, group commit). */
import type { FileSystem } from './file-system.js';

export class CountingFileSystem implements FileSystem {
  bytesWritten = 0;
  fsyncs = 0;

  constructor(private readonly inner: FileSystem) {}

  exists(p: string): boolean {
    return this.inner.exists(p);
  }
  mkdirp(p: string): void {
    this.inner.mkdirp(p);
  }
  readdir(p: string): string[] {
    return this.inner.readdir(p);
  }
  readFile(p: string): Uint8Array {
    return this.inner.readFile(p);
  }
  read(fd: number, offset: number, length: number): Uint8Array {
    return this.inner.read(fd, offset, length);
  }
  openRead(p: string): number {
    return this.inner.openRead(p);
  }
  openWrite(p: string): number {
    return this.inner.openWrite(p);
  }
  openAppend(p: string): number {
    return this.inner.openAppend(p);
  }
  createExclusive(p: string, bytes: Uint8Array): boolean {
    const made = this.inner.createExclusive(p, bytes);
    if (made) this.bytesWritten += bytes.length;
    return made;
  }
  truncate(p: string, length: number): void {
    this.inner.truncate(p, length);
  }
  write(fd: number, bytes: Uint8Array): void {
    this.inner.write(fd, bytes);
    this.bytesWritten += bytes.length;
  }
  fsync(fd: number): void {
    this.fsyncs++;
    this.inner.fsync(fd);
  }
  close(fd: number): void {
    this.inner.close(fd);
  }
  rename(from: string, to: string): void {
    this.inner.rename(from, to);
  }
  unlink(p: string): void {
    this.inner.unlink(p);
  }
  size(p: string): number {
    return this.inner.size(p);
  }
  fsyncDir(p: string): void {
    this.inner.fsyncDir(p);
  }
}
