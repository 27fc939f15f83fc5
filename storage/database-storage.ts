/** DatabaseStorage: a database directory: its manifest, segment files and block cache. */
import * as path from 'node:path';
import { BlockCache } from './read/block-cache.js';
import { type FileSystem, NodeFileSystem } from './io/file-system.js';
import { emptyManifest, type Manifest, readManifest, writeManifest } from './manifest.js';
import type { TableStorageContext } from './table-data.js';
import type { SegmentWriteOptions } from './write/segment-writer.js';

/** Default size of the decoded block cache. */
export const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

/**
 * ```
 * dir/
 *   MANIFEST            tables, views and their segment files (JSON, replaced atomically)
 *   segments/N.seg      immutable segment files (storage/format/segment-format.ts)
 * ```
 */
export class DatabaseStorage {
  manifest: Manifest;
  readonly cache = new BlockCache(DEFAULT_CACHE_BYTES);
  writeOptions: SegmentWriteOptions = {};

  private constructor(
    readonly dir: string,
    readonly fsys: FileSystem,
    manifest: Manifest,
  ) {
    this.manifest = manifest;
  }

  static open(dir: string, fsys: FileSystem = new NodeFileSystem()): DatabaseStorage {
    fsys.mkdirp(path.join(dir, 'segments'));
    const m = readManifest(fsys, dir);
    const s = new DatabaseStorage(dir, fsys, m ?? emptyManifest());
    if (m === null) writeManifest(fsys, dir, s.manifest);
    // A crash between writing a segment and publishing the manifest leaves an orphan: remove it.
    const live = new Set(s.manifest.tables.flatMap((t) => t.segments.map((f) => path.join(dir, f))));
    for (const f of fsys.readdir(path.join(dir, 'segments'))) {
      const full = path.join(dir, 'segments', f);
      if (!live.has(full)) fsys.unlink(full);
    }
    return s;
  }

  /** The per-table context: where new segments go and the shared cache. */
  tableContext(): TableStorageContext {
    return {
      fsys: this.fsys,
      cache: this.cache,
      newSegmentPath: () => {
        const n = this.manifest.nextSegment++;
        return path.join(this.dir, 'segments', `${String(n).padStart(6, '0')}.seg`);
      },
      writeOptions: () => this.writeOptions,
    };
  }

  /** Absolute path of a manifest-relative segment file. */
  resolve(rel: string): string {
    return path.join(this.dir, rel);
  }

  relative(abs: string): string {
    return path.relative(this.dir, abs);
  }

  /** Publishes `m` atomically, then deletes files no manifest refers to any more. */
  commit(m: Manifest, obsolete: readonly string[]): void {
    writeManifest(this.fsys, this.dir, m);
    this.manifest = m;
    for (const f of obsolete) {
      this.cache.evictPrefix(`${f}:`);
      if (this.fsys.exists(f)) this.fsys.unlink(f);
    }
  }

  /** Bytes of the manifest and all live segment files. */
  diskBytes(): number {
    let n = this.fsys.size(path.join(this.dir, 'MANIFEST'));
    for (const t of this.manifest.tables) for (const s of t.segments) n += this.fsys.size(this.resolve(s));
    return n;
  }
}
