/**
 * sqllogictest CLI.
 *
 *   node dist/test/runner/slt-main.js [options] <file-or-dir>...
 *
 * Directories are searched recursively for `*.test` files (run in sorted order). Files of the
 * vendored suite are named relative to it (`duckdb/test/sql/...`), the project's own files
 * relative to the repository (`test/sql/...`), in output and in the expected-failures list. Options:
 *   --summary                  print only unexpected failures (one line each) and per-file counts
 *   --verbose                  print every record's outcome and full failure details
 *   --fail-fast                stop at the first unexpected failure
 *   --write-expected-failures  rewrite the expected-failures list from this run's failures
 *   --expected-failures <file> use another list (default: test/sqllogictest-expected-failures.txt)
 *   --dialect sqlite|duckdb    force the dialect (default: by path / `# name:` header)
 *   --storage memory|disk|both memory (default); disk: a stored database closed and reopened after
 *                              every statement; both: each file in both modes (totals summed)
 *
 * The last line is `N passed, N failed, N skipped`. Exit code 1 if any unexpected failure
 * (including listed records that now pass), 2 on usage errors, else 0.
 */
import { ReopeningEngine } from './reopening-engine.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type ExpectedFailureEntry,
  entryKey,
  loadExpectedFailures,
  suiteRelativePath,
  writeExpectedFailures,
} from './expected-failures.js';
import type { Dialect } from './slt-parser.js';
import { type FileResult, type SltFailure, runFile } from './slt-runner.js';

export interface CliOptions {
  storage?: 'memory' | 'disk' | 'both';
  summary: boolean;
  verbose: boolean;
  failFast: boolean;
  writeExpected: boolean;
  expectedFile?: string;
  dialect?: Dialect;
  paths: string[];
}

const USAGE = `usage: slt-main [--summary] [--verbose] [--fail-fast] [--write-expected-failures]
                [--expected-failures <file>] [--dialect sqlite|duckdb] [--storage memory|disk|both] <file-or-dir>...`;

export function parseArgs(argv: readonly string[]): CliOptions | string {
  const o: CliOptions = { summary: false, verbose: false, failFast: false, writeExpected: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--summary':
        o.summary = true;
        break;
      case '--verbose':
      case '-v':
        o.verbose = true;
        break;
      case '--fail-fast':
        o.failFast = true;
        break;
      case '--write-expected-failures':
        o.writeExpected = true;
        break;
      case '--expected-failures':
        if (argv[i + 1] === undefined) return '--expected-failures needs a file';
        o.expectedFile = argv[++i];
        break;
      case '--storage': {
        const m = argv[++i];
        if (m !== 'memory' && m !== 'disk' && m !== 'both') return '--storage must be memory, disk or both';
        o.storage = m;
        break;
      }
      case '--dialect': {
        const d = argv[++i];
        if (d !== 'sqlite' && d !== 'duckdb') return '--dialect must be sqlite or duckdb';
        o.dialect = d;
        break;
      }
      case '--help':
      case '-h':
        return '';
      default:
        if (a.startsWith('-')) return `unknown option ${a}`;
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) return 'no test files or directories given';
  return o;
}

/** The repository root: the nearest ancestor of this module with a package.json. */
export function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** All `*.test` files under the given files/directories, sorted, without duplicates. */
export function collectTestFiles(paths: readonly string[]): string[] {
  const out = new Set<string>();
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const child = path.join(p, name);
        const cst = statSync(child);
        if (cst.isDirectory()) walk(child);
        else if (name.endsWith('.test')) out.add(path.resolve(child));
      }
    } else {
      out.add(path.resolve(p));
    }
  };
  for (const p of paths) walk(p);
  return [...out].sort();
}

/**
 * The name a test file is reported and listed under: suite-relative for the vendored suite
 * (`duckdb/test/sql/...`), repository-relative for the project's own files (`test/sql/...`).
 */
export function displayPath(file: string, suiteRoot: string, repoRoot: string): string {
  const abs = path.resolve(file);
  const inRepo = path.relative(repoRoot, abs);
  const vendored = abs.split(path.sep).includes('sqllogictest');
  if (!vendored && !inRepo.startsWith('..') && !path.isAbsolute(inRepo)) return inRepo.split(path.sep).join('/');
  return suiteRelativePath(abs, suiteRoot);
}

function indent(text: string, maxLines: number): string {
  const lines = text.split('\n');
  const shown = maxLines > 0 && lines.length > maxLines ? lines.slice(0, maxLines) : lines;
  let out = shown.map((l) => `    ${l}`).join('\n');
  if (shown.length < lines.length) out += `\n    ... (${lines.length - shown.length} more lines)`;
  return out;
}

function printFailure(f: SltFailure, opts: CliOptions): void {
  const tag = f.kind === 'fixed' ? 'FIXED' : f.kind === 'expected' ? 'EXPECTED FAILURE' : 'FAIL';
  const firstLine = f.message.split('\n')[0];
  if (opts.summary && !opts.verbose) {
    const sql = f.sql.split('\n')[0];
    process.stdout.write(`${tag} ${f.file}:${f.line}: ${firstLine}${sql ? `\n    ${sql.length > 160 ? sql.slice(0, 160) + '…' : sql}` : ''}\n`);
    return;
  }
  const max = opts.verbose ? 0 : 20;
  let out = `${tag} ${f.file}:${f.line}: ${f.message}\n`;
  if (f.reason !== undefined) out += `  listed reason: ${f.reason}\n`;
  if (f.kind !== 'fixed') {
    if (f.sql) out += `  SQL:\n${indent(f.sql, max)}\n`;
    out += `  expected:\n${indent(f.expected || '(nothing)', max)}\n`;
    out += `  got:\n${indent(f.got || '(nothing)', max)}\n`;
  }
  process.stdout.write(out + '\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    if (parsed) process.stderr.write(`slt: ${parsed}\n`);
    process.stderr.write(`${USAGE}\n`);
    return parsed ? 2 : 0;
  }
  const opts = parsed;
  const repoRoot = findRepoRoot();
  const suiteRoot = path.resolve(repoRoot, '../shared/sqllogictest');
  const expectedFile = path.resolve(opts.expectedFile ?? path.join(repoRoot, 'test/sqllogictest-expected-failures.txt'));
  const { entries: listed, errors } = loadExpectedFailures(expectedFile);
  for (const e of errors) process.stderr.write(`slt: ${path.relative(process.cwd(), expectedFile)}: ${e}\n`);

  let files: string[];
  try {
    files = collectTestFiles(opts.paths);
  } catch (e) {
    process.stderr.write(`slt: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write('slt: no *.test files found\n');
    return 2;
  }

  const results: (FileResult & { mode?: 'memory' | 'disk' })[] = [];
  const modes: ('memory' | 'disk')[] = opts.storage === 'both' ? ['memory', 'disk'] : [opts.storage ?? 'memory'];
  for (const [file, mode] of files.flatMap((f) => modes.map((m) => [f, m] as const))) {
    const display = displayPath(file, suiteRoot, repoRoot);
    const res = await runFile(file, {
      displayPath: display,
      suiteRoot,
      expectedFailures: listed,
      failFast: opts.failFast,
      ...(mode === 'disk' ? { engineFactory: () => new ReopeningEngine() } : {}),
      ...(opts.dialect ? { dialect: opts.dialect } : {}),
      onRecord: opts.verbose
        ? (e) => {
            if (e.type === 'pass') process.stdout.write(`ok   ${e.file}:${e.record.line}\n`);
            else if (e.type === 'skip') process.stdout.write(`skip ${e.file}:${e.record.line} (${e.why})\n`);
          }
        : undefined,
    });
    results.push(Object.assign(res, { mode }));
    for (const f of res.failures) {
      if (f.kind === 'expected' && !opts.verbose) continue;
      printFailure(f, opts);
    }
    if (opts.failFast && res.failed > 0) break;
  }

  // Per-file counts, then totals.
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let expected = 0;
  const notRun: string[] = [];
  for (const r of results) {
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    expected += r.expectedFailures;
    notRun.push(...r.notRun);
    let line = `${r.file}${r.mode === 'disk' ? ' [disk]' : ''}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
    if (r.expectedFailures > 0) line += `, ${r.expectedFailures} expected failures`;
    if (r.skippedFile) line += ` (file skipped: ${r.skippedFile})`;
    if (r.stoppedEarly) line += ' (stopped at the first failure)';
    process.stdout.write(`${line}\n`);
  }
  if (notRun.length > 0 && !opts.summary) {
    process.stdout.write(`note: ${notRun.length} listed expected failures were not run: ${notRun.slice(0, 10).join(', ')}${notRun.length > 10 ? ', …' : ''}\n`);
  }

  if (opts.writeExpected) {
    const ranFiles = new Set(results.map((r) => r.file));
    const next = new Map<string, ExpectedFailureEntry>();
    // Entries of files not run this time are kept as they are.
    for (const [k, e] of listed) if (!ranFiles.has(e.file)) next.set(k, e);
    for (const r of results) {
      for (const f of r.failures) {
        if (f.kind === 'fixed') continue;
        const k = entryKey(f.file, f.line);
        if (next.has(k)) continue;
        const old = listed.get(k);
        next.set(k, { file: f.file, line: f.line, reason: old?.reason ?? 'unknown', message: f.message.split('\n')[0] });
      }
    }
    writeExpectedFailures(expectedFile, next.values());
    process.stdout.write(`wrote ${next.size} entries to ${path.relative(process.cwd(), expectedFile) || expectedFile}\n`);
  }

  if (expected > 0) {
    process.stdout.write(`${expected} expected failures (listed in ${path.relative(process.cwd(), expectedFile) || expectedFile})\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  if (opts.writeExpected) return 0;
  return failed > 0 ? 1 : 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  // Output piped into `head` etc.: stop quietly when the reader goes away.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`slt: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
