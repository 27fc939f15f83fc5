/** Keeps docs/sql.md in step with the code: every function documented and existing, every example running. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scalarFunctionNames } from '../../engine/expr/functions/scalar-function.js';
import { typeFromName } from '../../engine/types/data-type.js';
import { AGGREGATE_FUNCTIONS } from '../../sql/binder/bind-aggregate.js';
import { WINDOW_ONLY_FUNCTIONS } from '../../sql/binder/bind-expr.js';
import { tableFunctionNames } from '../../sql/binder/table-functions.js';
import { Database } from '../../sql/database.js';

const DOC = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/sql.md'), 'utf8');

/** Registry entries that are operators, not callable names: documented in the operator table. */
const OPERATOR_NAMES: Record<string, string> = { '%': '`%`', '||': '`\\|\\|`', date_add_op: '`+`', date_sub_op: '`-`' };
/** Function-like names the binder handles itself (not in the scalar registry). */
const BINDER_FUNCTIONS = new Set(['grouping', 'grouping_id', 'coalesce', 'ifnull', 'nullif', 'if', 'iif']);

interface Row {
  section: string;
  cells: string[];
}

/** Table rows by `## ` / `### ` section (header and separator rows dropped). */
function tableRows(): Row[] {
  const rows: Row[] = [];
  let section = '';
  for (const line of DOC.split('\n')) {
    const h = /^#{2,3} (.*)$/.exec(line);
    if (h) section = h[1];
    if (!line.startsWith('|') || /^\|[-| ]+\|$/.test(line)) continue;
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    if (['function', 'statement', 'clause', 'type', 'operator'].includes(cells[0])) continue;
    rows.push({ section, cells });
  }
  return rows;
}

/** The text inside the first pair of backticks. */
function code(cell: string): string {
  const m = /`([^`]*)`/.exec(cell);
  if (m === null) throw new Error(`no example in: ${cell}`);
  return m[1];
}

/** Lower-case names written as `name(` or as a bare `name` in a function cell. */
function namesIn(cell: string): string[] {
  const out: string[] = [];
  for (const m of cell.matchAll(/`"?([a-z_][a-z0-9_]*)"?(\(|`)/g)) out.push(m[1]);
  return out;
}

function render(rows: unknown[][]): string {
  return rows.map((r) => r.map((v) => (v === null ? 'NULL' : String(v))).join(', ')).join('; ');
}

const ROWS = tableRows();
const FUNCTION_SECTIONS = ['Numeric', 'Text', 'Date and time', 'Aggregate functions', 'Window functions', 'Table functions'];
const documented = new Set(ROWS.filter((r) => FUNCTION_SECTIONS.includes(r.section)).flatMap((r) => namesIn(r.cells[0])));

async function withTable(): Promise<Database> {
  const db = await Database.open();
  const setup = /```sql\n-- setup\n([\s\S]*?)```/.exec(DOC);
  if (setup === null) throw new Error('docs/sql.md lacks the -- setup block');
  await db.exec(setup[1]);
  return db;
}

describe('docs/sql.md', () => {
  it('documents every scalar function of the registry (aliases included)', () => {
    const missing = scalarFunctionNames().filter((n) => (n in OPERATOR_NAMES ? !DOC.includes(OPERATOR_NAMES[n]) : !documented.has(n)));
    expect(missing).toEqual([]);
  });

  it('documents every aggregate, window and table function', () => {
    const all = [...AGGREGATE_FUNCTIONS, ...WINDOW_ONLY_FUNCTIONS, ...tableFunctionNames(), 'grouping', 'grouping_id'];
    expect(all.filter((n) => !documented.has(n))).toEqual([]);
  });

  it('documents only functions that exist', () => {
    const known = new Set([...scalarFunctionNames(), ...AGGREGATE_FUNCTIONS, ...WINDOW_ONLY_FUNCTIONS, ...tableFunctionNames(), ...BINDER_FUNCTIONS]);
    expect([...documented].filter((n) => !known.has(n))).toEqual([]);
  });

  it('documents every type name the parser accepts', () => {
    const typeRows = ROWS.filter((r) => r.section === 'Data types');
    const ids = new Set<string>();
    for (const r of typeRows) {
      for (const m of r.cells[1].matchAll(/`([A-Z ]+)`/g)) {
        const name = m[1] === 'DOUBLE PRECISION' ? 'DOUBLE' : m[1];
        const t = typeFromName(name);
        expect(t, name).not.toBeNull();
        ids.add((t as { id: string }).id);
      }
    }
    expect([...ids].sort()).toEqual(['bigint', 'boolean', 'date', 'decimal', 'double', 'integer', 'interval', 'timestamp', 'varchar']);
  });

  it('shows the result of every function example', async () => {
    const db = await withTable();
    const failures: string[] = [];
    for (const r of ROWS.filter((x) => FUNCTION_SECTIONS.includes(x.section) && x.cells.length === 4)) {
      const example = code(r.cells[2]);
      const sql = /^select /i.test(example) ? example : `SELECT ${example}`;
      let got: string;
      try {
        got = render((await db.query(sql)).rowArrays());
      } catch (e) {
        got = `error: ${(e as Error).message}`;
      }
      if (got !== r.cells[3]) failures.push(`${sql}\n  documented: ${r.cells[3]}\n  got:        ${got}`);
    }
    expect(failures.join('\n')).toBe('');
  });

  it('runs every statement, clause, type, operator and table function example', async () => {
    const db = await withTable();
    const failures: string[] = [];
    for (const r of ROWS.filter((x) => ['Statements', 'Query clauses', 'Data types', 'Operators', 'Table functions'].includes(x.section))) {
      const example = code(r.cells[r.cells.length - 1]);
      if (/^(BEGIN|COMMIT|ROLLBACK)/.test(example)) continue; // documented as not implemented
      if (/'[^']*\.(csv|parquet)'/.test(example)) continue; // needs a file
      const isStatement = /^(SELECT|WITH|CREATE|DROP|ALTER|INSERT|UPDATE|DELETE|EXPLAIN|SET|CHECKPOINT|REFRESH)\b/i.test(example);
      try {
        if (isStatement) await db.query(example, example.includes('$1') ? [41] : []);
        else await db.query(`SELECT ${example}`, example.includes('$1') ? [41] : []);
      } catch (e) {
        failures.push(`${example}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
