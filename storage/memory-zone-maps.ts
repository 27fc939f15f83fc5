/** MemoryZoneMaps: min and max per column per zone of 256 rows of an in-memory table, so scans of buffered rows skip zones the way segment scans skip blocks. */
import { type BoundsPredicate, boundsMayMatch } from './read/zone-bounds.js';
import { type DataType, physicalKind } from '../engine/types/data-type.js';
import type { Vector } from '../engine/vector/vector.js';
import type { RuntimeKeyFilter, ScanPredicate } from './table-data.js';

/**
 * Rows per zone. Smaller than a scan batch (2,048) on purpose: a zone is only skipped when no row
 * of it can match, and a cube table sorted by (grouping set, dimensions) keeps a group of a few
 * hundred rows together; the scan merges consecutive kept zones back into full batches.
 */
export const ZONE_ROWS = 256;

/** Bounds of one column's complete zones; zone `z` covers rows [z * ZONE_ROWS, (z + 1) * ZONE_ROWS). */
interface NumberZones {
  readonly kind: 'number';
  /** Complete zones computed so far (a prefix: zones are computed in order). */
  count: number;
  /**
   * Min and max of the non-NULL values; +Infinity / -Infinity for an all-NULL zone (no predicate
   * or join key matches NULL), and max NaN for a zone holding a NaN (no bound then: SQL orders
   * NaN above every number, which min/max cannot express).
   */
  min: Float64Array;
  max: Float64Array;
}

interface StringZones {
  readonly kind: 'string';
  count: number;
  /** Least and greatest string of the zone (JS order, as segment dictionaries); null: all NULL. */
  min: (string | null)[];
  max: (string | null)[];
}

type ColumnZones = NumberZones | StringZones;

/**
 * Zone maps of one memtable's columns. Computed lazily, when a scan first tests a predicate on a
 * column, and only for complete zones: appends never change a complete zone, so its bounds stay
 * true until the rows are truncated (then the owner drops this object and starts a new one). The
 * rows of an incomplete last zone are always read.
 */
export class MemoryZoneMaps {
  private readonly columns: (ColumnZones | undefined)[] = [];

  constructor(private readonly types: readonly DataType[]) {}

  /** Bytes held by the bounds (string bounds are shared with the column's dictionary). */
  get byteSize(): number {
    let n = 0;
    for (const z of this.columns) if (z !== undefined) n += z.kind === 'number' ? z.min.byteLength + z.max.byteLength : 16 * z.min.length;
    return n;
  }

  /**
   * A predicate per zone test for the complete zones of `rows` rows: `keep(z)` is false when zone
   * `z` cannot hold a row passing every predicate and runtime filter. `columns` maps scan
   * columns to table columns; `data` is the scan's snapshot (table column order). Null when
   * nothing can be tested.
   */
  tester(
    columns: readonly number[],
    data: readonly Vector[],
    rows: number,
    predicates: readonly ScanPredicate[],
    filters: readonly RuntimeKeyFilter[],
  ): ZoneTester | null {
    const zones = Math.floor(rows / ZONE_ROWS);
    if (zones === 0 || (predicates.length === 0 && filters.length === 0)) return null;
    const tests: { zones: ColumnZones; pred: ScanPredicate | null; filter: RuntimeKeyFilter | null }[] = [];
    for (const p of predicates) {
      const col = columns[p.column];
      const str = physicalKind(this.types[col]) === 'str';
      if (!predicateFits(p, str)) continue;
      tests.push({ zones: this.zonesOf(col, data[col], zones), pred: p, filter: null });
    }
    for (const f of filters) {
      const col = columns[f.column];
      if (physicalKind(this.types[col]) === 'str') continue;
      tests.push({ zones: this.zonesOf(col, data[col], zones), pred: null, filter: f });
    }
    return tests.length === 0 ? null : new ZoneTester(tests, zones);
  }

  /** The column's zones, computed up to `zones` complete zones. */
  private zonesOf(col: number, v: Vector, zones: number): ColumnZones {
    let z = this.columns[col];
    if (z === undefined) {
      z = physicalKind(this.types[col]) === 'str'
        ? { kind: 'string', count: 0, min: [], max: [] }
        : { kind: 'number', count: 0, min: new Float64Array(16), max: new Float64Array(16) };
      this.columns[col] = z;
    }
    if (z.count < zones) {
      if (z.kind === 'number') computeNumberZones(z, v, zones);
      else computeStringZones(z, v, zones);
    }
    return z;
  }
}

/** Whether a predicate's constants can be compared with the column's zone bounds. */
function predicateFits(p: ScanPredicate, str: boolean): boolean {
  const ok = (v: unknown): boolean => v === null || (str ? typeof v === 'string' : typeof v === 'number' && !Number.isNaN(v));
  return p.kind === 'in' ? p.values.every((v) => v !== null && ok(v)) : ok(p.lo) && ok(p.hi);
}

function computeNumberZones(z: NumberZones, v: Vector, zones: number): void {
  if (z.min.length < zones) {
    let cap = z.min.length * 2;
    while (cap < zones) cap *= 2;
    const min = new Float64Array(cap);
    const max = new Float64Array(cap);
    min.set(z.min.subarray(0, z.count));
    max.set(z.max.subarray(0, z.count));
    z.min = min;
    z.max = max;
  }
  const data = v.data;
  const validity = v.validity;
  for (let zone = z.count; zone < zones; zone++) {
    let lo = Infinity;
    let hi = -Infinity;
    let nan = false;
    const end = (zone + 1) * ZONE_ROWS;
    for (let i = zone * ZONE_ROWS; i < end; i++) {
      if (validity !== null && validity[i] === 0) continue;
      const x = data[i];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      if (x !== x) nan = true;
    }
    z.min[zone] = nan ? -Infinity : lo;
    z.max[zone] = nan ? NaN : hi;
  }
  z.count = zones;
}

function computeStringZones(z: StringZones, v: Vector, zones: number): void {
  const codes = v.data;
  const dict = v.dict as string[];
  const validity = v.validity;
  for (let zone = z.count; zone < zones; zone++) {
    let lo: string | null = null;
    let hi: string | null = null;
    // Codes repeat in runs (sorted tables, low-cardinality columns): compare strings only on a change.
    let last = -1;
    const end = (zone + 1) * ZONE_ROWS;
    for (let i = zone * ZONE_ROWS; i < end; i++) {
      if (validity !== null && validity[i] === 0) continue;
      const c = codes[i];
      if (c === last) continue;
      last = c;
      const s = dict[c];
      if (lo === null || s < lo) lo = s;
      if (hi === null || s > hi) hi = s;
    }
    z.min[zone] = lo;
    z.max[zone] = hi;
  }
  z.count = zones;
}

/** A test on a numeric column's zones: the value range [lo, hi] (or the listed values) a row must hit. */
interface NumberTest {
  readonly zones: NumberZones;
  readonly lo: number;
  readonly hi: number;
  readonly loStrict: boolean;
  readonly hiStrict: boolean;
  /** `IN` values, or null for a range. */
  readonly values: readonly number[] | null;
}

interface StringTest {
  readonly zones: StringZones;
  readonly pred: ScanPredicate;
}

function numberTest(zones: NumberZones, p: ScanPredicate | null, f: RuntimeKeyFilter | null): NumberTest {
  if (f !== null) return { zones, lo: f.min, hi: f.max, loStrict: false, hiStrict: false, values: null };
  const q = p as ScanPredicate;
  if (q.kind === 'in') return { zones, lo: 0, hi: 0, loStrict: false, hiStrict: false, values: q.values as number[] };
  return {
    zones,
    lo: q.lo === null ? -Infinity : (q.lo as number),
    hi: q.hi === null ? Infinity : (q.hi as number),
    loStrict: q.lo !== null && !q.loInclusive,
    hiStrict: q.hi !== null && !q.hiInclusive,
    values: null,
  };
}

/**
 * Tests zones against a scan's predicates and runtime filter key ranges. Numeric tests (the
 * usual case: a cube's grouping set id first) run first, on typed arrays; each zone costs a few
 * comparisons, as a scan of a large table tests thousands of zones.
 */
export class ZoneTester {
  private readonly numbers: NumberTest[] = [];
  private readonly strings: StringTest[] = [];

  constructor(
    tests: readonly { zones: ColumnZones; pred: ScanPredicate | null; filter: RuntimeKeyFilter | null }[],
    /** Complete zones covered; later rows are always kept. */
    readonly zones: number,
  ) {
    for (const t of tests) {
      if (t.zones.kind === 'number') this.numbers.push(numberTest(t.zones, t.pred, t.filter));
      else this.strings.push({ zones: t.zones, pred: t.pred as ScanPredicate });
    }
  }

  /** False when no row of zone `z` (< zones) can pass. */
  keep(z: number): boolean {
    for (const t of this.numbers) {
      const max = t.zones.max[z];
      if (max !== max) continue; // a NaN in the zone: no bound
      const min = t.zones.min[z];
      if (min > max) return false; // all NULL
      if (t.values !== null) {
        let hit = false;
        for (const v of t.values) {
          if (v >= min && v <= max) {
            hit = true;
            break;
          }
        }
        if (!hit) return false;
      } else if ((t.loStrict ? max <= t.lo : max < t.lo) || (t.hiStrict ? min >= t.hi : min > t.hi)) {
        return false;
      }
    }
    for (const t of this.strings) {
      const min = t.zones.min[z];
      const max = t.zones.max[z];
      if (min === null || max === null || !boundsMayMatch(min, max, t.pred as BoundsPredicate<string>)) return false;
    }
    return true;
  }
}
