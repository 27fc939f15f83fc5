/** PackedKeys: packs a composite key of small integer columns (codes, years, flags) into one int32. */

/** Bits a packed key may use: keys stay non-negative int32 values. */
const MAX_BITS = 30;

/** Bits needed to hold values 0..n-1. */
function bitsFor(n: number): number {
  return n <= 1 ? 0 : 32 - Math.clz32(n - 1);
}

/**
 * A GROUP BY on dimension attributes (`c_city, s_city, d_year`) has keys that are small
 * integers once strings are dictionary codes: each fits in a few bits. Packing them into one
 * int32 lets the key table compare and hash one integer instead of normalizing every column to a
 * double, hashing and comparing column by column.
 *
 * The frame (per column: a base and a bit width) is fixed from the first batch with room to grow
 * (four times the range seen, centred on it); value v of column c becomes `v - base[c] + 1` in
 * its bits, 0 standing for NULL. A later batch whose values leave the frame cannot be packed;
 * {@link pack} then returns false and the caller goes back to general keys for good.
 */
export class PackedKeys {
  private readonly base: Int32Array;
  private readonly shift: Int32Array;
  private readonly limit: Int32Array;
  private framed = false;
  /** Packed key per row of the last {@link pack}. */
  keys = new Int32Array(0);

  constructor(private readonly width: number) {
    this.base = new Int32Array(width);
    this.shift = new Int32Array(width);
    this.limit = new Int32Array(width);
  }

  /**
   * Packs `n` rows: `vals[c][k]` is column c's value of row k, `nulls[c][k]` 1 when NULL (its
   * value is then ignored). Returns false when a value falls outside the frame (or no frame of
   * MAX_BITS bits fits the first batch); `keys` is then not valid.
   */
  pack(vals: readonly Int32Array[], nulls: readonly Uint8Array[], anyNull: boolean, n: number): boolean {
    const width = this.width;
    if (!this.framed && !this.frame(vals, nulls, anyNull, n)) return false;
    if (this.keys.length < n) this.keys = new Int32Array(Math.max(n, 1024));
    const keys = this.keys;
    keys.fill(0, 0, n);
    for (let c = 0; c < width; c++) {
      const v = vals[c];
      const nl = nulls[c];
      const base = this.base[c] - 1;
      const limit = this.limit[c];
      const shift = this.shift[c];
      let bad = 0;
      if (anyNull) {
        for (let k = 0; k < n; k++) {
          // NULL packs as 0; a value must pack as 1 or more (0 would make it NULL).
          const code = (v[k] - base) * (1 - nl[k]);
          bad |= +(code < 1 - nl[k]) | +(code > limit);
          keys[k] |= code << shift;
        }
      } else {
        for (let k = 0; k < n; k++) {
          const code = v[k] - base;
          bad |= +(code < 1) | +(code > limit);
          keys[k] |= code << shift;
        }
      }
      if (bad !== 0) return false;
    }
    return true;
  }

  /** Fixes the frame from the first batch; false when the columns need more than MAX_BITS bits. */
  private frame(vals: readonly Int32Array[], nulls: readonly Uint8Array[], anyNull: boolean, n: number): boolean {
    let bits = 0;
    for (let c = 0; c < this.width; c++) {
      let lo = 2147483647;
      let hi = -2147483648;
      const v = vals[c];
      const nl = nulls[c];
      for (let k = 0; k < n; k++) {
        if (anyNull && nl[k] !== 0) continue;
        lo = Math.min(lo, v[k]);
        hi = Math.max(hi, v[k]);
      }
      if (lo > hi) lo = hi = 0;
      const span = hi - lo + 1;
      // Room for values up to 1.5 spans below and above the first batch's, plus the NULL code.
      const w = bitsFor(4 * span + 1);
      const base = lo - Math.floor(1.5 * span);
      if (base < -2147483648 || base + 2 ** w > 2147483647) return false;
      this.base[c] = base;
      this.shift[c] = bits;
      this.limit[c] = 2 ** w - 1;
      bits += w;
      if (bits > MAX_BITS) return false;
    }
    this.framed = true;
    return true;
  }
}
