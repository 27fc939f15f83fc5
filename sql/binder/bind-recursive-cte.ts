/** WITH RECURSIVE binding: the anchor, the recursive term over a working table, and their common column types. */
import { bindError, notImplemented, type SourcePos } from '../../engine/errors.js';
import type { LogicalPlan, PlanColumn } from '../../engine/plan/logical-plan.js';
import { type DataType, INTEGER, typeEquals } from '../../engine/types/data-type.js';
import type { QueryBody, SelectStatement } from '../ast/ast.js';
import type { Scope } from './scope.js';

/** The working table a reference to the recursive CTE resolves to while its recursive term is bound. */
export interface WorkingTableInfo {
  id: number;
  name: string;
  names: string[];
  types: DataType[];
}

/** What recursive CTE binding needs from the query binder. */
export interface RecursiveCteHost {
  freshId(): number;
  bindBody(body: QueryBody, outer: Scope | null, level: Scope[]): { plan: LogicalPlan; names: string[] };
  castPlan(plan: LogicalPlan, types: DataType[], pos: SourcePos): LogicalPlan;
  /** Working tables by lower-case CTE name, visible while a recursive term is bound. */
  readonly workingTables: Map<string, WorkingTableInfo>;
}

/** True if `query` refers to a table named `name` anywhere (FROM items, subqueries, nested CTEs). */
export function refersToTable(query: SelectStatement, name: string): boolean {
  const target = name.toLowerCase();
  const seen = new Set<object>();
  const walk = (x: unknown): boolean => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return false;
    seen.add(x);
    if (Array.isArray(x)) return x.some(walk);
    const o = x as Record<string, unknown>;
    if (o.kind === 'table' && typeof o.name === 'string' && o.name.toLowerCase() === target) return true;
    return Object.values(o).some(walk);
  };
  return walk(query);
}

/**
 * Binds `WITH RECURSIVE name(columns) AS (anchor UNION [ALL] recursive)`. The anchor fixes the
 * column names and types; references to `name` inside the recursive term read a working table,
 * and the recursive term's rows are cast to the anchor's types (as DuckDB does).
 */
export function bindRecursiveCte(
  host: RecursiveCteHost,
  cte: { name: string; columns: string[] | null; query: SelectStatement },
  outer: Scope | null,
  level: Scope[],
): { plan: LogicalPlan; names: string[] } {
  const q = cte.query;
  const body = q.body;
  if (body.kind !== 'setop' || body.op !== 'union') {
    throw bindError(`recursive CTE "${cte.name}" must have the form: anchor UNION [ALL] recursive term`, q.pos);
  }
  if (q.orderBy.length > 0) throw bindError(`ORDER BY is not allowed in the recursive CTE "${cte.name}"`, q.pos);
  if (q.limit !== null || q.offset !== null) throw bindError(`LIMIT and OFFSET are not allowed in the recursive CTE "${cte.name}"`, q.pos);
  if (q.with.length > 0) throw notImplemented('a WITH clause inside a recursive CTE', q.pos);
  const key = cte.name.toLowerCase();
  const anchor = host.bindBody(body.left, outer, level);
  let names = anchor.names;
  if (cte.columns !== null) {
    if (cte.columns.length > names.length) {
      throw bindError(`table has ${names.length} columns available but ${cte.columns.length} columns specified`, q.pos);
    }
    names = names.map((n, i) => cte.columns?.[i] ?? n);
  }
  // As in DuckDB, the anchor fixes the column types and the recursive term is cast to them; only
  // an untyped anchor column (a bare NULL) takes the recursive term's type.
  const anchorTypes = anchor.plan.cols.map((c) => c.type);
  let types = anchorTypes.map((t) => (t.id === 'null' ? INTEGER : t));
  const id = host.freshId();
  const bindTerm = (): { plan: LogicalPlan; names: string[] } => {
    host.workingTables.set(key, { id, name: cte.name, names, types });
    try {
      return host.bindBody(body.right, outer, level);
    } finally {
      host.workingTables.delete(key);
    }
  };
  let rec = bindTerm();
  if (rec.plan.cols.length !== types.length) {
    throw bindError(
      `the anchor and recursive term of "${cte.name}" have ${types.length} and ${rec.plan.cols.length} columns`,
      body.pos,
    );
  }
  const resolved = types.map((t, i) => (anchorTypes[i].id === 'null' && rec.plan.cols[i].type.id !== 'null' ? rec.plan.cols[i].type : t));
  if (resolved.some((t, i) => !typeEquals(t, types[i]))) {
    // The working table must have the resolved types too: bind the recursive term again.
    types = resolved;
    rec = bindTerm();
  }
  const cols: PlanColumn[] = types.map((t, i) => ({ cid: host.freshId(), name: names[i], type: t }));
  return {
    plan: {
      kind: 'recursive_cte',
      id,
      name: cte.name,
      all: body.all,
      anchor: host.castPlan(anchor.plan, types, body.pos),
      recursive: host.castPlan(rec.plan, types, body.pos),
      cols,
    },
    names,
  };
}

/** The plan of a reference to the working table `wt`, with fresh column ids. */
export function workingTableRef(host: { freshId(): number }, wt: WorkingTableInfo): LogicalPlan {
  return {
    kind: 'working_table',
    id: wt.id,
    name: wt.name,
    cols: wt.types.map((t, i) => ({ cid: host.freshId(), name: wt.names[i], type: t })),
  };
}
