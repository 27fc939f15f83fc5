/** StringInterner: maps strings to dense Int32 codes, building a dictionary as it goes. */

/**
 * Assigns each distinct string a code 0, 1, 2, ... in first-seen order. `dict[code]` gives the
 * string back. Used wherever strings from different dictionaries must meet on one code space
 * (column builders, hash keys, join builds).
 */
export class StringInterner {
  readonly dict: string[] = [];
  private readonly codes = new Map<string, number>();

  intern(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.codes.set(s, c);
    }
    return c;
  }

  /** The code of `s`, or -1 if it was never interned. */
  lookup(s: string): number {
    const c = this.codes.get(s);
    return c === undefined ? -1 : c;
  }

  get size(): number {
    return this.dict.length;
  }

  /**
   * Translation table from another dictionary's codes to this interner's codes, computed once
   * per dictionary so that per-row work is one array load. With `insert` false, strings not yet
   * interned map to -1.
   */
  translate(dict: string[], insert = true): Int32Array {
    const out = new Int32Array(dict.length);
    for (let i = 0; i < dict.length; i++) out[i] = insert ? this.intern(dict[i]) : this.lookup(dict[i]);
    return out;
  }
}
