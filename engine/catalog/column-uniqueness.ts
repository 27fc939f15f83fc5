/** Column uniqueness: whether a table column is a key of its live rows (unique, no NULL), computed by one hash pass and cached until the table's rows change. */
import { KeyHashTable } from '../exec/hash/key-hash-table.js';
import type { TableData } from '../../storage/table-data.js';
import type { TableEntry } from './catalog.js';

/**
 * Strata parses PRIMARY KEY and UNIQUE but does not enforce them, so a declared key proves
 * nothing about the rows. What the optimizer needs (a cube answering through a dimension's key,
 * see answer-from-cube) is the fact about the rows as they are: this computes it from the data.
 * The fact is cached per table data and column against {@link TableData.version}, which every
 * append, delete, rollback and schema change bumps, so a write that adds a duplicate is seen by
 * the next query; flushes and compactions keep the rows and the fact.
 */
const cache = new WeakMap<TableData, Map<number, { readonly version: number; readonly unique: boolean }>>();

/** True when column `col` of `t` holds no NULL and no value twice among the table's live rows. */
export function isUniqueKey(t: TableEntry, col: number): boolean {
  const data = t.data;
  let perColumn = cache.get(data);
  if (perColumn === undefined) cache.set(data, (perColumn = new Map()));
  const known = perColumn.get(col);
  if (known !== undefined && known.version === data.version) return known.unique;
  const version = data.version;
  const unique = computeUnique(data, col, t.columns[col].type);
  perColumn.set(col, { version, unique });
  return unique;
}

/**
 * One scan of the column into a hash table of its values; stops at the first NULL or the first
 * batch after which the table holds fewer keys than rows read (a duplicate). Memory is the
 * hash table over the distinct values, about what a hash join on the key would build.
 */
function computeUnique(data: TableData, col: number, type: TableEntry['columns'][number]['type']): boolean {
  const keys = new KeyHashTable([type]);
  let ids = new Int32Array(0);
  let rows = 0;
  for (const batch of data.scan([col])) {
    const v = batch.columns[0];
    const n = batch.length;
    const validity = v.validity;
    if (validity !== null) {
      const sel = batch.sel;
      for (let k = 0; k < n; k++) if (validity[sel === null ? k : sel[k]] === 0) return false;
    }
    if (ids.length < n) ids = new Int32Array(n);
    keys.findOrInsert([v], batch.sel, n, ids);
    rows += n;
    if (keys.size !== rows) return false;
  }
  return true;
}
