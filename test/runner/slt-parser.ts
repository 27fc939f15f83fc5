/**
 * sqllogictest file parser for both the SQLite format and the DuckDB dialect
 * (/work/shared/sqllogictest/FORMAT.md §1–§5 and §8).
 *
 * Dialect rule ({@link detectDialect}): a file is DuckDB dialect when its path (as given, or as
 * made relative to the suite root by the caller) has a directory named `duckdb`, or when its first
 * line starts with `# name:` (DuckDB's header); otherwise it is SQLite format. The caller can force
 * a dialect.
 *
 * Differences the parser implements:
 * - SQLite: `#` lines (first character) are removed before records are split, so they never end a
 *   record; a record is a maximal run of non-blank lines (whitespace-only lines are blank).
 * - DuckDB: an empty line or a `#` line ends the header and SQL; inside a result block (after
 *   `----`) only a truly empty line ends it, and `#` lines there are values. Whitespace-only lines
 *   between records are skipped.
 *
 * Control records: `hash-threshold`, `halt`, `mode`, `loop`/`foreach`/`concurrentloop`/
 * `concurrentforeach` … `endloop` (expanded here, with `${var}` and `{var}` substituted in SQL,
 * expected values and error text; concurrent loops run sequentially), `require`, `require-env`,
 * `test-env`, `load`, `restart`, `reconnect`, `unzip`, `include`, `continue` (whole file skipped,
 * see {@link SkipFileRecord}), `set`/`reset`/`tags`/`sleep` (ignored).
 *
 * `skipif`/`onlyif` lines are kept on the record as {@link Condition}s; the runner evaluates them
 * (engine names, and `var=value` tests of loop variables, which are attached as `loopVars`).
 */
import type { SortMode } from './slt-format.js';

export type Dialect = 'sqlite' | 'duckdb';

export interface Condition {
  readonly kind: 'skipif' | 'onlyif';
  /** Engine name (e.g. `sqlite`, `duckdb`) or `var=value` for a loop variable. */
  readonly name: string;
}

interface RecordBase {
  /** 1-based line of the record's command line (`statement …`, `query …`, `halt`, …). */
  readonly line: number;
  readonly conditions: readonly Condition[];
  /** Loop variables in effect (records produced by loop expansion only). */
  readonly loopVars?: Readonly<Record<string, string>>;
}

export interface StatementRecord extends RecordBase {
  readonly type: 'statement';
  /** `ok`: must succeed; `error`: must fail (any error); `maybe`/`debug`: either outcome. */
  readonly expect: 'ok' | 'error' | 'maybe';
  readonly sql: string;
  /** Text after `----` (DuckDB's expected error message); informational only. */
  readonly expectedError?: string;
  readonly connection?: string;
}

export interface QueryRecord extends RecordBase {
  readonly type: 'query';
  /** The type string (`III`, `IRT`, …); its length is the expected column count. */
  readonly types: string;
  readonly sortMode: SortMode;
  readonly label?: string;
  /** DuckDB: a second header token that is not a sort mode names a connection (ignored). */
  readonly connection?: string;
  readonly sql: string;
  /** Expected lines after `----` (values, DuckDB row lines, or one hash line). */
  readonly expected: readonly string[];
  /** 1-based line of the first expected line (or of `----`), for messages. */
  readonly resultLine?: number;
}

export interface HashThresholdRecord extends RecordBase {
  readonly type: 'hash-threshold';
  readonly value: number;
}

export interface HaltRecord extends RecordBase {
  readonly type: 'halt';
}

export interface ModeRecord extends RecordBase {
  readonly type: 'mode';
  /** `skip`, `unskip`, `output_result`, `output_hash`, `debug`, … */
  readonly mode: string;
}

/** A command whose policy is "skip the whole file" (FORMAT.md §8.9). */
export interface SkipFileRecord extends RecordBase {
  readonly type: 'skip-file';
  readonly command: string;
  readonly text: string;
}

/** A runner-only command with no effect for us (`set`, `reset`, `tags`, `sleep`). */
export interface IgnoredRecord extends RecordBase {
  readonly type: 'ignored';
  readonly text: string;
}

/** An unknown record type or a malformed record: the runner reports a failure and stops the file. */
export interface InvalidRecord extends RecordBase {
  readonly type: 'invalid';
  readonly text: string;
  readonly message: string;
}

export type SltRecord =
  | StatementRecord
  | QueryRecord
  | HashThresholdRecord
  | HaltRecord
  | ModeRecord
  | SkipFileRecord
  | IgnoredRecord
  | InvalidRecord;

/** Control records that open a loop (before expansion). */
interface LoopRecord extends RecordBase {
  readonly type: 'loop';
  readonly command: string;
  /** Iterator names (`foreach a,b …` gives two). */
  readonly names: readonly string[];
  /** One entry per iteration: the value of each name. */
  readonly iterations: readonly (readonly string[])[];
}

interface EndLoopRecord extends RecordBase {
  readonly type: 'endloop';
}

type RawRecord = SltRecord | LoopRecord | EndLoopRecord;

const SKIP_FILE_COMMANDS = new Set([
  'require',
  'require-env',
  'test-env',
  'load',
  'restart',
  'reconnect',
  'unzip',
  'include',
  'continue',
]);
const IGNORED_COMMANDS = new Set(['set', 'reset', 'tags', 'sleep']);
const LOOP_COMMANDS = new Set(['loop', 'foreach', 'concurrentloop', 'concurrentforeach']);
const SORT_MODES: Record<string, SortMode> = { nosort: 'nosort', rowsort: 'rowsort', sort: 'rowsort', valuesort: 'valuesort' };

/** Chooses the dialect for a file (see the module comment). */
export function detectDialect(filePath: string, text: string): Dialect {
  const segments = filePath.split(/[\\/]+/);
  if (segments.slice(0, -1).some((s) => s.toLowerCase() === 'duckdb')) return 'duckdb';
  const firstLine = text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  return /^#\s*name:/.test(firstLine) ? 'duckdb' : 'sqlite';
}

/** Splits into lines on `\n` and drops every `\r`. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').replace(/\r/g, '').split('\n');
}

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

function tokenize(line: string): string[] {
  return line.trim().split(/\s+/).filter((t) => t.length > 0);
}

/** One input line with its 1-based number. */
interface Line {
  readonly text: string;
  readonly no: number;
}

/** Parses a file's text into records, loops expanded. */
export function parseSlt(text: string, dialect: Dialect): SltRecord[] {
  const lines = splitLines(text);
  const raw = dialect === 'sqlite' ? parseSqliteRaw(lines) : parseDuckdbRaw(lines);
  return expandLoops(raw);
}

// ---------------------------------------------------------------------------------------------
// SQLite format
// ---------------------------------------------------------------------------------------------

function parseSqliteRaw(lines: readonly string[]): RawRecord[] {
  // Comments are removed first, so they neither end records nor appear in them.
  const kept: Line[] = [];
  lines.forEach((text, i) => {
    if (!text.startsWith('#')) kept.push({ text, no: i + 1 });
  });
  const out: RawRecord[] = [];
  let i = 0;
  while (i < kept.length) {
    if (isBlank(kept[i].text)) {
      i++;
      continue;
    }
    const group: Line[] = [];
    while (i < kept.length && !isBlank(kept[i].text)) group.push(kept[i++]);
    out.push(parseGroup(group, 'sqlite'));
  }
  return out;
}

/** Parses one record of the SQLite format (a run of non-blank, non-comment lines). */
function parseGroup(group: readonly Line[], dialect: Dialect): RawRecord {
  const conditions: Condition[] = [];
  let k = 0;
  for (; k < group.length; k++) {
    const t = tokenize(group[k].text);
    if ((t[0] === 'skipif' || t[0] === 'onlyif') && t.length >= 2) {
      conditions.push({ kind: t[0], name: t[1] });
    } else {
      break;
    }
  }
  if (k >= group.length) {
    const last = group[group.length - 1];
    return { type: 'invalid', line: last.no, conditions, text: last.text, message: 'condition without a record' };
  }
  const head = group[k];
  const body = group.slice(k + 1);
  const sep = body.findIndex((l) => l.text.trimEnd() === '----');
  const sqlLines = sep < 0 ? body : body.slice(0, sep);
  const after = sep < 0 ? [] : body.slice(sep + 1);
  return parseCommand(head, conditions, sqlLines, after, sep >= 0 ? body[sep].no : undefined, dialect);
}

/** Builds a record from its command line, SQL lines and the lines after `----`. */
function parseCommand(
  head: Line,
  conditions: readonly Condition[],
  sqlLines: readonly Line[],
  after: readonly Line[],
  sepLine: number | undefined,
  dialect: Dialect,
): RawRecord {
  const tokens = tokenize(head.text);
  const cmd = tokens[0] ?? '';
  const line = head.no;
  const sql = sqlLines.map((l) => l.text).join('\n');
  const invalid = (message: string): InvalidRecord => ({ type: 'invalid', line, conditions, text: head.text, message });

  switch (cmd) {
    case 'statement': {
      const kind = tokens[1];
      let expect: StatementRecord['expect'];
      if (kind === 'ok') expect = 'ok';
      else if (kind === 'error') expect = 'error';
      else if (kind === 'maybe' || kind === 'debug') expect = 'maybe';
      else if (kind === 'debug_skip') return { type: 'ignored', line, conditions, text: head.text };
      else return invalid(`unknown statement kind '${kind ?? ''}'`);
      if (sql.trim().length === 0) return invalid('statement without SQL');
      const rec: StatementRecord = {
        type: 'statement',
        line,
        conditions,
        expect,
        sql,
        ...(sepLine !== undefined ? { expectedError: after.map((l) => l.text).join('\n') } : {}),
        ...(dialect === 'duckdb' && tokens[2] !== undefined ? { connection: tokens[2] } : {}),
      };
      return rec;
    }
    case 'query': {
      const types = tokens[1];
      if (types === undefined) return invalid('query without a type string');
      if (sql.trim().length === 0) return invalid('query without SQL');
      let sortMode: SortMode = 'nosort';
      let connection: string | undefined;
      if (tokens[2] !== undefined) {
        const m = SORT_MODES[tokens[2]];
        if (m !== undefined) sortMode = m;
        else connection = tokens[2];
      }
      const rec: QueryRecord = {
        type: 'query',
        line,
        conditions,
        types,
        sortMode,
        ...(tokens[3] !== undefined ? { label: tokens[3] } : {}),
        ...(connection !== undefined ? { connection } : {}),
        sql,
        expected: after.map((l) => l.text),
        ...(after.length > 0 ? { resultLine: after[0].no } : sepLine !== undefined ? { resultLine: sepLine } : {}),
      };
      return rec;
    }
    case 'hash-threshold': {
      const n = Number(tokens[1]);
      if (!Number.isInteger(n) || n < 0) return invalid(`bad hash-threshold '${tokens[1] ?? ''}'`);
      return { type: 'hash-threshold', line, conditions, value: n };
    }
    case 'halt':
      return { type: 'halt', line, conditions };
    case 'mode':
      return { type: 'mode', line, conditions, mode: tokens[1] ?? '' };
    case 'endloop':
      return { type: 'endloop', line, conditions };
    default:
      break;
  }
  if (LOOP_COMMANDS.has(cmd)) return parseLoop(cmd, tokens, line, conditions, head.text);
  if (SKIP_FILE_COMMANDS.has(cmd)) return { type: 'skip-file', line, conditions, command: cmd, text: head.text.trim() };
  if (IGNORED_COMMANDS.has(cmd)) return { type: 'ignored', line, conditions, text: head.text.trim() };
  return invalid(`unknown record type '${cmd}'`);
}

/** DuckDB's `foreach` collections (`<integral>`, …) and `!token` removal. */
function foreachValues(params: readonly string[]): string[] {
  const signed = ['tinyint', 'smallint', 'integer', 'bigint', 'hugeint'];
  const unsigned = ['utinyint', 'usmallint', 'uinteger', 'ubigint', 'uhugeint'];
  const out: string[] = [];
  for (const p of params) {
    const t = p.trim().toLowerCase();
    const all = t === '<alltypes>';
    const numeric = all || t === '<numeric>';
    const integral = numeric || t === '<integral>';
    const isSigned = integral || t === '<signed>';
    const isUnsigned = integral || t === '<unsigned>';
    let collection = false;
    if (isSigned) (out.push(...signed), (collection = true));
    if (isUnsigned) (out.push(...unsigned), (collection = true));
    if (numeric) (out.push('float', 'double'), (collection = true));
    if (all) (out.push('bool', 'interval', 'varchar'), (collection = true));
    if (t === '<compression>') {
      out.push('none', 'uncompressed', 'rle', 'bitpacking', 'dictionary', 'fsst', 'alp', 'alprd');
      collection = true;
    }
    if (collection) continue;
    if (p.startsWith('!') && p.length > 1) {
      const idx = out.indexOf(p.slice(1));
      if (idx >= 0) {
        out.splice(idx, 1);
        continue;
      }
    }
    out.push(p);
  }
  return out;
}

function parseLoop(cmd: string, tokens: readonly string[], line: number, conditions: readonly Condition[], text: string): RawRecord {
  const names = (tokens[1] ?? '').split(',').filter((n) => n.length > 0);
  if (names.length === 0) return { type: 'invalid', line, conditions, text, message: `${cmd} without an iterator name` };
  if (cmd === 'loop' || cmd === 'concurrentloop') {
    const start = Number(tokens[2]);
    const end = Number(tokens[3]);
    if (!Number.isInteger(start) || !Number.isInteger(end) || names.length !== 1) {
      return { type: 'invalid', line, conditions, text, message: `${cmd} needs: ${cmd} <name> <start> <end>` };
    }
    const iterations: string[][] = [];
    for (let v = start; v < end; v++) iterations.push([String(v)]);
    return { type: 'loop', line, conditions, command: cmd, names, iterations };
  }
  const values = foreachValues(tokens.slice(2));
  const iterations: string[][] = [];
  for (const v of values) {
    if (names.length === 1) {
      iterations.push([v]);
      continue;
    }
    const parts = v.split(',');
    if (parts.length !== names.length) {
      return { type: 'invalid', line, conditions, text, message: `${cmd}: '${v}' does not have ${names.length} comma-separated values` };
    }
    iterations.push(parts);
  }
  return { type: 'loop', line, conditions, command: cmd, names, iterations };
}

// ---------------------------------------------------------------------------------------------
// DuckDB dialect
// ---------------------------------------------------------------------------------------------

function parseDuckdbRaw(lines: readonly string[]): RawRecord[] {
  const emptyOrComment = (s: string): boolean => s.length === 0 || s.startsWith('#');
  const out: RawRecord[] = [];
  const n = lines.length;
  let i = 0;
  const at = (j: number): Line => ({ text: lines[j], no: j + 1 });
  while (i < n) {
    if (emptyOrComment(lines[i]) || isBlank(lines[i])) {
      i++;
      continue;
    }
    const conditions: Condition[] = [];
    let t = tokenize(lines[i]);
    while ((t[0] === 'skipif' || t[0] === 'onlyif') && t.length >= 2) {
      conditions.push({ kind: t[0], name: t[1] });
      i++;
      if (i >= n || emptyOrComment(lines[i]) || isBlank(lines[i])) break;
      t = tokenize(lines[i]);
    }
    if (i >= n || emptyOrComment(lines[i]) || isBlank(lines[i])) {
      out.push({ type: 'invalid', line: i, conditions, text: lines[i - 1], message: 'condition without a record' });
      continue;
    }
    const head = at(i++);
    const cmd = t[0];
    if (cmd !== 'statement' && cmd !== 'query') {
      // Single-line control record.
      out.push(parseCommand(head, conditions, [], [], undefined, 'duckdb'));
      continue;
    }
    // SQL: up to an empty line, a `#` line or `----`.
    const sqlLines: Line[] = [];
    while (i < n && !emptyOrComment(lines[i]) && lines[i] !== '----') sqlLines.push(at(i++));
    let sepLine: number | undefined;
    const after: Line[] = [];
    if (i < n && lines[i] === '----') {
      sepLine = i + 1;
      i++;
      // Result block / error text: up to a truly empty line.
      while (i < n && lines[i].length > 0) after.push(at(i++));
    }
    // Deviation from DuckDB: a query whose SQL is ended by a `#` line without `----` expects an
    // empty result (DuckDB would read the comment and what follows as result lines).
    out.push(parseCommand(head, conditions, sqlLines, after, sepLine, 'duckdb'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loop expansion
// ---------------------------------------------------------------------------------------------

interface LoopNode {
  readonly loop: LoopRecord;
  readonly children: (RawRecord | LoopNode)[];
}

function isNode(x: RawRecord | LoopNode): x is LoopNode {
  return (x as LoopNode).loop !== undefined;
}

/** Replaces `${name}` and `{name}` for every loop variable. */
export function substituteVars(text: string, vars: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [name, value] of Object.entries(vars)) {
    if (!out.includes(name)) continue;
    out = out.split('${' + name + '}').join(value).split('{' + name + '}').join(value);
  }
  return out;
}

function substituteRecord(r: SltRecord, vars: Readonly<Record<string, string>>, conds: readonly Condition[]): SltRecord {
  const conditions = conds.length > 0 ? [...conds, ...r.conditions] : r.conditions;
  const loopVars = { ...r.loopVars, ...vars };
  switch (r.type) {
    case 'statement':
      return {
        ...r,
        conditions,
        loopVars,
        sql: substituteVars(r.sql, vars),
        ...(r.expectedError !== undefined ? { expectedError: substituteVars(r.expectedError, vars) } : {}),
      };
    case 'query':
      return { ...r, conditions, loopVars, sql: substituteVars(r.sql, vars), expected: r.expected.map((e) => substituteVars(e, vars)) };
    default:
      return { ...r, conditions, loopVars };
  }
}

function expandLoops(raw: readonly RawRecord[]): SltRecord[] {
  const root: (RawRecord | LoopNode)[] = [];
  const stack: LoopNode[] = [];
  const out: SltRecord[] = [];
  const target = (): (RawRecord | LoopNode)[] => (stack.length > 0 ? stack[stack.length - 1].children : root);
  for (const r of raw) {
    if (r.type === 'loop') {
      const node: LoopNode = { loop: r, children: [] };
      target().push(node);
      stack.push(node);
    } else if (r.type === 'endloop') {
      if (stack.length === 0) {
        target().push({ type: 'invalid', line: r.line, conditions: r.conditions, text: 'endloop', message: 'endloop without a loop' });
      } else {
        stack.pop();
      }
    } else {
      target().push(r);
    }
  }
  if (stack.length > 0) {
    const open = stack[0].loop;
    // An unterminated loop: report it and do not run its body.
    stack.length = 0;
    const idx = root.findIndex((x) => isNode(x) && x.loop === open);
    root.splice(idx, root.length - idx, {
      type: 'invalid',
      line: open.line,
      conditions: open.conditions,
      text: open.command,
      message: `${open.command} without endloop`,
    });
  }
  const emit = (items: readonly (RawRecord | LoopNode)[], vars: Readonly<Record<string, string>>, conds: readonly Condition[]): void => {
    for (const item of items) {
      if (isNode(item)) {
        const innerConds = [...conds, ...item.loop.conditions];
        for (const values of item.loop.iterations) {
          const inner: Record<string, string> = { ...vars };
          item.loop.names.forEach((name, j) => {
            inner[name] = values[j];
          });
          emit(item.children, inner, innerConds);
        }
      } else if (item.type !== 'loop' && item.type !== 'endloop') {
        out.push(Object.keys(vars).length > 0 || conds.length > 0 ? substituteRecord(item, vars, conds) : item);
      }
    }
  };
  emit(root, {}, []);
  return out;
}
