/** Unit tests for DistinctTable and countDistinct: bit-exact keys for doubles, limits, reuse across blocks. */
import { describe, expect, it } from 'vitest';
import { countDistinct, DistinctTable } from './distinct-table.js';

describe('DistinctTable', () => {
  it('gives first-seen ids and counts occurrences', () => {
    const t = new DistinctTable();
    t.reset(10);
    expect([7, 3, 7, 7, -1, 3].map((v) => t.addI32(v))).toEqual([0, 1, 0, 0, 2, 1]);
    expect(Array.from(t.counts.subarray(0, 3))).toEqual([3, 2, 1]);
    expect(Array.from(t.values.subarray(0, 3))).toEqual([7, 3, -1]);
  });

  it('keys doubles by their bits: -0 and 0 differ, all NaNs are one value', () => {
    const t = new DistinctTable();
    t.reset(10);
    expect([0, -0, NaN, -NaN, 0 / 0, Infinity, -Infinity, 0].map((v) => t.addF64(v))).toEqual([0, 1, 2, 2, 2, 3, 4, 0]);
    expect(Object.is(t.values[1], -0)).toBe(true);
  });

  it('refuses a new value past the limit and starts empty after reset', () => {
    const t = new DistinctTable();
    t.reset(2);
    expect([1, 2, 3, 1].map((v) => t.addI32(v))).toEqual([0, 1, -1, 0]);
    t.reset(2);
    expect(t.addI32(3)).toBe(0);
    expect(t.size).toBe(1);
  });

  it('counts distinct values up to a limit', () => {
    const v = Int32Array.from({ length: 1000 }, (_, i) => i % 37);
    expect(countDistinct('i32', v, 1000, 100)).toBe(37);
    expect(countDistinct('i32', v, 1000, 37)).toBe(37);
    expect(countDistinct('i32', v, 1000, 10)).toBe(11);
    const f = Float64Array.from({ length: 5000 }, (_, i) => (i % 2000) * 0.25);
    expect(countDistinct('f64', f, 5000, 65_536)).toBe(2000);
  });
});
