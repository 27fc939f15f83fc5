/** BlockCache: a size-bounded LRU of decoded blocks shared by all scans of a database. */
import type { Vector } from '../../engine/vector/vector.js';

/** Block keys: a segment's number times this, plus the block's index within the segment. */
export const BLOCKS_PER_SEGMENT_KEY = 2 ** 26;

/**
 * Decoded blocks by a numeric key (segment number x 2^26 + block index in the segment, see
 * SegmentReader.blockKey): a number hashes faster than a `file:rowGroup:column:block` string,
 * which measured about 1 ms per query on SSB's 3,000 block lookups. Entries count their bytes;
 * when the total passes `limitBytes` the least recently used entries are dropped, so scanning a
 * table larger than the cache keeps memory bounded. A Map iterates in insertion order, which
 * makes "delete and re-insert on hit" an LRU.
 */
export class BlockCache {
  private readonly entries = new Map<number, { v: Vector; bytes: number }>();
  private readonly segmentNumbers = new Map<string, number>();
  /** Never reused, so a number freed by evictSegment cannot alias a live segment's blocks. */
  private nextSegment = 1;
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(public limitBytes: number) {}

  /** The number that keys `file`'s blocks (assigned on first use). */
  segmentNumber(file: string): number {
    let n = this.segmentNumbers.get(file);
    if (n === undefined) {
      n = this.nextSegment++;
      this.segmentNumbers.set(file, n);
    }
    return n;
  }

  get(key: number): Vector | undefined {
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

  put(key: number, v: Vector): void {
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
      const oldest = this.entries.keys().next().value as number;
      this.used -= (this.entries.get(oldest) as { bytes: number }).bytes;
      this.entries.delete(oldest);
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  /** Drops every entry of one segment file (after compaction or DROP TABLE). */
  evictSegment(file: string): void {
    const n = this.segmentNumbers.get(file);
    if (n === undefined) return;
    this.segmentNumbers.delete(file);
    for (const [k, e] of this.entries) {
      if (Math.floor(k / BLOCKS_PER_SEGMENT_KEY) === n) {
        this.used -= e.bytes;
        this.entries.delete(k);
      }
    }
  }

  get byteSize(): number {
    return this.used;
  }
}
