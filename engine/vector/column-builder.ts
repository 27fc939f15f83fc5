/** ColumnBuilder: appends values or whole vectors of one type into a growable column. */
import { allocData, type DataType, physicalKind, type TypedArray } from '../types/data-type.js';
import { SPARSE_ROWS_PER_ENTRY, StringInterner } from './string-interner.js';
import { Vector } from './vector.js';

/**
 * A growable column. Strings are re-interned into the builder's own dictionary, so the result
 * is one dictionary-encoded vector whatever dictionaries the appended vectors had. Memory is
 * counted in `byteSize` so operators that buffer (sort, join build) can report and later limit it.
 */
export class ColumnBuilder {
  private data: TypedArray;
  private validity: Uint8Array;
  private hasNull = false;
  private readonly interner: StringInterner | null;
  /** Cache of the last appended dictionary's translation (the same dictionary recurs per batch). */
  private lastDict: string[] | null = null;
  private lastMap: Int32Array | null = null;
  /** The same for the first rows of a dictionary: only the codes they used (see StringInterner.translateUsed), and how many rows came. */
  private usedDict: string[] | null = null;
  private usedMap: Int32Array | null = null;
  private usedRows = 0;
  length = 0;

  constructor(
    readonly type: DataType,
    capacity = 64,
  ) {
    this.data = allocData(type, Math.max(16, capacity));
    this.validity = new Uint8Array(this.data.length);
    this.interner = physicalKind(type) === 'str' ? new StringInterner() : null;
  }

  get byteSize(): number {
    return this.data.byteLength + this.validity.byteLength;
  }

  private grow(min: number): void {
    let cap = this.data.length * 2;
    while (cap < min) cap *= 2;
    const d = allocData(this.type, cap);
    d.set(this.data.subarray(0, this.length) as never);
    this.data = d;
    const v = new Uint8Array(cap);
    v.set(this.validity.subarray(0, this.length));
    this.validity = v;
  }

  /** Appends one value (a number, or a string for VARCHAR); null appends NULL. */
  append(value: number | string | null): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    const i = this.length++;
    if (value === null) {
      this.hasNull = true;
      this.validity[i] = 0;
      this.data[i] = 0;
      return;
    }
    this.validity[i] = 1;
    this.data[i] = this.interner !== null ? this.interner.intern(value as string) : (value as number);
  }

  /** Appends live rows of `v` (rows `sel[0..n)` when `sel` is given, else rows `0..n)`). */
  appendVector(v: Vector, sel: Int32Array | null, n: number): void {
    if (this.length + n > this.data.length) this.grow(this.length + n);
    const base = this.length;
    const src = v.data;
    const out = this.data;
    if (this.interner !== null) {
      const dict = v.dict as string[];
      let map: Int32Array;
      if (dict !== this.usedDict) {
        this.usedDict = dict;
        this.usedMap = null;
        this.usedRows = 0;
      }
      this.usedRows += n;
      if (this.usedRows <= SPARSE_ROWS_PER_ENTRY * dict.length) {
        map = this.usedMap = this.interner.translateUsed(dict, src, sel, n, true, this.usedMap);
      } else {
        // A dictionary only grows (by appending): a longer one needs a new translation.
        if (dict !== this.lastDict || (this.lastMap as Int32Array).length < dict.length) {
          this.lastDict = dict;
          this.lastMap = this.interner.translate(dict);
        }
        map = this.lastMap as Int32Array;
      }
      if (sel === null) for (let k = 0; k < n; k++) out[base + k] = map[src[k]];
      else for (let k = 0; k < n; k++) out[base + k] = map[src[sel[k]]];
    } else if (sel === null) {
      out.set(src.subarray(0, n) as never, base);
    } else {
      for (let k = 0; k < n; k++) out[base + k] = src[sel[k]];
    }
    const val = this.validity;
    const vv = v.validity;
    if (vv === null) {
      val.fill(1, base, base + n);
    } else {
      this.hasNull = true;
      if (sel === null) val.set(vv.subarray(0, n), base);
      else for (let k = 0; k < n; k++) val[base + k] = vv[sel[k]];
      // NULL slots must hold 0 so hashing and comparisons of NULL-free code stay deterministic.
      for (let k = 0; k < n; k++) if (val[base + k] === 0) out[base + k] = 0;
    }
    this.length += n;
  }

  /** The built column as one vector (shares the builder's buffers; do not append afterwards). */
  finish(): Vector {
    const n = this.length;
    return new Vector(
      this.type,
      this.data.subarray(0, n),
      this.hasNull ? this.validity.subarray(0, n) : null,
      this.interner !== null ? this.interner.dict : null,
      n,
    );
  }
}
