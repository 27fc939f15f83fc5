/** Runs SQL on DuckDB (the devDependency) and on Strata, and compares results as DuckDB's rows. */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Database } from '../../sql/database.js';

export type Row = (number | string | boolean | null)[];

/** An in-memory DuckDB connection with a `rows(sql)` that returns plain JS rows. */
export async function openDuckDb(): Promise<{ exec(sql: string): Promise<void>; rows(sql: string): Promise<Row[]>; close(): void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  return {
    async exec(sql: string) {
      await conn.run(sql);
    },
    async rows(sql: string) {
      const r = await conn.runAndReadAll(sql);
      const timestamp = r.columnTypes().map((t) => String(t).startsWith('TIMESTAMP'));
      return r.getRowsJS().map((row) => row.map((v, i) => (timestamp[i] && v instanceof Date ? formatTs(v) : normalize(v))));
    },
    close() {
      conn.closeSync();
    },
  };
}

function formatTs(d: Date): string {
  const iso = d.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? '.' + frac : ''}`;
}

/** DuckDB's JS values (bigint, Date, decimal objects) in the shapes Strata returns. */
function normalize(v: unknown): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

export async function strataRows(db: Database, sql: string): Promise<Row[]> {
  return (await db.query(sql)).rowArrays();
}

function cellKey(v: number | string | boolean | null): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(10);
  return JSON.stringify(v);
}

/** Rows as sorted text, numbers rounded to 10 significant digits (sums of doubles differ in the last bits). */
export function canonical(rows: Row[], ordered: boolean): string[] {
  const keys = rows.map((r) => r.map(cellKey).join('|'));
  return ordered ? keys : keys.sort();
}

/** Whether two cells agree: numbers within a relative 1e-9 (or 1e-6 absolute: DECIMAL is a double in Strata), anything else exactly. */
export function cellsClose(x: Row[number], y: Row[number]): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x === y || Math.abs(x - y) <= Math.max(1e-9 * Math.max(Math.abs(x), Math.abs(y)), 1e-6);
  return x === y;
}

/** Orders rows cell by cell: NULL first, then numbers by value, booleans, strings. */
function compareRows(a: Row, b: Row): number {
  const rank = (v: Row[number]) => (v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'boolean' ? 2 : 3);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    if (x !== y && x !== null && y !== null) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Whether two results agree, in order or as multisets (both sorted by value, then compared cell by
 * cell with `cellsClose`). Returns null when they do, else a short description of the first
 * difference.
 */
export function resultDifference(got: Row[], expected: Row[], ordered: boolean): string | null {
  const sort = (rows: Row[]) => [...rows].sort(compareRows);
  const a = ordered ? got : sort(got);
  const b = ordered ? expected : sort(expected);
  if (a.length !== b.length) return `${a.length} rows, expected ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const same = a[i].length === b[i].length && a[i].every((v, c) => cellsClose(v, b[i][c]));
    if (!same) return `row ${i}: ${JSON.stringify(a[i])}, expected ${JSON.stringify(b[i])}`;
  }
  return null;
}
