/**
 * The list of sqllogictest records known to fail: test/sqllogictest-expected-failures.txt.
 *
 * File format (UTF-8 text, one entry per line; blank lines and lines starting with `#` ignored):
 *
 *     <file>:<line> | <reason> | <message>
 *
 * - `<file>`: the test file's path relative to the suite root (`../shared/sqllogictest` from the
 *   repo root), with `/` separators, e.g. `sqlite/test/select1.test` or
 *   `duckdb/test/sql/order/test_order_by.test`. See {@link suiteRelativePath}.
 * - `<line>`: 1-based line number of the record's command line (`statement …` / `query …`).
 * - `<reason>`: free text written by a person (must not contain ` | `); `unknown` for new entries.
 * - `<message>`: optional; the first line of the failure message when the list was last written
 *   (informational; refreshed by `--write-expected-failures`).
 *
 * A listed record that fails counts as an expected failure; a listed record that passes is
 * reported as "fixed — remove from the list" and counts as a failure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ExpectedFailureEntry {
  /** Suite-relative path, `/`-separated. */
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  readonly message?: string;
}

/** Map key of a record: `<file>:<line>`. */
export function entryKey(file: string, line: number): string {
  return `${file}:${line}`;
}

const HEADER = `# Strata sqllogictest: records known to fail.
# Format: one entry per line:  <file>:<line> | <reason> | <first line of the failure message>
#   <file>  path relative to the suite root ../shared/sqllogictest (e.g. sqlite/test/select1.test)
#   <line>  1-based line of the record's \`statement\`/\`query\` line
#   <reason> written by a person (no " | " inside); "unknown" for entries added automatically
# A listed record that fails is an expected failure; one that passes is reported as FIXED and fails
# the run until it is removed. Regenerate (keeps reasons):
#   npm run slt -- --write-expected-failures ../shared/sqllogictest
`;

/** Parses the file's text; malformed lines are returned in `errors`. */
export function parseExpectedFailures(text: string): { entries: Map<string, ExpectedFailureEntry>; errors: string[] } {
  const entries = new Map<string, ExpectedFailureEntry>();
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim().length === 0 || line.trimStart().startsWith('#')) return;
    const m = /^\s*(\S+?):(\d+)\s*(?:\|\s?(.*))?$/.exec(line);
    if (!m) {
      errors.push(`line ${i + 1}: cannot parse '${line}'`);
      return;
    }
    const rest = m[3] ?? '';
    const bar = rest.indexOf(' | ');
    const reason = (bar >= 0 ? rest.slice(0, bar) : rest).trim();
    const message = bar >= 0 ? rest.slice(bar + 3).trim() : '';
    const file = m[1].replace(/\\/g, '/');
    const entry: ExpectedFailureEntry = {
      file,
      line: Number(m[2]),
      reason: reason.length > 0 ? reason : 'unknown',
      ...(message.length > 0 ? { message } : {}),
    };
    entries.set(entryKey(file, entry.line), entry);
  });
  return { entries, errors };
}

/** Reads the list; a missing file is an empty list. */
export function loadExpectedFailures(file: string): { entries: Map<string, ExpectedFailureEntry>; errors: string[] } {
  if (!existsSync(file)) return { entries: new Map(), errors: [] };
  return parseExpectedFailures(readFileSync(file, 'utf8'));
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Serializes entries (sorted by file, then line) with the explanatory header. */
export function formatExpectedFailures(entries: Iterable<ExpectedFailureEntry>): string {
  const list = [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  let out = HEADER;
  for (const e of list) {
    const reason = clean(e.reason).split(' | ').join(' / ') || 'unknown';
    const msg = e.message !== undefined ? clean(e.message).slice(0, 200) : '';
    out += `${e.file}:${e.line} | ${reason}${msg.length > 0 ? ` | ${msg}` : ''}\n`;
  }
  return out;
}

export function writeExpectedFailures(file: string, entries: Iterable<ExpectedFailureEntry>): void {
  writeFileSync(file, formatExpectedFailures(entries));
}

/**
 * The path of a test file relative to the suite root, used as the key in the list: the part after
 * the last path segment named `sqllogictest` (so `../shared/sqllogictest/sqlite/test/select1.test`
 * and `/work/shared/sqllogictest/sqlite/test/select1.test` both give `sqlite/test/select1.test`);
 * else relative to `suiteRoot` when inside it; else relative to the current directory.
 */
export function suiteRelativePath(file: string, suiteRoot?: string): string {
  const abs = path.resolve(file);
  const parts = abs.split(path.sep);
  const idx = parts.lastIndexOf('sqllogictest');
  if (idx >= 0 && idx < parts.length - 1) return parts.slice(idx + 1).join('/');
  if (suiteRoot !== undefined) {
    const rel = path.relative(path.resolve(suiteRoot), abs);
    if (rel.length > 0 && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return path.relative(process.cwd(), abs).split(path.sep).join('/');
}
