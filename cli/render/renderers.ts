/**
 * The shell's output modes (table, CSV, JSON, JSON lines, Markdown) behind one entry point,
 * {@link renderResult}, and the error display with a caret under the failing position.
 */
import {
  type RenderableResult,
  type TableRenderOptions,
  displayWidth,
  formatCell,
  isNumericType,
  renderTable,
} from './table-renderer.js';

/** The output modes of `--format` and `.mode`. */
export const OUTPUT_MODES = ['table', 'csv', 'json', 'jsonl', 'markdown', 'line'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export function isOutputMode(s: string): s is OutputMode {
  return (OUTPUT_MODES as readonly string[]).includes(s);
}

/**
 * Renders a result in `mode`; the text ends with a newline, or is empty for a statement that
 * returns no columns. Only the table mode truncates long results.
 */
export function renderResult(result: RenderableResult, mode: OutputMode, options: TableRenderOptions = {}): string {
  if (result.columns.length === 0) return '';
  switch (mode) {
    case 'table':
      return renderTable(result, options);
    case 'csv':
      return renderCsv(result);
    case 'json':
      return renderJson(result);
    case 'jsonl':
      return renderJsonLines(result);
    case 'markdown':
      return renderMarkdown(result);
    case 'line':
      return renderLines(result);
  }
}

/** SQLite's line mode: one `name = value` line per column, rows separated by a blank line. */
export function renderLines(result: RenderableResult): string {
  const width = Math.max(...result.columns.map((c) => displayWidth(c.name)));
  const rows: string[] = [];
  for (let r = 0; r < result.numRows; r++) {
    rows.push(
      result.columns
        .map((col, c) => {
          const text = formatCell(result.getValue(r, c), col.type);
          return `${' '.repeat(width - displayWidth(col.name))}${col.name} = ${text === null ? 'NULL' : text}`;
        })
        .join('\n'),
    );
  }
  return rows.length === 0 ? '' : rows.join('\n\n') + '\n';
}

/** CSV per RFC 4180: a header line, NULL as an empty field, quotes only where needed. */
export function renderCsv(result: RenderableResult): string {
  const field = (s: string): string => (/[",\r\n]|^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
  const lines = [result.columns.map((c) => field(c.name)).join(',')];
  for (let r = 0; r < result.numRows; r++) {
    const parts = result.columns.map((col, c) => {
      const v = result.getValue(r, c);
      if (v === null) return '';
      // Strings are written raw (no control escaping): quoting keeps them intact.
      return field(typeof v === 'string' ? v : formatCell(v, col.type)!);
    });
    lines.push(parts.join(','));
  }
  return lines.join('\n') + '\n';
}

function rowObject(result: RenderableResult, r: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  result.columns.forEach((col, c) => {
    row[col.name] = result.getValue(r, c);
  });
  return row;
}

/** A JSON array of row objects, one row per line. */
export function renderJson(result: RenderableResult): string {
  if (result.numRows === 0) return '[]\n';
  const rows: string[] = [];
  for (let r = 0; r < result.numRows; r++) rows.push(JSON.stringify(rowObject(result, r)));
  return '[' + rows.join(',\n') + ']\n';
}

/** One JSON object per line (JSON Lines / NDJSON). */
export function renderJsonLines(result: RenderableResult): string {
  let out = '';
  for (let r = 0; r < result.numRows; r++) out += JSON.stringify(rowObject(result, r)) + '\n';
  return out;
}

/** A GitHub-flavoured Markdown table; numeric columns are right-aligned. */
export function renderMarkdown(result: RenderableResult): string {
  const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
  const lines = [
    '| ' + result.columns.map((c) => esc(c.name)).join(' | ') + ' |',
    '|' + result.columns.map((c) => (isNumericType(c.type) ? ' ---: ' : ' --- ')).join('|') + '|',
  ];
  for (let r = 0; r < result.numRows; r++) {
    const cells = result.columns.map((col, c) => {
      const text = formatCell(result.getValue(r, c), col.type);
      return text === null ? 'NULL' : esc(text);
    });
    lines.push('| ' + cells.join(' | ') + ' |');
  }
  return lines.join('\n') + '\n';
}

// --- Errors ---

/** The fields of a `StrataError` that the error display reads (structural, so any error works). */
interface PositionedError {
  readonly message: string;
  readonly code?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Options of {@link formatError}. */
export interface ErrorFormatOptions {
  /** Color the label red and the caret. Default false. */
  readonly color?: boolean;
  /** The script line the statement starts on (1-based), so `LINE n` counts from the script. Default 1. */
  readonly firstLine?: number;
  /** Width available for the quoted source line. Default 100. */
  readonly maxWidth?: number;
}

const ERROR_LABELS: Record<string, string> = {
  syntax: 'Syntax Error',
  binder: 'Binder Error',
  catalog: 'Catalog Error',
  conversion: 'Conversion Error',
  execution: 'Execution Error',
  constraint: 'Constraint Error',
  io: 'IO Error',
  corrupt: 'Corruption Error',
  not_implemented: 'Not Implemented',
  internal: 'Internal Error',
};

/**
 * An error as the shell prints it: a labelled message, then, when the error carries a position
 * inside `sql`, the offending line with a caret under the column:
 *
 * ```
 * Syntax Error: unexpected 'FORM'
 * LINE 1: SELECT * FORM t
 *                  ^
 * ```
 */
export function formatError(err: unknown, sql: string, options: ErrorFormatOptions = {}): string {
  const e: PositionedError =
    err instanceof Error ? (err as PositionedError) : { message: String(err) };
  const color = options.color ?? false;
  const red = (s: string): string => (color ? `\x1b[31m${s}\x1b[39m` : s);
  const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const label = (e.code !== undefined && ERROR_LABELS[e.code]) || 'Error';
  // StrataError appends " (line L, column C)" to its message; the caret shows it better.
  let message = e.message;
  if (e.line !== undefined && e.column !== undefined) {
    message = message.replace(` (line ${e.line}, column ${e.column})`, '');
  }
  const out = [bold(red(label + ':')) + ' ' + message];
  const lines = sql.split(/\r?\n/);
  if (e.line !== undefined && e.column !== undefined && e.line >= 1 && e.line <= lines.length) {
    const firstLine = options.firstLine ?? 1;
    const maxWidth = options.maxWidth ?? 100;
    const prefix = `LINE ${e.line + firstLine - 1}: `;
    // Tabs become one space each so that the caret lines up with what is printed.
    const text = lines[e.line - 1].replace(/\t/g, ' ');
    const col = Math.min(Math.max(e.column - 1, 0), text.length);
    const room = Math.max(20, maxWidth - prefix.length);
    let start = 0;
    let lead = '';
    if (displayWidth(text.slice(0, col)) > room - 10) {
      // Long line: show a window that keeps the error position in view.
      start = Math.max(0, col - Math.floor(room / 2));
      lead = '…';
    }
    let shown = lead + text.slice(start, start + room);
    if (start + room < text.length) shown += '…';
    out.push(prefix + shown);
    out.push(' '.repeat(prefix.length + displayWidth(lead + text.slice(start, col))) + red('^'));
  }
  return out.join('\n') + '\n';
}
