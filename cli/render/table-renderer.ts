/**
 * Boxed text tables for the shell: width-aware (wide columns shrink, then middle columns are
 * elided), numbers right-aligned, NULL dimmed, long results cut to their first and last rows.
 */
import type { CellValue } from '../../sql/query-result.js';

/** A result column as the renderers need it (`type` is the SQL spelling, e.g. `DECIMAL(15,2)`). */
export interface RenderColumn {
  readonly name: string;
  readonly type: string;
}

/** The part of a {@link QueryResult} the renderers read; tests pass a plain object. */
export interface RenderableResult {
  readonly columns: readonly RenderColumn[];
  readonly numRows: number;
  getValue(row: number, col: number): CellValue;
}

/** Options of {@link renderTable}. */
export interface TableRenderOptions {
  /** Total width available, in terminal cells; `Infinity` never shrinks columns. Default 120. */
  readonly maxWidth?: number;
  /** Results longer than this show their first and last rows only. Default 40. */
  readonly maxRows?: number;
  /** Dim NULLs and the type line with ANSI escapes. Default false. */
  readonly color?: boolean;
  /** Show each column's type under its name. Default true. */
  readonly showTypes?: boolean;
}

/** Columns are shrunk down to their header (at least this many cells), and dropped below that. */
const MIN_COLUMN_WIDTH = 8;
/** ...but a header longer than this may be cut too (long expressions as column names). */
const MAX_KEPT_HEADER_WIDTH = 20;
const ELLIPSIS = '…';
const ELIDED_ROW_MARK = '·';
const DIM = '\x1b[2m';
const UNDIM = '\x1b[22m';

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|REAL|FLOAT|DOUBLE|DECIMAL|NUMERIC)\b/i;

/** True if values of SQL type `type` are numbers (and so right-aligned). */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type);
}

/** The scale of a `DECIMAL(p,s)` type spelling, or null for any other type. */
export function decimalScale(type: string): number | null {
  const m = /^(?:DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*(\d+)\s*\)/i.exec(type);
  return m === null ? null : Number(m[1]);
}

/**
 * The text of one cell, with control characters escaped so that a value never breaks a line;
 * null for SQL NULL. DECIMAL values keep their scale (`12.50`).
 */
export function formatCell(value: CellValue, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    const scale = decimalScale(type);
    return scale !== null && Number.isFinite(value) ? value.toFixed(scale) : String(value);
  }
  if (typeof value === 'string') return escapeControl(value);
  return String(value);
}

function escapeControl(s: string): string {
  // Fast path: most strings have no control characters at all.
  if (!/[\x00-\x1f\x7f]/.test(s)) return s;
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
    }
  });
}

/** Terminal cells taken by one code point: 0 for combining marks, 2 for wide CJK and emoji. */
function codePointWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if (
    (cp >= 0x300 && cp <= 0x36f) || // combining diacritics
    (cp >= 0x200b && cp <= 0x200f) || // zero-width spaces and marks
    (cp >= 0xfe00 && cp <= 0xfe0f) // variation selectors
  ) {
    return 0;
  }
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** The number of terminal cells `s` takes. */
export function displayWidth(s: string): number {
  // Fast path: printable ASCII is one cell per character.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let w = 0;
  for (const ch of s) w += codePointWidth(ch.codePointAt(0)!);
  return w;
}

/** `s` cut to at most `width` cells, ending in `…` when something was cut. */
export function truncateToWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return '';
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = codePointWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + ELLIPSIS;
}

type Align = 'left' | 'right' | 'center';

function pad(s: string, width: number, align: Align): string {
  const gap = width - displayWidth(s);
  if (gap <= 0) return s;
  if (align === 'right') return ' '.repeat(gap) + s;
  if (align === 'left') return s + ' '.repeat(gap);
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

/** One column of the laid-out table; `source` is -1 for the elided-columns marker. */
interface LayoutColumn {
  readonly source: number;
  readonly align: Align;
  width: number;
}

/** Which result rows to show: all of them, or the first and last ones around a gap. */
function chooseRows(numRows: number, maxRows: number): { head: number[]; tail: number[] } {
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  if (numRows <= maxRows) return { head: range(0, numRows), tail: [] };
  const headCount = Math.ceil(maxRows / 2);
  const tailCount = maxRows - headCount;
  return { head: range(0, headCount), tail: range(numRows - tailCount, numRows) };
}

/** Width of a row line: `│ a │ b │` takes each width plus 3, plus the closing bar. */
function lineWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w + 3, 1);
}

/**
 * Picks the columns to show and their widths so that a line fits in `maxWidth`: first the
 * widest columns are capped (never below their minimum width), and if that is not enough,
 * columns are dropped from the middle and replaced by one `…` column.
 */
function layoutColumns(
  natural: readonly number[],
  minimum: readonly number[],
  aligns: readonly Align[],
  maxWidth: number,
): LayoutColumn[] {
  const kept = natural.map((_, i) => i);
  let elided = false;
  const keptMinimalWidth = (): number => lineWidth(kept.map((i) => minimum[i])) + (elided ? 4 : 0);
  while (kept.length > 1 && keptMinimalWidth() > maxWidth) {
    // Drop the middle column so that both the first and the last columns stay visible.
    kept.splice(Math.floor(kept.length / 2), 1);
    elided = true;
  }
  const widths = kept.map((i) => natural[i]);
  const budget = maxWidth - (elided ? 4 : 0);
  if (lineWidth(widths) > budget) {
    // Water-filling: the largest cap for which every column fits.
    // Minimum widths give way only on a terminal too narrow for even one column.
    const floor = lineWidth(kept.map((c) => minimum[c])) <= budget ? minimum : natural.map(() => 1);
    const capped = (cap: number): number[] => kept.map((c, i) => Math.max(floor[c], Math.min(widths[i], cap)));
    // Binary search: the line width only grows with the cap.
    let lo = 1;
    let hi = Math.max(...widths);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (lineWidth(capped(mid)) <= budget) lo = mid;
      else hi = mid - 1;
    }
    capped(lo).forEach((w, i) => (widths[i] = w));
  }
  const cols: LayoutColumn[] = kept.map((source, i) => ({ source, align: aligns[source], width: widths[i] }));
  if (elided) {
    // Columns are dropped from the middle outwards, so the dropped ones form one gap.
    let gapAt = kept.findIndex((source, i) => i > 0 && source - kept[i - 1] > 1);
    // With one column left, the gap is after it (or before it, if it is the last one).
    if (gapAt < 0) gapAt = kept[0] === 0 ? kept.length : 0;
    cols.splice(gapAt, 0, { source: -1, align: 'center', width: 1 });
  }
  return cols;
}

/** Renders a result as a boxed table; the returned text ends with a newline. */
export function renderTable(result: RenderableResult, options: TableRenderOptions = {}): string {
  const maxWidth = options.maxWidth ?? 120;
  const maxRows = Math.max(1, options.maxRows ?? 40);
  const color = options.color ?? false;
  const showTypes = options.showTypes ?? true;
  const columns = result.columns;
  if (columns.length === 0) return '';

  const { head, tail } = chooseRows(result.numRows, maxRows);
  const shownRows = [...head, ...tail];
  // cells[r][c] is null for SQL NULL.
  const cells = shownRows.map((r) => columns.map((col, c) => formatCell(result.getValue(r, c), col.type)));

  const aligns: Align[] = columns.map((col, c) => {
    if (isNumericType(col.type)) return 'right';
    // A column of another spelled type (e.g. the NULL type) that holds numbers still reads best right-aligned.
    const first = shownRows.map((r) => result.getValue(r, c)).find((v) => v !== null);
    return typeof first === 'number' ? 'right' : 'left';
  });
  const natural = columns.map((col, c) => {
    let w = Math.max(displayWidth(col.name), showTypes ? displayWidth(col.type) : 0);
    for (const row of cells) w = Math.max(w, row[c] === null ? 4 : displayWidth(row[c]!));
    return w;
  });
  const minimum = columns.map((col, c) =>
    Math.min(natural[c], Math.max(MIN_COLUMN_WIDTH, Math.min(displayWidth(col.name), MAX_KEPT_HEADER_WIDTH))),
  );
  const layout = layoutColumns(natural, minimum, aligns, maxWidth);

  const dim = (s: string): string => (color ? DIM + s + UNDIM : s);
  const rule = (left: string, mid: string, right: string): string =>
    left + layout.map((c) => '─'.repeat(c.width + 2)).join(mid) + right;
  const line = (parts: readonly string[]): string => '│ ' + parts.join(' │ ') + ' │';

  const header = (text: (col: RenderColumn) => string, elided: string): string[] =>
    layout.map((c) => pad(c.source < 0 ? elided : truncateToWidth(text(columns[c.source]), c.width), c.width, 'center'));

  const out: string[] = [rule('┌', '┬', '┐'), line(header((col) => col.name, ELLIPSIS))];
  if (showTypes) out.push(line(header((col) => col.type, '').map(dim)));
  out.push(rule('├', '┼', '┤'));
  const renderRow = (row: readonly (string | null)[]): string =>
    line(
      layout.map((c) => {
        if (c.source < 0) return ELLIPSIS;
        const text = row[c.source];
        if (text === null) return dim(pad(truncateToWidth('NULL', c.width), c.width, c.align));
        return pad(truncateToWidth(text, c.width), c.width, c.align);
      }),
    );
  for (let i = 0; i < head.length; i++) out.push(renderRow(cells[i]));
  if (tail.length > 0) {
    out.push(line(layout.map((c) => pad(ELIDED_ROW_MARK, c.width, 'center'))));
    for (let i = head.length; i < cells.length; i++) out.push(renderRow(cells[i]));
  }
  out.push(rule('└', '┴', '┘'));

  const notes: string[] = [];
  if (result.numRows !== shownRows.length) notes.push(`${result.numRows} rows (${shownRows.length} shown)`);
  else if (result.numRows === 0) notes.push('0 rows');
  const shownColumns = layout.filter((c) => c.source >= 0).length;
  if (shownColumns !== columns.length) notes.push(`${columns.length} columns (${shownColumns} shown)`);
  if (notes.length > 0) out.push(notes.join('  '));
  return out.join('\n') + '\n';
}
