/**
 * The interactive shell (node:readline): multi-line statements ended by `;`, a history file,
 * dot commands and output modes; plus the statement splitter and runner that the one-shot
 * (`-c`) and script (piped stdin) modes share with it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Database } from '../sql/database.js';
import { type OutputMode, OUTPUT_MODES, formatError, isOutputMode, renderResult } from './render/renderers.js';

/** The prompt of a new statement; the continuation prompt has the same width. */
export const PROMPT = 'strata> ';
export const CONTINUATION_PROMPT = '   ...> ';
const HISTORY_SIZE = 1000;

/**
 * Engine features the shell uses when present. None exist yet on {@link Database}; each is
 * probed at run time, so the shell works without them and picks them up once they land.
 */
export interface EngineExtras {
  /** The names of the user's tables (used by `.tables` when no catalog query works). */
  tableNames?(): readonly string[] | Promise<readonly string[]>;
  /** True when the database lives on disk (`Database.open(dir)` persists its data). */
  readonly persistent?: boolean;
}

// --- Splitting input into statements ---

/** One statement cut out of a script; `line` is the 1-based line of the script where it starts. */
export interface ScriptStatement {
  readonly text: string;
  readonly line: number;
}

/** The result of {@link splitStatements}. */
export interface SplitResult {
  /** The statements ended by `;` (without the `;`); statements that are only comments are dropped. */
  readonly statements: ScriptStatement[];
  /** The unfinished statement after the last `;`, or '' when only blanks and comments follow. */
  readonly rest: ScriptStatement;
}

/**
 * Splits SQL text on the `;` that are outside string literals, quoted identifiers and comments.
 * An unterminated literal or block comment makes the rest unfinished, whatever it holds.
 */
export function splitStatements(sql: string): SplitResult {
  const statements: ScriptStatement[] = [];
  let line = 1;
  let contentAt = -1; // first character of the statement that is not blank or comment
  let contentLine = 1;
  let open = false; // inside a literal or block comment at the end of the text
  const markContent = (i: number): void => {
    if (contentAt < 0) {
      contentAt = i;
      contentLine = line;
    }
  };
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    if (ch === '\n') {
      line++;
      i++;
    } else if (ch === "'" || ch === '"') {
      // A doubled quote inside the literal is an escaped quote: the scan just re-enters.
      markContent(i);
      const close = sql.indexOf(ch, i + 1);
      const end = close < 0 ? n : close + 1;
      for (let k = i; k < end; k++) if (sql[k] === '\n') line++;
      open = close < 0;
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      for (let k = i; k < end; k++) if (sql[k] === '\n') line++;
      // An unterminated comment keeps the input open even in a statement that has no content yet.
      open = close < 0;
      if (open) markContent(i);
      i = end;
    } else if (ch === ';') {
      if (contentAt >= 0) statements.push({ text: sql.slice(contentAt, i).trimEnd(), line: contentLine });
      contentAt = -1;
      i++;
    } else {
      if (ch !== ' ' && ch !== '\t' && ch !== '\r') markContent(i);
      i++;
    }
  }
  const rest: ScriptStatement =
    contentAt >= 0 || open ? { text: sql.slice(contentAt).trimEnd(), line: contentLine } : { text: '', line };
  return { statements, rest };
}

// --- Running statements ---

/** How results are shown; the REPL's dot commands change it. */
export interface OutputSettings {
  mode: OutputMode;
  timer: boolean;
  /** ANSI colors for NULL, types and errors. */
  color: boolean;
  /** Width of the terminal; `Infinity` when writing to a pipe or file. */
  maxWidth: number;
  maxRows: number;
}

/** Where the shell writes results and errors. */
export interface ShellIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: ShellIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** The settings for writing to this process's stdout. */
export function defaultSettings(mode: OutputMode = 'table'): OutputSettings {
  const tty = process.stdout.isTTY === true;
  return {
    mode,
    timer: false,
    color: tty && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb',
    // A pipe has no width: tables keep their natural width unless COLUMNS says otherwise.
    maxWidth: tty ? process.stdout.columns || 120 : Number(process.env.COLUMNS) || Infinity,
    maxRows: 40,
  };
}

/** Runs one statement and prints its result or error; returns false if it failed. */
export async function runStatement(
  db: Pick<Database, 'query'>,
  stmt: ScriptStatement,
  settings: OutputSettings,
  io: ShellIo,
): Promise<boolean> {
  const started = performance.now();
  try {
    const result = await db.query(stmt.text);
    const elapsed = performance.now() - started;
    io.out(
      renderResult(result, settings.mode, {
        maxWidth: settings.maxWidth,
        maxRows: settings.maxRows,
        color: settings.color,
      }),
    );
    if (settings.timer) io.out(`Run time: ${formatDuration(elapsed)}\n`);
    return true;
  } catch (err) {
    io.err(formatError(err, stmt.text, { color: settings.color, firstLine: stmt.line, maxWidth: settings.maxWidth }));
    return false;
  }
}

/** Runs every statement of a script (a final `;` is optional), stopping at the first error. */
export async function runScript(
  db: Pick<Database, 'query'>,
  sql: string,
  settings: OutputSettings,
  io: ShellIo = processIo,
): Promise<boolean> {
  const { statements, rest } = splitStatements(sql);
  if (rest.text !== '') statements.push(rest);
  for (const stmt of statements) {
    if (!(await runStatement(db, stmt, settings, io))) return false;
  }
  return true;
}

/** `12.3 ms` below a second, `1.234 s` above. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(3)} s`;
}

// --- Dot commands ---

const HELP = `Statements end with ";" and may span several lines. Ctrl-C clears the input, Ctrl-D leaves.
.help                               Show this help
.tables                             List the tables
.mode table|csv|json|jsonl|markdown Set the output mode (no argument: show it)
.timer on|off                       Show the run time of each statement
.quit                               Leave (also .exit)
`;

/**
 * The names of the tables, from the first source that works: a catalog query, then
 * {@link EngineExtras.tableNames}; null when the engine offers neither yet.
 */
export async function listTables(db: Pick<Database, 'query'>): Promise<string[] | null> {
  try {
    const r = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
    );
    return r.rowArrays().map((row) => String(row[0]));
  } catch {
    // No catalog views yet: fall through to the engine's method.
  }
  const extras = db as unknown as EngineExtras;
  if (typeof extras.tableNames === 'function') {
    try {
      return [...(await extras.tableNames())].sort();
    } catch {
      return null;
    }
  }
  return null;
}

/** Names laid out in columns, `ls` style. */
function columnize(names: readonly string[], width: number): string {
  const colWidth = Math.max(...names.map((s) => s.length)) + 2;
  const perLine = Math.max(1, Math.floor((Number.isFinite(width) ? width : 80) / colWidth));
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += perLine) {
    lines.push(
      names
        .slice(i, i + perLine)
        .map((s) => s.padEnd(colWidth))
        .join('')
        .trimEnd(),
    );
  }
  return lines.join('\n') + '\n';
}

/** Runs a dot command; returns false when the shell should leave. */
async function runDotCommand(line: string, db: Database, settings: OutputSettings, io: ShellIo): Promise<boolean> {
  const [command, ...args] = line.trim().split(/\s+/);
  switch (command) {
    case '.help':
      io.out(HELP);
      return true;
    case '.quit':
    case '.exit':
      return false;
    case '.tables': {
      const names = await listTables(db);
      if (names === null) io.err('Listing tables is not supported by the engine yet.\n');
      else io.out(names.length > 0 ? columnize(names, settings.maxWidth) : '(no tables)\n');
      return true;
    }
    case '.mode':
      if (args.length === 0) io.out(`${settings.mode}\n`);
      else if (isOutputMode(args[0])) settings.mode = args[0];
      else io.err(`Unknown mode "${args[0]}": use one of ${OUTPUT_MODES.join(', ')}.\n`);
      return true;
    case '.timer':
      if (args.length === 0) io.out(`${settings.timer ? 'on' : 'off'}\n`);
      else if (args[0] === 'on' || args[0] === 'off') settings.timer = args[0] === 'on';
      else io.err('Usage: .timer on|off\n');
      return true;
    default:
      io.err(`Unknown command "${command}". Enter ".help" for the list.\n`);
      return true;
  }
}

// --- The REPL ---

/** Options of {@link startRepl}. */
export interface ReplOptions {
  readonly mode?: OutputMode;
  /** Printed once before the first prompt. */
  readonly banner?: string;
  /** Default `~/.strata_history`; null keeps no history file. */
  readonly historyFile?: string | null;
}

function loadHistory(file: string | null): string[] {
  if (file === null) return [];
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    // The file is oldest first; readline wants newest first.
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

function saveHistory(file: string | null, history: readonly string[]): void {
  if (file === null) return;
  try {
    fs.writeFileSync(file, [...history].reverse().join('\n') + '\n', { mode: 0o600 });
  } catch {
    // A read-only home directory must not break the shell.
  }
}

/**
 * Runs the interactive shell on `db` until `.quit` or Ctrl-D; resolves after closing `db`.
 * Input lines are queued so that a pasted script runs statement after statement in order.
 */
export async function startRepl(db: Database, options: ReplOptions = {}): Promise<void> {
  const io = processIo;
  const settings = defaultSettings(options.mode ?? 'table');
  const historyFile =
    options.historyFile === undefined ? path.join(os.homedir(), '.strata_history') : options.historyFile;
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: PROMPT,
    terminal: true,
    history: loadHistory(historyFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  // Not in the typings, but a stable part of readline.Interface since Node 0.x; without it
  // (some future Node), history is neither collapsed nor saved rather than the file wiped.
  const history = (rl as unknown as { history?: string[] }).history ?? null;
  const persistHistory = (): void => {
    if (history !== null) saveHistory(historyFile, history);
  };
  process.stdout.on('resize', () => {
    settings.maxWidth = process.stdout.columns || settings.maxWidth;
  });

  let buffer: string[] = []; // lines of the unfinished statement
  let queue: Promise<void> = Promise.resolve();
  let closing = false;

  /** Replaces the history entries of a statement typed over several lines by one entry. */
  const collapseHistory = (lines: readonly string[]): void => {
    const typed = lines.filter((l) => l.trim() !== '').reverse();
    if (history === null || typed.length < 2 || typed.some((l, k) => history[k] !== l)) return;
    history.splice(0, typed.length, lines.map((l) => l.trim()).filter((l) => l !== '').join(' '));
  };

  const handleLine = async (line: string): Promise<void> => {
    if (buffer.length === 0 && line.trim().startsWith('.')) {
      if (!(await runDotCommand(line, db, settings, io))) {
        rl.close();
        return;
      }
    } else {
      buffer.push(line);
      const { statements, rest } = splitStatements(buffer.join('\n'));
      if (statements.length > 0) {
        collapseHistory(buffer);
        persistHistory();
        buffer = rest.text === '' ? [] : [rest.text];
        for (const stmt of statements) await runStatement(db, stmt, settings, io);
      } else if (rest.text === '') {
        buffer = []; // only blanks and comments so far
      }
    }
    if (!closing) {
      rl.setPrompt(buffer.length > 0 ? CONTINUATION_PROMPT : PROMPT);
      rl.prompt();
    }
  };

  rl.on('line', (line) => {
    queue = queue
      .then(() => handleLine(line))
      .catch((err: unknown) => io.err(formatError(err, '', { color: settings.color })));
  });
  rl.on('SIGINT', () => {
    // Ctrl-C drops the unfinished statement; it never leaves the shell.
    const hadInput = buffer.length > 0 || rl.line.length > 0;
    buffer = [];
    rl.write(null, { ctrl: true, name: 'e' }); // so that ^C follows what was typed
    io.out(hadInput ? '^C\n' : '^C (enter .quit or press Ctrl-D to leave)\n');
    // `line` is writable on readline.Interface; only the typings make it read-only.
    (rl as unknown as { line: string }).line = '';
    rl.setPrompt(PROMPT);
    rl.prompt();
  });

  if (options.banner) io.out(options.banner);
  rl.prompt();
  await new Promise<void>((resolve) => {
    rl.on('close', () => {
      closing = true;
      void queue.then(async () => {
        persistHistory();
        io.out('\n');
        await db.close();
        resolve();
      });
    });
  });
}
