/** Aggregate function states: per-group typed arrays indexed by group id, with batch update, merge and finish. */
import { StrataError } from '../../errors.js';
import {
  allocData,
  BIGINT,
  BOOLEAN,
  type DataType,
  decimalType,
  DOUBLE,
  INTEGER,
  MAX_DECIMAL_PRECISION,
  NULL_TYPE,
  physicalKind,
  typeToString,
} from '../../types/data-type.js';
import { StringInterner } from '../../vector/string-interner.js';
import { Vector } from '../../vector/vector.js';
import { rankDictionary } from '../../vector/sort-keys.js';
import type { AggregateFn, AggregateOptions } from '../../plan/logical-plan.js';
import { createExtendedAggregateState, extendedAggregateOutputType } from './extended-aggregate-states.js';
import { KeyHashTable } from './key-hash-table.js';

/** The aggregate functions the hash aggregate computes (the logical plan's {@link AggregateFn}). */
export type AggregateKind = AggregateFn;

/** One aggregate of a GROUP BY: function, argument column (-1 for count_star), DISTINCT, result type. */
export interface AggregateSpec {
  kind: AggregateKind;
  argCol: number;
  distinct: boolean;
  outputType: DataType;
  /** Second argument column (arg_min/arg_max's value, string_agg's ORDER BY key); absent or -1 for none. */
  arg2Col?: number;
  options?: AggregateOptions;
}

/**
 * The result type of an aggregate over an argument type (null for count_star): count → BIGINT;
 * sum of INTEGER/BIGINT → BIGINT (exact to 2^53), of DECIMAL(p,s) → DECIMAL(18,s), of DOUBLE →
 * DOUBLE; avg → DOUBLE; min/max/any_value → the argument type; bool_and/bool_or → BOOLEAN.
 * Throws a binder error for an argument type the function does not accept.
 */
export function aggregateOutputType(kind: AggregateKind, argType: DataType | null): DataType {
  const id = argType === null ? 'null' : argType.id;
  const unsupported = (): StrataError =>
    new StrataError('binder', `${kind}(${argType === null ? '' : typeToString(argType)}) is not supported`);
  switch (kind) {
    case 'count_star':
    case 'count':
      return BIGINT;
    case 'sum':
      if (id === 'integer' || id === 'bigint' || id === 'null' || id === 'boolean') return BIGINT;
      if (id === 'double') return DOUBLE;
      if (id === 'decimal') return decimalType(MAX_DECIMAL_PRECISION, (argType as DataType).scale ?? 0);
      throw unsupported();
    case 'avg':
      if (id === 'integer' || id === 'bigint' || id === 'double' || id === 'decimal' || id === 'null') return DOUBLE;
      throw unsupported();
    case 'min':
    case 'max':
    case 'any_value':
      if (id === 'interval') throw unsupported();
      return argType ?? NULL_TYPE;
    case 'bool_and':
    case 'bool_or':
      if (id === 'boolean' || id === 'null') return BOOLEAN;
      throw unsupported();
    default:
      return extendedAggregateOutputType(kind, argType, unsupported);
  }
}

/**
 * The state of one aggregate over all groups. Group g's state lives at index g of the state's
 * typed arrays; `update` folds a batch in, `mergeFrom` folds another partial state in (for
 * per-row-group parallelism), `finish` produces the result column.
 */
export interface AggregateState {
  /** Grows the per-group arrays to hold `groups` groups, initializing the new ones. */
  resize(groups: number): void;
  /**
   * Folds live rows into their groups: live row k is physical row `sel[k]` (k when `sel` is
   * null) of `arg` and belongs to group `gids[k]`. `arg` is null for count_star. `arg2` is the
   * second argument (same rows) of the aggregates that have one.
   */
  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number, arg2?: Vector | null): void;
  /** Folds `other` (same kind) in; `map[i]` is this table's group for the other's group i. */
  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void;
  /** The result for groups 0..groups) as a vector of the output type. */
  finish(groups: number): Vector;
  /** Bytes held by the state arrays. */
  readonly byteSize: number;
}

/**
 * Creates the state for one aggregate spec; `argType` is the argument column's type (null for
 * count_star), `arg2Type` the second argument's.
 */
export function createAggregateState(spec: AggregateSpec, argType: DataType | null, arg2Type: DataType | null = null): AggregateState {
  const isString = argType !== null && physicalKind(argType) === 'str';
  let state: AggregateState;
  switch (spec.kind) {
    case 'count_star':
      return new CountState(true);
    case 'count':
      state = new CountState(false);
      break;
    case 'sum':
      // sum(DISTINCT x) sees only each group's first occurrences: not every group gets rows.
      state = new SumState(spec.outputType, false, 1, spec.distinct);
      break;
    case 'avg':
      state = new SumState(spec.outputType, true, argType?.id === 'decimal' ? 10 ** (argType.scale ?? 0) : 1);
      break;
    case 'min':
    case 'max':
      // DISTINCT never changes min/max, so it needs no dedup state.
      return isString
        ? new StringMinMaxState(spec.outputType, spec.kind === 'max')
        : new MinMaxState(spec.outputType, spec.kind === 'max');
    case 'any_value':
      return isString ? new StringAnyValueState(spec.outputType) : new AnyValueState(spec.outputType);
    case 'bool_and':
    case 'bool_or':
      return new BoolState(spec.kind === 'bool_or');
    default:
      state = createExtendedAggregateState(spec, argType as DataType, arg2Type);
  }
  return spec.distinct && argType !== null ? new DistinctState(state, argType) : state;
}

// --- growable arrays and dense loading ---

function growF64(a: Float64Array, n: number, init: number): Float64Array {
  if (a.length >= n) return a;
  const out = new Float64Array(Math.max(n, a.length * 2, 16));
  out.set(a);
  if (init !== 0) out.fill(init, a.length);
  return out;
}

function growU8(a: Uint8Array, n: number, init: number): Uint8Array {
  if (a.length >= n) return a;
  const out = new Uint8Array(Math.max(n, a.length * 2, 16));
  out.set(a);
  if (init !== 0) out.fill(init, a.length);
  return out;
}

function growI32(a: Int32Array, n: number, init: number): Int32Array {
  if (a.length >= n) return a;
  const out = new Int32Array(Math.max(n, a.length * 2, 16));
  out.set(a);
  if (init !== 0) out.fill(init, a.length);
  return out;
}

/**
 * Scratch buffers a state loads its argument into, so that the update loops run over one dense
 * Float64Array (monomorphic) whatever the argument's physical type and selection.
 */
class DenseArg {
  private vals: Float64Array = new Float64Array(0);
  private valid: Uint8Array = new Uint8Array(0);

  /** Argument values of live rows 0..n) as float64; the vector's own array when already dense f64. */
  values(v: Vector, sel: Int32Array | null, n: number): Float64Array {
    const data = v.data;
    if (sel === null && data instanceof Float64Array) return data;
    if (this.vals.length < n) this.vals = new Float64Array(Math.max(n, 2048));
    const out = this.vals;
    if (sel === null) for (let k = 0; k < n; k++) out[k] = data[k];
    else for (let k = 0; k < n; k++) out[k] = data[sel[k]];
    return out;
  }

  /** Validity of live rows 0..n), or null when all are valid. */
  validity(v: Vector, sel: Int32Array | null, n: number): Uint8Array | null {
    const validity = v.validity;
    if (validity === null || sel === null) return validity;
    if (this.valid.length < n) this.valid = new Uint8Array(Math.max(n, 2048));
    const out = this.valid;
    for (let k = 0; k < n; k++) out[k] = validity[sel[k]];
    return out;
  }
}

/** Builds a result vector from float64 states; group g is NULL when `present[g]` is 0. */
function numericResult(type: DataType, vals: Float64Array, present: Uint8Array | Float64Array | null, groups: number): Vector {
  const data = allocData(type, groups);
  let validity: Uint8Array | null = null;
  for (let g = 0; g < groups; g++) {
    if (present !== null && present[g] === 0) {
      validity ??= new Uint8Array(groups).fill(1);
      validity[g] = 0;
    } else {
      data[g] = vals[g];
    }
  }
  return new Vector(type, data, validity, physicalKind(type) === 'str' ? [] : null, groups);
}

// --- count / count_star ---

/** count(*) (every row) or count(x) (non-NULL rows); never NULL, 0 for an empty group. */
class CountState implements AggregateState {
  private counts: Float64Array = new Float64Array(0);

  constructor(private readonly star: boolean) {}

  get byteSize(): number {
    return this.counts.byteLength;
  }

  resize(groups: number): void {
    this.counts = growF64(this.counts, groups, 0);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const counts = this.counts;
    const validity = this.star || arg === null ? null : arg.validity;
    if (validity === null) {
      for (let k = 0; k < n; k++) counts[gids[k]]++;
    } else if (sel === null) {
      for (let k = 0; k < n; k++) counts[gids[k]] += validity[k];
    } else {
      for (let k = 0; k < n; k++) counts[gids[k]] += validity[sel[k]];
    }
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    const o = (other as CountState).counts;
    for (let i = 0; i < otherGroups; i++) this.counts[map[i]] += o[i];
  }

  finish(groups: number): Vector {
    return numericResult(BIGINT, this.counts, null, groups);
  }
}

// --- sum / avg ---

/**
 * sum(x) or avg(x): a float64 sum and a count of non-NULL values per group. Integers and scaled
 * decimals stay exact below 2^53. avg of a DECIMAL divides by 10^scale at the end.
 *
 * sum only needs the count to tell an all-NULL group (result NULL) from others, so while no input
 * has had NULLs it does not count at all: every group then got a value from the row that created
 * it. The first input with NULLs switches counting on, crediting the groups seen so far.
 */
class SumState implements AggregateState {
  private sums: Float64Array = new Float64Array(0);
  private counts: Float64Array = new Float64Array(0);
  private readonly dense = new DenseArg();
  private counting: boolean;
  /** Groups allocated by `resize`. */
  private groups = 0;
  /**
   * While not counting: groups 0..valued) have a value. Every update without NULLs sets it to all
   * groups, which holds only when every group created has had a row in some update.
   */
  private valued = 0;

  constructor(
    private readonly outputType: DataType,
    private readonly avg: boolean,
    private readonly scaleDivisor: number,
    /** Whether updates may skip groups (then presence must be counted, not assumed). */
    sparse = false,
  ) {
    this.counting = avg || sparse;
  }

  get byteSize(): number {
    return this.sums.byteLength + this.counts.byteLength;
  }

  resize(groups: number): void {
    this.sums = growF64(this.sums, groups, 0);
    this.counts = growF64(this.counts, groups, 0);
    this.groups = Math.max(this.groups, groups);
  }

  private startCounting(): void {
    if (this.counting) return;
    this.counting = true;
    this.counts.fill(1, 0, this.valued);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const v = arg as Vector;
    const vals = this.dense.values(v, sel, n);
    const valid = this.dense.validity(v, sel, n);
    const sums = this.sums;
    if (valid === null && !this.counting) {
      for (let k = 0; k < n; k++) sums[gids[k]] += vals[k];
      this.valued = this.groups;
      return;
    }
    this.startCounting();
    const counts = this.counts;
    if (valid === null) {
      for (let k = 0; k < n; k++) {
        const g = gids[k];
        sums[g] += vals[k];
        counts[g]++;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const g = gids[k];
        const ok = valid[k];
        // Select rather than multiply: NULL slots should hold 0, but 0 * Infinity would be NaN.
        sums[g] += ok !== 0 ? vals[k] : 0;
        counts[g] += ok;
      }
    }
  }

  /** Non-zero for groups that have at least one value. */
  private presence(groups: number): Float64Array {
    if (this.counting) return this.counts;
    const p = new Float64Array(groups);
    p.fill(1, 0, Math.min(this.valued, groups));
    return p;
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    const o = other as SumState;
    this.startCounting();
    const oc = o.presence(otherGroups);
    for (let i = 0; i < otherGroups; i++) {
      const g = map[i];
      this.sums[g] += o.sums[i];
      this.counts[g] += oc[i];
    }
  }

  finish(groups: number): Vector {
    const present = this.presence(groups);
    if (!this.avg) return numericResult(this.outputType, this.sums, present, groups);
    const means = new Float64Array(groups);
    const div = this.scaleDivisor;
    for (let g = 0; g < groups; g++) means[g] = this.counts[g] === 0 ? 0 : this.sums[g] / this.counts[g] / div;
    return numericResult(this.outputType, means, this.counts, groups);
  }
}

// --- min / max / any_value / bool over numbers ---

/** min(x) / max(x) over numbers (all non-string types); NaN is larger than every number. */
class MinMaxState implements AggregateState {
  private vals: Float64Array = new Float64Array(0);
  private has: Uint8Array = new Uint8Array(0);
  private readonly dense = new DenseArg();

  constructor(
    private readonly outputType: DataType,
    private readonly isMax: boolean,
  ) {}

  get byteSize(): number {
    return this.vals.byteLength + this.has.byteLength;
  }

  resize(groups: number): void {
    this.vals = growF64(this.vals, groups, 0);
    this.has = growU8(this.has, groups, 0);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const v = arg as Vector;
    const vals = this.dense.values(v, sel, n);
    const valid = this.dense.validity(v, sel, n);
    const state = this.vals;
    const has = this.has;
    if (this.isMax) {
      for (let k = 0; k < n; k++) {
        if (valid !== null && valid[k] === 0) continue;
        const g = gids[k];
        const x = vals[k];
        // `x !== x`: a NaN beats everything for max.
        if (has[g] === 0 || x > state[g] || x !== x) {
          state[g] = x;
          has[g] = 1;
        }
      }
    } else {
      for (let k = 0; k < n; k++) {
        if (valid !== null && valid[k] === 0) continue;
        const g = gids[k];
        const x = vals[k];
        const cur = state[g];
        // `cur !== cur`: a NaN state loses to any value for min.
        if (has[g] === 0 || x < cur || cur !== cur) {
          state[g] = x;
          has[g] = 1;
        }
      }
    }
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    const o = other as MinMaxState;
    this.update(map, o.finish(otherGroups), null, otherGroups);
  }

  finish(groups: number): Vector {
    return numericResult(this.outputType, this.vals, this.has, groups);
  }
}

/** any_value(x) over numbers: the first non-NULL value seen per group. */
class AnyValueState implements AggregateState {
  private vals: Float64Array = new Float64Array(0);
  private has: Uint8Array = new Uint8Array(0);
  private readonly dense = new DenseArg();

  constructor(private readonly outputType: DataType) {}

  get byteSize(): number {
    return this.vals.byteLength + this.has.byteLength;
  }

  resize(groups: number): void {
    this.vals = growF64(this.vals, groups, 0);
    this.has = growU8(this.has, groups, 0);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const v = arg as Vector;
    const vals = this.dense.values(v, sel, n);
    const valid = this.dense.validity(v, sel, n);
    const state = this.vals;
    const has = this.has;
    for (let k = 0; k < n; k++) {
      if (valid !== null && valid[k] === 0) continue;
      const g = gids[k];
      if (has[g] === 0) {
        state[g] = vals[k];
        has[g] = 1;
      }
    }
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    this.update(map, (other as AnyValueState).finish(otherGroups), null, otherGroups);
  }

  finish(groups: number): Vector {
    return numericResult(this.outputType, this.vals, this.has, groups);
  }
}

/** bool_and(x) / bool_or(x): AND / OR of the non-NULL values; NULL when there are none. */
class BoolState implements AggregateState {
  private vals: Uint8Array = new Uint8Array(0);
  private has: Uint8Array = new Uint8Array(0);
  private readonly dense = new DenseArg();

  constructor(private readonly isOr: boolean) {}

  get byteSize(): number {
    return this.vals.byteLength + this.has.byteLength;
  }

  resize(groups: number): void {
    // Start from the identity (true for AND, false for OR) so the loops need no first-value branch.
    this.vals = growU8(this.vals, groups, this.isOr ? 0 : 1);
    this.has = growU8(this.has, groups, 0);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const v = arg as Vector;
    const vals = this.dense.values(v, sel, n);
    const valid = this.dense.validity(v, sel, n);
    const state = this.vals;
    const has = this.has;
    if (this.isOr) {
      for (let k = 0; k < n; k++) {
        if (valid !== null && valid[k] === 0) continue;
        const g = gids[k];
        state[g] |= vals[k] !== 0 ? 1 : 0;
        has[g] = 1;
      }
    } else {
      for (let k = 0; k < n; k++) {
        if (valid !== null && valid[k] === 0) continue;
        const g = gids[k];
        state[g] &= vals[k] !== 0 ? 1 : 0;
        has[g] = 1;
      }
    }
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    this.update(map, (other as BoolState).finish(otherGroups), null, otherGroups);
  }

  finish(groups: number): Vector {
    const data = new Uint8Array(groups);
    let validity: Uint8Array | null = null;
    for (let g = 0; g < groups; g++) {
      if (this.has[g] === 0) {
        validity ??= new Uint8Array(groups).fill(1);
        validity[g] = 0;
      } else data[g] = this.vals[g];
    }
    return new Vector(BOOLEAN, data, validity, null, groups);
  }
}

// --- strings ---

/**
 * Per-dictionary facts a string state needs: the rank of each code in string order and a lazy
 * translation of codes into the state's own interner (filled only for strings that win).
 */
class DictInfo {
  dict: readonly string[] = [];
  length = -1;
  /** Bumped on every dictionary switch; a group's rank key is only meaningful in its epoch. */
  epoch = 0;
  order: Int32Array = new Int32Array(0);
  rank: Int32Array = new Int32Array(0);
  toGlobal: Int32Array = new Int32Array(0);

  /** Switches to `dict` unless it is the current one (dictionaries only grow by appending). */
  use(dict: readonly string[]): boolean {
    if (dict === this.dict && dict.length === this.length) return false;
    this.dict = dict;
    this.length = dict.length;
    this.epoch++;
    const r = rankDictionary(dict);
    this.order = r.order;
    this.rank = r.rank;
    this.toGlobal = new Int32Array(dict.length).fill(-1);
    return true;
  }

  /** This dictionary's code of string `s` interned in `interner`, interning on first use. */
  global(code: number, interner: StringInterner): number {
    let gc = this.toGlobal[code];
    if (gc < 0) {
      gc = interner.intern(this.dict[code]);
      this.toGlobal[code] = gc;
    }
    return gc;
  }

  /**
   * Position of an arbitrary string in this dictionary's rank space, doubled: 2*rank for a string
   * present in the dictionary, an odd number between its neighbours otherwise.
   */
  doubledRankOf(s: string): number {
    const order = this.order;
    const dict = this.dict;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dict[order[mid]] < s) lo = mid + 1;
      else hi = mid;
    }
    if (lo < order.length && dict[order[lo]] === s) return 2 * this.rank[order[lo]];
    return lo === 0 ? -1 : 2 * this.rank[order[lo - 1]] + 1;
  }
}

/**
 * min(x) / max(x) over VARCHAR, compared by string value with integer work per row: each group
 * keeps its winner as a code in the state's interner plus a rank key relative to the current input
 * dictionary. Within one dictionary (the usual case: a column's vectors share it) a row costs one
 * rank load and one integer compare; on a dictionary switch each touched group re-ranks its winner
 * once by binary search. Max negates the keys so both directions keep "smaller key wins".
 */
class StringMinMaxState implements AggregateState {
  private readonly interner = new StringInterner();
  private codes: Int32Array = new Int32Array(0);
  private keys: Int32Array = new Int32Array(0);
  private epochs: Int32Array = new Int32Array(0);
  private readonly info = new DictInfo();
  /** Rank key per code of the current dictionary (±2*rank). */
  private rankKey: Int32Array = new Int32Array(0);

  constructor(
    private readonly outputType: DataType,
    private readonly isMax: boolean,
  ) {}

  get byteSize(): number {
    return this.codes.byteLength + this.keys.byteLength + this.epochs.byteLength + this.rankKey.byteLength;
  }

  resize(groups: number): void {
    this.codes = growI32(this.codes, groups, -1);
    this.keys = growI32(this.keys, groups, 0);
    this.epochs = growI32(this.epochs, groups, 0);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const v = arg as Vector;
    const info = this.info;
    if (info.use(v.dict ?? [])) {
      const rank = info.rank;
      const rk = new Int32Array(rank.length);
      const sign = this.isMax ? -2 : 2;
      for (let c = 0; c < rank.length; c++) rk[c] = sign * rank[c];
      this.rankKey = rk;
    }
    const rankKey = this.rankKey;
    const epoch = info.epoch;
    const data = v.data;
    const validity = v.validity;
    const codes = this.codes;
    const keys = this.keys;
    const epochs = this.epochs;
    for (let k = 0; k < n; k++) {
      const row = sel === null ? k : sel[k];
      if (validity !== null && validity[row] === 0) continue;
      const g = gids[k];
      const c = data[row];
      const key = rankKey[c];
      if (epochs[g] !== epoch) {
        if (codes[g] < 0) {
          codes[g] = info.global(c, this.interner);
          keys[g] = key;
          epochs[g] = epoch;
          continue;
        }
        this.rebase(g);
      }
      if (key < keys[g]) {
        codes[g] = info.global(c, this.interner);
        keys[g] = key;
      }
    }
  }

  /** Re-expresses group g's winner in the current dictionary's rank space. */
  private rebase(g: number): void {
    const r2 = this.info.doubledRankOf(this.interner.dict[this.codes[g]]);
    this.keys[g] = this.isMax ? -r2 : r2;
    this.epochs[g] = this.info.epoch;
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    this.update(map, (other as StringMinMaxState).finish(otherGroups), null, otherGroups);
  }

  finish(groups: number): Vector {
    return stringResult(this.outputType, this.codes, this.interner, groups);
  }
}

/** any_value(x) over VARCHAR: the first non-NULL string per group. */
class StringAnyValueState implements AggregateState {
  private readonly interner = new StringInterner();
  private codes: Int32Array = new Int32Array(0);
  private readonly info = new DictInfo();

  constructor(private readonly outputType: DataType) {}

  get byteSize(): number {
    return this.codes.byteLength;
  }

  resize(groups: number): void {
    this.codes = growI32(this.codes, groups, -1);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number): void {
    const v = arg as Vector;
    const info = this.info;
    info.use(v.dict ?? []);
    const data = v.data;
    const validity = v.validity;
    const codes = this.codes;
    for (let k = 0; k < n; k++) {
      const row = sel === null ? k : sel[k];
      if (validity !== null && validity[row] === 0) continue;
      const g = gids[k];
      if (codes[g] < 0) codes[g] = info.global(data[row], this.interner);
    }
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    this.update(map, (other as StringAnyValueState).finish(otherGroups), null, otherGroups);
  }

  finish(groups: number): Vector {
    return stringResult(this.outputType, this.codes, this.interner, groups);
  }
}

/** A VARCHAR result from interned codes per group (-1 = NULL). */
function stringResult(type: DataType, codes: Int32Array, interner: StringInterner, groups: number): Vector {
  const data = new Int32Array(groups);
  let validity: Uint8Array | null = null;
  for (let g = 0; g < groups; g++) {
    const c = codes[g];
    if (c < 0) {
      validity ??= new Uint8Array(groups).fill(1);
      validity[g] = 0;
    } else data[g] = c;
  }
  return new Vector(type, data, validity, interner.dict, groups);
}

// --- DISTINCT ---

/**
 * agg(DISTINCT x): a second key table over (group id, x) lets only the first occurrence of each
 * value per group through to the wrapped state. Merging replays the other side's distinct pairs,
 * so values seen by both partitions are still counted once.
 */
class DistinctState implements AggregateState {
  private readonly seen: KeyHashTable;
  private liveGids: Int32Array = new Int32Array(0);
  private liveRows: Int32Array = new Int32Array(0);
  private ids: Int32Array = new Int32Array(0);
  private newGids: Int32Array = new Int32Array(0);
  private newRows: Int32Array = new Int32Array(0);

  constructor(
    private readonly inner: AggregateState,
    argType: DataType,
  ) {
    this.seen = new KeyHashTable([INTEGER, argType]);
  }

  get byteSize(): number {
    return this.inner.byteSize + this.seen.byteSize;
  }

  resize(groups: number): void {
    this.inner.resize(groups);
  }

  update(gids: Int32Array, arg: Vector | null, sel: Int32Array | null, n: number, arg2?: Vector | null): void {
    const v = arg as Vector;
    if (this.ids.length < n) {
      const cap = Math.max(n, 2048);
      this.liveGids = new Int32Array(cap);
      this.liveRows = new Int32Array(cap);
      this.ids = new Int32Array(cap);
      this.newGids = new Int32Array(cap);
      this.newRows = new Int32Array(cap);
    }
    // NULLs are ignored by every aggregate, so they must not take a distinct slot either.
    const validity = v.validity;
    let m = 0;
    for (let k = 0; k < n; k++) {
      const row = sel === null ? k : sel[k];
      if (validity !== null && validity[row] === 0) continue;
      this.liveGids[m] = gids[k];
      this.liveRows[m++] = row;
    }
    if (m === 0) return;
    const values = v.gather(this.liveRows, m);
    const gidVec = new Vector(INTEGER, this.liveGids, null, null, m);
    const before = this.seen.size;
    this.seen.findOrInsert([gidVec, values], null, m, this.ids);
    // Ids are handed out densely in row order, so row j is a first occurrence iff its id is the next new one.
    let next = before;
    let fresh = 0;
    for (let j = 0; j < m; j++) {
      if (this.ids[j] === next) {
        next++;
        this.newGids[fresh] = this.liveGids[j];
        this.newRows[fresh++] = j;
      }
    }
    if (fresh === 0) return;
    // The second argument rides along for the rows that pass (gathered like the values).
    const second = arg2 ? arg2.gather(this.liveRows, m) : null;
    this.inner.update(this.newGids, values, this.newRows, fresh, second);
  }

  mergeFrom(other: AggregateState, map: Int32Array, otherGroups: number): void {
    void otherGroups;
    const o = other as DistinctState;
    const pairs = o.seen.size;
    const otherGids = o.seen.keyVector(0).data as Int32Array;
    const values = o.seen.keyVector(1);
    const gids = new Int32Array(pairs);
    for (let i = 0; i < pairs; i++) gids[i] = map[otherGids[i]];
    this.update(gids, values, null, pairs);
  }

  finish(groups: number): Vector {
    return this.inner.finish(groups);
  }
}
