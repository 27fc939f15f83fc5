import { describe, expect, it } from 'vitest';
import { leveledPolicy, tieredPolicy } from './compaction-policy.js';

const seg = (kb: number, rows = 100, deleted = 0): { bytes: number; rows: number; deleted: number } => ({ bytes: kb * 1024, rows, deleted });

describe('size-tiered compaction', () => {
  const pick = tieredPolicy(4);
  it('merges the first run of 4 adjacent segments of one size tier', () => {
    expect(pick([seg(4096), seg(10), seg(20), seg(30), seg(40)])).toEqual({ start: 1, end: 5 });
    expect(pick([seg(10), seg(20), seg(30)])).toBeNull();
    // 3 small, one big in between, 1 small: no run of 4 in one tier.
    expect(pick([seg(10), seg(20), seg(30), seg(8192), seg(10)])).toBeNull();
  });

  it('merges at most 8 at once, and rewrites a mostly deleted segment alone', () => {
    expect(pick(Array.from({ length: 12 }, () => seg(10)))).toEqual({ start: 0, end: 8 });
    expect(pick([seg(8192), seg(10, 100, 60)])).toEqual({ start: 1, end: 2 });
    expect(pick([seg(8192), seg(10, 100, 40)])).toBeNull();
  });
});

describe('leveled compaction', () => {
  const pick = leveledPolicy(10);
  it('merges the newest segments into the oldest one not 10x bigger than all after it', () => {
    expect(pick([seg(10_000), seg(500), seg(40)])).toBeNull();
    expect(pick([seg(10_000), seg(500), seg(60)])).toEqual({ start: 1, end: 3 });
    expect(pick([seg(1000), seg(80), seg(30)])).toEqual({ start: 0, end: 3 });
  });
});
