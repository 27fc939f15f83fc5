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
