import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../sql/query-result.js';
import { formatError, renderCsv, renderJson, renderJsonLines, renderMarkdown, renderResult } from './renderers.js';
import { type RenderableResult, displayWidth, renderTable } from './table-renderer.js';

/** A result built from literal rows: columns as `name:TYPE`. */
function result(columns: string[], rows: CellValue[][]): RenderableResult {
  return {
    columns: columns.map((c) => {
      const [name, type] = c.split(':');
      return { name, type };
    }),
    numRows: rows.length,
    getValue: (row, col) => rows[row][col],
  };
}

const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');

describe('renderTable', () => {
  it('draws a box with names, types, right-aligned numbers and left-aligned text', () => {
    const text = renderTable(result(['id:INTEGER', 'name:VARCHAR'], [[1, 'ann'], [100, 'bob']]));
    expect(text).toBe(
      [
        '┌─────────┬─────────┐',
        '│   id    │  name   │',
        '│ INTEGER │ VARCHAR │',
        '├─────────┼─────────┤',
        '│       1 │ ann     │',
        '│     100 │ bob     │',
        '└─────────┴─────────┘',
        '',
      ].join('\n'),
    );
  });

  it('shows NULL as the word NULL, dimmed only when color is on', () => {
    const r = result(['a:INTEGER', 'b:VARCHAR'], [[null, null]]);
    expect(lines(renderTable(r, { showTypes: false }))[3]).toBe('│ NULL │ NULL │');
    const colored = lines(renderTable(r, { showTypes: false, color: true }))[3];
    expect(colored).toBe('│ \x1b[2mNULL\x1b[22m │ \x1b[2mNULL\x1b[22m │');
  });

  it('keeps the scale of DECIMAL values and escapes control characters', () => {
    const r = result(['price:DECIMAL(15,2)', 'note:VARCHAR'], [[12.5, 'a\nb\tc']]);
    expect(lines(renderTable(r, { showTypes: false }))[3]).toBe('│ 12.50 │ a\\nb\\tc │');
  });

  it('cuts a long result to its first and last rows and says how many were shown', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const out = lines(renderTable(result(['n:INTEGER'], rows), { maxRows: 6, showTypes: false }));
    const body = out.slice(3, -2).map((l) => l.replace(/[│ ]/g, ''));
    expect(body).toEqual(['0', '1', '2', '·', '97', '98', '99']);
    expect(out.at(-1)).toBe('100 rows (6 shown)');
  });

  it('says so when a result is empty', () => {
    expect(lines(renderTable(result(['n:INTEGER'], []))).at(-1)).toBe('0 rows');
  });

  it('renders nothing for a statement without columns', () => {
    expect(renderTable(result([], []))).toBe('');
  });

  it('shrinks wide columns to fit the width, ending cut values with an ellipsis', () => {
    const long = 'x'.repeat(200);
    const out = lines(renderTable(result(['id:INTEGER', 'text:VARCHAR'], [[1, long]]), { maxWidth: 40 }));
    for (const l of out) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    expect(out[4]).toMatch(/x…\s│$/);
  });

  it('drops middle columns when even shrunk columns do not fit', () => {
    const names = Array.from({ length: 12 }, (_, i) => `column_${i}:INTEGER`);
    const out = lines(renderTable(result(names, [names.map((_, i) => i)]), { maxWidth: 60 }));
    for (const l of out) expect(displayWidth(l)).toBeLessThanOrEqual(60);
    expect(out[1]).toContain('column_0');
    expect(out[1]).toContain('column_11');
    expect(out[1]).toContain('…');
    expect(out.at(-1)).toMatch(/^12 columns \(\d+ shown\)$/);
  });

  it('aligns wide (CJK) characters by terminal cells', () => {
    const out = lines(renderTable(result(['s:VARCHAR'], [['日本'], ['abcd'], ['a']])));
    const widths = new Set(out.map(displayWidth));
    expect(widths.size).toBe(1);
  });
});

describe('other output modes', () => {
  const r = result(['id:INTEGER', 'name:VARCHAR', 'ok:BOOLEAN'], [
    [1, 'plain', true],
    [2, 'has,comma "and" quotes', null],
  ]);

  it('writes CSV with a header, quoting only where needed and NULL as an empty field', () => {
    expect(renderCsv(r)).toBe('id,name,ok\n1,plain,true\n2,"has,comma ""and"" quotes",\n');
  });

  it('writes JSON and JSON lines with native values', () => {
    expect(JSON.parse(renderJson(r))).toEqual([
      { id: 1, name: 'plain', ok: true },
      { id: 2, name: 'has,comma "and" quotes', ok: null },
    ]);
    expect(lines(renderJsonLines(r)).map((l) => JSON.parse(l))).toHaveLength(2);
    expect(renderJson(result(['a:INTEGER'], []))).toBe('[]\n');
  });

  it('writes a Markdown table with right-aligned numbers and escaped pipes', () => {
    const md = renderMarkdown(result(['n:INTEGER', 's:VARCHAR'], [[1, 'a|b'], [null, 'c']]));
    expect(md).toBe('| n | s |\n| ---: | --- |\n| 1 | a\\|b |\n| NULL | c |\n');
  });

  it('dispatches on the mode name', () => {
    expect(renderResult(r, 'csv')).toBe(renderCsv(r));
    expect(renderResult(r, 'table')).toBe(renderTable(r));
  });
});

describe('formatError', () => {
  /** What StrataError looks like (its message carries the position too). */
  const positioned = (message: string, line: number, column: number): Error =>
    Object.assign(new Error(`${message} (line ${line}, column ${column})`), { code: 'syntax', line, column });

  it('puts a caret under the error position of the statement', () => {
    const sql = 'SELECT *\nFORM lineorder';
    expect(formatError(positioned("unexpected 'FORM'", 2, 1), sql)).toBe(
      "Syntax Error: unexpected 'FORM'\nLINE 2: FORM lineorder\n        ^\n",
    );
  });

  it('counts lines from the start of the script when told where the statement starts', () => {
    const out = lines(formatError(positioned('bad', 1, 10), 'SELECT 1 +', { firstLine: 7 }));
    expect(out[1]).toBe('LINE 7: SELECT 1 +');
    expect(out[2].indexOf('^')).toBe('LINE 7: '.length + 9);
  });

  it('prints only the message for an error without a position', () => {
    expect(formatError(new Error('not yet'), 'SELECT 1')).toBe('Error: not yet\n');
  });
});
