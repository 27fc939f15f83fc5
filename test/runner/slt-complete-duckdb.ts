/**
 * Fills (or checks) the expected results of DuckDB-dialect sqllogictest files by running them on
 * DuckDB (the devDependency), so expected output is never typed by hand.
 *
 *   node dist/test/runner/slt-complete-duckdb.js [--check] <file-or-dir>...
 *
 * Every record runs in file order on one fresh in-memory DuckDB per file. A `query` record's
 * block after `----` is replaced by DuckDB's rows (tab-separated, NULL as `NULL`, the empty string
 * as `(empty)`; `rowsort` rows sorted). `statement ok` must succeed and `statement error` must
 * fail on DuckDB too; a mismatch is reported and the file is left unchanged. With `--check`
 * nothing is written: the exit code is 1 if any expected block differs from DuckDB's output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { collectTestFiles } from './slt-main.js';
import { parseSlt, type QueryRecord, splitLines } from './slt-parser.js';

/** DuckDB's text for one value, as its sqllogictest runner prints it. */
function render(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

interface FileOutcome {
  changed: boolean;
  problems: string[];
  queries: number;
}

/** Runs one file on DuckDB; returns the new text (or null on problems) and what happened. */
export async function completeText(text: string, file: string): Promise<{ text: string; outcome: FileOutcome }> {
  const lines = splitLines(text);
  const records = parseSlt(text, 'duckdb');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const problems: string[] = [];
  const replacements: { from: number; to: number; lines: string[] }[] = [];
  let queries = 0;
  try {
    for (const r of records) {
      if (r.type === 'statement') {
        let failed: string | null = null;
        try {
          await conn.run(r.sql);
        } catch (e) {
          failed = e instanceof Error ? e.message.split('\n')[0] : String(e);
        }
        if (r.expect === 'ok' && failed !== null) problems.push(`${file}:${r.line}: statement failed on DuckDB: ${failed}`);
        if (r.expect === 'error' && failed === null) problems.push(`${file}:${r.line}: statement succeeded on DuckDB but is expected to fail`);
        continue;
      }
      if (r.type !== 'query') continue;
      queries++;
      let rows: string[];
      try {
        const result = await conn.runAndReadAll(r.sql);
        if (result.columnCount !== r.types.length) {
          problems.push(`${file}:${r.line}: DuckDB returned ${result.columnCount} columns, the header says ${r.types.length}`);
          continue;
        }
        rows = result.getRows().map((row) => row.map(render).join('\t'));
      } catch (e) {
        problems.push(`${file}:${r.line}: query failed on DuckDB: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        continue;
      }
      if (r.sortMode === 'rowsort') rows.sort();
      replacements.push({ ...blockOf(lines, r), lines: rows });
    }
  } finally {
    conn.closeSync();
  }
  let changed = false;
  const out = [...lines];
  for (const rep of replacements.sort((a, b) => b.from - a.from)) {
    const old = out.slice(rep.from, rep.to);
    if (old.length !== rep.lines.length || old.some((l, i) => l !== rep.lines[i])) changed = true;
    out.splice(rep.from, rep.to - rep.from, ...rep.lines);
  }
  return { text: out.join('\n'), outcome: { changed, problems, queries } };
}

/** The 0-based line range [from, to) of a query's expected block: after its `----` up to the next empty line. */
function blockOf(lines: readonly string[], r: QueryRecord): { from: number; to: number } {
  let sep = r.line; // 0-based index of the line after the command line
  while (sep < lines.length && lines[sep] !== '----') sep++;
  if (sep >= lines.length) throw new Error(`query at line ${r.line} has no ---- line`);
  let end = sep + 1;
  while (end < lines.length && lines[end] !== '') end++;
  return { from: sep + 1, to: end };
}

export async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const paths = argv.filter((a) => a !== '--check');
  if (paths.length === 0) {
    process.stderr.write('usage: slt-complete-duckdb [--check] <file-or-dir>...\n');
    return 2;
  }
  let failed = false;
  for (const file of collectTestFiles(paths)) {
    const shown = path.relative(process.cwd(), file);
    const { text, outcome } = await completeText(readFileSync(file, 'utf8'), shown);
    for (const p of outcome.problems) process.stdout.write(`${p}\n`);
    if (outcome.problems.length > 0) {
      failed = true;
      continue;
    }
    if (check) {
      process.stdout.write(`${shown}: ${outcome.changed ? 'DIFFERS from DuckDB' : 'matches DuckDB'} (${outcome.queries} queries)\n`);
      if (outcome.changed) failed = true;
    } else {
      if (outcome.changed) writeFileSync(file, text);
      process.stdout.write(`${shown}: ${outcome.changed ? 'updated' : 'unchanged'} (${outcome.queries} queries)\n`);
    }
  }
  return failed ? 1 : 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`slt-complete-duckdb: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
