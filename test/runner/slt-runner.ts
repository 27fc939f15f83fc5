/**
 * sqllogictest runner: runs one file's records against a fresh engine and checks the results
 * (FORMAT.md §3–§6 for the SQLite format, §8 for the DuckDB dialect).
 *
 * The engine is injectable ({@link SltEngine}: `execSync`/`querySync`, like `Database`) so the runner
 * logic can be tested without the real engine. By default each file gets `await Database.open()`.
 *
 * Policies:
 * - Engine names for `skipif`/`onlyif`: only `strata` is us (FORMAT.md §2 "generic engine"), in
 *   both dialects. So `onlyif duckdb`/`onlyif sqlite` records are skipped and `skipif duckdb`/
 *   `skipif sqlite` records run — including `skipif sqlite` + `halt`, which stops the file. A
 *   condition `var=value` tests a loop variable.
 * - Counting: every `statement`/`query` record run is passed or failed (or an expected failure);
 *   one skipped by a condition, by `mode skip`, or by a whole-file skip (`require`, `load`,
 *   `restart`, …) is skipped; records after an executed `halt` are not counted.
 * - A query never expects an error; `statement error` accepts any thrown error and ignores the
 *   expected message; `statement maybe` accepts both outcomes.
 * - SQLite format: values rendered by type letter and compared exactly. DuckDB dialect: values
 *   rendered like CAST AS VARCHAR and compared tolerantly (numbers, booleans). In both, an expected
 *   block that is a single `N values hashing to <md5>` line is compared by hash, whatever the
 *   threshold (FORMAT.md §5.4 advice), and labels (§5.5) must agree within a file.
 * - An invalid record (unknown type, malformed header) is a failure and stops the file, like the
 *   reference tool.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Cell,
  type ColumnKind,
  columnKind,
  compareRows,
  duckdbValuesMatch,
  isHashLine,
  md5Values,
  renderDuckdb,
  renderSqlite,
  sortValues,
} from './slt-format.js';
import {
  type Condition,
  type Dialect,
  type QueryRecord,
  type SltRecord,
  type StatementRecord,
  detectDialect,
  parseSlt,
} from './slt-parser.js';
import { type ExpectedFailureEntry, entryKey, suiteRelativePath } from './expected-failures.js';

/** A result column as the runner needs it (a `ColumnInfo` of sql/query-result.ts fits). */
export interface SltColumn {
  readonly name?: string;
  /** SQL type spelling: `INTEGER`, `DOUBLE`, `DECIMAL(15,2)`, `VARCHAR`, `BOOLEAN`, … */
  readonly type: string;
}

/** A query result as the runner needs it (`QueryResult` fits). */
export interface SltResult {
  readonly columns: readonly SltColumn[];
  rowArrays(): readonly (readonly Cell[])[];
}

/** The engine interface (`Database` fits). Any throw means "the statement failed". */
export interface SltEngine {
  execSync(sql: string): unknown;
  querySync(sql: string): SltResult;
  close?(): unknown;
}

export type FailureKind = 'failure' | 'expected' | 'fixed';

export interface SltFailure {
  /** Suite-relative path (the key used by the expected-failures list). */
  readonly file: string;
  readonly line: number;
  readonly sql: string;
  /** Expected lines joined with `\n` (or `error` / `ok`). */
  readonly expected: string;
  /** What the engine produced, in the same layout (or the error text). */
  readonly got: string;
  readonly message: string;
  /** `failure`: unexpected; `expected`: listed in the expected-failures list; `fixed`: listed but passed. */
  readonly kind: FailureKind;
  /** The reason from the expected-failures list (kinds `expected`/`fixed`). */
  readonly reason?: string;
}

export interface FileResult {
  readonly file: string;
  readonly dialect: Dialect;
  passed: number;
  /** Unexpected failures, including listed records that now pass ("fixed"). */
  failed: number;
  skipped: number;
  expectedFailures: number;
  /** Every failure of every kind, in record order (fixed ones at the end). */
  readonly failures: SltFailure[];
  /** Set when the whole file was skipped (`require`, `load`, …). */
  skippedFile?: string;
  /** Listed entries of this file whose record was not executed. */
  readonly notRun: string[];
  /** Set when `failFast` stopped the file early. */
  stoppedEarly?: boolean;
}

export type RecordEvent =
  | { readonly type: 'pass'; readonly file: string; readonly record: SltRecord }
  | { readonly type: 'skip'; readonly file: string; readonly record: SltRecord; readonly why: string }
  | { readonly type: 'fail'; readonly file: string; readonly record: SltRecord; readonly failure: SltFailure };

export interface RunOptions {
  /** Creates the engine for a file (default: `Database.open()`). */
  readonly engineFactory?: () => SltEngine | Promise<SltEngine>;
  /** Names `skipif`/`onlyif` treat as us (lower case). Default `['strata']`. */
  readonly engineNames?: readonly string[];
  /** Force a dialect instead of {@link detectDialect}. */
  readonly dialect?: Dialect;
  /** The expected-failures list, keyed by {@link entryKey}. */
  readonly expectedFailures?: ReadonlyMap<string, ExpectedFailureEntry>;
  /** Stop the file at the first unexpected failure. */
  readonly failFast?: boolean;
  /** Suite root, for relative paths and `{DATA_DIR}`. */
  readonly suiteRoot?: string;
  /** The path used in reports and keys (default: {@link suiteRelativePath}). */
  readonly displayPath?: string;
  /** Directory substituted for `__TEST_DIR__` / `{TEST_DIR}` (default: a dir under os.tmpdir()). */
  readonly testDir?: string;
  /** Called after each statement/query record (for `--verbose`). */
  readonly onRecord?: (e: RecordEvent) => void;
}

export const DEFAULT_ENGINE_NAMES: readonly string[] = ['strata'];

async function defaultEngine(): Promise<SltEngine> {
  // Imported lazily so the runner (and its unit tests) load without the engine.
  const { Database } = await import('../../sql/database.js');
  return Database.open();
}

/** Whether a record's conditions skip it for us. */
export function isSkippedByConditions(
  conditions: readonly Condition[],
  engineNames: readonly string[],
  loopVars?: Readonly<Record<string, string>>,
): boolean {
  for (const c of conditions) {
    let matches: boolean;
    const eq = c.name.indexOf('=');
    if (eq > 0) {
      const v = loopVars?.[c.name.slice(0, eq)];
      matches = v !== undefined && v === c.name.slice(eq + 1);
    } else {
      matches = engineNames.includes(c.name.toLowerCase());
    }
    if (c.kind === 'skipif' ? matches : !matches) return true;
  }
  return false;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`;
  return String(e);
}

/** Result of checking one query. */
interface Check {
  readonly ok: boolean;
  readonly message: string;
  readonly got: string;
  /** MD5 of the sorted values (for labels), when the result had the right shape. */
  readonly hash?: string;
}

/** Renders, sorts and compares a query result with the record's expectation. */
export function checkQuery(rec: QueryRecord, result: SltResult, dialect: Dialect): Check {
  const ncols = rec.types.length;
  const cols = result.columns;
  const rows = result.rowArrays();
  const kinds: ColumnKind[] = cols.map((c) => columnKind(c.type));
  const raw: Cell[] = [];
  const values: string[] = [];
  for (const row of rows) {
    for (let c = 0; c < cols.length; c++) {
      const v = row[c];
      raw.push(v);
      values.push(dialect === 'sqlite' ? renderSqlite(v, rec.types[c] ?? 'T', kinds[c]) : renderDuckdb(v, kinds[c]));
    }
  }
  const layout = (vals: readonly string[]): string => {
    if (dialect === 'sqlite' || cols.length <= 1) return vals.join('\n');
    const lines: string[] = [];
    for (let i = 0; i < vals.length; i += cols.length) lines.push(vals.slice(i, i + cols.length).join('\t'));
    return lines.join('\n');
  };
  if (cols.length !== ncols) {
    return {
      ok: false,
      message: `wrong column count: type string '${rec.types}' has ${ncols} columns, the result has ${cols.length}`,
      got: layout(values),
    };
  }
  // Sort: rowsort by rendered row, valuesort all values. Keep the raw cells aligned for DuckDB
  // comparison (raw values only matter for untyped columns).
  let sorted: string[];
  let sortedRaw: Cell[] = raw;
  if (rec.sortMode === 'rowsort' && ncols > 0) {
    const idx = rows.map((_, r) => r);
    const rowOf = (r: number): string[] => values.slice(r * ncols, (r + 1) * ncols);
    idx.sort((a, b) => compareRows(rowOf(a), rowOf(b)));
    sorted = idx.flatMap(rowOf);
    sortedRaw = idx.flatMap((r) => raw.slice(r * ncols, (r + 1) * ncols));
  } else {
    sorted = sortValues(values, ncols, rec.sortMode);
  }
  const hash = md5Values(sorted);
  const gotHash = `${sorted.length} values hashing to ${hash}`;
  const exp = rec.expected;

  if (exp.length === 1 && isHashLine(exp[0])) {
    const ok = exp[0] === gotHash;
    return {
      ok,
      hash,
      message: ok ? '' : `hash mismatch: expected ${exp[0]}, got ${gotHash}`,
      got: `${gotHash}\n${layout(sorted)}`,
    };
  }

  let expectedValues: string[];
  if (dialect === 'duckdb') {
    // Row-wise (TAB-separated) or value-wise layout, decided as DuckDB does (FORMAT.md §8.4).
    const rowWise = (ncols > 1 && exp.length === rows.length) || exp.every((l) => l.includes('\t'));
    if (rowWise) {
      expectedValues = [];
      for (let i = 0; i < exp.length; i++) {
        const parts = exp[i].split('\t');
        if (parts.length !== ncols) {
          return {
            ok: false,
            hash,
            message: `expected row ${i + 1} has ${parts.length} TAB-separated values, the query has ${ncols} columns`,
            got: layout(sorted),
          };
        }
        expectedValues.push(...parts);
      }
    } else {
      if (exp.length % ncols !== 0) {
        return {
          ok: false,
          hash,
          message: `${exp.length} expected values is not a multiple of the column count ${ncols}`,
          got: layout(sorted),
        };
      }
      expectedValues = [...exp];
    }
  } else {
    expectedValues = [...exp];
  }

  const gotText = layout(sorted);
  if (expectedValues.length !== sorted.length) {
    const what = ncols > 0 ? `${expectedValues.length / ncols} rows, got ${sorted.length / ncols}` : '';
    return {
      ok: false,
      hash,
      message: `wrong result size: expected ${expectedValues.length} values, got ${sorted.length}${what ? ` (${what})` : ''}`,
      got: gotText,
    };
  }
  const match = (i: number, e: string): boolean =>
    dialect === 'sqlite' ? sorted[i] === e : duckdbValuesMatch(sorted[i], e, kinds[i % ncols], sortedRaw[i]);
  for (let i = 0; i < expectedValues.length; i++) {
    if (match(i, expectedValues[i])) continue;
    const r = Math.floor(i / ncols) + 1;
    const c = (i % ncols) + 1;
    let message = `wrong value at row ${r}, column ${c}: expected '${expectedValues[i]}', got '${sorted[i]}'`;
    if (rec.sortMode === 'nosort' && sameRowsAnyOrder(sorted, expectedValues, ncols, dialect, kinds)) {
      message += ' (order-only mismatch: the same rows in a different order)';
    }
    return { ok: false, hash, message, got: gotText };
  }
  return { ok: true, hash, message: '', got: gotText };
}

/** Whether the values are the same multiset of rows (to flag order-only mismatches). */
function sameRowsAnyOrder(got: readonly string[], exp: readonly string[], ncols: number, dialect: Dialect, kinds: readonly ColumnKind[]): boolean {
  const g = sortValues(got, ncols, 'rowsort');
  const e = sortValues(exp, ncols, 'rowsort');
  for (let i = 0; i < g.length; i++) {
    const ok = dialect === 'sqlite' ? g[i] === e[i] : duckdbValuesMatch(g[i], e[i], kinds[i % ncols]);
    if (!ok) return false;
  }
  return true;
}

function substituteKeywords(text: string, opts: RunOptions): string {
  if (!text.includes('TEST_DIR') && !text.includes('DATA_DIR') && !text.includes('BUILD_DIRECTORY') && !text.includes('WORKING_DIRECTORY')) {
    return text;
  }
  const testDir = opts.testDir ?? path.join(os.tmpdir(), 'strata-slt');
  if (text.includes('TEST_DIR')) mkdirSync(testDir, { recursive: true });
  const dataDir = path.join(opts.suiteRoot ?? '.', 'duckdb', 'data');
  return text
    .split('__TEST_DIR__').join(testDir)
    .split('{TEST_DIR}').join(testDir)
    .split('{DATA_DIR}').join(dataDir)
    .split('__BUILD_DIRECTORY__').join(process.cwd())
    .split('{BUILD_DIRECTORY}').join(process.cwd())
    .split('__WORKING_DIRECTORY__').join(process.cwd());
}

function loopSuffix(rec: SltRecord): string {
  if (rec.loopVars === undefined) return '';
  const parts = Object.entries(rec.loopVars).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

/** Runs a file from disk. */
export async function runFile(filePath: string, options: RunOptions = {}): Promise<FileResult> {
  const text = readFileSync(filePath, 'utf8');
  const display = options.displayPath ?? suiteRelativePath(filePath, options.suiteRoot);
  const dialect = options.dialect ?? detectDialect(display, text);
  return runText(text, display, { ...options, dialect });
}

/** Runs a file's text (`display` is its suite-relative path, used in reports and list keys). */
export async function runText(text: string, display: string, options: RunOptions = {}): Promise<FileResult> {
  const dialect = options.dialect ?? detectDialect(display, text);
  const records = parseSlt(text, dialect);
  const engineNames = (options.engineNames ?? DEFAULT_ENGINE_NAMES).map((n) => n.toLowerCase());
  const listed = options.expectedFailures ?? new Map<string, ExpectedFailureEntry>();
  const res: FileResult = {
    file: display,
    dialect,
    passed: 0,
    failed: 0,
    skipped: 0,
    expectedFailures: 0,
    failures: [],
    notRun: [],
  };
  const isTestRecord = (r: SltRecord): boolean => r.type === 'statement' || r.type === 'query';
  const skipped = (r: SltRecord, why: string): void => {
    res.skipped++;
    options.onRecord?.({ type: 'skip', file: display, record: r, why });
  };

  // Whole-file skips: a `require`/`load`/`restart`/… record that applies to us, before any halt.
  for (const r of records) {
    if (isSkippedByConditions(r.conditions, engineNames, r.loopVars)) continue;
    if (r.type === 'halt') break;
    if (r.type === 'skip-file') {
      res.skippedFile = `line ${r.line}: ${r.text}`;
      for (const t of records) if (isTestRecord(t)) skipped(t, `file skipped (${r.text})`);
      return finish(res, listed, new Map());
    }
  }

  // Records of the list seen in this file: key → outcomes.
  const outcomes = new Map<string, { passes: number; failures: SltFailure[] }>();
  const outcome = (line: number): { passes: number; failures: SltFailure[] } => {
    const k = entryKey(display, line);
    let o = outcomes.get(k);
    if (o === undefined) outcomes.set(k, (o = { passes: 0, failures: [] }));
    return o;
  };

  let engine: SltEngine;
  try {
    engine = await (options.engineFactory ?? defaultEngine)();
  } catch (e) {
    res.failed++;
    res.failures.push({ file: display, line: 0, sql: '', expected: 'an engine', got: errorText(e), message: `cannot open the engine: ${errorText(e)}`, kind: 'failure' });
    return res;
  }

  const labels = new Map<string, { hash: string; line: number }>();
  let skipMode = false;

  const pass = (r: SltRecord): void => {
    if (listed.has(entryKey(display, r.line))) outcome(r.line).passes++;
    else res.passed++;
    options.onRecord?.({ type: 'pass', file: display, record: r });
  };
  /** Records a failure; returns true if the run must stop (fail-fast on an unexpected failure). */
  const fail = (r: SltRecord, sql: string, expected: string, got: string, message: string): boolean => {
    const entry = listed.get(entryKey(display, r.line));
    const failure: SltFailure = {
      file: display,
      line: r.line,
      sql,
      expected,
      got,
      message: message + loopSuffix(r),
      kind: entry ? 'expected' : 'failure',
      ...(entry ? { reason: entry.reason } : {}),
    };
    if (entry) outcome(r.line).failures.push(failure);
    else {
      res.failed++;
      res.failures.push(failure);
    }
    options.onRecord?.({ type: 'fail', file: display, record: r, failure });
    return !entry && options.failFast === true;
  };

  try {
    for (const r of records) {
      if (isSkippedByConditions(r.conditions, engineNames, r.loopVars)) {
        if (isTestRecord(r)) skipped(r, 'skipif/onlyif');
        continue;
      }
      if (r.type === 'halt') break;
      // `hash-threshold` is parsed but not needed: the form of each expected block (one hash line
      // or values) decides how it is compared (FORMAT.md §5.4 runner advice).
      if (r.type === 'hash-threshold' || r.type === 'ignored' || r.type === 'skip-file') continue;
      if (r.type === 'mode') {
        if (r.mode === 'skip') skipMode = true;
        else if (r.mode === 'unskip') skipMode = false;
        continue;
      }
      if (r.type === 'invalid') {
        fail(r, '', '', r.text, `invalid record: ${r.message}; the rest of the file is not run`);
        break;
      }
      if (skipMode) {
        skipped(r, 'mode skip');
        continue;
      }
      if (runRecord(r, substituteKeywords(r.sql, options))) {
        res.stoppedEarly = true;
        break;
      }
    }
  } finally {
    await closeEngine(engine);
  }
  return finish(res, listed, outcomes);

  /** Runs a statement or query record; returns true to stop (fail-fast). */
  function runRecord(r: StatementRecord | QueryRecord, sql: string): boolean {
    if (r.type === 'statement') {
      let error: unknown;
      let threw = false;
      try {
        engine.execSync(sql);
      } catch (e) {
        threw = true;
        error = e;
      }
      if (r.expect === 'maybe' || (r.expect === 'ok') === !threw) {
        pass(r);
        return false;
      }
      if (r.expect === 'ok') return fail(r, sql, 'ok', errorText(error), `statement failed: ${errorText(error)}`);
      const exp = `error${r.expectedError ? `: ${r.expectedError}` : ''}`;
      return fail(r, sql, exp, 'ok', 'statement succeeded but an error was expected');
    }
    const expectedText = r.expected.join('\n');
    let result: SltResult;
    try {
      result = engine.querySync(sql);
    } catch (e) {
      return fail(r, sql, expectedText, errorText(e), `query failed: ${errorText(e)}`);
    }
    let check: Check;
    try {
      check = checkQuery(r, result, dialect);
    } catch (e) {
      return fail(r, sql, expectedText, errorText(e), `cannot read the result: ${errorText(e)}`);
    }
    if (check.ok && r.label !== undefined && check.hash !== undefined) {
      // SQLite's reference tool keys labels by their first 20 characters.
      const label = dialect === 'sqlite' ? r.label.slice(0, 20) : r.label;
      const prev = labels.get(label);
      if (prev === undefined) {
        labels.set(label, { hash: check.hash, line: r.line });
      } else if (prev.hash !== check.hash) {
        check = {
          ok: false,
          hash: check.hash,
          got: check.got,
          message: `label '${r.label}': the result hashes to ${check.hash}, but the query at line ${prev.line} with the same label hashed to ${prev.hash}`,
        };
      }
    }
    if (check.ok) {
      pass(r);
      return false;
    }
    return fail(r, sql, expectedText, check.got, check.message);
  }
}

async function closeEngine(engine: SltEngine): Promise<void> {
  try {
    await engine.close?.();
  } catch {
    // ignore errors on close
  }
}

/** Resolves listed records: failures become expected failures; all-pass becomes "fixed". */
function finish(
  res: FileResult,
  listed: ReadonlyMap<string, ExpectedFailureEntry>,
  outcomes: ReadonlyMap<string, { passes: number; failures: SltFailure[] }>,
): FileResult {
  const keyPrefix = `${res.file}:`;
  const fixed: SltFailure[] = [];
  for (const [key, o] of outcomes) {
    const entry = listed.get(key);
    if (entry === undefined) continue;
    if (o.failures.length > 0) {
      res.expectedFailures += o.failures.length;
      res.passed += o.passes;
      res.failures.push(...o.failures);
    } else {
      res.failed++;
      fixed.push({
        file: res.file,
        line: entry.line,
        sql: '',
        expected: 'a failure (listed in the expected-failures file)',
        got: 'pass',
        message: `fixed — remove from the list (listed reason: ${entry.reason})`,
        kind: 'fixed',
        reason: entry.reason,
      });
    }
  }
  res.failures.sort((a, b) => a.line - b.line);
  res.failures.push(...fixed);
  if (!res.stoppedEarly) {
    for (const [key, entry] of listed) {
      if (key.startsWith(keyPrefix) && entry.file === res.file && !outcomes.has(key)) res.notRun.push(key);
    }
  }
  return res;
}
