/** Loads SSB `.tbl` files into DuckDB (`@duckdb/node-api`) with the same DDL as Strata, through COPY. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ssbSchema } from './ssb-schema.js';
import { type TableLoad, ssbTblFiles } from './strata-loader.js';

/** SQL string literal. */
function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Creates the SSB tables and COPYs the `.tbl` files of `dir` into them. DuckDB's CSV reader
 * takes dbgen's trailing `|` as the end of the last field.
 */
export async function loadTblIntoDuckDb(conn: DuckDBConnection, dir: string): Promise<TableLoad[]> {
  for (const t of ssbSchema()) await conn.run(t.ddl);
  const loads: TableLoad[] = [];
  for (const { table, file, bytes } of ssbTblFiles(dir)) {
    const started = performance.now();
    await conn.run(`COPY ${table} FROM ${literal(file)} (DELIMITER '|', HEADER false)`);
    const seconds = (performance.now() - started) / 1000;
    const count = (await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRowsJS()[0][0];
    loads.push({ table, rows: Number(count), bytes, seconds });
  }
  return loads;
}
