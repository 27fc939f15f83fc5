/** Window frames: the [start, end) range of sorted positions each row's frame covers. */
import { StrataError } from '../../errors.js';
import type { Vector } from '../../vector/vector.js';
import type { WindowOrder } from './window-order.js';
import type { FrameBoundSpec, FrameSpec } from './window-spec.js';

/** Frame bounds per sorted position: rows [starts[j], ends[j]) (empty when ends <= starts). */
export interface Frames {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** True when both ends never move backwards inside a partition (sliding-window algorithms apply). */
  readonly monotonic: boolean;
}

function offsetError(what: string): StrataError {
  return new StrataError('execution', `Invalid frame offset: ${what}`);
}

/** Reads a bound's offset for sorted position j (a constant, or the row's value of the offset column). */
function offsetAt(b: FrameBoundSpec, columns: readonly Vector[], order: WindowOrder, j: number, allowNegative: boolean): number {
  if (b.offsetCol < 0) return b.offset as number;
  const v = columns[b.offsetCol];
  const row = order.perm[j];
  if (v.validity !== null && v.validity[row] === 0) throw offsetError('the frame offset must not be NULL');
  const x = v.data[row];
  if (x < 0 && !allowNegative) throw offsetError('the frame offset must not be negative');
  return x;
}

/** Computes every row's frame for one spec. */
export function computeFrames(frame: FrameSpec, columns: readonly Vector[], order: WindowOrder): Frames {
  const n = order.n;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (const b of [frame.start, frame.end]) {
    if (frame.units !== 'rows' && b.offsetCol < 0 && b.offset !== null && !(b.offset >= 0)) throw offsetError('the frame offset must not be negative');
  }
  let monotonic = true;
  const ps = order.partitionStarts;
  for (let p = 0; p + 1 < ps.length; p++) {
    const lo = ps[p];
    const hi = ps[p + 1];
    const range = frame.units === 'range' ? nonNullRange(order, lo, hi) : null;
    for (let j = lo; j < hi; j++) {
      const s = bound(frame.start, true, frame.units, columns, order, j, lo, hi, range);
      let e = bound(frame.end, false, frame.units, columns, order, j, lo, hi, range);
      if (e < s) e = s;
      starts[j] = s;
      ends[j] = e;
      if (j > lo && (s < starts[j - 1] || e < ends[j - 1])) monotonic = false;
    }
  }
  return { starts, ends, monotonic };
}

/** The positions [lo, hi) of a partition whose first ORDER BY key is an ordinary value (not NULL/NaN). */
function nonNullRange(order: WindowOrder, lo: number, hi: number): [number, number] {
  const special = order.orderKeyValues()?.special ?? null;
  if (special === null) return [lo, hi];
  // NULLs and NaNs sort to the ends of a partition, so the ordinary keys are one run.
  let a = lo;
  let b = hi;
  while (a < b && special[a] === 1) a++;
  while (b > a && special[b - 1] === 1) b--;
  return [a, b];
}

function bound(
  b: FrameBoundSpec,
  isStart: boolean,
  units: FrameSpec['units'],
  columns: readonly Vector[],
  order: WindowOrder,
  j: number,
  lo: number,
  hi: number,
  range: [number, number] | null,
): number {
  switch (b.kind) {
    case 'unbounded_preceding':
      return lo;
    case 'unbounded_following':
      return hi;
    case 'current_row':
      if (units === 'rows') return isStart ? j : j + 1;
      return isStart ? order.peerStarts[order.peerOf[j]] : order.peerStarts[order.peerOf[j] + 1];
    default: {
      // ROWS offsets may be negative (counted the other way), as in DuckDB.
      const off = offsetAt(b, columns, order, j, units === 'rows');
      const sign = b.kind === 'preceding' ? -1 : 1;
      if (units === 'rows') {
        const at = isStart ? j + sign * off : j + sign * off + 1;
        return Math.min(hi, Math.max(lo, at));
      }
      if (units === 'groups') {
        const firstPeer = order.peerOf[lo];
        const lastPeer = order.peerOf[hi - 1];
        const g = order.peerOf[j] + sign * off;
        if (isStart) return g < firstPeer ? lo : g > lastPeer ? hi : order.peerStarts[g];
        return g < firstPeer ? lo : g > lastPeer ? hi : order.peerStarts[g + 1];
      }
      return rangeBound(order, j, sign * off, isStart, range as [number, number]);
    }
  }
}

/**
 * RANGE bound with an offset: the first position whose key is >= (start) or > (end) the current
 * key plus `delta`, searched among the partition's ordinary keys. A NULL/NaN current row's frame
 * is its peer group.
 */
function rangeBound(order: WindowOrder, j: number, delta: number, isStart: boolean, range: [number, number]): number {
  const key = order.orderKeyValues();
  if (key === null) throw new StrataError('binder', 'RANGE with an offset needs an ORDER BY key');
  const [a, b] = range;
  if (j < a || j >= b) return isStart ? order.peerStarts[order.peerOf[j]] : order.peerStarts[order.peerOf[j] + 1];
  const vals = key.vals;
  const target = vals[j] + delta;
  let l = a;
  let h = b;
  if (isStart) {
    while (l < h) {
      const m = (l + h) >>> 1;
      if (vals[m] < target) l = m + 1;
      else h = m;
    }
  } else {
    while (l < h) {
      const m = (l + h) >>> 1;
      if (vals[m] <= target) l = m + 1;
      else h = m;
    }
  }
  return l;
}
