/** KeyHashTable: an open-addressing hash table mapping composite keys to dense ids 0, 1, 2, ... in first-seen order. */
import { allocData, type DataType, physicalKind } from '../../types/data-type.js';
import { BIGINT, INTEGER } from '../../types/data-type.js';
import { SPARSE_ROWS_PER_ENTRY, StringInterner } from '../../vector/string-interner.js';
import { Vector } from '../../vector/vector.js';
import { PackedKeys } from './packed-keys.js';

const EMPTY = -1;
/** Fibonacci-hashing multiplier (2^32 / golden ratio); spreads sequential integer keys over the table. */
const GOLDEN = 0x9e3779b1 | 0;
const MIN_CAPACITY = 16;
/** Hash contributed by a NULL key column; any constant works since the null flag is compared too. */
const NULL_HASH = 0x5bd1e995 | 0;
const SEED = 0x3c6ef372 | 0;
/**
 * Widest key range (max - min + 1) an int-mode table serves from a direct array: 4 MiB of Int32,
 * about what a hash table over a few hundred thousand keys costs anyway.
 */
const DIRECT_MAX_RANGE = 1 << 20;

// Shared scratch for reading a double's bits without allocating.
const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);

/** The murmur3 32-bit finalizer: every input bit affects every output bit. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hash of a double consistent with `===` (so -0 and 0 collide) and with all NaNs equal. */
function hashF64(v: number): number {
  if ((v | 0) === v) return mix32(v);
  if (v !== v) return 0x7ff80000;
  F64[0] = v;
  return mix32(I32[0] ^ mix32(I32[1]));
}

/**
 * Maps a composite key (1..N key columns of any type; 0 columns puts every row under id 0) to a
 * dense id in first-seen order. Keys arrive as vectors, a batch at a time.
 *
 * Two layouts, fixed by the key types at construction:
 * - *int mode*, one key column whose values are int32 (INTEGER, DATE, BOOLEAN, or VARCHAR codes
 *   after translation). While all keys seen fall in a range of at most DIRECT_MAX_RANGE values
 *   (dimension keys, dates, dictionary codes usually do) the table is a plain array indexed by
 *   `key - base`: no hashing, no probing, one load per row. Once a key falls outside, it switches
 *   for good to hashing, where a slot holds `[id, key]` so a probe compares the key in the slot
 *   itself and never touches the per-id arrays.
 * - *general mode*: every key column is normalized to float64 (strings to their interned code,
 *   -0 to 0); a slot holds `[id, hash]` and a hash hit compares the key columns of that id.
 *
 * NULL is a key value of its own (tracked by a null flag per column), equal to itself for
 * grouping; {@link find} can refuse to match it, since join keys never match on NULL.
 * Linear probing at load factor <= 1/2 keeps probe sequences short and cache-friendly.
 */
export class KeyHashTable {
  /** Key column types. */
  readonly types: readonly DataType[];
  private readonly width: number;
  private readonly intMode: boolean;
  private readonly interners: (StringInterner | null)[];

  private capacity = MIN_CAPACITY;
  private shift = 32 - Math.log2(MIN_CAPACITY);
  private slots = new Int32Array(2 * MIN_CAPACITY).fill(EMPTY);
  private count = 0;

  // Per-id arrays (capacity idCap).
  private idCap = MIN_CAPACITY;
  private readonly keyVals: Float64Array[];
  private readonly keyNulls: Uint8Array[];
  /** Hash per id (general mode), so growth rehashes without recomputing. */
  private hashes: Int32Array;
  /** Int mode keeps the NULL key out of the slots; its id, or -1 until seen. */
  private nullId = -1;
  /** Int mode: true while keys are served by the direct array (slots unused). */
  private directMode: boolean;
  /** Int mode, direct: id per `key - directBase`, -1 for an absent key. */
  private direct: Int32Array = new Int32Array(0);
  private directBase = 0;

  // Dictionary translation cache per key column: the last dictionary seen and its code map.
  private readonly cacheDict: (string[] | null)[];
  private readonly cacheMap: (Int32Array | null)[];
  /** -1 when the cached map was built inserting (valid forever); else the interner size it saw. */
  private readonly cacheSize: number[];
  /** Per key column: maps of only the codes batches used, for a few rows of a large dictionary (StringInterner.translateUsed). */
  private readonly usedDict: (string[] | null)[];
  private readonly usedMap: (Int32Array | null)[];
  private readonly usedRows: number[];

  // Scratch holding one batch's normalized keys.
  private scratchCap = 0;
  private readonly sVals: Float64Array[];
  private readonly sNulls: Uint8Array[];
  private sHash: Int32Array = new Int32Array(0);
  private sInt: Int32Array = new Int32Array(0);
  private sAnyNull = false;
  /** Smallest and largest int key of the loaded batch (NULL slots included). */
  private sLo = 0;
  private sHi = 0;

  /**
   * Packed mode (only when asked for, by GROUP BY): several key columns, all int32-valued, packed
   * per row into one int32 key (see {@link PackedKeys}) served by an int-mode table whose ids are
   * this table's ids, or, when the first batch needs more than 30 bits, into one exact double
   * served by a one-column table; left for general mode for good when a batch does not pack.
   */
  private packer: PackedKeys | null = null;
  private packedIds: KeyHashTable | null = null;
  private pVals: Int32Array[] = [];

  constructor(types: readonly DataType[], options: { packed?: boolean } = {}) {
    this.types = types;
    this.width = types.length;
    this.intMode = types.length === 1 && physicalKind(types[0]) !== 'f64';
    this.directMode = this.intMode;
    if (options.packed === true && types.length > 1 && types.every((t) => physicalKind(t) !== 'f64')) {
      this.packer = new PackedKeys(types.length);
    }
    this.interners = types.map((t) => (physicalKind(t) === 'str' ? new StringInterner() : null));
    this.keyVals = types.map(() => new Float64Array(MIN_CAPACITY));
    this.keyNulls = types.map(() => new Uint8Array(MIN_CAPACITY));
    this.hashes = new Int32Array(this.intMode ? 0 : MIN_CAPACITY);
    this.cacheDict = types.map(() => null);
    this.cacheMap = types.map(() => null);
    this.cacheSize = types.map(() => -1);
    this.usedDict = types.map(() => null);
    this.usedMap = types.map(() => null);
    this.usedRows = types.map(() => 0);
    this.sVals = types.map(() => new Float64Array(0));
    this.sNulls = types.map(() => new Uint8Array(0));
  }

  /** Number of distinct keys (ids run 0..size-1). */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the table and its scratch (interned strings not counted). */
  get byteSize(): number {
    let b = this.slots.byteLength + this.hashes.byteLength + this.sHash.byteLength + this.sInt.byteLength;
    b += this.direct.byteLength + (this.packedIds === null ? 0 : this.packedIds.byteSize);
    for (const v of this.pVals) b += v.byteLength;
    for (let c = 0; c < this.width; c++) {
      b += this.keyVals[c].byteLength + this.keyNulls[c].byteLength;
      b += this.sVals[c].byteLength + this.sNulls[c].byteLength;
    }
    return b;
  }

  /**
   * Writes the id of each live row's key to `outIds[k]`, inserting keys not seen before.
   * Live row k is row `sel[k]` of the key vectors (row k when `sel` is null).
   */
  findOrInsert(keyVectors: readonly Vector[], sel: Int32Array | null, n: number, outIds: Int32Array): void {
    this.reserve(n);
    if (this.packer !== null && this.insertPacked(keyVectors, sel, n, outIds)) return;
    if (this.intMode) {
      const v = keyVectors[0];
      // Hot path: plain int keys already inside the direct array's range, read in place.
      if (this.directMode && v.dict === null && v.validity === null && v.data instanceof Int32Array) {
        if (this.insertDirectInPlace(v.data, sel, n, outIds)) return;
      }
      this.loadInt(v, sel, n, true);
      if (this.directMode && this.fitDirect(n)) this.insertDirect(n, outIds);
      else this.insertInt(n, outIds);
    } else {
      this.loadGeneral(keyVectors, sel, n, true);
      this.insertGeneral(n, outIds);
    }
  }

  /**
   * Writes the id of each live row's key to `outIds[k]`, or -1 when the key is absent. With
   * `nullsMatch` false (join semantics) a key with any NULL column never matches.
   */
  find(keyVectors: readonly Vector[], sel: Int32Array | null, n: number, outIds: Int32Array, nullsMatch: boolean): void {
    // Lookups are for joins and set operations, which do not ask for packed keys; be correct anyway.
    if (this.packer !== null) this.unpack(0);
    this.ensureScratch(n);
    if (this.intMode) {
      const v = keyVectors[0];
      if (this.directMode && v.dict === null && v.validity === null && v.data instanceof Int32Array) {
        this.lookupDirectInPlace(v.data, sel, n, outIds);
        return;
      }
      this.loadInt(v, sel, n, false);
      if (this.directMode) this.lookupDirect(n, outIds, nullsMatch);
      else this.lookupInt(n, outIds, nullsMatch);
    } else {
      this.loadGeneral(keyVectors, sel, n, false);
      this.lookupGeneral(n, outIds, nullsMatch);
    }
  }

  /**
   * The distinct values of key column `col` in id order, as a new vector of the column's type.
   * Strings come back as codes into the column interner's dictionary (shared, not copied).
   */
  keyVector(col: number): Vector {
    const n = this.count;
    const t = this.types[col];
    const data = allocData(t, n);
    data.set(this.keyVals[col].subarray(0, n) as never);
    const nulls = this.keyNulls[col];
    let validity: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      if (nulls[i] !== 0) {
        validity = new Uint8Array(n);
        for (let j = 0; j < n; j++) validity[j] = 1 - nulls[j];
        break;
      }
    }
    const interner = this.interners[col];
    return new Vector(t, data, validity, interner === null ? null : interner.dict, n);
  }

  // --- capacity ---

  /** Makes room for `extra` more ids without growing inside the probe loops. */
  private reserve(extra: number): void {
    this.ensureScratch(extra);
    const need = this.count + extra;
    if (need > this.idCap) {
      let cap = this.idCap * 2;
      while (cap < need) cap *= 2;
      for (let c = 0; c < this.width; c++) {
        const v = new Float64Array(cap);
        v.set(this.keyVals[c].subarray(0, this.count));
        this.keyVals[c] = v;
        const nl = new Uint8Array(cap);
        nl.set(this.keyNulls[c].subarray(0, this.count));
        this.keyNulls[c] = nl;
      }
      if (!this.intMode) {
        const h = new Int32Array(cap);
        h.set(this.hashes.subarray(0, this.count));
        this.hashes = h;
      }
      this.idCap = cap;
    }
    // Load factor <= 1/2 even if every row of the batch is a new key.
    if (!this.directMode && this.packer === null && need * 2 > this.capacity) {
      let cap = this.capacity * 2;
      while (need * 2 > cap) cap *= 2;
      this.rehash(cap);
    }
  }

  private rehash(cap: number): void {
    const shift = 32 - Math.log2(cap);
    const mask = cap - 1;
    const slots = new Int32Array(2 * cap).fill(EMPTY);
    const n = this.count;
    if (this.intMode) {
      const keys = this.keyVals[0];
      for (let id = 0; id < n; id++) {
        if (id === this.nullId) continue;
        const key = keys[id] | 0;
        let s = Math.imul(key, GOLDEN) >>> shift;
        while (slots[2 * s] !== EMPTY) s = (s + 1) & mask;
        slots[2 * s] = id;
        slots[2 * s + 1] = key;
      }
    } else {
      const hashes = this.hashes;
      for (let id = 0; id < n; id++) {
        const h = hashes[id];
        let s = h >>> shift;
        while (slots[2 * s] !== EMPTY) s = (s + 1) & mask;
        slots[2 * s] = id;
        slots[2 * s + 1] = h;
      }
    }
    this.slots = slots;
    this.capacity = cap;
    this.shift = shift;
  }

  private ensureScratch(n: number): void {
    if (n <= this.scratchCap) return;
    let cap = Math.max(this.scratchCap * 2, 64);
    while (cap < n) cap *= 2;
    this.scratchCap = cap;
    if (this.intMode) this.sInt = new Int32Array(cap);
    else {
      this.sHash = new Int32Array(cap);
      for (let c = 0; c < this.width; c++) this.sVals[c] = new Float64Array(cap);
    }
    for (let c = 0; c < this.width; c++) this.sNulls[c] = new Uint8Array(cap);
  }

  /**
   * Translation from `dict` codes to this column's interned codes, cached per dictionary; valid at
   * least for the codes of rows `sel[0..n)` (or `0..n)`) of `codes`, which are all that get
   * translated while few rows came from the dictionary (SPARSE_ROWS_PER_ENTRY).
   */
  private codeMap(col: number, dict: string[], insert: boolean, codes: ArrayLike<number>, sel: Int32Array | null, n: number): Int32Array {
    const interner = this.interners[col] as StringInterner;
    if (this.usedDict[col] !== dict) {
      this.usedDict[col] = dict;
      this.usedMap[col] = null;
      this.usedRows[col] = 0;
    }
    this.usedRows[col] += n;
    if (this.usedRows[col] <= SPARSE_ROWS_PER_ENTRY * dict.length) {
      // Inserting, a used map's entries stay valid; looking up, its -1 entries are looked up again.
      const map = interner.translateUsed(dict, codes, sel, n, insert, this.usedMap[col]);
      this.usedMap[col] = map;
      return map;
    }
    const cached = this.cacheMap[col];
    // Dictionaries only ever grow by appending, so an unchanged length means an unchanged dict.
    // A lookup-only map holds -1 for strings unknown at the time, so it is stale once the interner grows.
    if (
      cached !== null &&
      this.cacheDict[col] === dict &&
      cached.length === dict.length &&
      (this.cacheSize[col] === -1 || (!insert && this.cacheSize[col] === interner.size))
    ) {
      return cached;
    }
    const map = interner.translate(dict, insert);
    this.cacheDict[col] = dict;
    this.cacheMap[col] = map;
    this.cacheSize[col] = insert ? -1 : interner.size;
    return map;
  }

  // --- packed mode ---

  /**
   * findOrInsert in packed mode: loads every key column as int32 (strings as interned codes),
   * packs, and looks the packed keys up in `packedIds`, recording the column values of new ids.
   * Returns false, after switching to general mode, when the batch does not pack.
   */
  private insertPacked(keyVectors: readonly Vector[], sel: Int32Array | null, n: number, outIds: Int32Array): boolean {
    const packer = this.packer as PackedKeys;
    if (this.pVals.length === 0 || this.pVals[0].length < n) this.pVals = this.types.map(() => new Int32Array(Math.max(n, 64)));
    let anyNull = false;
    for (let c = 0; c < this.width; c++) {
      const v = keyVectors[c];
      const out = this.pVals[c];
      const data = v.data;
      const map = v.dict !== null ? this.codeMap(c, v.dict, true, data, sel, n) : null;
      if (map !== null) {
        if (sel === null) for (let k = 0; k < n; k++) out[k] = map[data[k]];
        else for (let k = 0; k < n; k++) out[k] = map[data[sel[k]]];
      } else if (sel === null) {
        for (let k = 0; k < n; k++) out[k] = data[k];
      } else {
        for (let k = 0; k < n; k++) out[k] = data[sel[k]];
      }
      if (this.loadNulls(c, v, sel, n, true)) anyNull = true;
    }
    if (!packer.pack(this.pVals, this.sNulls, anyNull, n)) {
      this.unpack(n);
      return false;
    }
    // The frame, fixed by the first batch, says whether keys are int32 or wide doubles.
    const ids = (this.packedIds ??= new KeyHashTable([packer.wide ? BIGINT : INTEGER]));
    const packed = packer.wide ? new Vector(BIGINT, packer.wideKeys, null, null, n) : new Vector(INTEGER, packer.keys, null, null, n);
    ids.findOrInsert([packed], null, n, outIds);
    // New ids come in increasing order, each first seen at its first row: record its values there.
    let next = this.count;
    for (let k = 0; k < n; k++) {
      if (outIds[k] !== next) continue;
      for (let c = 0; c < this.width; c++) {
        const isNull = this.sNulls[c][k];
        this.keyNulls[c][next] = isNull;
        this.keyVals[c][next] = isNull !== 0 ? 0 : this.pVals[c][k];
      }
      next++;
    }
    this.count = next;
    return true;
  }

  /**
   * Leaves packed mode: hashes the keys so far into the general-mode slots (with room for `extra`
   * more), keeping their ids.
   */
  private unpack(extra: number): void {
    this.packer = null;
    this.packedIds = null;
    this.pVals = [];
    const n = this.count;
    const hashes = this.hashes;
    for (let id = 0; id < n; id++) {
      let h = SEED;
      for (let c = 0; c < this.width; c++) h = Math.imul(h, 31) + (this.keyNulls[c][id] !== 0 ? NULL_HASH : hashF64(this.keyVals[c][id]));
      hashes[id] = mix32(h);
    }
    let cap = MIN_CAPACITY;
    while ((n + extra) * 2 > cap) cap *= 2;
    this.rehash(cap);
  }

  // --- int mode ---

  /**
   * Normalizes the live rows of an int32-valued key vector into `sInt` / `sNulls[0]`, noting the
   * smallest and largest value copied (NULL slots included) for the direct-array range check.
   */
  private loadInt(v: Vector, sel: Int32Array | null, n: number, insert: boolean): void {
    const out = this.sInt;
    const data = v.data;
    let lo = 2147483647;
    let hi = -2147483648;
    if (v.dict !== null) {
      const map = this.codeMap(0, v.dict, insert, data, sel, n);
      for (let k = 0; k < n; k++) {
        const x = map[data[sel === null ? k : sel[k]]];
        out[k] = x;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
      }
    } else if (sel === null) {
      for (let k = 0; k < n; k++) {
        const x = data[k];
        out[k] = x;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const x = data[sel[k]];
        out[k] = x;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
      }
    }
    this.sLo = lo;
    this.sHi = hi;
    this.sAnyNull = this.loadNulls(0, v, sel, n, false);
  }

  /**
   * Copies NULL flags of live rows into `sNulls[col]` and returns whether any row is NULL. Without
   * validity the flags are cleared only when `clear` is set (int mode reads them only when some are set).
   */
  private loadNulls(col: number, v: Vector, sel: Int32Array | null, n: number, clear: boolean): boolean {
    const validity = v.validity;
    const nulls = this.sNulls[col];
    if (validity === null) {
      if (clear) nulls.fill(0, 0, n);
      return false;
    }
    let any = 0;
    if (sel === null) {
      for (let k = 0; k < n; k++) {
        const isNull = 1 - validity[k];
        nulls[k] = isNull;
        any |= isNull;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const isNull = 1 - validity[sel[k]];
        nulls[k] = isNull;
        any |= isNull;
      }
    }
    return any !== 0;
  }

  private directCovers(lo: number, hi: number): boolean {
    return this.direct.length > 0 && lo >= this.directBase && hi < this.directBase + this.direct.length;
  }

  /**
   * Makes the direct array cover every non-NULL key of the loaded batch, widening it if needed.
   * Returns false (after switching the table to hashing for good) when the range gets too wide.
   */
  private fitDirect(n: number): boolean {
    let lo = this.sLo;
    let hi = this.sHi;
    if (lo > hi) return true;
    if (this.directCovers(lo, hi)) return true;
    if (this.sAnyNull) {
      // The range from loadInt counts NULL slots; only real keys need to fit.
      const keys = this.sInt;
      const nulls = this.sNulls[0];
      lo = 2147483647;
      hi = -2147483648;
      for (let k = 0; k < n; k++) {
        if (nulls[k] !== 0) continue;
        const key = keys[k];
        if (key < lo) lo = key;
        if (key > hi) hi = key;
      }
      if (lo > hi || this.directCovers(lo, hi)) return true;
    }
    const size = this.direct.length;
    const base = this.directBase;
    const newLo = size > 0 ? Math.min(lo, base) : lo;
    const newHi = size > 0 ? Math.max(hi, base + size - 1) : hi;
    const range = newHi - newLo + 1;
    if (range > DIRECT_MAX_RANGE) {
      this.directMode = false;
      this.direct = new Int32Array(0);
      let cap = MIN_CAPACITY;
      while ((this.count + n) * 2 > cap) cap *= 2;
      this.rehash(cap);
      return false;
    }
    // Grow with slack on both sides so a slowly widening range does not re-copy every batch.
    let newSize = Math.max(range, Math.min(DIRECT_MAX_RANGE, size * 2), 256);
    let newBase = newLo;
    if (size > 0 && newSize > range) {
      newBase = Math.max(Math.floor(newLo - (newSize - range) / 2), newHi - newSize + 1, -2147483648);
    }
    if (newBase + newSize - 1 < newHi) newSize = newHi - newBase + 1;
    const d = new Int32Array(newSize).fill(-1);
    if (size > 0) d.set(this.direct, base - newBase);
    this.direct = d;
    this.directBase = newBase;
    return true;
  }

  /**
   * insertDirect reading keys straight from the vector. Returns false at the first key outside the
   * direct range; the caller then redoes the batch on the general path, which is safe because
   * re-inserting keys already inserted returns the same ids.
   */
  private insertDirectInPlace(data: Int32Array, sel: Int32Array | null, n: number, outIds: Int32Array): boolean {
    const direct = this.direct;
    const base = this.directBase;
    const size = direct.length;
    const keyVals = this.keyVals[0];
    let count = this.count;
    let ok = true;
    for (let k = 0; k < n; k++) {
      const key = data[sel === null ? k : sel[k]];
      const off = key - base;
      if (off >>> 0 >= size) {
        ok = false;
        break;
      }
      let id = direct[off];
      if (id < 0) {
        id = count++;
        direct[off] = id;
        keyVals[id] = key;
      }
      outIds[k] = id;
    }
    this.count = count;
    return ok;
  }

  private insertDirect(n: number, outIds: Int32Array): void {
    const keys = this.sInt;
    const nulls = this.sNulls[0];
    const anyNull = this.sAnyNull;
    const direct = this.direct;
    const base = this.directBase;
    const keyVals = this.keyVals[0];
    let count = this.count;
    for (let k = 0; k < n; k++) {
      if (anyNull && nulls[k] !== 0) {
        if (this.nullId < 0) {
          this.nullId = count;
          this.keyNulls[0][count] = 1;
          keyVals[count] = 0;
          count++;
        }
        outIds[k] = this.nullId;
        continue;
      }
      const key = keys[k];
      let id = direct[key - base];
      if (id < 0) {
        id = count++;
        direct[key - base] = id;
        keyVals[id] = key;
      }
      outIds[k] = id;
    }
    this.count = count;
  }

  private lookupDirectInPlace(data: Int32Array, sel: Int32Array | null, n: number, outIds: Int32Array): void {
    const direct = this.direct;
    const base = this.directBase;
    const size = direct.length;
    for (let k = 0; k < n; k++) {
      const off = data[sel === null ? k : sel[k]] - base;
      outIds[k] = off >>> 0 < size ? direct[off] : -1;
    }
  }

  private lookupDirect(n: number, outIds: Int32Array, nullsMatch: boolean): void {
    const keys = this.sInt;
    const nulls = this.sNulls[0];
    const anyNull = this.sAnyNull;
    const direct = this.direct;
    const base = this.directBase;
    const size = direct.length;
    const nullId = nullsMatch ? this.nullId : -1;
    for (let k = 0; k < n; k++) {
      if (anyNull && nulls[k] !== 0) {
        outIds[k] = nullId;
        continue;
      }
      // One unsigned compare covers both ends of the range.
      const off = keys[k] - base;
      outIds[k] = off >>> 0 < size ? direct[off] : -1;
    }
  }

  private insertInt(n: number, outIds: Int32Array): void {
    const keys = this.sInt;
    const nulls = this.sNulls[0];
    const anyNull = this.sAnyNull;
    const slots = this.slots;
    const shift = this.shift;
    const mask = this.capacity - 1;
    const keyVals = this.keyVals[0];
    let count = this.count;
    for (let k = 0; k < n; k++) {
      if (anyNull && nulls[k] !== 0) {
        if (this.nullId < 0) {
          this.nullId = count;
          this.keyNulls[0][count] = 1;
          keyVals[count] = 0;
          count++;
        }
        outIds[k] = this.nullId;
        continue;
      }
      const key = keys[k];
      let s = Math.imul(key, GOLDEN) >>> shift;
      for (;;) {
        const id = slots[2 * s];
        if (id === EMPTY) {
          slots[2 * s] = count;
          slots[2 * s + 1] = key;
          keyVals[count] = key;
          outIds[k] = count++;
          break;
        }
        if (slots[2 * s + 1] === key) {
          outIds[k] = id;
          break;
        }
        s = (s + 1) & mask;
      }
    }
    this.count = count;
  }

  private lookupInt(n: number, outIds: Int32Array, nullsMatch: boolean): void {
    const keys = this.sInt;
    const nulls = this.sNulls[0];
    const anyNull = this.sAnyNull;
    const slots = this.slots;
    const shift = this.shift;
    const mask = this.capacity - 1;
    const nullId = nullsMatch ? this.nullId : -1;
    for (let k = 0; k < n; k++) {
      if (anyNull && nulls[k] !== 0) {
        outIds[k] = nullId;
        continue;
      }
      const key = keys[k];
      let s = Math.imul(key, GOLDEN) >>> shift;
      let found = -1;
      for (;;) {
        const id = slots[2 * s];
        if (id === EMPTY) break;
        if (slots[2 * s + 1] === key) {
          found = id;
          break;
        }
        s = (s + 1) & mask;
      }
      outIds[k] = found;
    }
  }

  // --- general mode ---

  /** Normalizes every key column of the live rows to float64 and hashes the composite key. */
  private loadGeneral(keyVectors: readonly Vector[], sel: Int32Array | null, n: number, insert: boolean): void {
    const hash = this.sHash;
    hash.fill(SEED, 0, n);
    this.sAnyNull = false;
    for (let c = 0; c < this.width; c++) {
      const v = keyVectors[c];
      const vals = this.sVals[c];
      const data = v.data;
      if (v.dict !== null) {
        const map = this.codeMap(c, v.dict, insert, data, sel, n);
        if (sel === null) for (let k = 0; k < n; k++) vals[k] = map[data[k]];
        else for (let k = 0; k < n; k++) vals[k] = map[data[sel[k]]];
      } else if (sel === null) {
        // `+ 0` turns -0 into 0 so that both hash and compare alike.
        for (let k = 0; k < n; k++) vals[k] = data[k] + 0;
      } else {
        for (let k = 0; k < n; k++) vals[k] = data[sel[k]] + 0;
      }
      const nulls = this.sNulls[c];
      if (!this.loadNulls(c, v, sel, n, true)) {
        for (let k = 0; k < n; k++) hash[k] = Math.imul(hash[k], 31) + hashF64(vals[k]);
      } else {
        this.sAnyNull = true;
        for (let k = 0; k < n; k++) {
          // NULL slots hold 0 by the Vector contract; force it so equal keys compare equal.
          if (nulls[k] !== 0) vals[k] = 0;
          hash[k] = Math.imul(hash[k], 31) + (nulls[k] !== 0 ? NULL_HASH : hashF64(vals[k]));
        }
      }
    }
    for (let k = 0; k < n; k++) hash[k] = mix32(hash[k]);
  }

  /** Whether stored key `id` equals scratch row k (all columns; NULL equals NULL, NaN equals NaN). */
  private equalsRow(id: number, k: number): boolean {
    for (let c = 0; c < this.width; c++) {
      const a = this.keyVals[c][id];
      const b = this.sVals[c][k];
      if (a !== b && (a === a || b === b)) return false;
      if (this.keyNulls[c][id] !== this.sNulls[c][k]) return false;
    }
    return true;
  }

  private insertGeneral(n: number, outIds: Int32Array): void {
    const hash = this.sHash;
    const slots = this.slots;
    const shift = this.shift;
    const mask = this.capacity - 1;
    const hashes = this.hashes;
    const width = this.width;
    for (let k = 0; k < n; k++) {
      const h = hash[k];
      let s = h >>> shift;
      for (;;) {
        const id = slots[2 * s];
        if (id === EMPTY) {
          const nid = this.count++;
          slots[2 * s] = nid;
          slots[2 * s + 1] = h;
          hashes[nid] = h;
          for (let c = 0; c < width; c++) {
            this.keyVals[c][nid] = this.sVals[c][k];
            this.keyNulls[c][nid] = this.sNulls[c][k];
          }
          outIds[k] = nid;
          break;
        }
        if (slots[2 * s + 1] === h && this.equalsRow(id, k)) {
          outIds[k] = id;
          break;
        }
        s = (s + 1) & mask;
      }
    }
  }

  private lookupGeneral(n: number, outIds: Int32Array, nullsMatch: boolean): void {
    const hash = this.sHash;
    const slots = this.slots;
    const shift = this.shift;
    const mask = this.capacity - 1;
    const skipNulls = !nullsMatch && this.sAnyNull;
    for (let k = 0; k < n; k++) {
      if (skipNulls && this.rowHasNull(k)) {
        outIds[k] = -1;
        continue;
      }
      const h = hash[k];
      let s = h >>> shift;
      let found = -1;
      for (;;) {
        const id = slots[2 * s];
        if (id === EMPTY) break;
        if (slots[2 * s + 1] === h && this.equalsRow(id, k)) {
          found = id;
          break;
        }
        s = (s + 1) & mask;
      }
      outIds[k] = found;
    }
  }

  private rowHasNull(k: number): boolean {
    for (let c = 0; c < this.width; c++) if (this.sNulls[c][k] !== 0) return true;
    return false;
  }
}
