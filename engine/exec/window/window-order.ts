/** Window ordering: one sort per (PARTITION BY, ORDER BY) spec, with partition and peer-group boundaries. */
import { VECTOR_SIZE } from '../../vector/batch.js';
import { RADIX_MIN_ROWS, type RadixKey, radixPermutation } from '../../vector/radix-sort.js';
import { makeRowComparator, type NormalizedKey, normalClass, normalizeKey, type SortKey } from '../../vector/sort-keys.js';
import { KeyHashTable } from '../hash/key-hash-table.js';

/** The first ORDER BY key by sorted position: comparable numbers, and which rows are NULL or NaN. */
export interface OrderKeyValues {
  /** Ascending in window order (descending keys negated, strings as ranks); 0 for special rows. */
  readonly vals: Float64Array;
  /** 1 for a NULL or NaN key (these sort together at one end), else 0; null when there are none. */
  readonly special: Uint8Array | null;
}
import type { Vector } from '../../vector/vector.js';

/**
 * The rows of a materialized input in window order: grouped by partition (partitions in
 * first-seen order), sorted by the ORDER BY keys inside each, ties kept in input order.
 * Positions 0..n) below are *sorted* positions.
 */
export interface WindowOrder {
  readonly n: number;
  /** Sorted position → input row. */
  readonly perm: Int32Array;
  /** Start position of each partition, then `n`: partition p is [starts[p], starts[p + 1]). */
  readonly partitionStarts: Int32Array;
  /** Partition index of each position. */
  readonly partitionOf: Int32Array;
  /** Start position of each peer group (rows equal on every key), then `n`. */
  readonly peerStarts: Int32Array;
  /** Peer group index of each position (global, increasing; groups never cross partitions). */
  readonly peerOf: Int32Array;
  /**
   * The first ORDER BY key normalized so that ascending means "later in the window" (descending
   * keys negated, strings as ranks), indexed by sorted position, NULL/NaN rows marked; null
   * without ORDER BY. Computed on first use (RANGE frames with offsets search it).
   */
  orderKeyValues(): OrderKeyValues | null;
}

/**
 * Sorts `n` materialized rows of `columns` for one window spec and finds the boundaries.
 *
 * Partitions need only be contiguous, not ordered, so the partition key columns are hashed to
 * dense partition ids (first-seen order); rows are then ordered by (partition id, ORDER BY keys,
 * input position). Large inputs use an LSD radix sort on the normalized keys (a few linear
 * passes), small ones a comparator sort.
 */
export function windowOrder(columns: readonly Vector[], partitionCols: readonly number[], orderKeys: readonly SortKey[], n: number): WindowOrder {
  // Normalized keys are made on first use: the radix sort reads plain integer keys directly.
  const normalizedKeys: (NormalizedKey | undefined)[] = orderKeys.map(() => undefined);
  const normalized = (k: number): NormalizedKey => (normalizedKeys[k] ??= normalizeKey(columns[orderKeys[k].col], orderKeys[k], n));
  const partIds = partitionCols.length > 0 ? partitionIds(partitionCols.map((c) => columns[c]), n) : null;
  const useRadix = (partIds !== null || orderKeys.length > 0) && n >= RADIX_MIN_ROWS;
  const radixKeys = (): RadixKey[] => {
    const keys: RadixKey[] = orderKeys.map((k, i) => {
      const v = columns[k.col];
      return v.data instanceof Int32Array && v.dict === null && v.validity === null ? { ints: v.data, desc: k.desc } : normalized(i);
    });
    return partIds !== null ? [{ ints: partIds, desc: false }, ...keys] : keys;
  };
  let perm: Int32Array;
  const partitionOf = new Int32Array(n);
  const peerOf = new Int32Array(n);
  const partStarts = new Int32Array(n + 1);
  const peerStarts = new Int32Array(n + 1);
  let parts = n > 0 ? 1 : 0;
  let peers = n > 0 ? 1 : 0;
  if (useRadix) {
    // The radix sort hands back the key words in sorted order: boundaries are sequential compares.
    const sorted = radixPermutation(radixKeys(), n, partIds !== null ? 1 : 0);
    perm = sorted.perm;
    const partWords = sorted.leadingSorted;
    const orderWords = sorted.restSorted;
    for (let j = 1; j < n; j++) {
      let newPartition = false;
      for (let w = 0; w < partWords.length; w++) {
        if (partWords[w][j] !== partWords[w][j - 1]) {
          newPartition = true;
          break;
        }
      }
      let newPeer = newPartition;
      for (let w = 0; w < orderWords.length && !newPeer; w++) newPeer = orderWords[w][j] !== orderWords[w][j - 1];
      if (newPartition) partStarts[parts++] = j;
      if (newPeer) peerStarts[peers++] = j;
      partitionOf[j] = parts - 1;
      peerOf[j] = peers - 1;
    }
  } else {
    const keys = orderKeys.map((_, k) => normalized(k));
    const sortKeys: NormalizedKey[] = partIds !== null ? [{ vals: Float64Array.from(partIds), cls: null }, ...keys] : keys;
    perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    if (sortKeys.length > 0 && n > 1) perm.sort(makeRowComparator(sortKeys));
    for (let j = 1; j < n; j++) {
      const a = perm[j - 1];
      const b = perm[j];
      const newPartition = partIds !== null && partIds[a] !== partIds[b];
      let newPeer = newPartition;
      for (let k = 0; k < keys.length && !newPeer; k++) newPeer = !sameKey(keys[k], a, b);
      if (newPartition) partStarts[parts++] = j;
      if (newPeer) peerStarts[peers++] = j;
      partitionOf[j] = parts - 1;
      peerOf[j] = peers - 1;
    }
  }
  partStarts[parts] = n;
  peerStarts[peers] = n;

  // The first ORDER BY key by sorted position, for RANGE frames with offsets; computed on demand.
  let orderKey: OrderKeyValues | null | undefined;
  const orderKeyValues = (): OrderKeyValues | null => {
    if (orderKey !== undefined) return orderKey;
    orderKey = null;
    if (orderKeys.length > 0) {
      const src = normalized(0);
      const vals = new Float64Array(n);
      for (let j = 0; j < n; j++) vals[j] = src.vals[perm[j]];
      let special: Uint8Array | null = null;
      if (src.cls !== null) {
        const normal = normalClass(orderKeys[0].desc);
        special = new Uint8Array(n);
        for (let j = 0; j < n; j++) special[j] = src.cls[perm[j]] === normal ? 0 : 1;
      }
      orderKey = { vals, special };
    }
    return orderKey;
  };
  return {
    n,
    perm,
    partitionStarts: partStarts.subarray(0, parts + 1),
    partitionOf,
    peerStarts: peerStarts.subarray(0, peers + 1),
    peerOf,
    orderKeyValues,
  };
}

/** Dense ids of the distinct partition keys (NULL is a key value), in first-seen order. */
function partitionIds(keys: readonly Vector[], n: number): Int32Array {
  const table = new KeyHashTable(keys.map((v) => v.type));
  const out = new Int32Array(n);
  for (let start = 0; start < n; start += VECTOR_SIZE) {
    const end = Math.min(n, start + VECTOR_SIZE);
    table.findOrInsert(
      keys.map((v) => v.slice(start, end)),
      null,
      end - start,
      out.subarray(start, end),
    );
  }
  return out;
}

function sameKey(k: NormalizedKey, a: number, b: number): boolean {
  if (k.cls !== null && k.cls[a] !== k.cls[b]) return false;
  return k.vals[a] === k.vals[b];
}
