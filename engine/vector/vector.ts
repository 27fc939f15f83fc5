/** Vector: one column of a batch, a typed array plus an optional validity byte map and string dictionary. */
import { allocData, type DataType, physicalKind, type TypedArray } from '../types/data-type.js';

/**
 * A column of `length` values.
 *
 * - `data` holds the values in the type's physical layout (see data-type.ts). NULL slots hold 0.
 * - `validity` is null when every value is valid; otherwise one byte per row, 1 = valid, 0 = NULL.
 *   A byte map rather than a bit map in memory: generated loops read it with one indexed load and
 *   AND it branch-free; storage packs it to bits on disk.
 * - `dict` is set for VARCHAR: `data` holds Int32 codes into it. Every string vector is
 *   dictionary-encoded, so equality, grouping and joins on strings work on integer codes, and a
 *   dictionary is shared (not copied) by every vector cut from the same column.
 */
export class Vector {
  constructor(
    readonly type: DataType,
    readonly data: TypedArray,
    readonly validity: Uint8Array | null,
    readonly dict: string[] | null,
    readonly length: number,
  ) {}

  isNull(i: number): boolean {
    return this.validity !== null && this.validity[i] === 0;
  }

  /** Reads one value as a JS scalar (string for VARCHAR); NULL is null. Not for hot loops. */
  get(i: number): number | string | null {
    if (this.validity !== null && this.validity[i] === 0) return null;
    if (this.dict !== null) return this.dict[this.data[i]];
    return this.data[i];
  }

  /** A vector of `n` values all NULL. */
  static nulls(type: DataType, n: number): Vector {
    return new Vector(type, allocData(type, n), new Uint8Array(n), physicalKind(type) === 'str' ? [] : null, n);
  }

  /** Gathers rows `sel[0..n)` into a new dense vector (the dictionary is shared). */
  gather(sel: Int32Array, n: number): Vector {
    const src = this.data;
    const out = allocData(this.type, n);
    for (let k = 0; k < n; k++) out[k] = src[sel[k]];
    let validity: Uint8Array | null = null;
    if (this.validity !== null) {
      const v = this.validity;
      validity = new Uint8Array(n);
      for (let k = 0; k < n; k++) validity[k] = v[sel[k]];
    }
    return new Vector(this.type, out, validity, this.dict, n);
  }

  /** A zero-copy view of rows [start, end). */
  slice(start: number, end: number): Vector {
    return new Vector(
      this.type,
      this.data.subarray(start, end),
      this.validity === null ? null : this.validity.subarray(start, end),
      this.dict,
      end - start,
    );
  }
}
