/** Unit tests for the block cache: LRU order, the byte limit, eviction by segment. */
import { describe, expect, it } from 'vitest';
import { INTEGER } from '../../engine/types/data-type.js';
import { Vector } from '../../engine/vector/vector.js';
import { BLOCKS_PER_SEGMENT_KEY, BlockCache } from './block-cache.js';

const block = (n: number): Vector => new Vector(INTEGER, new Int32Array(n), null, null, n);

describe('block cache', () => {
  it('keeps its bytes under the limit however much is put, dropping the least recently used', () => {
    const cache = new BlockCache(10_000);
    for (let i = 0; i < 1000; i++) {
      cache.put(i, block(500)); // 2,064 bytes each
      expect(cache.byteSize).toBeLessThanOrEqual(10_000);
    }
    expect(cache.get(999)).toBeDefined();
    expect(cache.get(0)).toBeUndefined();
    // A hit moves an entry to the back: it survives the next evictions.
    cache.get(996);
    cache.put(1000, block(500));
    cache.put(1001, block(500));
    expect(cache.get(996)).toBeDefined();
    expect(cache.get(997)).toBeUndefined();
  });

  it('refuses a block larger than the whole cache, and evicts one segment file', () => {
    const cache = new BlockCache(1000);
    const a = cache.segmentNumber('a.seg') * BLOCKS_PER_SEGMENT_KEY;
    const b = cache.segmentNumber('b.seg') * BLOCKS_PER_SEGMENT_KEY;
    cache.put(a, block(10_000));
    expect(cache.byteSize).toBe(0);
    cache.put(a + 1, block(10));
    cache.put(b + 1, block(10));
    cache.evictSegment('a.seg');
    expect(cache.get(a + 1)).toBeUndefined();
    expect(cache.get(b + 1)).toBeDefined();
    // A file seen again gets a new number: nothing of the evicted one can be found under it.
    expect(cache.segmentNumber('a.seg') * BLOCKS_PER_SEGMENT_KEY).not.toBe(a);
  });

  it('shrinks to a new limit at once (SET block_cache_size)', () => {
    const cache = new BlockCache(100_000);
    for (let i = 0; i < 40; i++) cache.put(i, block(500));
    expect(cache.byteSize).toBeGreaterThan(50_000);
    cache.resize(10_000);
    expect(cache.byteSize).toBeLessThanOrEqual(10_000);
    expect(cache.get(39)).toBeDefined();
  });
});
