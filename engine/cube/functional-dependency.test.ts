import { describe, expect, it } from 'vitest';
import type { ColumnSchema, TableEntry } from '../catalog/catalog.js';
import type { BoundExpr } from '../expr/expr.js';
import type { ScanNode } from '../plan/logical-plan.js';
import { castFunction } from '../types/cast.js';
import { BIGINT, BOOLEAN, type DataType, DOUBLE, INTEGER, VARCHAR } from '../types/data-type.js';
import { columnClasses, determinant } from './functional-dependency.js';
import type { StarRegion } from './star-region.js';

/** A table entry with the given column types (no data: these functions read only the schema). */
function entry(name: string, types: DataType[]): TableEntry {
  const columns: ColumnSchema[] = types.map((type, i) => ({ name: `c${i}`, type, notNull: false, defaultSql: null }));
  return { kind: 'table', name, columns, sortKey: [], data: null as never };
}

let nextCid = 1;
function scan(t: TableEntry): ScanNode {
  const cols = t.columns.map((c) => ({ cid: nextCid++, name: c.name, type: c.type }));
  return { kind: 'scan', table: t, alias: t.name, columnIndexes: t.columns.map((_, i) => i), filters: [], cols };
}
const col = (s: ScanNode, i: number): BoundExpr => ({ kind: 'column', cid: s.cols[i].cid, type: s.cols[i].type, name: s.cols[i].name });
const eq = (a: BoundExpr, b: BoundExpr): BoundExpr => ({ kind: 'op', op: '=', args: [a, b], type: BOOLEAN });

function region(scans: ScanNode[], conjuncts: BoundExpr[]): StarRegion {
  const columnKeys = new Map<number, string>();
  for (const s of scans) s.cols.forEach((c, i) => columnKeys.set(c.cid, `${s.table.name}.${s.columnIndexes[i]}`));
  return { scans, conjuncts, columnKeys };
}

// fact(f0 INTEGER, f1 INTEGER, f2 DOUBLE, f3 INTEGER), da(a0 INTEGER, a1 VARCHAR), db(b0 BIGINT, b1 DOUBLE, b2 INTEGER)
const fact = scan(entry('fact', [INTEGER, INTEGER, DOUBLE, INTEGER]));
const da = scan(entry('da', [INTEGER, VARCHAR]));
const db = scan(entry('db', [BIGINT, DOUBLE, INTEGER]));

describe('columnClasses', () => {
  it('joins columns equal by plain equalities of one type, transitively, and nothing else', () => {
    const cast = (e: BoundExpr): BoundExpr => ({ kind: 'cast', arg: e, type: BIGINT, try: false, impl: castFunction(INTEGER, BIGINT, false)! });
    const classes = columnClasses(
      region(
        [fact, da, db],
        [
          eq(col(fact, 0), col(da, 0)), // fact.0 = da.0
          eq(col(db, 2), col(fact, 0)), // db.2 = fact.0: the same class
          eq(cast(col(fact, 1)), col(db, 0)), // through a cast: no
          eq(col(fact, 2), col(db, 1)), // DOUBLE: no
          { kind: 'op', op: '<', args: [col(fact, 3), col(da, 0)], type: BOOLEAN }, // not an equality
        ],
      ),
    );
    expect(classes.get('fact.0')).toBe(classes.get('da.0'));
    expect(classes.get('db.2')).toBe(classes.get('da.0'));
    expect(classes.get('fact.0')).toBeDefined();
    for (const k of ['fact.1', 'db.0', 'fact.2', 'db.1', 'fact.3']) expect(classes.has(k), k).toBe(false);
  });
});

describe('determinant', () => {
  it('finds a dimension equal to a column of the table that is a key, and no other', () => {
    const classes = columnClasses(region([fact, da], [eq(col(fact, 0), col(da, 0))]));
    // Dimension 0 is fact.0 (the foreign key), dimension 1 is da.1.
    const dims = new Map([[classes.get('fact.0')!, 0], ['da.1', 1]]);
    const keys = new Set(['da.0']);
    const isKey = (t: TableEntry, c: number) => keys.has(`${t.name}.${c}`);
    expect(determinant(da.table, dims, classes, isKey)).toEqual({ dim: 0, column: 0 });
    // da.1 is a dimension too, but not a key.
    keys.clear();
    expect(determinant(da.table, dims, classes, isKey)).toBe(null);
    keys.add('da.1');
    expect(determinant(da.table, dims, classes, isKey)).toEqual({ dim: 1, column: 1 });
    // A key column no dimension equals determines nothing.
    expect(determinant(db.table, dims, classes, () => true)).toBe(null);
  });
});
