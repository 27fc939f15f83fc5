/** BlockCache: a size-bounded LRU of decoded blocks shared by all scans of a database. */
import type { Vector } from '../../engine/vector/vector.js';

/**
 * Decoded blocks by key (`segment:rowGroup:column:block`). Entries count their bytes; when the
 * total passes `limitBytes` the least recently used entries are dropped, so scanning a table
 * larger than the cache keeps memory bounded. A Map iterates in insertion order, which makes
 * "delete and re-insert on hit" an LRU.
 */
export class BlockCache {
  private readonly entries = new Map<string, { v: Vector; bytes: number }>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(public limitBytes: number) {}

  get(key: string): Vector | undefined {
    const e = this.entries.get(key);
    if (e === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.v;
  }

  /** Changes the limit (`SET block_cache_size`), dropping least recently used entries to fit. */
  resize(limitBytes: number): void {
    this.limitBytes = limitBytes;
    this.evictToLimit();
  }

  put(key: string, v: Vector): void {
    const bytes = v.data.byteLength + (v.validity?.byteLength ?? 0) + 64;
    if (bytes > this.limitBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.used -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { v, bytes });
    this.used += bytes;
    this.evictToLimit();
  }

  private evictToLimit(): void {
    while (this.used > this.limitBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.used -= (this.entries.get(oldest) as { bytes: number }).bytes;
      this.entries.delete(oldest);
    }
  }

  /** Drops every entry of one segment (after compaction or DROP TABLE). */
  evictPrefix(prefix: string): void {
    for (const [k, e] of this.entries) {
      if (k.startsWith(prefix)) {
        this.used -= e.bytes;
        this.entries.delete(k);
      }
    }
  }

  get byteSize(): number {
    return this.used;
  }
}
