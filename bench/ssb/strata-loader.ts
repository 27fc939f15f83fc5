/**
 * Loads SSB data into a Strata database through the bulk path (`Database.appendColumns`):
 * generated directly from the seeded generator, or parsed from `.tbl` files.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../sql/database.js';
import { generateSsb, SSB_DEFAULT_SEED } from './ssb-generator.js';
import { SSB_TABLES, type SsbTableName, ssbSchema, ssbTable } from './ssb-schema.js';
import { readTbl } from './tbl-reader.js';

/** What the loaders need of a database; a Strata {@link Database} is one. */
export type StrataLoadTarget = Pick<Database, 'exec' | 'appendColumns'>;

/**
 * How a stored Strata database lays out SSB: `lineorder` sorted by `lo_orderdate` (the column
 * every query restricts through the date dimension, so zone maps skip blocks), and bulk appends
 * of about a million rows, so that each flushed segment is one long sorted run.
 */
export const STORED_LAYOUT: StrataLayout = { sortKeys: { lineorder: ['lo_orderdate'] }, chunkRows: 1 << 20 };

/** Sort keys (`ORDER BY` of CREATE TABLE) per table and rows per bulk append. */
export interface StrataLayout {
  readonly sortKeys: Partial<Record<SsbTableName, readonly string[]>>;
  readonly chunkRows?: number;
}

/** Creates the five SSB tables (the DDL of `bench/ssb/schema.sql`, plus the layout's sort keys). */
export async function createSsbTables(db: Pick<Database, 'exec'>, layout: StrataLayout = { sortKeys: {} }): Promise<void> {
  for (const t of ssbSchema()) {
    const key = layout.sortKeys[t.name];
    await db.exec(key === undefined ? t.ddl : `${t.ddl.replace(/\)\s*;?\s*$/, ')')} ORDER BY (${key.join(', ')})`);
  }
}

/**
 * Creates the SSB tables in `db` and fills them with generated data at scale factor `sf`.
 * Returns the rows loaded per table.
 */
export async function loadSsbIntoStrata(db: StrataLoadTarget, sf: number, seed: number = SSB_DEFAULT_SEED): Promise<Record<SsbTableName, number>> {
  await createSsbTables(db);
  const rows = generateSsb({ sf, seed }, (table, columns, n) => db.appendColumns(table, columns, n));
  return rows as Record<SsbTableName, number>;
}

/** One `.tbl` file of an SSB data directory. */
export interface TblFile {
  readonly table: SsbTableName;
  readonly file: string;
  readonly bytes: number;
}

/** The five `<table>.tbl` files of `dir`; throws naming the missing ones. */
export function ssbTblFiles(dir: string): TblFile[] {
  const missing: string[] = [];
  const files = SSB_TABLES.map((table) => {
    const file = path.join(dir, `${table}.tbl`);
    try {
      return { table, file, bytes: statSync(file).size };
    } catch {
      missing.push(`${table}.tbl`);
      return { table, file, bytes: 0 };
    }
  });
  if (missing.length > 0) throw new Error(`${dir} lacks ${missing.join(', ')} (expected the five SSB .tbl files of dbgen)`);
  return files;
}

/** Rows, bytes and wall time of loading one table. */
export interface TableLoad {
  readonly table: SsbTableName;
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** Creates the SSB tables in `db` and loads the `.tbl` files of `dir` into them. */
export async function loadTblIntoStrata(db: StrataLoadTarget, dir: string, layout: StrataLayout = { sortKeys: {} }): Promise<TableLoad[]> {
  await createSsbTables(db, layout);
  const loads: TableLoad[] = [];
  for (const { table, file } of ssbTblFiles(dir)) {
    const started = performance.now();
    const { rows, bytes } = readTbl(file, ssbTable(table).columns, (columns, n) => db.appendColumns(table, columns, n), {
      chunkRows: layout.chunkRows,
    });
    loads.push({ table, rows, bytes, seconds: (performance.now() - started) / 1000 });
  }
  return loads;
}

/**
 * Bytes a Strata database takes on disk: the sum of the files under its directory, or null for
 * an in-memory database (`dir` null), which is how the benchmark runs Strata today.
 */
export function strataDatabaseBytes(dir: string | null): number | null {
  if (dir === null) return null;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return total;
}
