/** INSERT, DELETE and UPDATE: how each statement turns into appended rows and delete-vector marks on a table. */
import type { TableEntry, ColumnSchema } from '../engine/catalog/catalog.js';
import { bindError, notImplemented, StrataError } from '../engine/errors.js';
import { openPlan, type PhysicalPlan } from '../engine/exec/physical-planner.js';
import type { QueryEnv } from '../engine/exec/query-env.js';
import type { LogicalPlan } from '../engine/plan/logical-plan.js';
import { type DataType, typeToString } from '../engine/types/data-type.js';
import { Batch } from '../engine/vector/batch.js';
import { ColumnBuilder } from '../engine/vector/column-builder.js';
import type { Vector } from '../engine/vector/vector.js';
import type { DeleteStatement, Expr, InsertStatement, SelectStatement, Statement, UpdateStatement } from './ast/ast.js';
import { castTo } from './binder/bind-expr.js';
import { QueryResult } from './query-result.js';

/** What the statements need from the statement runner. */
export interface DmlHost {
  tableEntry(name: string, pos: Statement['pos'] | null): TableEntry;
  columnIndex(t: TableEntry, name: string, pos: Statement['pos']): number;
  planQuery(stmt: SelectStatement, params: readonly unknown[]): { plan: LogicalPlan; names: string[] };
  physicalPlan(plan: LogicalPlan): PhysicalPlan;
  newEnv(): QueryEnv;
  runQuery(stmt: SelectStatement, params: readonly unknown[]): QueryResult;
  defaultColumn(col: ColumnSchema, n: number): Vector;
  /** Rows were appended to `t`: cubes over it take them in. */
  appended(t: TableEntry, batch: Batch): void;
  /** Rows of `t` were deleted or rewritten: cubes over it go stale. */
  tableChanged(t: TableEntry): void;
}

const EMPTY_RESULT = new QueryResult([], [], [], 0);

/**
 * INSERT: the source rows (VALUES, a query or DEFAULT VALUES) cast to the target columns, the
 * other columns filled with their DEFAULT, NOT NULL checked, then one append (cubes follow).
 */
export function runInsert(host: DmlHost, stmt: InsertStatement, params: readonly unknown[]): QueryResult {
  if (stmt.orAction !== null) throw notImplemented(`INSERT OR ${stmt.orAction.toUpperCase()}`, stmt.pos);
  const t = host.tableEntry(stmt.table, stmt.pos);
  const targets = stmt.columns === null ? t.columns.map((_, i) => i) : stmt.columns.map((c) => host.columnIndex(t, c, stmt.pos));
  if (new Set(targets).size !== targets.length) throw bindError('a column is named more than once in INSERT', stmt.pos);

  let source: { vectors: readonly Vector[]; numRows: number; types: DataType[] };
  if (stmt.defaultValues || stmt.source === null) {
    source = { vectors: [], numRows: 1, types: [] };
    targets.length = 0;
  } else {
    const { plan } = host.planQuery(stmt.source, params);
    if (plan.cols.length !== targets.length) {
      throw bindError(`table ${t.name} has ${targets.length} columns to fill but ${plan.cols.length} values were supplied`, stmt.pos);
    }
    // Cast each source column to its target column type inside the plan.
    const exprs = plan.cols.map((c, i) =>
      castTo({ kind: 'column', cid: c.cid, type: c.type, name: c.name }, t.columns[targets[i]].type, stmt.pos),
    );
    const cast: LogicalPlan = {
      kind: 'project',
      input: plan,
      exprs,
      cols: plan.cols.map((c, i) => ({ cid: -(i + 1), name: c.name, type: exprs[i].type })),
    };
    const op = openPlan(host.physicalPlan(cast), host.newEnv());
    const builders = exprs.map((e) => new ColumnBuilder(e.type));
    let n = 0;
    for (let b = op.next(); b !== null; b = op.next()) {
      builders.forEach((bd, c) => bd.appendVector(b.columns[c], b.sel, b.length));
      n += b.length;
    }
    source = { vectors: builders.map((b) => b.finish()), numRows: n, types: exprs.map((e) => e.type) };
  }
  const n = source.numRows;
  const out: Vector[] = t.columns.map((col, ci) => {
    const k = targets.indexOf(ci);
    if (k >= 0) return source.vectors[k];
    return host.defaultColumn(col, n);
  });
  t.columns.forEach((col, ci) => {
    const v = out[ci];
    if (col.notNull && v.validity !== null) {
      for (let i = 0; i < n; i++) {
        if (v.validity[i] === 0) {
          throw new StrataError('constraint', `NOT NULL constraint failed: ${t.name}.${col.name}`, stmt.pos);
        }
      }
    }
  });
  if (n > 0) {
    const batch = new Batch(out, n);
    t.data.append(batch);
    host.appended(t, batch);
  }
  return EMPTY_RESULT;
}

/** DELETE marks the rows for which the condition is TRUE in the table's delete vectors. */
export function runDelete(host: DmlHost, stmt: DeleteStatement, params: readonly unknown[]): QueryResult {
  const t = host.tableEntry(stmt.table, stmt.pos);
  const flags = stmt.where === null ? new Uint8Array(t.data.rowCount).fill(1) : evaluatePerRow(host, t, [isTrue(stmt.where, stmt.pos)], params, stmt.pos, null).flags;
  if (t.data.deleteLive(flags) > 0) host.tableChanged(t);
  return EMPTY_RESULT;
}

/**
 * UPDATE deletes the rows for which the condition is TRUE and appends their new versions
 * (every column recomputed as `CASE WHEN cond THEN new ELSE old END`, so rows that do not
 * match never evaluate the new values).
 */
export function runUpdate(host: DmlHost, stmt: UpdateStatement, params: readonly unknown[]): QueryResult {
  const t = host.tableEntry(stmt.table, stmt.pos);
  const assigned = new Map<number, Expr>();
  for (const a of stmt.assignments) assigned.set(host.columnIndex(t, a.column, stmt.pos), a.value);
  const select = t.columns.map((c, i) => {
    const value = assigned.get(i);
    if (value === undefined) return columnAst(c.name, stmt.pos);
    const newValue: Expr = { kind: 'cast', expr: value, type: { name: typeToString(c.type).replace(/\(.*/, ''), args: typeArgs(c.type) }, try: false, pos: stmt.pos };
    if (stmt.where === null) return newValue;
    return { kind: 'case', operand: null, whens: [{ when: stmt.where, then: newValue }], else: columnAst(c.name, stmt.pos), pos: stmt.pos } as Expr;
  });
  const cond: Expr = stmt.where === null ? { kind: 'literal', type: 'boolean', value: true, pos: stmt.pos } as Expr : isTrue(stmt.where, stmt.pos);
  const { flags, vectors } = evaluatePerRow(host, t, [cond, ...select], params, stmt.pos, stmt.alias);
  const sel: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] === 1) sel.push(i);
  if (sel.length === 0) return EMPTY_RESULT;
  const rows = Int32Array.from(sel);
  const updated = vectors.map((v) => v.gather(rows, rows.length));
  updated.forEach((v, i) => {
    if (t.columns[i].notNull && v.validity !== null && v.validity.includes(0)) {
      throw new StrataError('constraint', `NOT NULL constraint failed: ${t.name}.${t.columns[i].name}`, stmt.pos);
    }
  });
  t.data.deleteLive(flags);
  t.data.append(new Batch(updated, rows.length));
  host.tableChanged(t);
  return EMPTY_RESULT;
}

/**
 * Evaluates `exprs` for every live row of `t`, in the table's scan order (a projection over a
 * scan without filters keeps that order). The first expression is a boolean per row, returned
 * as 0/1 flags; the others as vectors.
 */
function evaluatePerRow(host: DmlHost, t: TableEntry, exprs: Expr[], params: readonly unknown[], pos: Statement['pos'], alias: string | null): { flags: Uint8Array; vectors: Vector[] } {
  const q: SelectStatement = {
    kind: 'select',
    with: [],
    recursive: false,
    body: {
      kind: 'core',
      distinct: false,
      distinctOn: [],
      columns: exprs.map((expr) => ({ kind: 'expr', expr, alias: null, pos })),
      from: [{ kind: 'table', name: t.name, alias, columnAliases: null, pos }],
      where: null,
      groupBy: null,
      having: null,
      windows: [],
      qualify: null,
      pos,
    },
    orderBy: [],
    limit: null,
    offset: null,
    pos,
  };
  const r = host.runQuery(q, params);
  if (r.numRows !== t.data.rowCount) throw new StrataError('internal', `per-row evaluation over ${t.name} returned ${r.numRows} rows for ${t.data.rowCount}`, pos);
  const f = r.vectors[0];
  const flags = new Uint8Array(r.numRows);
  for (let i = 0; i < r.numRows; i++) flags[i] = (f.validity === null || f.validity[i] === 1) && f.data[i] !== 0 ? 1 : 0;
  return { flags, vectors: r.vectors.slice(1) };
}

/** `e IS TRUE`: NULL counts as false. */
function isTrue(e: Expr, pos: Statement['pos']): Expr {
  return { kind: 'is_bool', expr: e, value: true, not: false, pos } as Expr;
}

function columnAst(name: string, pos: Statement['pos']): Expr {
  return { kind: 'column', table: null, name, pos };
}

function typeArgs(t: DataType): number[] {
  return t.id === 'decimal' ? [t.precision ?? 18, t.scale ?? 0] : [];
}
