/**
 * Aggregate states beyond sums and extremes: variance/stddev (Welford), the value-list aggregates
 * (median, quantile_cont, quantile_disc, string_agg), the HyperLogLog aggregates (state in
 * hll-aggregate-state.ts) and arg_min/arg_max. Same contract as the states in aggregate-states.ts: typed arrays per group id.
 */
import { StrataError } from '../../errors.js';
import {
  allocData,
  BIGINT,
  type DataType,
  DOUBLE,
  physicalKind,
  TIMESTAMP,
  VARCHAR,
} from '../../types/data-type.js';
import { rankDictionary } from '../../vector/sort-keys.js';
import { StringInterner } from '../../vector/string-interner.js';
import { Vector } from '../../vector/vector.js';
import type { AggregateKind, AggregateSpec, AggregateState } from './aggregate-states.js';
import { HllAggregateState } from './hll-aggregate-state.js';

const MICROS_PER_DAY = 86_400_000_000;

/** Result types of the aggregates this file implements (see aggregateOutputType). */
export function extendedAggregateOutputType(kind: AggregateKind, argType: DataType | null, unsupported: () => StrataError): DataType {
  const id = argType === null ? 'null' : argType.id;
  const numeric = id === 'integer' || id === 'bigint' || id === 'double' || id === 'decimal' || id === 'null';
  switch (kind) {
    case 'string_agg':
      return VARCHAR;
    case 'stddev_samp':
    case 'stddev_pop':
    case 'var_samp':
    case 'var_pop':
      if (numeric) return DOUBLE;
      throw unsupported();
    case 'median':
    case 'quantile_cont':
      if (id === 'integer' || id === 'bigint' || id === 'double' || id === 'null') return DOUBLE;
      if (id === 'date' || id === 'timestamp') return TIMESTAMP;
      if (id === 'interval') throw unsupported();
      // DECIMAL keeps its type; other types (strings, booleans) take the discrete quantile.
      return argType as DataType;
    case 'quantile_disc':
    case 'arg_min':
    case 'arg_max':
      if (id === 'interval') throw unsupported();
      return argType ?? DOUBLE;
    case 'approx_count_distinct':
      if (id === 'interval') throw unsupported();
      return BIGINT;
    case 'hll_sketch':
      if (id === 'interval') throw unsupported();
      return VARCHAR;
    case 'hll_union':
      if (id !== 'varchar' && id !== 'null') throw unsupported();
      return VARCHAR;
    default:
      throw unsupported();
  }
}

/** Creates the state of one of this file's aggregates. */
export function createExtendedAggregateState(spec: AggregateSpec, argType: DataType, arg2Type: DataType | null): AggregateState {
  switch (spec.kind) {
    case 'stddev_samp':
    case 'stddev_pop':
    case 'var_samp':
    case 'var_pop':
      return new VarianceState(spec.kind, argType.id === 'decimal' ? 10 ** (argType.scale ?? 0) : 1);
    case 'median':
    case 'quantile_cont':
    case 'quantile_disc':
    case 'string_agg':
      return new ValueListState(spec, argType, arg2Type);
    case 'approx_count_distinct':
      return new HllAggregateState('values', 'estimate');
    case 'hll_sketch':
      return new HllAggregateState('values', 'sketch');
    case 'hll_union':
      return new HllAggregateState('sketches', 'sketch');
    case 'arg_min':
    case 'arg_max':
      return new ArgExtremeState(spec.outputType, spec.kind === 'arg_max', arg2Type ?? DOUBLE);
    default:
      throw new StrataError('internal', `no aggregate state for ${spec.kind}`);
  }
}

function growF64(a: Float64Array, n: number): Float64Array {
  if (a.length >= n) return a;
  const out = new Float64Array(Math.max(n, a.length * 2, 16));
  out.set(a);
  return out;
}

function growI32(a: Int32Array, n: number, init = 0): Int32Array {
  if (a.length >= n) return a;
  const out = new Int32Array(Math.max(n, a.length * 2, 16));
  out.set(a);
  if (init !== 0) out.fill(init, a.length);
  return out;
}

function growU8(a: Uint8Array, n: number): Uint8Array {
  if (a.length >= n) return a;
  const out = new Uint8Array(Math.max(n, a.length * 2, 16));
  out.set(a);
  return out;
}

/** Physical row of live row k. */
function rowOf(sel: Int32Array | null, k: number): number {
  return sel === null ? k : sel[k];
}

/** A nullable result vector from float64 values; `present[g] === 0` makes group g NULL. */
function resultVector(type: DataType, vals: Float64Array | Int32Array, present: Uint8Array, groups: number, dict: string[] | null = null): Vector {
  const data = allocData(type, groups);
  let validity: Uint8Array | null = null;
  for (let g = 0; g < groups; g++) {
    if (present[g] === 0) {
      validity ??= new Uint8Array(groups).fill(1);
      validity[g] = 0;
    } else data[g] = vals[g];
  }
  return new Vector(type, data, validity, physicalKind(type) === 'str' ? (dict ?? []) : null, groups);
}

// --- variance / stddev ---

/**
 * var_samp, var_pop, stddev_samp, stddev_pop: Welford's running mean and sum of squared
 * deviations per group (numerically stable, unlike sum of squares), merged with Chan's formula.
 */
class VarianceState implements AggregateState {
  private counts: Float64Array = new Float64Array(0);
  private means: Float64Array = new Float64Array(0);
  private m2: Float64Array = new Float64Array(0);

  constructor(
    private readonly kind: AggregateKind,
    private readonly divisor: number,
  ) {}

  get byteSize(): number {
    return this.counts.byteLength * 3;
  }

  resize(groups: number): void {
    this.counts = growF64(this.counts, groups);
    this.means = growF64(this.means, groups);
    this.m2 = growF64(this.m2, groups);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const v = arg as Vector;
    const data = v.data;
    const validity = v.validity;
    const counts = this.counts;
    const means = this.means;
    const m2 = this.m2;
    const div = this.divisor;
    for (let k = 0; k < n; k++) {
      const row = rowOf(sel, k);
      if (validity !== null && validity[row] === 0) continue;
      const g = gids[k];
      const x = data[row] / div;
      const c = ++counts[g];
      const d = x - means[g];
      means[g] += d / c;
      m2[g] += d * (x - means[g]);
    }
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    const o = other as VarianceState;
    for (let i = 0; i < otherGroups; i++) {
      const nb = o.counts[i];
      if (nb === 0) continue;
      const g = map[i];
      const na = this.counts[g];
      const n = na + nb;
      const d = o.means[i] - this.means[g];
      this.means[g] += (d * nb) / n;
      this.m2[g] += o.m2[i] + (d * d * na * nb) / n;
      this.counts[g] = n;
    }
  }

  finish(groups: number): Vector {
    const out = new Float64Array(groups);
    const present = new Uint8Array(groups);
    const sample = this.kind === 'var_samp' || this.kind === 'stddev_samp';
    const root = this.kind === 'stddev_samp' || this.kind === 'stddev_pop';
    for (let g = 0; g < groups; g++) {
      const c = this.counts[g];
      if (c === 0 || (sample && c < 2)) continue;
      const variance = Math.max(0, this.m2[g] / (sample ? c - 1 : c));
      out[g] = root ? Math.sqrt(variance) : variance;
      present[g] = 1;
    }
    return resultVector(DOUBLE, out, present, groups);
  }
}

// --- value lists: median, quantiles, string_agg ---

/**
 * Aggregates that need every value of a group: the state appends (group, value[, order key])
 * triples to flat typed arrays and sorts per group at the end (a counting sort by group, then a
 * sort inside each group). Strings are interned into the state's own dictionary; ordering of
 * strings uses the rank of each interned string, computed once in `finish`.
 *
 * - median / quantile_cont: interpolates between the two values around position (n-1)*q
 *   (numbers; DATE and TIMESTAMP as timestamps; DECIMAL on the scaled integers, rounded down).
 *   Other types fall back to the discrete quantile.
 * - quantile_disc: the value at index ceil(n*q)-1 of the sorted values (as DuckDB).
 * - string_agg: the non-NULL strings joined by the separator, in input order or by the key.
 */
class ValueListState implements AggregateState {
  private gids: Int32Array = new Int32Array(0);
  private vals: Float64Array = new Float64Array(0);
  private keys: Float64Array = new Float64Array(0);
  private keyNull: Uint8Array = new Uint8Array(0);
  private count = 0;
  private readonly strings: StringInterner | null;
  private readonly keyStrings: StringInterner | null;
  private readonly fraction: number;
  private readonly continuous: boolean;

  constructor(
    private readonly spec: AggregateSpec,
    private readonly argType: DataType,
    private readonly keyType: DataType | null,
  ) {
    const str = physicalKind(argType) === 'str' || spec.kind === 'string_agg';
    this.strings = str ? new StringInterner() : null;
    this.keyStrings = keyType !== null && physicalKind(keyType) === 'str' ? new StringInterner() : null;
    this.fraction = spec.kind === 'median' ? 0.5 : (spec.options?.fraction ?? 0.5);
    const id = argType.id;
    this.continuous =
      (spec.kind === 'median' || spec.kind === 'quantile_cont') &&
      (id === 'integer' || id === 'bigint' || id === 'double' || id === 'decimal' || id === 'date' || id === 'timestamp');
  }

  get byteSize(): number {
    return this.gids.byteLength + this.vals.byteLength + this.keys.byteLength + this.keyNull.byteLength;
  }

  resize(): void {
    // Values are stored per row, not per group.
  }

  private reserve(n: number): void {
    const need = this.count + n;
    this.gids = growI32(this.gids, need);
    this.vals = growF64(this.vals, need);
    if (this.keyType !== null) {
      this.keys = growF64(this.keys, need);
      this.keyNull = growU8(this.keyNull, need);
    }
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number, arg2?: Vector | null): void {
    const v = arg as Vector;
    this.reserve(n);
    const validity = v.validity;
    const data = v.data;
    const map = this.strings !== null && v.dict !== null ? this.strings.translate(v.dict) : null;
    const key = this.keyType !== null ? (arg2 ?? null) : null;
    const keyMap = key !== null && this.keyStrings !== null && key.dict !== null ? this.keyStrings.translate(key.dict) : null;
    let m = this.count;
    for (let k = 0; k < n; k++) {
      const row = rowOf(sel, k);
      if (validity !== null && validity[row] === 0) continue;
      this.gids[m] = gids[k];
      // A non-string argument of string_agg is rendered as text by the binder's cast.
      this.vals[m] = map !== null ? map[data[row]] : data[row];
      if (key !== null) {
        const isNull = key.validity !== null && key.validity[row] === 0;
        this.keyNull[m] = isNull ? 1 : 0;
        this.keys[m] = isNull ? 0 : keyMap !== null ? keyMap[key.data[row]] : key.data[row];
      }
      m++;
    }
    this.count = m;
  }

  mergeFrom(other: AggregateState, map: Int32Array): void {
    const o = other as ValueListState;
    this.reserve(o.count);
    const strMap = this.strings !== null && o.strings !== null ? this.strings.translate(o.strings.dict) : null;
    const keyMap = this.keyStrings !== null && o.keyStrings !== null ? this.keyStrings.translate(o.keyStrings.dict) : null;
    let m = this.count;
    for (let i = 0; i < o.count; i++) {
      this.gids[m] = map[o.gids[i]];
      this.vals[m] = strMap !== null ? strMap[o.vals[i]] : o.vals[i];
      if (this.keyType !== null) {
        this.keyNull[m] = o.keyNull[i];
        this.keys[m] = keyMap !== null && o.keyNull[i] === 0 ? keyMap[o.keys[i]] : o.keys[i];
      }
      m++;
    }
    this.count = m;
  }

  /** Entry indexes grouped by group id (counting sort, stable), with the start offset of each group. */
  private byGroup(groups: number): { order: Int32Array; starts: Int32Array } {
    const starts = new Int32Array(groups + 1);
    for (let i = 0; i < this.count; i++) starts[this.gids[i] + 1]++;
    for (let g = 0; g < groups; g++) starts[g + 1] += starts[g];
    const fill = starts.slice(0, groups);
    const order = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) order[fill[this.gids[i]]++] = i;
    return { order, starts };
  }

  finish(groups: number): Vector {
    const { order, starts } = this.byGroup(groups);
    return this.spec.kind === 'string_agg' ? this.finishStringAgg(groups, order, starts) : this.finishQuantile(groups, order, starts);
  }

  private finishQuantile(groups: number, order: Int32Array, starts: Int32Array): Vector {
    // Sort keys: numbers as they are; strings by the rank of their interned code.
    const rank = this.strings !== null ? rankDictionary(this.strings.dict).rank : null;
    const out = new Float64Array(groups);
    const present = new Uint8Array(groups);
    let scratch = new Float64Array(0);
    let codes = new Float64Array(0);
    const q = this.fraction;
    const id = this.argType.id;
    for (let g = 0; g < groups; g++) {
      const lo = starts[g];
      const n = starts[g + 1] - lo;
      if (n === 0) continue;
      if (scratch.length < n) scratch = new Float64Array(n);
      const vals = scratch.subarray(0, n);
      for (let j = 0; j < n; j++) {
        const v = this.vals[order[lo + j]];
        vals[j] = rank !== null ? rank[v] : v;
      }
      vals.sort();
      present[g] = 1;
      if (!this.continuous) {
        const at = Math.max(0, Math.ceil(n * q) - 1);
        if (rank === null) out[g] = vals[at];
        else {
          // Map the winning rank back to a code.
          if (codes.length < rank.length) {
            codes = new Float64Array(rank.length);
            for (let c = 0; c < rank.length; c++) codes[rank[c]] = c;
          }
          out[g] = codes[vals[at]];
        }
        continue;
      }
      const pos = (n - 1) * q;
      const a = Math.floor(pos);
      const b = Math.ceil(pos);
      let x = vals[a];
      let y = vals[b];
      if (id === 'date') {
        x *= MICROS_PER_DAY;
        y *= MICROS_PER_DAY;
      }
      const v = x + (y - x) * (pos - a);
      // Scaled decimals and timestamps stay integers (rounded down, as DuckDB does).
      out[g] = id === 'decimal' || id === 'date' || id === 'timestamp' ? Math.floor(v) : v;
    }
    return resultVector(this.spec.outputType, out, present, groups, this.strings?.dict ?? null);
  }

  private finishStringAgg(groups: number, order: Int32Array, starts: Int32Array): Vector {
    const dict = (this.strings as StringInterner).dict;
    const sep = this.spec.options?.separator ?? ',';
    const keyRank = this.keyStrings !== null ? rankDictionary(this.keyStrings.dict).rank : null;
    const desc = this.spec.options?.orderDesc === true;
    const nullsFirst = this.spec.options?.orderNullsFirst === true;
    const interner = new StringInterner();
    const codes = new Int32Array(groups);
    const present = new Uint8Array(groups);
    for (let g = 0; g < groups; g++) {
      const lo = starts[g];
      const hi = starts[g + 1];
      if (hi === lo) continue;
      const idx = Array.from(order.subarray(lo, hi));
      if (this.keyType !== null) {
        const key = (i: number): number => {
          const k = this.keys[i];
          return keyRank !== null ? keyRank[k] : k;
        };
        idx.sort((a, b) => {
          const na = this.keyNull[a];
          const nb = this.keyNull[b];
          if (na !== nb) return nullsFirst ? nb - na : na - nb;
          if (na === 0) {
            const d = key(a) - key(b);
            if (d !== 0) return desc ? -d : d;
          }
          return a - b;
        });
      }
      let s = '';
      for (let j = 0; j < idx.length; j++) s += (j > 0 ? sep : '') + dict[this.vals[idx[j]]];
      codes[g] = interner.intern(s);
      present[g] = 1;
    }
    return resultVector(VARCHAR, codes, present, groups, interner.dict);
  }
}

// --- arg_min / arg_max ---

/**
 * arg_min(x, key) / arg_max(x, key): x of the row with the smallest (largest) key; the first such
 * row on ties. Rows where x or key is NULL are skipped (as DuckDB). Numeric keys compare as
 * numbers; string keys as strings (kept per group as JS strings).
 */
class ArgExtremeState implements AggregateState {
  private has: Uint8Array = new Uint8Array(0);
  private numKeys: Float64Array = new Float64Array(0);
  private strKeys: string[] = [];
  private vals: Float64Array = new Float64Array(0);
  private readonly strings: StringInterner | null;
  private readonly stringKey: boolean;

  constructor(
    private readonly outputType: DataType,
    private readonly isMax: boolean,
    keyType: DataType,
  ) {
    this.strings = physicalKind(outputType) === 'str' ? new StringInterner() : null;
    this.stringKey = physicalKind(keyType) === 'str';
  }

  get byteSize(): number {
    return this.has.byteLength + this.numKeys.byteLength + this.vals.byteLength;
  }

  resize(groups: number): void {
    this.has = growU8(this.has, groups);
    this.numKeys = growF64(this.numKeys, groups);
    this.vals = growF64(this.vals, groups);
    while (this.strKeys.length < groups) this.strKeys.push('');
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number, arg2?: Vector | null): void {
    const v = arg as Vector;
    const key = arg2 as Vector;
    const map = this.strings !== null && v.dict !== null ? this.strings.translate(v.dict) : null;
    const kdict = key.dict;
    const isMax = this.isMax;
    for (let k = 0; k < n; k++) {
      const row = rowOf(sel, k);
      if ((v.validity !== null && v.validity[row] === 0) || (key.validity !== null && key.validity[row] === 0)) continue;
      const g = gids[k];
      let better: boolean;
      if (this.stringKey) {
        const s = (kdict as string[])[key.data[row]];
        better = this.has[g] === 0 || (isMax ? s > this.strKeys[g] : s < this.strKeys[g]);
        if (better) this.strKeys[g] = s;
      } else {
        const x = key.data[row];
        better = this.has[g] === 0 || (isMax ? x > this.numKeys[g] : x < this.numKeys[g]);
        if (better) this.numKeys[g] = x;
      }
      if (better) {
        this.has[g] = 1;
        this.vals[g] = map !== null ? map[v.data[row]] : v.data[row];
      }
    }
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    const o = other as ArgExtremeState;
    const strMap = this.strings !== null && o.strings !== null ? this.strings.translate(o.strings.dict) : null;
    for (let i = 0; i < otherGroups; i++) {
      if (o.has[i] === 0) continue;
      const g = map[i];
      const better = this.stringKey
        ? this.has[g] === 0 || (this.isMax ? o.strKeys[i] > this.strKeys[g] : o.strKeys[i] < this.strKeys[g])
        : this.has[g] === 0 || (this.isMax ? o.numKeys[i] > this.numKeys[g] : o.numKeys[i] < this.numKeys[g]);
      if (!better) continue;
      this.has[g] = 1;
      this.numKeys[g] = o.numKeys[i];
      this.strKeys[g] = o.strKeys[i];
      this.vals[g] = strMap !== null ? strMap[o.vals[i]] : o.vals[i];
    }
  }

  finish(groups: number): Vector {
    return resultVector(this.outputType, this.vals, this.has, groups, this.strings?.dict ?? null);
  }
}
