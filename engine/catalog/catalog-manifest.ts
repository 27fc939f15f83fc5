/** Converts between the in-memory catalog and the storage manifest (load on open, save on commit). */
import { StrataError } from '../errors.js';
import { type DataType, typeFromName, typeToString } from '../types/data-type.js';
import type { DatabaseStorage } from '../../storage/database-storage.js';
import type { Manifest } from '../../storage/manifest.js';
import type { MergeRuleSpec } from '../../storage/write/aggregating-merge.js';
import { TableData, type TableStorageContext } from '../../storage/table-data.js';
import type { Vector } from '../vector/vector.js';
import type { Catalog, ColumnSchema, CubeInfo, TableEntry } from './catalog.js';

/** Parses a type as stored in the manifest (`INTEGER`, `DECIMAL(15,2)`). */
export function parseStoredType(text: string): DataType {
  const m = /^([A-Z]+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(text);
  const t = m ? typeFromName(m[1], [m[2], m[3]].filter((x) => x !== undefined).map(Number)) : null;
  if (t === null) throw new StrataError('corrupt', `unknown column type ${text} in the manifest`);
  return t;
}

/** A new table's data: on disk when the database has storage, else in memory only; `merge` for a table whose equal-key rows combine (a cube's). */
export function newTableData(name: string, columns: ColumnSchema[], sortKey: string[], ctx: TableStorageContext | null, merge: MergeRuleSpec | null = null): TableData {
  const keyIdx = sortKey.map((k) => columns.findIndex((c) => c.name.toLowerCase() === k.toLowerCase()));
  const data = new TableData(
    name,
    columns.map((c) => c.type),
    columns.map((c) => c.name),
    ctx,
    keyIdx,
  );
  if (merge !== null) data.setMergeRule(merge);
  return data;
}

/**
 * Fills `catalog` from the manifest of `storage`. `defaultValue` evaluates a column's DEFAULT
 * (what rows of segments written before ALTER TABLE ADD COLUMN read). Returns the indexes listed.
 */
export function loadCatalog(
  catalog: Catalog,
  storage: DatabaseStorage,
  defaultValue: (c: ColumnSchema) => Vector | null,
): { name: string; table: string }[] {
  const m = storage.manifest;
  for (const t of m.tables) {
    const columns: ColumnSchema[] = t.columns.map((c) => ({ name: c.name, type: parseStoredType(c.type), notNull: c.notNull, defaultSql: c.default }));
    const data = newTableData(t.name, columns, t.sortKey, storage.tableContext(), t.merge ?? null);
    const deletes = new Map(Object.entries(t.deletes ?? {}).map(([seg, del]) => [storage.resolve(seg), storage.resolve(del)]));
    data.attachSegments(t.segments.map((s) => storage.resolve(s)), deletes);
    columns.forEach((c, i) => data.setFill(i, c.defaultSql === null ? null : defaultValue(c)));
    catalog.add({ kind: 'table', name: t.name, columns, sortKey: t.sortKey, data });
  }
  for (const v of m.views) catalog.add({ kind: 'view', name: v.name, sql: v.sql, columnNames: v.columns, ...(v.cube ? { cube: v.cube } : {}) });
  return m.indexes;
}

/** The manifest describing `catalog` now (segment lists as the tables hold them). */
export function catalogManifest(catalog: Catalog, storage: DatabaseStorage, indexes: { name: string; table: string }[]): Manifest {
  const tables = catalog.list().filter((e): e is TableEntry => e.kind === 'table');
  return {
    format: 'strata',
    version: storage.manifest.version,
    nextSegment: storage.manifest.nextSegment,
    tables: tables.map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => ({ name: c.name, type: typeToString(c.type), notNull: c.notNull, default: c.defaultSql })),
      sortKey: t.sortKey,
      segments: t.data.segmentFiles.map((f) => storage.relative(f)),
      deletes: Object.fromEntries([...t.data.deleteVectorFiles].map(([seg, del]) => [storage.relative(seg), storage.relative(del)])),
      ...(t.data.mergeSpec !== null ? { merge: t.data.mergeSpec } : {}),
    })),
    views: catalog
      .list()
      .flatMap((e) => (e.kind === 'view' ? [{ name: e.name, sql: e.sql, columns: e.columnNames, ...(e.cube ? { cube: cubeManifest(e.cube) } : {}) }] : [])),
    indexes,
  };
}

/** What the manifest keeps of a materialized view (the base row counts are re-taken on open). */
function cubeManifest(c: CubeInfo): { sql: string; table: string; stale: boolean; setRows: number[] } {
  return { sql: c.sql, table: c.table, stale: c.stale, setRows: [...c.setRows] };
}
