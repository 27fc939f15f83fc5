/** Builds the runtime key filter a hash join pushes into its probe side's table scan from its build keys. */
import type { RuntimeKeyFilter } from '../../../storage/table-data.js';
import type { Vector } from '../../vector/vector.js';

/**
 * Widest key range given a byte-per-value `bits` array regardless of the build size: 4 MiB, a
 * few times SSB's largest dimension key range at SF 10 (part: 800,000 keys).
 */
const BITS_ALWAYS_RANGE = 1 << 22;
/** Beyond BITS_ALWAYS_RANGE, `bits` is still built while the range is at most this many times the build rows. */
const BITS_PER_ROW = 8;

/** Estimated fraction of probe rows each filter keeps, by which filters are ordered. */
const SELECTIVITY = new WeakMap<RuntimeKeyFilter, number>();

/**
 * The filter "scan column `column` holds one of the non-NULL values of `keys`": their min and
 * max, and when the range is small enough a byte and a bit per value in [min, max] (1 = present). Null when
 * `keys` has no non-NULL value. `keys` must be an int32 column without dictionary (INTEGER, DATE).
 * `zoneOnly`: just the range, for skipping zones and blocks (RuntimeKeyFilter.zoneOnly).
 */
export function buildRuntimeFilter(keys: Vector, column: number, label: string, zoneOnly = false): RuntimeKeyFilter | null {
  const data = keys.data as Int32Array;
  const validity = keys.validity;
  const n = keys.length;
  let min = 2147483647;
  let max = -2147483648;
  for (let i = 0; i < n; i++) {
    if (validity !== null && validity[i] === 0) continue;
    const k = data[i];
    min = k < min ? k : min;
    max = k > max ? k : max;
  }
  if (min > max) return null;
  if (zoneOnly) return { column, min, max, bits: null, bitset: null, label, rowsRemoved: 0, zoneOnly };
  const range = max - min + 1;
  let bits: Uint8Array | null = null;
  let bitset: Int32Array | null = null;
  if (range <= BITS_ALWAYS_RANGE || range <= BITS_PER_ROW * n) {
    bits = new Uint8Array(range);
    bitset = new Int32Array((range + 31) >>> 5);
    for (let i = 0; i < n; i++) {
      if (validity !== null && validity[i] === 0) continue;
      const off = data[i] - min;
      bits[off] = 1;
      bitset[off >>> 5] |= 1 << (off & 31);
    }
  }
  return { column, min, max, bits, bitset, label, rowsRemoved: 0 };
}

/**
 * Adds `f`, estimated to keep a fraction `selectivity` of the scan's rows, to a scan's runtime
 * filters. Scans apply them in array order, so they are kept from the most selective to the
 * least: later filters then test only the rows earlier ones kept. (The share of the key range
 * present is no estimate: SSB's yyyymmdd date keys fill 4% of their range with every date.)
 */
export function addRuntimeFilter(filters: RuntimeKeyFilter[], f: RuntimeKeyFilter, selectivity: number): void {
  SELECTIVITY.set(f, selectivity);
  let i = filters.length;
  while (i > 0 && (SELECTIVITY.get(filters[i - 1]) ?? 1) > selectivity) i--;
  filters.splice(i, 0, f);
}
