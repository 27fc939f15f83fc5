/** Compaction policies: which run of adjacent segments to merge next (size-tiered or leveled). */
import type { CompactionPick } from './table-data.js';

export type CompactionStrategy = 'tiered' | 'leveled' | 'none';

/** Size tiers grow by this factor: segments within a tier are within 4x of each other in bytes. */
const TIER_FACTOR = 4;
/** Segments below this size share the lowest tier. */
const TIER_BASE_BYTES = 256 * 1024;
/** A segment with at least this fraction of deleted rows is rewritten on its own. */
const DELETED_FRACTION = 0.5;

function tier(bytes: number): number {
  return Math.max(0, Math.floor(Math.log(Math.max(1, bytes / TIER_BASE_BYTES)) / Math.log(TIER_FACTOR)));
}

/**
 * Adjacent segments only, so a merge keeps the table's insertion order between segments (a table
 * without a sort key reads its rows in insertion order, as before compaction).
 */
function mostlyDeleted(segments: Parameters<CompactionPick>[0]): { start: number; end: number } | null {
  for (let i = 0; i < segments.length; i++) {
    if (segments[i].rows > 0 && segments[i].deleted >= segments[i].rows * DELETED_FRACTION) return { start: i, end: i + 1 };
  }
  return null;
}

/**
 * Size-tiered: merges the first run of at least `minRun` adjacent segments of the same size
 * tier (at most 2 x minRun at once). Each row is rewritten about once per tier, so write
 * amplification grows with log4(table size / 256 KiB), and a table has at most about
 * minRun - 1 segments per tier.
 */
export function tieredPolicy(minRun: number): CompactionPick {
  return (segments) => {
    let start = 0;
    for (let i = 1; i <= segments.length; i++) {
      if (i < segments.length && tier(segments[i].bytes) === tier(segments[start].bytes)) {
        if (i + 1 - start >= 2 * minRun) return { start, end: i + 1 };
        continue;
      }
      if (i - start >= minRun) return { start, end: i };
      start = i;
    }
    return mostlyDeleted(segments);
  };
}

/**
 * Leveled: segments, oldest first, must shrink by `fanout` from one to the next; the newest
 * segments are merged into the first older one that is not `fanout` times bigger than all
 * segments after it. This keeps O(log_fanout(size)) segments at the price of more rewriting.
 */
export function leveledPolicy(fanout: number): CompactionPick {
  return (segments) => {
    let after = 0;
    let pick = -1;
    for (let i = segments.length - 1; i >= 0; i--) {
      if (after > 0 && segments[i].bytes < after * fanout) pick = i;
      after += segments[i].bytes;
    }
    if (pick >= 0) return { start: pick, end: segments.length };
    return mostlyDeleted(segments);
  };
}

/** An aggregating table whose segments are together below this size is always merged into one. */
const FULL_MERGE_BYTES = 1024 * 1024;

/**
 * For tables with a merge rule (cube tables): all segments are merged into one, which merges
 * every key into one row, when the table is small (under 1 MiB: a rewrite costs less than the
 * checkpoint around it) or when the rows outside the largest segment reach half of it (they are
 * mostly deltas of keys it already holds: each row is rewritten a bounded number of times, and
 * a query reads at most about 1.5x the merged rows from segments). Otherwise `base` decides.
 */
export function aggregatingPolicy(base: CompactionPick): CompactionPick {
  return (segments) => {
    if (segments.length >= 2) {
      let bytes = 0;
      let rows = 0;
      let largest = 0;
      for (const s of segments) {
        const live = s.rows - s.deleted;
        bytes += s.bytes;
        rows += live;
        if (live > largest) largest = live;
      }
      if (bytes <= FULL_MERGE_BYTES || 2 * (rows - largest) >= largest) return { start: 0, end: segments.length };
    }
    return base(segments);
  };
}

export function compactionPolicy(strategy: CompactionStrategy, minRun: number): CompactionPick | null {
  if (strategy === 'none') return null;
  return strategy === 'leveled' ? leveledPolicy(10) : tieredPolicy(minRun);
}
