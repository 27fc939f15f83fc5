/**
 * The SSB schema and queries as files of the source tree (`bench/ssb/schema.sql`,
 * `bench/ssb/queries/*.sql`), found from both the compiled `dist/bench/ssb/` and the sources.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The five SSB tables, dimensions first (the order loaders use). */
export const SSB_TABLES = ['date', 'customer', 'supplier', 'part', 'lineorder'] as const;

/** One of the five SSB table names. */
export type SsbTableName = (typeof SSB_TABLES)[number];

/** How a column is held while generating and parsing: 32-bit integers or strings. */
export type ColumnKind = 'int' | 'str';

/** A column of the SSB schema: its name, SQL type and in-memory kind. */
export interface SsbColumn {
  readonly name: string;
  readonly sqlType: string;
  readonly kind: ColumnKind;
}

/** A table of the SSB schema with its columns in `.tbl` field order. */
export interface SsbTable {
  readonly name: SsbTableName;
  /** The `CREATE TABLE` statement, as written in schema.sql. */
  readonly ddl: string;
  readonly columns: readonly SsbColumn[];
}

/**
 * The repository root: the nearest directory above this module holding `package.json`.
 * Works from `bench/ssb/` (vitest runs the sources) and from `dist/bench/ssb/` alike.
 */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The directory of the SSB sources: schema.sql and queries/. */
export function ssbSourceDir(): string {
  return path.join(repoRoot(), 'bench', 'ssb');
}

let schemaCache: readonly SsbTable[] | null = null;

/** The tables of `bench/ssb/schema.sql` in {@link SSB_TABLES} order. */
export function ssbSchema(): readonly SsbTable[] {
  if (schemaCache !== null) return schemaCache;
  const text = readFileSync(path.join(ssbSourceDir(), 'schema.sql'), 'utf8');
  schemaCache = parseSchema(text);
  return schemaCache;
}

/** The table `name` of the SSB schema. */
export function ssbTable(name: SsbTableName): SsbTable {
  const t = ssbSchema().find((x) => x.name === name);
  if (t === undefined) throw new Error(`schema.sql has no table ${name}`);
  return t;
}

/**
 * Parses the plain `CREATE TABLE name (col TYPE, ...);` statements of schema.sql. Only the
 * shapes that file uses are understood: one column per comma-separated item, no constraints.
 */
export function parseSchema(text: string): SsbTable[] {
  const noComments = text.replace(/--[^\n]*/g, '');
  const tables: SsbTable[] = [];
  for (const m of noComments.matchAll(/CREATE\s+TABLE\s+"?(\w+)"?\s*\(([^;]*)\)\s*;/gi)) {
    const name = m[1].toLowerCase();
    if (!(SSB_TABLES as readonly string[]).includes(name)) throw new Error(`schema.sql: unexpected table ${name}`);
    const columns = m[2]
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((item): SsbColumn => {
        const [colName, ...typeWords] = item.split(/\s+/);
        const sqlType = typeWords.join(' ').toUpperCase();
        const kind: ColumnKind | null = /^(INTEGER|INT)$/.test(sqlType) ? 'int' : /^(VARCHAR|TEXT)(\(\d+\))?$/.test(sqlType) ? 'str' : null;
        if (kind === null) throw new Error(`schema.sql: column ${name}.${colName} has type ${sqlType}; the loaders handle INTEGER and VARCHAR`);
        return { name: colName.toLowerCase(), sqlType, kind };
      });
    tables.push({ name: name as SsbTableName, ddl: m[0].trim().replace(/;$/, ''), columns });
  }
  return SSB_TABLES.map((n) => {
    const t = tables.find((x) => x.name === n);
    if (t === undefined) throw new Error(`schema.sql: table ${n} is missing`);
    return t;
  });
}

/** One benchmark query: its id (`q1.1`) and SQL text. */
export interface SsbQuery {
  readonly id: string;
  readonly sql: string;
}

/** The 13 standard queries from `bench/ssb/queries/`, in benchmark order (q1.1 ... q4.3). */
export function ssbQueries(): SsbQuery[] {
  const dir = path.join(ssbSourceDir(), 'queries');
  return readdirSync(dir)
    .filter((f) => /^q\d+\.\d+\.sql$/.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => ({ id: f.slice(0, -4), sql: readFileSync(path.join(dir, f), 'utf8').trim() }));
}
