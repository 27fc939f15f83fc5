/** What the cube and distinct benches share: SSB data in an in-memory Strata and a one-thread DuckDB in the same process, and a timer. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../sql/database.js';
import { openDuckDb } from '../ssb/duckdb-session.js';
import { generatedData } from '../ssb/ssb-runner.js';
import { loadTblIntoStrata } from '../ssb/strata-loader.js';

export type DuckSession = Awaited<ReturnType<typeof openDuckDb>>;

/** Runs `f` and returns how long it took (ms) with its value. */
export async function time<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await f();
  return { ms: performance.now() - started, value };
}

/** Both engines with the same generated SSB data; `close` releases both and the DuckDB scratch directory. */
export interface SsbPair {
  readonly db: Database;
  readonly duck: DuckSession;
  readonly factRows: number;
  close(): Promise<void>;
}

/** Loads SSB at scale factor `sf` (seed 1) into both engines, printing what was loaded. */
export async function openSsbPair(sf: number, scratchPrefix: string): Promise<SsbPair> {
  const dataDir = generatedData(sf, 1, false);
  const scratch = mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
  let db: Database | null = null;
  try {
    db = await Database.open();
    const strata = db;
    const load = await time(() => loadTblIntoStrata(strata, dataDir));
    const factRows = load.value.find((l) => l.table === 'lineorder')!.rows;
    console.log(`Strata (in memory): loaded SF ${sf} in ${(load.ms / 1000).toFixed(1)} s; lineorder ${factRows.toLocaleString('en-US')} rows`);
    const duck = await openDuckDb(scratch, 1);
    await duck.load(dataDir);
    console.log(`DuckDB ${duck.version}, ${duck.threads} thread, base tables in a database file`);
    return {
      db: strata,
      duck,
      factRows,
      async close() {
        await duck.close();
        strata.closeSync();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (e) {
    db?.closeSync();
    rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
}
