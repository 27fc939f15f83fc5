import { describe, expect, it } from 'vitest';
import { TableData } from '../../storage/table-data.js';
import { INTEGER, VARCHAR } from '../types/data-type.js';
import { Batch } from '../vector/batch.js';
import { Vector } from '../vector/vector.js';
import type { TableEntry } from './catalog.js';
import { isUniqueKey } from './column-uniqueness.js';

/** An in-memory table (k INTEGER, s VARCHAR). */
function table(): TableEntry {
  const columns = [
    { name: 'k', type: INTEGER, notNull: false, defaultSql: null },
    { name: 's', type: VARCHAR, notNull: false, defaultSql: null },
  ];
  return { kind: 'table', name: 't', columns, sortKey: [], data: new TableData('t', [INTEGER, VARCHAR], ['k', 's'], null) };
}

/** Appends rows; a null key or string is NULL. */
function append(t: TableEntry, keys: (number | null)[], strings: (string | null)[]): void {
  const n = keys.length;
  const validity = Uint8Array.from(keys, (k) => (k === null ? 0 : 1));
  const dict = [...new Set(strings.filter((s): s is string => s !== null))];
  const k = new Vector(INTEGER, Int32Array.from(keys, (x) => x ?? 0), keys.includes(null) ? validity : null, null, n);
  const sValid = Uint8Array.from(strings, (x) => (x === null ? 0 : 1));
  const s = new Vector(VARCHAR, Int32Array.from(strings, (x) => (x === null ? 0 : dict.indexOf(x))), strings.includes(null) ? sValid : null, dict, n);
  t.data.append(new Batch([k, s], n));
}

describe('isUniqueKey', () => {
  it('is true for a column without NULLs or repeated values, across batches and dictionaries', () => {
    const t = table();
    append(t, [3, 1, 2], ['a', 'b', 'c']);
    append(t, [10, -4], ['d', 'e']);
    expect(isUniqueKey(t, 0)).toBe(true);
    expect(isUniqueKey(t, 1)).toBe(true);
    // A repeat in a later append, with its own dictionary.
    append(t, [7], ['b']);
    expect(isUniqueKey(t, 0)).toBe(true);
    expect(isUniqueKey(t, 1)).toBe(false);
  });

  it('follows writes: an append of a duplicate or a NULL, a delete and a rollback', () => {
    const t = table();
    append(t, [1, 2, 3], ['a', 'b', 'c']);
    expect(isUniqueKey(t, 0)).toBe(true);
    const saved = t.data.saveState();
    append(t, [2], ['x']);
    expect(isUniqueKey(t, 0)).toBe(false);
    t.data.restoreState(saved);
    expect(isUniqueKey(t, 0)).toBe(true);
    append(t, [null], ['y']);
    expect(isUniqueKey(t, 0)).toBe(false);
    // Deleting the NULL row (live rows 0..3: 1, 2, 3, NULL) makes the column a key again.
    t.data.deleteLive(Uint8Array.from([0, 0, 0, 1]));
    expect(isUniqueKey(t, 0)).toBe(true);
    append(t, [3, 9], ['p', 'q']);
    expect(isUniqueKey(t, 0)).toBe(false);
    t.data.deleteLive(Uint8Array.from([0, 0, 1, 0, 0]));
    expect(isUniqueKey(t, 0)).toBe(true);
  });

  it('is true for an empty table', () => {
    expect(isUniqueKey(table(), 0)).toBe(true);
  });
});
