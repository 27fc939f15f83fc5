/** The Strata side of the SSB benchmark: an in-memory, single-threaded {@link EngineSession}. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Database } from '../../sql/database.js';
import type { QueryResult } from '../../sql/query-result.js';
import type { EngineSession } from './engine-session.js';
import { repoRoot } from './ssb-schema.js';
import { loadTblIntoStrata, STORED_LAYOUT, strataDatabaseBytes } from './strata-loader.js';

/**
 * Strata, single-threaded: in memory, or with `dir` a database stored in that directory (its
 * size is then reported; every completed statement there is durable, so nothing is left to persist).
 */
export async function openStrata(dir: string | null): Promise<EngineSession> {
  const db = await Database.open(dir ?? undefined);
  const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  return {
    version: pkg.version,
    threads: 1,
    storage: dir === null ? 'in-memory' : 'directory',
    load: (dataDir) => loadTblIntoStrata(db, dataDir, dir === null ? undefined : STORED_LAYOUT),
    persist: async () => null,
    dbBytes: () => strataDatabaseBytes(dir),
    run: (sql) => db.query(sql),
    read: async (result) => {
      const r = result as QueryResult;
      return { columns: r.columns.map((c) => c.name), types: r.columns.map((c) => c.type), rows: r.rowArrays() };
    },
    explain: async (sql) => {
      const r = await db.query(`EXPLAIN ${sql}`);
      return r
        .rowArrays()
        .map(([key, value]) => `-- ${String(key)}\n${String(value)}`)
        .join('\n');
    },
    close: () => db.close(),
  };
}

