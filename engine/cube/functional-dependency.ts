/** Functional dependencies inside a star region: columns equal by its join conditions, and the tables a key dimension determines. */
import type { TableEntry } from '../catalog/catalog.js';
import type { BoundExpr } from '../expr/expr.js';
import { typeToString } from '../types/data-type.js';
import { canonicalKey, type StarRegion } from './star-region.js';

/**
 * Column keys (`table.columnIndex`) that hold the same value in every row of `region`, as a map
 * from key to the representative of its class (keys in no equality are absent). Only a conjunct
 * `a = b` between two plain columns of the same type counts: then both hold the same non-NULL
 * value, so grouping by one is grouping by the other. Floating point is left out (-0 = 0 holds
 * between values that print differently), and so is any equality through a cast.
 */
export function columnClasses(region: StarRegion): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const c of region.conjuncts) {
    const pair = columnEquality(c, region.columnKeys);
    if (pair === null) continue;
    for (const k of pair) if (!parent.has(k)) parent.set(k, k);
    const [a, b] = [find(pair[0]), find(pair[1])];
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const out = new Map<string, string>();
  for (const k of parent.keys()) out.set(k, find(k));
  return out;
}

function columnEquality(e: BoundExpr, columnKeys: ReadonlyMap<number, string>): [string, string] | null {
  if (e.kind !== 'op' || e.op !== '=' || e.args.length !== 2) return null;
  const [l, r] = e.args;
  if (l.kind !== 'column' || r.kind !== 'column') return null;
  if (typeToString(l.type) !== typeToString(r.type) || l.type.id === 'double') return null;
  const a = canonicalKey(l, columnKeys);
  const b = canonicalKey(r, columnKeys);
  return a === null || b === null || a === b ? null : [a, b];
}

/** How a table of a cube's region is re-joined to the cube rows: its column `column` equals dimension `dim` and is a key of the table. */
export interface Determinant {
  readonly dim: number;
  readonly column: number;
}

/**
 * The dimension that determines every column of table `t` in the cube's rows: a dimension equal
 * (by `classes`) to a column of `t` that `isKey` proves unique and never NULL in the table's
 * current rows. Then each cube row matches exactly one row of `t` on that column, the very row
 * its base rows were joined with, so joining the cube rows back to `t` reads the same attribute
 * values the base rows had. Null when no dimension does.
 */
export function determinant(
  t: TableEntry,
  dimIndexByKey: ReadonlyMap<string, number>,
  classes: ReadonlyMap<string, string>,
  isKey: (t: TableEntry, column: number) => boolean,
): Determinant | null {
  const name = t.name.toLowerCase();
  for (let j = 0; j < t.columns.length; j++) {
    const key = `${name}.${j}`;
    const dim = dimIndexByKey.get(classes.get(key) ?? key);
    if (dim !== undefined && isKey(t, j)) return { dim, column: j };
  }
  return null;
}
