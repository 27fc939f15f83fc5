/**
 * The interactive shell (node:readline): multi-line statements ended by `;`, a history file,
 * dot commands, output modes, a progress bar and Ctrl-C that stops the running statement; plus
 * the statement splitter and script runner that `-c` and piped scripts share with it. The
 * engine runs behind a {@link Session} (a worker thread in the real shell).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { ProgressBar } from './progress-bar.js';
import { type OutputMode, OUTPUT_MODES, isOutputMode } from './render/renderers.js';
import type { RenderSettings, Session } from './session/session.js';
import type { ProgressSnapshot } from './session/worker-session.js';

/** The prompt of a new statement; the continuation prompt has the same width. */
export const PROMPT = 'strata> ';
export const CONTINUATION_PROMPT = '   ...> ';
const HISTORY_SIZE = 1000;

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
export interface OutputSettings extends RenderSettings {
  timer: boolean;
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
    explain: false,
    color: tty && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb',
    // A pipe has no width: tables keep their natural width unless COLUMNS says otherwise.
    maxWidth: tty ? process.stdout.columns || 120 : Number(process.env.COLUMNS) || Infinity,
    maxRows: 40,
  };
}

/** A session whose progress can be shown and whose statement can be stopped. */
interface Interruptible {
  progress?(): ProgressSnapshot;
}

/** Runs one statement and prints its result or error; returns false if it failed. */
export async function runStatement(session: Session, stmt: ScriptStatement, settings: OutputSettings, io: ShellIo): Promise<boolean> {
  const watched = session as Session & Interruptible;
  const bar = typeof watched.progress === 'function' && io === processIo ? new ProgressBar(() => watched.progress!()).start() : null;
  let outcome;
  try {
    outcome = await session.run(stmt.text, stmt.line, settings);
  } catch (e) {
    bar?.stop();
    io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    return false;
  }
  bar?.stop();
  if (outcome.out !== '') io.out(outcome.out);
  if (outcome.err !== '') io.err(outcome.err);
  if (settings.timer) io.out(`Run time: ${formatDuration(outcome.ms)}\n`);
  return outcome.ok;
}

/**
 * Runs every statement of a script (a final `;` is optional), stopping at the first error. A
 * line starting with `.` between statements is a dot command, as in the interactive shell.
 */
export async function runScript(session: Session, sql: string, settings: OutputSettings, io: ShellIo = processIo): Promise<boolean> {
  const state: ShellState = { settings, io, console: io };
  const lines = sql.split('\n');
  let pending: string[] = [];
  let pendingLine = 1;
  const flush = async (final: boolean): Promise<boolean> => {
    const { statements, rest } = splitStatements(pending.join('\n'));
    if (final && rest.text !== '') statements.push(rest);
    for (const stmt of statements) {
      if (!(await runStatement(session, { text: stmt.text, line: stmt.line + pendingLine - 1 }, settings, state.io))) return false;
    }
    return true;
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim().startsWith('.') && splitStatements(pending.join('\n')).rest.text === '') {
      if (!(await flush(true))) return false;
      pending = [];
      pendingLine = i + 2;
      if (!(await runDotCommand(lines[i], session, state))) return true;
      continue;
    }
    if (pending.length === 0) pendingLine = i + 1;
    pending.push(lines[i]);
  }
  return flush(true);
}

/** `12.3 ms` below a second, `1.234 s` above. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(3)} s`;
}

// --- Dot commands ---

const HELP = `Statements end with ";" and may span several lines. Ctrl-C stops the running statement
(or clears the input), Ctrl-D leaves. Commands may be shortened while unambiguous (.mo csv).
.help                                   Show this help
.tables                                 List the tables and views
.schema [TABLE]                         Show CREATE statements
.mode table|csv|json|jsonl|markdown|line  Set the output mode (no argument: show it)
.timer on|off                           Show the run time of each statement
.explain on|off                         Show the plan of each query instead of its rows
.maxrows N                              Rows a table shows before cutting to first and last
.read FILE                              Run the statements in FILE
.output [FILE]                          Write results to FILE (no argument: the terminal)
.open [DIR]                             Open the database in DIR (no argument: a new in-memory one)
.quit                                   Leave (also .exit)
`;

const COMMANDS = ['.help', '.tables', '.schema', '.mode', '.timer', '.explain', '.maxrows', '.read', '.output', '.open', '.quit', '.exit'];

/** The full command for a typed one: itself, or the only command it is a prefix of. */
export function resolveCommand(typed: string): string | null {
  if (COMMANDS.includes(typed)) return typed;
  const matches = COMMANDS.filter((c) => c.startsWith(typed));
  return matches.length === 1 ? matches[0] : null;
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

/** State a dot command can change besides the output settings. */
export interface ShellState {
  settings: OutputSettings;
  /** Where results go (stdout, or the file of `.output`). */
  io: ShellIo;
  /** The terminal, for messages that must not go into an `.output` file. */
  readonly console: ShellIo;
}

function onOff(arg: string | undefined, current: boolean, io: ShellIo, usage: string): boolean {
  if (arg === undefined) {
    io.out(`${current ? 'on' : 'off'}\n`);
    return current;
  }
  if (arg === 'on' || arg === 'off') return arg === 'on';
  io.err(`Usage: ${usage}\n`);
  return current;
}

/** Splits a dot command line into words; a word may be quoted with ' or ". */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** Runs a dot command; returns false when the shell should leave. */
export async function runDotCommand(line: string, session: Session, state: ShellState): Promise<boolean> {
  const [typed, ...args] = words(line.trim());
  const command = resolveCommand(typed);
  const { settings, console: con } = state;
  switch (command) {
    case '.help':
      con.out(HELP);
      return true;
    case '.quit':
    case '.exit':
      return false;
    case '.tables': {
      const names = await session.tableNames();
      state.io.out(names.length > 0 ? columnize(names, settings.maxWidth) : '(no tables)\n');
      return true;
    }
    case '.schema': {
      const text = await session.schema(args[0] ?? null);
      state.io.out(text === '' ? '(no tables)\n' : text);
      return true;
    }
    case '.mode':
      if (args.length === 0) con.out(`${settings.mode}\n`);
      else if (isOutputMode(args[0])) settings.mode = args[0];
      else con.err(`Unknown mode "${args[0]}": use one of ${OUTPUT_MODES.join(', ')}.\n`);
      return true;
    case '.timer':
      settings.timer = onOff(args[0], settings.timer, con, '.timer on|off');
      return true;
    case '.explain':
      settings.explain = onOff(args[0], settings.explain, con, '.explain on|off');
      return true;
    case '.maxrows': {
      const n = Number(args[0]);
      if (args.length === 0) con.out(`${settings.maxRows}\n`);
      else if (Number.isInteger(n) && n > 0) settings.maxRows = n;
      else con.err('Usage: .maxrows N (N > 0)\n');
      return true;
    }
    case '.read': {
      if (args.length !== 1) {
        con.err('Usage: .read FILE\n');
        return true;
      }
      let text: string;
      try {
        text = fs.readFileSync(args[0], 'utf8');
      } catch (e) {
        con.err(`Cannot read "${args[0]}": ${(e as Error).message}\n`);
        return true;
      }
      await runScript(session, text, settings, state.io);
      return true;
    }
    case '.output': {
      if (args.length === 0) {
        state.io = state.console;
        return true;
      }
      try {
        fs.writeFileSync(args[0], '');
      } catch (e) {
        con.err(`Cannot write "${args[0]}": ${(e as Error).message}\n`);
        return true;
      }
      const file = args[0];
      state.io = { out: (text) => fs.appendFileSync(file, text), err: (text) => con.err(text) };
      return true;
    }
    case '.open':
      try {
        await session.open(args[0] ?? null);
        con.out(args[0] === undefined ? 'Opened a new in-memory database.\n' : `Opened ${args[0]}.\n`);
      } catch (e) {
        con.err(`Cannot open "${args[0] ?? ':memory:'}": ${(e as Error).message}\n`);
      }
      return true;
    default:
      con.err(`Unknown command "${typed}". Enter ".help" for the list.\n`);
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
  /** Called on a second Ctrl-C while a statement still runs: stop it the hard way. */
  readonly forceStop?: () => Promise<string>;
  /** Called on the first Ctrl-C while a statement runs. */
  readonly cancel?: () => void;
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
 * Runs the interactive shell on `session` until `.quit` or Ctrl-D; resolves after closing it.
 * Input lines are queued so that a pasted script runs statement after statement in order.
 */
export async function startRepl(session: Session, options: ReplOptions = {}): Promise<void> {
  const state: ShellState = { settings: defaultSettings(options.mode ?? 'table'), io: processIo, console: processIo };
  const settings = state.settings;
  const historyFile = options.historyFile === undefined ? path.join(os.homedir(), '.strata_history') : options.historyFile;
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
  let running = false; // a statement or dot command is executing
  let interrupts = 0; // Ctrl-C presses while it runs

  /** Replaces the history entries of a statement typed over several lines by one entry. */
  const collapseHistory = (lines: readonly string[]): void => {
    const typed = lines.filter((l) => l.trim() !== '').reverse();
    if (history === null || typed.length < 2 || typed.some((l, k) => history[k] !== l)) return;
    history.splice(0, typed.length, lines.map((l) => l.trim()).filter((l) => l !== '').join(' '));
  };

  const handleLine = async (line: string): Promise<void> => {
    running = true;
    interrupts = 0;
    try {
      if (buffer.length === 0 && line.trim().startsWith('.')) {
        persistHistory();
        if (!(await runDotCommand(line, session, state))) {
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
          for (const stmt of statements) {
            const ok = await runStatement(session, stmt, settings, state.io);
            if (!ok && interrupts > 0) break; // Ctrl-C also drops the rest of a pasted script
          }
        } else if (rest.text === '') {
          buffer = []; // only blanks and comments so far
        }
      }
    } finally {
      running = false;
    }
    // Lines typed ahead while a statement ran were echoed already: prompt once they are done.
    if (!closing && queued === 0) {
      rl.setPrompt(buffer.length > 0 ? CONTINUATION_PROMPT : PROMPT);
      rl.prompt();
    }
  };

  let queued = 0; // lines received and not yet handled (after the current one)
  rl.on('line', (line) => {
    queued++;
    queue = queue
      .then(() => {
        queued--;
        return handleLine(line);
      })
      .catch((err: unknown) => processIo.err(`${err instanceof Error ? err.message : String(err)}\n`));
  });
  rl.on('SIGINT', () => {
    if (running) {
      // Ctrl-C stops the running statement; a second one stops the engine thread itself.
      interrupts++;
      if (interrupts === 1) {
        processIo.err(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}^C Interrupting... (press Ctrl-C again to force)\n`);
        options.cancel?.();
      } else if (interrupts === 2 && options.forceStop !== undefined) {
        void options.forceStop().then((note) => processIo.err(note));
      }
      return;
    }
    // Ctrl-C drops the unfinished statement; it never leaves the shell.
    const hadInput = buffer.length > 0 || rl.line.length > 0;
    buffer = [];
    rl.write(null, { ctrl: true, name: 'e' }); // so that ^C follows what was typed
    processIo.out(hadInput ? '^C\n' : '^C (enter .quit or press Ctrl-D to leave)\n');
    // `line` is writable on readline.Interface; only the typings make it read-only.
    (rl as unknown as { line: string }).line = '';
    rl.setPrompt(PROMPT);
    rl.prompt();
  });

  if (options.banner) processIo.out(options.banner);
  rl.prompt();
  await new Promise<void>((resolve) => {
    rl.on('close', () => {
      closing = true;
      void queue.then(async () => {
        persistHistory();
        processIo.out('\n');
        await session.close();
        resolve();
      });
    });
  });
}
