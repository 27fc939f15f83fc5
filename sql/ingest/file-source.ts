/**
 * Input files for loaders: glob expansion, and synchronous chunked reading of plain and
 * gzip-compressed files (gzip is inflated by Node's zlib in place, without a stream).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { StrataError } from '../../engine/errors.js';

/** A file read front to back in chunks. */
export interface ByteSource {
  /** Reads up to `max` bytes into `into[offset...]`; 0 at the end. */
  read(into: Buffer, offset: number, max: number): number;
  /** Bytes of the file consumed so far (compressed bytes for gzip), for progress. */
  readonly consumed: number;
  /** Size of the file on disk. */
  readonly size: number;
  close(): void;
}

/** Opens `file`, inflating it when it is gzip-compressed (by its magic bytes, whatever its name). */
export function openByteSource(file: string): ByteSource {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new StrataError('io', `cannot open "${file}": ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
  const size = fs.fstatSync(fd).size;
  const magic = Buffer.alloc(2);
  const n = fs.readSync(fd, magic, 0, 2, 0);
  if (n === 2 && magic[0] === 0x1f && magic[1] === 0x8b) return new GzipSource(fd, size, file);
  return new PlainSource(fd, size);
}

class PlainSource implements ByteSource {
  consumed = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  read(into: Buffer, offset: number, max: number): number {
    const n = fs.readSync(this.fd, into, offset, max, this.consumed);
    this.consumed += n;
    return n;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The parts of Node's zlib handle used for synchronous streaming (stable since Node 10). */
interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  close(): void;
}

const INPUT_CHUNK = 1 << 20;

/**
 * Streams a gzip file through zlib's native inflater synchronously: the handle that
 * `zlib.gunzipSync` uses internally, driven chunk by chunk (gunzipSync itself would need the
 * whole output in memory). Falls back to gunzipSync when the handle is not available.
 */
class GzipSource implements ByteSource {
  consumed = 0;
  private readonly handle: ZlibHandle | null;
  private readonly state: Uint32Array | null;
  private error: Error | null = null;
  private readonly input = Buffer.allocUnsafe(INPUT_CHUNK);
  private inOff = 0;
  private inLen = 0;
  private finished = false;
  private whole: Buffer | null = null;
  private wholeAt = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly file: string,
  ) {
    const gunzip = zlib.createGunzip() as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array; on(ev: 'error', f: (e: Error) => void): void };
    gunzip.on('error', (e) => {
      this.error = e;
    });
    const ok = typeof gunzip._handle?.writeSync === 'function' && gunzip._writeState instanceof Uint32Array;
    this.handle = ok ? gunzip._handle! : null;
    this.state = ok ? gunzip._writeState! : null;
  }

  read(into: Buffer, offset: number, max: number): number {
    if (this.handle === null) return this.readWhole(into, offset, max);
    let produced = 0;
    while (produced < max && !this.finished) {
      if (this.inLen === 0) {
        this.inLen = fs.readSync(this.fd, this.input, 0, INPUT_CHUNK, this.consumed);
        this.inOff = 0;
        this.consumed += this.inLen;
      }
      const flush = this.inLen === 0 ? zlib.constants.Z_FINISH : zlib.constants.Z_NO_FLUSH;
      const room = max - produced;
      this.handle.writeSync(flush, this.input, this.inOff, this.inLen, into, offset + produced, room);
      if (this.error !== null) throw new StrataError('io', `cannot decompress "${this.file}": ${this.error.message}`);
      const availOut = this.state![0];
      const availIn = this.state![1];
      produced += room - availOut;
      this.inOff += this.inLen - availIn;
      this.inLen = availIn;
      // Output space left and no input pending at the end of the file: the stream is done.
      if (flush === zlib.constants.Z_FINISH && availOut > 0) this.finished = true;
    }
    return produced;
  }

  private readWhole(into: Buffer, offset: number, max: number): number {
    if (this.whole === null) {
      try {
        this.whole = zlib.gunzipSync(fs.readFileSync(this.fd));
      } catch (e) {
        throw new StrataError('io', `cannot decompress "${this.file}": ${(e as Error).message}`);
      }
      this.consumed = this.size;
    }
    const n = Math.min(max, this.whole.length - this.wholeAt);
    this.whole.copy(into, offset, this.wholeAt, this.wholeAt + n);
    this.wholeAt += n;
    return n;
  }

  close(): void {
    this.handle?.close();
    fs.closeSync(this.fd);
  }
}

/** Reads the first `max` bytes of a file (decompressed), for sniffing. */
export function readHead(file: string, max: number): Buffer {
  const src = openByteSource(file);
  try {
    const buf = Buffer.allocUnsafe(max);
    let n = 0;
    for (;;) {
      const k = src.read(buf, n, max - n);
      if (k === 0) break;
      n += k;
      if (n === max) break;
    }
    return buf.subarray(0, n);
  } finally {
    src.close();
  }
}

/** True if `file` is gzip-compressed. */
export function isGzip(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const magic = Buffer.alloc(2);
      return fs.readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Expands `pattern` into files: a plain path as it is, a pattern with `*` or `?` in its last
 * part into the matching files of that directory (sorted); a directory into its files. Throws
 * an IO error when nothing matches.
 */
export function expandFiles(pattern: string): string[] {
  if (!/[*?]/.test(pattern)) {
    let st: fs.Stats;
    try {
      st = fs.statSync(pattern);
    } catch {
      throw new StrataError('io', `no such file: "${pattern}"`);
    }
    if (!st.isDirectory()) return [pattern];
    const files = listFilesRecursive(pattern);
    if (files.length === 0) throw new StrataError('io', `no files in directory "${pattern}"`);
    return files;
  }
  const dir = path.dirname(pattern);
  if (/[*?]/.test(dir)) throw new StrataError('not_implemented', `wildcards in directory names: "${pattern}"`);
  const re = globToRegExp(path.basename(pattern));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    throw new StrataError('io', `no such directory: "${dir}"`);
  }
  const files = names.filter((n) => re.test(n)).sort().map((n) => path.join(dir, n));
  if (files.length === 0) throw new StrataError('io', `no files match "${pattern}"`);
  return files;
}

function listFilesRecursive(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFilesRecursive(p));
    else out.push(p);
  }
  return out;
}
