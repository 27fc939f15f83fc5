/**
 * Compares a query's rows from two engines: integers and decimals exactly, doubles to a relative
 * 1e-9; rows in the same order, or reordered only among rows that tie on the ORDER BY keys.
 */

/** A result value as the engine workers send it (plain JSON). */
export type Cell = number | string | boolean | null;
/** One result row. */
export type Row = Cell[];

/** How two results compare. */
export interface Comparison {
  /** `match`: same rows in the same order; `ties-reordered`: same rows, order differs only among ORDER BY ties. */
  readonly status: 'match' | 'ties-reordered' | 'mismatch';
  /** What differs, for anything but an exact match. */
  readonly detail: string | null;
}

/**
 * Output column indexes of the last `ORDER BY` of `sql`, mapped through `columnNames` (each key
 * must be a plain output column name, as in the SSB queries); null when any key is not.
 */
export function orderByColumns(sql: string, columnNames: readonly string[]): number[] | null {
  const text = sql.replace(/--[^\n]*/g, ' ');
  const at = text.search(/\border\s+by\b(?![\s\S]*\border\s+by\b)/i);
  if (at < 0) return [];
  const clause = text
    .slice(at)
    .replace(/^order\s+by\s+/i, '')
    .replace(/\b(limit|offset)\b[\s\S]*$/i, '')
    .replace(/;\s*$/, '');
  const names = columnNames.map((n) => n.toLowerCase());
  const keys: number[] = [];
  for (const item of clause.split(',')) {
    const m = /^\s*"?(\w+)"?(\s+(asc|desc))?(\s+nulls\s+(first|last))?\s*$/i.exec(item);
    const index = m === null ? -1 : names.indexOf(m[1].toLowerCase());
    if (index < 0) return null;
    keys.push(index);
  }
  return keys;
}

function cellEquals(a: Cell, b: Cell, approximate: boolean): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    if (!approximate) return false;
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  return false;
}

function rowEquals(a: Row, b: Row, approximate: readonly boolean[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!cellEquals(a[i], b[i], approximate[i])) return false;
  return true;
}

/** A sort key for multiset comparison: doubles rounded so that near-equal values sort together. */
function rowKey(row: Row, approximate: readonly boolean[]): string {
  return JSON.stringify(row.map((v, i) => (approximate[i] && typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v)));
}

function show(row: Row | undefined): string {
  return row === undefined ? '(none)' : JSON.stringify(row);
}

/**
 * Compares `actual` with `expected`. `approximate[i]` marks DOUBLE columns (compared to a
 * relative 1e-9); `orderKeys` are the ORDER BY column indexes (null if unknown: then any
 * order difference is a mismatch).
 */
export function compareRows(expected: readonly Row[], actual: readonly Row[], approximate: readonly boolean[], orderKeys: readonly number[] | null): Comparison {
  if (expected.length !== actual.length) {
    return { status: 'mismatch', detail: `${actual.length} rows, expected ${expected.length}; first rows: ${show(actual[0])} vs ${show(expected[0])}` };
  }
  let firstDiff = -1;
  for (let i = 0; i < expected.length; i++) {
    if (!rowEquals(expected[i], actual[i], approximate)) {
      firstDiff = i;
      break;
    }
  }
  if (firstDiff < 0) return { status: 'match', detail: null };
  const sortedExpected = [...expected].sort((a, b) => cmp(rowKey(a, approximate), rowKey(b, approximate)));
  const sortedActual = [...actual].sort((a, b) => cmp(rowKey(a, approximate), rowKey(b, approximate)));
  for (let i = 0; i < sortedExpected.length; i++) {
    if (!rowEquals(sortedExpected[i], sortedActual[i], approximate)) {
      return { status: 'mismatch', detail: `row ${firstDiff + 1} is ${show(actual[firstDiff])}, expected ${show(expected[firstDiff])}` };
    }
  }
  // Same rows in another order: fine only if the ORDER BY keys come in the same sequence.
  if (orderKeys !== null && orderKeys.length > 0) {
    const keysOf = (r: Row): Row => orderKeys.map((k) => r[k]);
    const keyApprox = orderKeys.map((k) => approximate[k]);
    if (expected.every((r, i) => rowEquals(keysOf(r), keysOf(actual[i]), keyApprox))) {
      return { status: 'ties-reordered', detail: `same rows; order differs only among rows with equal ORDER BY keys (first at row ${firstDiff + 1})` };
    }
  }
  return { status: 'mismatch', detail: `same rows in a different order: row ${firstDiff + 1} is ${show(actual[firstDiff])}, expected ${show(expected[firstDiff])}` };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
