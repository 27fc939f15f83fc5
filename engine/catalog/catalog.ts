/** Catalog: the tables and views of a database, looked up by case-insensitive name. */
import { closestName, StrataError } from '../errors.js';
import type { DataType } from '../types/data-type.js';
import type { TableData } from '../../storage/table-data.js';

export interface ColumnSchema {
  readonly name: string;
  readonly type: DataType;
  readonly notNull: boolean;
  /** Source text of the DEFAULT expression, bound when an INSERT needs it. */
  readonly defaultSql: string | null;
}

export interface TableEntry {
  readonly kind: 'table';
  readonly name: string;
  readonly columns: ColumnSchema[];
  /** Sort key column names (`ORDER BY (...)` in CREATE TABLE); empty keeps insertion order. */
  readonly sortKey: string[];
  readonly data: TableData;
}

export interface ViewEntry {
  readonly kind: 'view';
  readonly name: string;
  /** The SELECT text; views are re-bound on every use so they follow later schema changes. */
  readonly sql: string;
  readonly columnNames: string[] | null;
  /** Set for a materialized view (a data cube): `sql` then reads its stored rows, merging delta rows. */
  readonly cube?: CubeInfo;
}

/** A materialized view's definition and state; the entry is replaced (never modified) when they change, so ROLLBACK restores them. */
export interface CubeInfo {
  /** The defining SELECT text. */
  readonly sql: string;
  /** The table holding the cube rows. */
  readonly table: string;
  /** Not used by the optimizer until REFRESH: a base table changed in a way the cube does not follow. */
  readonly stale: boolean;
  /** Rows per grouping set at the last build (an estimate afterwards: the cost the optimizer compares). */
  readonly setRows: readonly number[];
  /**
   * Live rows of each base table (lower-case name) the stored rows account for; a base table with
   * another count was written by a path that did not maintain the cube, which is then not used.
   * Not persisted: on open the counts found are taken as current (the log replays cube and base together).
   */
  readonly baseRows?: Readonly<Record<string, number>>;
}

export type CatalogEntry = TableEntry | ViewEntry;

export class Catalog {
  private readonly entries = new Map<string, CatalogEntry>();

  get(name: string): CatalogEntry | undefined {
    return this.entries.get(name.toLowerCase());
  }

  /** The entry called `name`, or a catalog error with a "did you mean" hint. */
  resolve(name: string, pos?: { line: number; column: number; offset: number } | null): CatalogEntry {
    const e = this.get(name);
    if (e !== undefined) return e;
    const hint = closestName(name, [...this.entries.values()].map((x) => x.name));
    throw new StrataError(
      'catalog',
      `Table with name ${name} does not exist${hint ? `; did you mean "${hint}"?` : ''}`,
      pos,
    );
  }

  add(entry: CatalogEntry): void {
    this.entries.set(entry.name.toLowerCase(), entry);
  }

  remove(name: string): void {
    this.entries.delete(name.toLowerCase());
  }

  /** Puts back exactly `entries` (a ROLLBACK restores the catalog a savepoint listed). */
  restore(entries: readonly CatalogEntry[]): void {
    this.entries.clear();
    for (const e of entries) this.add(e);
  }

  /** All entries in name order. */
  list(): CatalogEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
