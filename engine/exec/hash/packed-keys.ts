/** PackedKeys: packs a composite key of small integer columns (codes, years, flags) into one int32, or into one exact double when it needs more bits. */

/** Bits a packed int32 key may use: keys stay non-negative int32 values. */
const MAX_BITS = 30;
/**
 * Bits a wide key may use: an integer below 2^52 is exact in a double. A five-column cube key
 * (year, month, week, discount, quantity) needs about 40 bits; as one double it is hashed and
 * compared once instead of column by column (measured: the general multi-column path was a third
 * of a bulk INSERT's cube maintenance).
 */
const WIDE_BITS = 52;

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
  /** Per column, 2^shift: a wide key adds `code * scale` (the bit ranges do not overlap, so sums are exact). */
  private readonly scale: Float64Array;
  /** The frame needs more than 30 bits: keys are packed into {@link wideKeys} instead of {@link keys}. */
  wide = false;
  /** Packed key per row of the last {@link pack} (int32 frames). */
  keys = new Int32Array(0);
  /** Packed key per row of the last {@link pack} (wide frames). */
  wideKeys = new Float64Array(0);

  constructor(private readonly width: number) {
    this.base = new Int32Array(width);
    this.shift = new Int32Array(width);
    this.limit = new Int32Array(width);
    this.scale = new Float64Array(width);
  }

  /**
   * Packs `n` rows: `vals[c][k]` is column c's value of row k, `nulls[c][k]` 1 when NULL (its
   * value is then ignored). Returns false when a value falls outside the frame (or no frame of
   * MAX_BITS bits fits the first batch); `keys` is then not valid.
   */
  pack(vals: readonly Int32Array[], nulls: readonly Uint8Array[], anyNull: boolean, n: number): boolean {
    const width = this.width;
    if (!this.framed && !this.frame(vals, nulls, anyNull, n)) return false;
    if (this.wide) return this.packWide(vals, nulls, anyNull, n);
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

  /**
   * {@link pack} for a wide frame: the same codes, added at their bit positions into a double.
   * The loops repeat pack's on purpose: one loop over either key array would be polymorphic.
   */
  private packWide(vals: readonly Int32Array[], nulls: readonly Uint8Array[], anyNull: boolean, n: number): boolean {
    if (this.wideKeys.length < n) this.wideKeys = new Float64Array(Math.max(n, 1024));
    const keys = this.wideKeys;
    keys.fill(0, 0, n);
    for (let c = 0; c < this.width; c++) {
      const v = vals[c];
      const nl = nulls[c];
      const base = this.base[c] - 1;
      const limit = this.limit[c];
      const scale = this.scale[c];
      let bad = 0;
      if (anyNull) {
        for (let k = 0; k < n; k++) {
          const code = (v[k] - base) * (1 - nl[k]);
          bad |= +(code < 1 - nl[k]) | +(code > limit);
          keys[k] += code * scale;
        }
      } else {
        for (let k = 0; k < n; k++) {
          const code = v[k] - base;
          bad |= +(code < 1) | +(code > limit);
          keys[k] += code * scale;
        }
      }
      if (bad !== 0) return false;
    }
    return true;
  }

  /** Fixes the frame from the first batch; false when the columns need more than WIDE_BITS bits. */
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
      this.scale[c] = 2 ** bits;
      this.limit[c] = 2 ** w - 1;
      bits += w;
      if (bits > WIDE_BITS) return false;
    }
    this.wide = bits > MAX_BITS;
    this.framed = true;
    return true;
  }
}
