/** Unit tests for the block cache: LRU order, the byte limit, eviction by segment. */
import { describe, expect, it } from 'vitest';
import { INTEGER } from '../../engine/types/data-type.js';
import { Vector } from '../../engine/vector/vector.js';
import { BlockCache } from './block-cache.js';

const block = (n: number): Vector => new Vector(INTEGER, new Int32Array(n), null, null, n);

describe('block cache', () => {
  it('keeps its bytes under the limit however much is put, dropping the least recently used', () => {
    const cache = new BlockCache(10_000);
    for (let i = 0; i < 1000; i++) {
      cache.put(`seg:0:0:${i}`, block(500)); // 2,064 bytes each
      expect(cache.byteSize).toBeLessThanOrEqual(10_000);
    }
    expect(cache.get('seg:0:0:999')).toBeDefined();
    expect(cache.get('seg:0:0:0')).toBeUndefined();
    // A hit moves an entry to the back: it survives the next evictions.
    cache.get('seg:0:0:996');
    cache.put('seg:0:0:1000', block(500));
    cache.put('seg:0:0:1001', block(500));
    expect(cache.get('seg:0:0:996')).toBeDefined();
    expect(cache.get('seg:0:0:997')).toBeUndefined();
  });

  it('refuses a block larger than the whole cache, and evicts a segment by prefix', () => {
    const cache = new BlockCache(1000);
    cache.put('a:0:0:0', block(10_000));
    expect(cache.byteSize).toBe(0);
    cache.put('a:0:0:1', block(10));
    cache.put('b:0:0:1', block(10));
    cache.evictPrefix('a:');
    expect(cache.get('a:0:0:1')).toBeUndefined();
    expect(cache.get('b:0:0:1')).toBeDefined();
  });

  it('shrinks to a new limit at once (SET block_cache_size)', () => {
    const cache = new BlockCache(100_000);
    for (let i = 0; i < 40; i++) cache.put(`s:0:0:${i}`, block(500));
    expect(cache.byteSize).toBeGreaterThan(50_000);
    cache.resize(10_000);
    expect(cache.byteSize).toBeLessThanOrEqual(10_000);
    expect(cache.get('s:0:0:39')).toBeDefined();
  });
});
