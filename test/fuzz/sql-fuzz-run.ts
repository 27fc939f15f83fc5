/** Runs the SQL mutation fuzzer over sqllogictest corpora: each file's statements set up a database, then mutants of its records are judged. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Database } from '../../sql/database.js';
import { detectDialect, parseSlt } from '../runner/slt-parser.js';
import { type FuzzOutcome, FuzzRandom, judge, mutate } from './sql-mutator.js';

export interface FuzzFailure {
  readonly file: string;
  readonly sql: string;
  readonly reason: string;
}

export interface FuzzReport {
  readonly inputs: number;
  readonly failures: FuzzFailure[];
}

/** Every `.test` file under `roots`. */
export function corpusFiles(roots: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) walk(path.join(p, e));
    else if (p.endsWith('.test')) out.push(p);
  };
  for (const r of roots) walk(r);
  return out;
}

/**
 * For each file: a fresh in-memory database runs the file's own statements (setting up its
 * tables), then `perFile` mutants of randomly chosen records are judged; a run that changed the
 * schema badly only makes later mutants fail properly, which is fine. Stops adding inputs once
 * `deadline` (ms since epoch) passes.
 */
export function fuzzCorpus(files: readonly string[], seed: number, perFile: number, deadline = Infinity): FuzzReport {
  const rnd = new FuzzRandom(seed);
  const failures: FuzzFailure[] = [];
  let inputs = 0;
  for (const file of files) {
    if (Date.now() > deadline) break;
    const sqls = corpusStatements(file);
    if (sqls.length === 0) continue;
    const db = setUpDatabase(sqls);
    for (let k = 0; k < perFile && Date.now() <= deadline; k++) {
      let sql = rnd.pick(sqls);
      const rounds = 1 + rnd.int(3);
      for (let m = 0; m < rounds; m++) sql = mutate(sql, rnd);
      inputs++;
      const outcome = judge((s) => db.querySync(s), sql);
      if (!outcome.ok) failures.push({ file, sql, reason: outcome.reason });
    }
    db.closeSync();
  }
  return { inputs, failures };
}

/** The SQL of a corpus file's statement and query records, in order. */
function corpusStatements(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return parseSlt(text, detectDialect(file, text)).flatMap((r) => (r.type === 'statement' || r.type === 'query' ? [r.sql] : []));
}

/** A fresh in-memory database after the corpus file's first statements (they create and fill its tables). */
function setUpDatabase(sqls: readonly string[]): Database {
  const db = Database.openSync();
  for (const sql of sqls.slice(0, 40)) judge((s) => db.querySync(s), sql);
  return db;
}

/**
 * Replays a saved failing input (test/fuzz/regressions/*.sql: `-- corpus: <path from the repo
 * root>`, `-- found: <reason>`, then the SQL) in the database its corpus file sets up.
 */
export function replayRegression(root: string, text: string): FuzzOutcome {
  const lines = text.split('\n');
  const corpus = /^-- corpus: (.*)$/.exec(lines[0])?.[1];
  if (corpus === undefined) return { ok: false, reason: 'regression file lacks its "-- corpus:" line' };
  const sql = lines.filter((l) => !l.startsWith('-- ')).join('\n').trim();
  const db = setUpDatabase(corpusStatements(path.resolve(root, corpus)));
  try {
    return judge((s) => db.querySync(s), sql);
  } finally {
    db.closeSync();
  }
}
