/** StringInterner: maps strings to dense Int32 codes, building a dictionary as it goes. */

/**
 * Until this many rows per dictionary entry have come from one dictionary, only the codes they
 * use are translated (a per-row check); after that, the whole dictionary once. The check's cost
 * stays below that of translating the dictionary, and few rows never pay for all of it.
 */
export const SPARSE_ROWS_PER_ENTRY = 4;

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

  /**
   * {@link translate} for only the codes that rows `sel[0..n)` (or `0..n)`) of `codes` use: a
   * few rows of a large dictionary (a query's result rows, one inserted row's join partners)
   * must not cost a hash lookup per dictionary entry, nor fill this interner with strings no row
   * holds. `into` is the map returned for the same dictionary before (or null); entries not yet
   * translated hold -1 (as do strings not interned, with `insert` false: looked up again next
   * time, as the interner may have grown). Returns the map, `into` itself unless it was too short.
   */
  translateUsed(dict: string[], codes: ArrayLike<number>, sel: Int32Array | null, n: number, insert: boolean, into: Int32Array | null): Int32Array {
    let map = into;
    if (map === null || map.length < dict.length) {
      const grown = new Int32Array(dict.length).fill(-1);
      if (map !== null) grown.set(map);
      map = grown;
    }
    for (let k = 0; k < n; k++) {
      const c = codes[sel === null ? k : sel[k]];
      if (map[c] < 0) map[c] = insert ? this.intern(dict[c]) : this.lookup(dict[c]);
    }
    return map;
  }
}
