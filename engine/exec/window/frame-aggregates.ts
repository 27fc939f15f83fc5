/**
 * Aggregates as window functions. Each call picks the cheapest correct algorithm:
 * - frame = whole partition: one aggregate state with a group per partition (any aggregate);
 * - count, sum, avg, bool_and/bool_or, var/stddev: per-partition prefix sums, O(1) per row;
 * - min/max over frames whose ends only move forward: a monotonic deque, O(1) amortized per row;
 * - any_value: the first non-NULL position at or after the frame start;
 * - anything else (DISTINCT, median, string_agg, ... or non-monotonic min/max frames): a fresh
 *   state per output row over its frame, batched so one update call covers many rows.
 * Results are indexed by sorted position.
 */
import { type DataType, DOUBLE, physicalKind } from '../../types/data-type.js';
import { ColumnBuilder } from '../../vector/column-builder.js';
import { rankDictionary } from '../../vector/sort-keys.js';
import { Vector } from '../../vector/vector.js';
import { type AggregateSpec, createAggregateState } from '../hash/aggregate-states.js';
import type { Frames } from './window-frames.js';
import type { WindowOrder } from './window-order.js';
import type { WindowFunctionSpec } from './window-spec.js';

/** Most frame rows folded per batched update of the per-row fallback. */
const FALLBACK_CHUNK_ROWS = 1 << 16;

/** The aggregate state spec of a window aggregate call (argument columns 0 and 1 of the update). */
function aggregateSpec(spec: WindowFunctionSpec): AggregateSpec {
  return {
    kind: spec.fn as AggregateSpec['kind'],
    argCol: spec.argCols.length > 0 ? 0 : -1,
    distinct: spec.distinct,
    outputType: spec.outputType,
    arg2Col: spec.argCols.length > 1 ? 1 : -1,
    options: spec.options,
  };
}

/** The whole-partition case: one group per partition, every row gets its partition's result. */
export function partitionAggregate(spec: WindowFunctionSpec, args: readonly Vector[], order: WindowOrder): Vector {
  const state = createAggregateState(aggregateSpec(spec), args[0]?.type ?? null, args[1]?.type ?? null);
  const parts = order.partitionStarts.length - 1;
  state.resize(parts);
  if (order.n > 0) state.update(order.partitionOf, args[0] ?? null, order.perm, order.n, args[1] ?? null);
  return state.finish(parts).gather(order.partitionOf, order.n);
}

/** Evaluates an aggregate window call over explicit frames. */
export function frameAggregate(spec: WindowFunctionSpec, args: readonly Vector[], order: WindowOrder, frames: Frames): Vector {
  if (!spec.distinct) {
    switch (spec.fn) {
      case 'count_star':
      case 'count':
      case 'sum':
      case 'avg':
      case 'bool_and':
      case 'bool_or':
      case 'var_samp':
      case 'var_pop':
      case 'stddev_samp':
      case 'stddev_pop':
        return prefixAggregate(spec, args[0] ?? null, order, frames);
      case 'any_value':
        return firstValidAggregate(args[0], order, frames);
      default:
        break;
    }
  }
  if ((spec.fn === 'min' || spec.fn === 'max') && frames.monotonic) return slidingExtreme(spec.fn === 'max', args[0], order, frames);
  return perRowAggregate(spec, args, order, frames);
}

/** Argument values by sorted position as float64, with NULLs as 0 and a validity byte map. */
function sortedValues(arg: Vector, order: WindowOrder): { vals: Float64Array; valid: Uint8Array } {
  const n = order.n;
  const vals = new Float64Array(n);
  const valid = new Uint8Array(n);
  const data = arg.data;
  const validity = arg.validity;
  const perm = order.perm;
  for (let j = 0; j < n; j++) {
    const row = perm[j];
    const ok = validity === null || validity[row] !== 0 ? 1 : 0;
    valid[j] = ok;
    vals[j] = ok ? data[row] : 0;
  }
  return { vals, valid };
}

/**
 * count / sum / avg / bool_and / bool_or / var / stddev from prefix sums inside each partition:
 * the frame [s, e) costs two subtractions. Integers and scaled decimals are exact below 2^53.
 * Variance uses sums of (x - c) and (x - c)^2 with c the partition's first value, which keeps
 * the subtraction well conditioned for data far from zero.
 */
function prefixAggregate(spec: WindowFunctionSpec, arg: Vector | null, order: WindowOrder, frames: Frames): Vector {
  const n = order.n;
  const fn = spec.fn;
  const out = allocResult(spec.outputType, n);
  const valid = new Uint8Array(n);
  const { starts, ends } = frames;
  if (fn === 'count_star') {
    for (let j = 0; j < n; j++) out[j] = Math.max(0, ends[j] - starts[j]);
    return new Vector(spec.outputType, out, null, null, n);
  }
  const { vals, valid: present } = sortedValues(arg as Vector, order);
  const ps = order.partitionStarts;
  // Local prefix arrays of the largest partition: memory bounded by the partition, not the table.
  let maxPart = 0;
  for (let p = 0; p + 1 < ps.length; p++) maxPart = Math.max(maxPart, ps[p + 1] - ps[p]);
  const cnt = new Float64Array(maxPart + 1);
  const s1 = new Float64Array(maxPart + 1);
  const needSquares = fn === 'var_samp' || fn === 'var_pop' || fn === 'stddev_samp' || fn === 'stddev_pop';
  const s2 = needSquares ? new Float64Array(maxPart + 1) : null;
  const scale = arg !== null && arg.type.id === 'decimal' ? 10 ** (arg.type.scale ?? 0) : 1;
  for (let p = 0; p + 1 < ps.length; p++) {
    const lo = ps[p];
    const hi = ps[p + 1];
    let shift = 0;
    if (needSquares) {
      for (let j = lo; j < hi; j++) {
        if (present[j]) {
          shift = vals[j] / scale;
          break;
        }
      }
    }
    for (let j = lo; j < hi; j++) {
      const i = j - lo;
      const ok = present[j];
      cnt[i + 1] = cnt[i] + ok;
      if (fn === 'bool_and' || fn === 'bool_or') s1[i + 1] = s1[i] + (ok && vals[j] !== 0 ? 1 : 0);
      else if (s2 !== null) {
        const d = ok ? vals[j] / scale - shift : 0;
        s1[i + 1] = s1[i] + d;
        s2[i + 1] = s2[i] + d * d;
      } else s1[i + 1] = s1[i] + vals[j];
    }
    for (let j = lo; j < hi; j++) {
      const s = starts[j] - lo;
      const e = Math.max(starts[j], ends[j]) - lo;
      const c = cnt[e] - cnt[s];
      const sum = s1[e] - s1[s];
      switch (fn) {
        case 'count':
          out[j] = c;
          valid[j] = 1;
          break;
        case 'sum':
          out[j] = sum;
          valid[j] = c > 0 ? 1 : 0;
          break;
        case 'avg':
          out[j] = c > 0 ? sum / c / scale : 0;
          valid[j] = c > 0 ? 1 : 0;
          break;
        case 'bool_and':
          out[j] = sum === c ? 1 : 0;
          valid[j] = c > 0 ? 1 : 0;
          break;
        case 'bool_or':
          out[j] = sum > 0 ? 1 : 0;
          valid[j] = c > 0 ? 1 : 0;
          break;
        default: {
          const sample = fn === 'var_samp' || fn === 'stddev_samp';
          if (c === 0 || (sample && c < 2)) break;
          const sq = (s2 as Float64Array)[e] - (s2 as Float64Array)[s];
          const variance = Math.max(0, (sq - (sum * sum) / c) / (sample ? c - 1 : c));
          out[j] = fn === 'stddev_samp' || fn === 'stddev_pop' ? Math.sqrt(variance) : variance;
          valid[j] = 1;
        }
      }
    }
  }
  return new Vector(spec.outputType, out, allValid(valid) ? null : valid, null, n);
}

function allocResult(type: DataType, n: number): Float64Array | Int32Array | Uint8Array {
  const k = physicalKind(type);
  return k === 'u8' ? new Uint8Array(n) : k === 'f64' ? new Float64Array(n) : new Int32Array(n);
}

function allValid(valid: Uint8Array): boolean {
  for (let j = 0; j < valid.length; j++) if (valid[j] === 0) return false;
  return true;
}

/** any_value over a frame: the first non-NULL value at or after the frame start, if inside the frame. */
function firstValidAggregate(arg: Vector, order: WindowOrder, frames: Frames): Vector {
  const n = order.n;
  const next = new Int32Array(n + 1);
  next[n] = n;
  const validity = arg.validity;
  for (let j = n - 1; j >= 0; j--) next[j] = validity === null || validity[order.perm[j]] !== 0 ? j : next[j + 1];
  const src = new Int32Array(n);
  const valid = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const t = next[frames.starts[j]];
    const ok = frames.starts[j] < n && t < frames.ends[j];
    src[j] = ok ? order.perm[t] : 0;
    valid[j] = ok ? 1 : 0;
  }
  const out = arg.gather(src, n);
  return new Vector(out.type, out.data, allValid(valid) ? out.validity : mergeValidity(out.validity, valid), out.dict, n);
}

function mergeValidity(a: Uint8Array | null, b: Uint8Array): Uint8Array {
  if (a === null) return b;
  const out = new Uint8Array(b.length);
  for (let j = 0; j < b.length; j++) out[j] = a[j] & b[j];
  return out;
}

/**
 * min / max over frames whose start and end never decrease within a partition (ROWS/RANGE/GROUPS
 * with constant offsets): a deque of positions whose values increase (min) or decrease (max)
 * from front to back; each position enters and leaves once, so a partition costs O(rows).
 * Strings compare by dictionary rank; NaN is larger than every number.
 */
function slidingExtreme(isMax: boolean, arg: Vector, order: WindowOrder, frames: Frames): Vector {
  const n = order.n;
  const { vals, valid } = sortedValues(arg, order);
  if (physicalKind(arg.type) === 'str') {
    const rank = rankDictionary(arg.dict ?? []).rank;
    for (let j = 0; j < n; j++) if (valid[j]) vals[j] = rank[arg.data[order.perm[j]]];
  }
  // Compare on a key where "better" is smaller: negate for max, NaN mapped past every number.
  const key = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = vals[j];
    const k = v !== v ? Infinity : v;
    key[j] = isMax ? -k : k;
    if (v !== v && isMax) key[j] = -Infinity;
  }
  const deque = new Int32Array(n);
  const src = new Int32Array(n);
  const out = new Uint8Array(n);
  const ps = order.partitionStarts;
  for (let p = 0; p + 1 < ps.length; p++) {
    const lo = ps[p];
    const hi = ps[p + 1];
    let head = 0;
    let tail = 0;
    let next = lo;
    for (let j = lo; j < hi; j++) {
      const s = frames.starts[j];
      const e = frames.ends[j];
      for (; next < e; next++) {
        if (!valid[next]) continue;
        while (tail > head && key[deque[tail - 1]] > key[next]) tail--;
        deque[tail++] = next;
      }
      while (tail > head && deque[head] < s) head++;
      if (tail > head && e > s) {
        src[j] = order.perm[deque[head]];
        out[j] = 1;
      }
    }
  }
  const res = arg.gather(src, n);
  return new Vector(res.type, res.data, allValid(out) ? res.validity : mergeValidity(res.validity, out), res.dict, n);
}

/**
 * The general case: each output row aggregates its own frame with a fresh state. Rows are
 * processed in chunks: one state with a group per row of the chunk is fed all the chunk's frame
 * rows in one update call, so the per-row cost is the frame length, not a call per value.
 */
function perRowAggregate(spec: WindowFunctionSpec, args: readonly Vector[], order: WindowOrder, frames: Frames): Vector {
  const n = order.n;
  const aggSpec = aggregateSpec(spec);
  const builder = new ColumnBuilder(spec.outputType, Math.max(16, n));
  const { starts, ends } = frames;
  let j = 0;
  while (j < n) {
    let total = 0;
    let end = j;
    while (end < n && (end === j || total + Math.max(0, ends[end] - starts[end]) <= FALLBACK_CHUNK_ROWS)) {
      total += Math.max(0, ends[end] - starts[end]);
      end++;
    }
    const rows = end - j;
    const gids = new Int32Array(total);
    const sel = new Int32Array(total);
    let m = 0;
    for (let r = j; r < end; r++) {
      for (let t = starts[r]; t < ends[r]; t++) {
        gids[m] = r - j;
        sel[m++] = order.perm[t];
      }
    }
    const state = createAggregateState(aggSpec, args[0]?.type ?? null, args[1]?.type ?? null);
    state.resize(rows);
    if (total > 0) state.update(gids, args[0] ?? null, sel, total, args[1] ?? null);
    builder.appendVector(state.finish(rows), null, rows);
    j = end;
  }
  const out = builder.finish();
  return out.type.id === 'null' ? new Vector(DOUBLE, out.data, out.validity, null, n) : out;
}
