/** QueryBinder: binds a SELECT statement (FROM, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, set operations, CTEs) to a LogicalPlan. */
import type { Catalog } from '../../engine/catalog/catalog.js';
import { bindError, notImplemented, type SourcePos, StrataError } from '../../engine/errors.js';
import { type BoundExpr, forEachChild, mapChildren } from '../../engine/expr/expr.js';
import { foldConstants } from '../../engine/optimizer/rules/fold-constants.js';
import {
  type AggregateCall,
  ColumnIdGenerator,
  type LogicalPlan,
  type PlanColumn,
  type SortKey,
  windowColumns,
} from '../../engine/plan/logical-plan.js';
import { mapWindowCallExpressions } from '../../engine/plan/plan-utils.js';
import { BIGINT, BOOLEAN, type DataType, typeEquals } from '../../engine/types/data-type.js';
import { lookupTableFunction, type TableFunctionArg } from './table-functions.js';
import './series-table-functions.js';
import type {
  Expr,
  OrderItem,
  QueryBody,
  SelectCore,
  SelectItem,
  SelectStatement,
  TableRef,
} from '../ast/ast.js';
import type { ResolvedAggregate } from './bind-aggregate.js';
import { type AggregateSink, type BinderHost, castTo, ExprBinder, unifyAll } from './bind-expr.js';
import { bindGroupBy, type PendingGroupingCall, resolveGroupingCalls } from './bind-grouping.js';
import { bindRecursiveCte, refersToTable, type WorkingTableInfo, workingTableRef } from './bind-recursive-cte.js';
import { WindowCollector } from './bind-window.js';
import { LateralReads } from './lateral-reads.js';
import { exprKey } from './expr-key.js';
import { Scope, type ScopeColumn } from './scope.js';
import { displayName, expandStar, positionalIndex } from './select-items.js';

export { displayName };

/** Session settings that change how queries bind. */
export interface BindSettings {
  /** Where NULLs sort when ORDER BY does not say: DuckDB's default is 'nulls_last'. */
  defaultNullOrder: 'nulls_first' | 'nulls_last';
  /** DuckDB's `order_by_non_integer_literal`: allow `ORDER BY 'x'` (a constant, so no effect). */
  orderByNonIntegerLiteral: boolean;
}

/** A bound query: the plan and the user-visible column names (same order as plan.cols). */
export interface BoundQuery {
  plan: LogicalPlan;
  names: string[];
}

interface CteDef {
  name: string;
  columns: string[] | null;
  query: SelectStatement;
  /** The CTE environment the definition itself sees (earlier CTEs only; a recursive one also itself). */
  env: CteEnv;
  /** WITH RECURSIVE and the definition refers to itself. */
  recursive: boolean;
}

type CteEnv = ReadonlyMap<string, CteDef>;

/** Parses view text; injected to keep the binder independent of the parser module. */
export type ViewParser = (sql: string) => SelectStatement;

export class QueryBinder implements BinderHost {
  readonly ids = new ColumnIdGenerator();
  /** Guards against views or CTEs that refer to themselves. */
  private readonly expanding = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    readonly params: readonly unknown[],
    private readonly settings: BindSettings,
    private readonly parseView: ViewParser,
  ) {}

  freshId(): number {
    return this.ids.fresh();
  }

  bindSubquery(q: SelectStatement, outer: Scope): { plan: LogicalPlan; correlated: number[]; correlatedTypes: DataType[] } {
    const level: Scope[] = [];
    const r = this.bindQuery(q, outer, this.currentCtes, level);
    const correlated = new Map<number, DataType>();
    for (const s of level) for (const [c, t] of s.correlated) correlated.set(c, t);
    return { plan: r.plan, correlated: [...correlated.keys()], correlatedTypes: [...correlated.values()] };
  }

  private currentCtes: CteEnv = new Map();
  /** LATERAL subquery plans that read columns of earlier FROM items, until their join is built. */
  private readonly laterals = new LateralReads();
  /** Working tables of the recursive CTEs whose recursive term is being bound. */
  readonly workingTables = new Map<string, WorkingTableInfo>();

  /**
   * Binds a full query. `outer` is the enclosing query's scope for correlated subqueries;
   * every scope created for this query level is pushed to `level` so the caller can collect
   * the outer columns it reads.
   */
  bindQuery(q: SelectStatement, outer: Scope | null, ctes: CteEnv, level: Scope[] = []): BoundQuery {
    let env = ctes;
    if (q.with.length > 0) {
      const m = new Map(ctes);
      for (const c of q.with) {
        const own = new Map(m);
        const def: CteDef = { name: c.name, columns: c.columns, query: c.query, env: own, recursive: q.recursive && refersToTable(c.query, c.name) };
        if (def.recursive) own.set(c.name.toLowerCase(), def);
        m.set(c.name.toLowerCase(), def);
      }
      env = m;
    }
    const saved = this.currentCtes;
    this.currentCtes = env;
    try {
      if (q.body.kind === 'core') return this.bindCoreWithOrder(q.body, q, outer, level);
      let r = this.bindBody(q.body, outer, level);
      if (q.orderBy.length > 0) r = this.bindOutputOrder(r, q.orderBy, q.body);
      return this.applyLimit(r, q, outer);
    } finally {
      this.currentCtes = saved;
    }
  }

  // --- Query bodies ----------------------------------------------------------------------------

  /** @internal Binds a query body (also used for the terms of a recursive CTE). */
  bindBody(body: QueryBody, outer: Scope | null, level: Scope[]): BoundQuery {
    switch (body.kind) {
      case 'core':
        return this.bindCoreWithOrder(body, null, outer, level);
      case 'paren':
        return this.bindQuery(body.query, outer, this.currentCtes, level);
      case 'values':
        return this.bindValues(body.rows, body.pos, outer, level);
      case 'setop': {
        const l = this.bindBody(body.left, outer, level);
        const r = this.bindBody(body.right, outer, level);
        if (l.plan.cols.length !== r.plan.cols.length) {
          throw bindError(
            `Set operations can only apply to expressions with the same number of result columns (${l.plan.cols.length} vs ${r.plan.cols.length})`,
            body.pos,
          );
        }
        const types = l.plan.cols.map((c, i) => {
          const [a] = unifyAll([colRef(c), colRef(r.plan.cols[i])], body.pos, 'combine');
          return a.type.id === 'null' ? { id: 'integer' } as DataType : a.type;
        });
        const left = this.castPlan(l.plan, types, body.pos);
        const right = this.castPlan(r.plan, types, body.pos);
        const cols = types.map((t, i) => ({ cid: this.freshId(), name: l.names[i], type: t }));
        return { plan: { kind: 'setop', op: body.op, all: body.all, left, right, cols }, names: l.names };
      }
    }
  }

  /** Projects `plan` so its columns have `types` (for set operations). */
  castPlan(plan: LogicalPlan, types: DataType[], pos: SourcePos): LogicalPlan {
    if (plan.cols.every((c, i) => typeEquals(c.type, types[i]))) return plan;
    return {
      kind: 'project',
      input: plan,
      exprs: plan.cols.map((c, i) => castTo(colRef(c), types[i], pos)),
      cols: plan.cols.map((c, i) => ({ cid: this.freshId(), name: c.name, type: types[i] })),
    };
  }

  private bindValues(rows: Expr[][], pos: SourcePos, outer: Scope | null, level: Scope[]): BoundQuery {
    const scope = new Scope(outer);
    level.push(scope);
    const eb = new ExprBinder(this, scope, { aggregates: null, clause: 'VALUES' });
    const bound = rows.map((r) => r.map((e) => eb.bind(e)));
    const width = bound[0].length;
    if (bound.some((r) => r.length !== width)) throw bindError('VALUES lists must all be the same length', pos);
    for (let c = 0; c < width; c++) {
      const unified = unifyAll(
        bound.map((r) => r[c]),
        pos,
        'combine',
      );
      unified.forEach((e, r) => (bound[r][c] = e));
    }
    const cols = bound[0].map((e, i) => ({
      cid: this.freshId(),
      name: `col${i}`,
      type: e.type.id === 'null' ? ({ id: 'integer' } as DataType) : e.type,
    }));
    const fixed = bound.map((r) => r.map((e, i) => castTo(e, cols[i].type, pos)));
    return { plan: { kind: 'values', rows: fixed, cols }, names: cols.map((c) => c.name) };
  }

  // --- FROM ------------------------------------------------------------------------------------

  private bindFrom(items: TableRef[], scope: Scope, outer: Scope | null, level: Scope[]): LogicalPlan {
    if (items.length === 0) return { kind: 'values', rows: [[]], cols: [] };
    let plan: LogicalPlan | null = null;
    for (const item of items) {
      const p = this.bindTableRef(item, scope, outer, level);
      plan =
        plan === null
          ? p
          : (this.laterals.join('inner', plan, p, null) ??
            this.laterals.carry({ kind: 'join', type: 'cross', left: plan, right: p, condition: null, cols: [...plan.cols, ...p.cols] }, plan, p));
    }
    // Reads no FROM item on their left supplies (should not happen: scopes only hold earlier items).
    this.laterals.refuseUnresolved(plan as LogicalPlan);
    return plan as LogicalPlan;
  }

  private bindTableRef(ref: TableRef, scope: Scope, outer: Scope | null, level: Scope[]): LogicalPlan {
    switch (ref.kind) {
      case 'table':
        return this.bindNamedTable(ref.name, ref.alias, ref.columnAliases, ref.pos, scope, outer, level);
      case 'subquery': {
        const subLevel: Scope[] = [];
        const sub = this.bindQuery(ref.query, ref.lateral ? scope : outer, this.currentCtes, subLevel);
        level.push(...subLevel);
        // Columns of earlier FROM items are set per row by the lateral join, not by an enclosing query.
        if (ref.lateral) this.laterals.record(sub.plan, subLevel, scope, ref.pos);
        const names = renameColumns(sub.names, ref.columnAliases, ref.pos);
        scope.add({ alias: ref.alias ?? '', columns: sub.plan.cols.map((c, i) => ({ name: names[i], cid: c.cid, type: c.type })) });
        return sub.plan;
      }
      case 'join':
        return this.bindJoin(ref, scope, outer, level);
      case 'function':
        return this.bindTableFunction(ref, scope);
    }
  }

  /** A table function call: its result table is scanned like any table (see table-functions.ts). */
  private bindTableFunction(ref: Extract<TableRef, { kind: 'function' }>, scope: Scope): LogicalPlan {
    const f = lookupTableFunction(ref.name);
    if (f === undefined) throw bindError(`Table Function with name ${ref.name} does not exist`, ref.pos);
    const args: TableFunctionArg[] = [];
    const named: Record<string, TableFunctionArg> = {};
    for (const a of ref.args) {
      // `name := value` and `name = value` options arrive as equality comparisons.
      if (a.kind === 'binary' && a.op === '=' && a.left.kind === 'column' && a.left.table === null) {
        named[a.left.name.toLowerCase()] = this.constantArg(a.right);
      } else {
        args.push(this.constantArg(a));
      }
    }
    const entry = f.bind(args, named, { catalog: this.catalog, pos: ref.pos });
    const names = renameColumns(entry.columns.map((c) => c.name), ref.columnAliases, ref.pos);
    const cols: PlanColumn[] = entry.columns.map((c) => ({ cid: this.freshId(), name: c.name, type: c.type }));
    scope.add({ alias: ref.alias ?? ref.name, columns: cols.map((c, i) => ({ name: names[i], cid: c.cid, type: c.type })) });
    return { kind: 'scan', table: entry, alias: ref.alias ?? ref.name, columnIndexes: entry.columns.map((_, i) => i), filters: [], cols };
  }

  /** A table function argument: must fold to a constant. */
  private constantArg(e: Expr): TableFunctionArg {
    const b = foldConstants(new ExprBinder(this, new Scope(null), { aggregates: null, clause: 'table function arguments' }).bind(e));
    if (b.kind !== 'const' || typeof b.value === 'object') {
      if (b.kind === 'const' && b.value === null) return null;
      throw bindError('table function arguments must be constants', e.pos);
    }
    if (b.type.id === 'decimal') return (b.value as number) / 10 ** (b.type.scale ?? 0);
    return b.type.id === 'boolean' ? b.value === 1 : (b.value as string | number);
  }

  private bindNamedTable(
    name: string,
    alias: string | null,
    columnAliases: string[] | null,
    pos: SourcePos,
    scope: Scope,
    outer: Scope | null,
    level: Scope[],
  ): LogicalPlan {
    const key = name.toLowerCase();
    const wt = this.workingTables.get(key);
    if (wt !== undefined) {
      // Inside its own recursive term, a recursive CTE is the previous iteration's rows.
      const plan = workingTableRef(this, wt);
      const names = renameColumns(wt.names, columnAliases, pos);
      scope.add({ alias: alias ?? wt.name, columns: plan.cols.map((c, i) => ({ name: names[i], cid: c.cid, type: c.type })) });
      return plan;
    }
    const cte = this.currentCtes.get(key);
    if (cte !== undefined && !this.expanding.has(`cte:${key}`)) {
      // Each reference binds the CTE afresh, so two references get distinct column ids.
      this.expanding.add(`cte:${key}`);
      const saved = this.currentCtes;
      this.currentCtes = cte.env;
      try {
        const sub = cte.recursive ? bindRecursiveCte(this, cte, outer, level) : this.bindQuery(cte.query, outer, cte.env, level);
        const names = renameColumns(renameColumns(sub.names, cte.columns, pos), columnAliases, pos);
        scope.add({ alias: alias ?? cte.name, columns: sub.plan.cols.map((c, i) => ({ name: names[i], cid: c.cid, type: c.type })) });
        return sub.plan;
      } finally {
        this.currentCtes = saved;
        this.expanding.delete(`cte:${key}`);
      }
    }
    const entry = this.catalog.resolve(name, pos);
    if (entry.kind === 'view') {
      if (this.expanding.has(`view:${key}`)) throw bindError(`View ${name} refers to itself`, pos);
      this.expanding.add(`view:${key}`);
      const saved = this.currentCtes;
      this.currentCtes = new Map();
      try {
        const sub = this.bindQuery(this.parseView(entry.sql), null, new Map(), level);
        const names = renameColumns(renameColumns(sub.names, entry.columnNames, pos), columnAliases, pos);
        scope.add({ alias: alias ?? entry.name, columns: sub.plan.cols.map((c, i) => ({ name: names[i], cid: c.cid, type: c.type })) });
        return sub.plan;
      } finally {
        this.currentCtes = saved;
        this.expanding.delete(`view:${key}`);
      }
    }
    const names = renameColumns(
      entry.columns.map((c) => c.name),
      columnAliases,
      pos,
    );
    const cols: PlanColumn[] = entry.columns.map((c) => ({ cid: this.freshId(), name: c.name, type: c.type }));
    scope.add({ alias: alias ?? entry.name, columns: cols.map((c, i) => ({ name: names[i], cid: c.cid, type: c.type })) });
    return {
      kind: 'scan',
      table: entry,
      alias: alias ?? entry.name,
      columnIndexes: entry.columns.map((_, i) => i),
      filters: [],
      cols,
    };
  }

  private bindJoin(ref: Extract<TableRef, { kind: 'join' }>, scope: Scope, outer: Scope | null, level: Scope[]): LogicalPlan {
    const { plan, left, right } = this.bindJoinInputs(ref, scope, outer, level);
    return this.laterals.carry(plan, left, right);
  }

  private bindJoinInputs(
    ref: Extract<TableRef, { kind: 'join' }>,
    scope: Scope,
    outer: Scope | null,
    level: Scope[],
  ): { plan: LogicalPlan; left: LogicalPlan; right: LogicalPlan } {
    const leftStart = scope.relations.length;
    const left = this.bindTableRef(ref.left, scope, outer, level);
    const leftRels = scope.relations.slice(leftStart);
    const rightStart = scope.relations.length;
    const right = this.bindTableRef(ref.right, scope, outer, level);
    if (this.laterals.readsFrom(right, left) && ref.type !== 'inner' && ref.type !== 'left' && ref.type !== 'cross') {
      throw bindError('The combining JOIN type must be INNER or LEFT for a LATERAL reference', ref.pos);
    }
    const done = (plan: LogicalPlan) => ({ plan, left, right });
    const rightRels = scope.relations.slice(rightStart);
    let using = ref.using;
    if (ref.natural) {
      const leftNames = new Set(leftRels.flatMap((r) => r.columns.map((c) => c.name.toLowerCase())));
      using = rightRels.flatMap((r) => r.columns.map((c) => c.name)).filter((n) => leftNames.has(n.toLowerCase()));
    }
    const cols = [...left.cols, ...right.cols];
    if (ref.type === 'cross' && !ref.natural) return done(this.laterals.join('inner', left, right, null) ?? { kind: 'join', type: 'cross', left, right, condition: null, cols });
    let condition: BoundExpr | null = null;
    const eb = new ExprBinder(this, scope, { aggregates: null, clause: 'JOIN ON' });
    if (using && using.length > 0) {
      const conds: BoundExpr[] = [];
      for (const name of using) {
        const l = findIn(leftRels, name);
        const r = findIn(rightRels, name);
        if (l === null || r === null) throw bindError(`Column "${name}" named in USING does not exist on both sides of the join`, ref.pos);
        conds.push(eb.bindCompare('=', colRef(l), colRef(r), ref.pos));
        // After USING, a bare name means the left column (the right one for RIGHT JOIN).
        scope.merged.set(name.toLowerCase(), ref.type === 'right' ? r : l);
      }
      condition = conds.length === 1 ? conds[0] : { kind: 'and', args: conds, type: BOOLEAN };
    } else if (ref.on) {
      condition = castTo(eb.bind(ref.on), BOOLEAN, ref.pos);
    } else if (ref.natural) {
      return done(this.laterals.join('inner', left, right, null) ?? { kind: 'join', type: 'cross', left, right, condition: null, cols });
    }
    const type = ref.type === 'cross' ? 'inner' : ref.type;
    if (type === 'inner' || type === 'left') {
      const lateral = this.laterals.join(type, left, right, condition);
      if (lateral !== null) return done(lateral);
    }
    let plan: LogicalPlan = { kind: 'join', type, left, right, condition, cols };
    if (type === 'full' && using) {
      // FULL JOIN USING: the merged column is COALESCE(left, right).
      const extra: BoundExpr[] = [];
      const extraCols: PlanColumn[] = [];
      for (const name of using) {
        const l = findIn(leftRels, name) as ScopeColumn;
        const r = findIn(rightRels, name) as ScopeColumn;
        const cid = this.freshId();
        extra.push({ kind: 'coalesce', args: [colRef(l), castTo(colRef(r), l.type)], type: l.type });
        extraCols.push({ cid, name: l.name, type: l.type });
        scope.merged.set(name.toLowerCase(), { name: l.name, cid, type: l.type });
      }
      plan = {
        kind: 'project',
        input: plan,
        exprs: [...cols.map(colRef), ...extra],
        cols: [...cols, ...extraCols],
      };
    }
    return done(plan);
  }

  // --- SELECT core -----------------------------------------------------------------------------

  /** Binds a SELECT core plus, when `q` is given, the query's ORDER BY / LIMIT (which may see FROM columns). */
  private bindCoreWithOrder(core: SelectCore, q: SelectStatement | null, outer: Scope | null, level: Scope[]): BoundQuery {
    const scope = new Scope(outer);
    level.push(scope);
    let plan = this.bindFrom(core.from, scope, outer, level);

    if (core.where) {
      const eb = new ExprBinder(this, scope, { aggregates: null, clause: 'WHERE' });
      plan = { kind: 'filter', input: plan, predicate: castTo(eb.bind(core.where), BOOLEAN, core.where.pos), cols: plan.cols };
    }
    if (core.distinctOn.length > 0) throw notImplemented('SELECT DISTINCT ON', core.pos);

    // Expand the select list.
    const items = expandStar(core.columns, scope);
    const aggs = new AggregateCollector(this);
    const windows = new WindowCollector(this, core.windows);

    // Bind select expressions (aggregates become references to aggregate outputs).
    const selectBinder = new ExprBinder(this, scope, { aggregates: aggs, windows, clause: 'SELECT' });
    const selectExprs = items.map((it) => selectBinder.bind(it.expr));
    const names = items.map((it) => it.alias ?? it.name);

    // GROUP BY items may name select aliases or positions.
    // A GROUP BY alias or position reuses the bound select item when it is a plain expression, so
    // that a (correlated) subquery item is the same computation in SELECT and GROUP BY.
    const selectItem = (i: number, ast: Expr): BoundExpr => {
      const e = selectExprs[i];
      if (!containsRef(e, aggs.cids()) && !containsRef(e, windows.cids())) return e;
      return new ExprBinder(this, scope, { aggregates: null, clause: 'GROUP BY' }).bind(ast);
    };
    const groupBinder = new ExprBinder(this, scope, {
      aggregates: null,
      clause: 'GROUP BY',
      aliasFallback: (name) => {
        const i = items.findIndex((it) => it.alias !== null && it.alias.toLowerCase() === name.toLowerCase());
        return i >= 0 ? selectItem(i, items[i].expr) : null;
      },
    });
    let groupExprs: BoundExpr[] = [];
    let groupingSets: number[][] | null = null;
    if (core.groupBy) {
      const leading: BoundExpr[] = [];
      if (core.groupBy.all) {
        const windowCids = windows.cids();
        selectExprs.forEach((e, i) => {
          if (!containsRef(e, aggs.cids()) && !containsRef(e, windowCids)) leading.push(groupBinder.bind(items[i].expr));
        });
      }
      const bound = bindGroupBy(
        core.groupBy.items,
        leading,
        (e) => {
          const pos = positionalIndex(e, items.length);
          return pos !== null ? selectItem(pos, items[pos].expr) : groupBinder.bind(e);
        },
        core.pos,
      );
      groupExprs = bound.groups;
      groupingSets = bound.sets;
    }

    // HAVING may use aggregates and select aliases.
    const postBinder = (clause: string) =>
      new ExprBinder(this, scope, {
        aggregates: aggs,
        // HAVING runs before window functions are computed.
        windows: clause === 'HAVING' ? null : windows,
        clause,
        aliasFallback: (name) => {
          const i = names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
          return i >= 0 ? selectExprs[i] : null;
        },
      });
    const having = core.having ? castTo(postBinder('HAVING').bind(core.having), BOOLEAN, core.having.pos) : null;
    if (having !== null && containsRef(having, windows.cids())) throw bindError('window functions are not allowed in HAVING', core.having?.pos);
    const qualify = core.qualify ? castTo(postBinder('QUALIFY').bind(core.qualify), BOOLEAN, core.qualify.pos) : null;

    // ORDER BY of a plain query: an output name/position, or any expression over FROM columns.
    const orderBy = q?.orderBy ?? [];
    const orderTargets: ({ output: number } | { expr: BoundExpr })[] = orderBy.map((o) => {
      const p = positionalIndex(o.expr, items.length, true);
      if (p !== null) return { output: p };
      if (o.expr.kind === 'literal' && (o.expr.type === 'string' || o.expr.type === 'number')) {
        if (!this.settings.orderByNonIntegerLiteral && o.expr.type === 'string') {
          throw bindError('ORDER BY non-integer literal has no effect', o.expr.pos);
        }
        return { expr: { kind: 'const', value: null, type: { id: 'integer' } } };
      }
      if (o.expr.kind === 'column' && o.expr.table === null) {
        const i = names.findIndex((n) => n.toLowerCase() === (o.expr as { name: string }).name.toLowerCase());
        if (i >= 0 && items[i].alias !== null) return { output: i };
        if (i >= 0 && scope.tryResolve(null, o.expr.name, o.expr.pos) === null) return { output: i };
      }
      return { expr: postBinder('ORDER BY').bind(o.expr) };
    });

    const isAggregate = core.groupBy !== null || aggs.calls.length > 0 || having !== null || aggs.groupingCalls.length > 0;
    let post = (e: BoundExpr): BoundExpr => e;
    if (isAggregate) {
      const groupCols: PlanColumn[] = groupExprs.map((g, i) =>
        g.kind === 'column'
          ? { cid: g.cid, name: g.name, type: g.type }
          : { cid: this.freshId(), name: `group${i}`, type: g.type },
      );
      const groupingCalls = resolveGroupingCalls(
        aggs.groupingCalls.map((g) => ({ ...g, args: g.args.map((a) => groupBinder.bind(a)) })),
        groupExprs,
      );
      // Without grouping sets nothing is ever rolled up: GROUPING() is 0.
      const constants = new Map<number, BoundExpr>();
      if (groupingSets === null) for (const g of groupingCalls) constants.set(g.cid, { kind: 'const', value: 0, type: BIGINT });
      const calls = groupingSets === null ? [] : groupingCalls;
      plan = {
        kind: 'aggregate',
        input: plan,
        groups: groupExprs,
        aggs: aggs.calls,
        ...(groupingSets !== null ? { groupingSets, groupingCalls: calls } : {}),
        cols: [
          ...groupCols,
          ...aggs.calls.map((a) => ({ cid: a.cid, name: a.fn, type: a.type })),
          ...calls.map((g) => ({ cid: g.cid, name: 'grouping', type: BIGINT })),
        ],
      };
      const groupMap = new Map<string, PlanColumn>();
      groupExprs.forEach((g, i) => groupMap.set(exprKey(g), groupCols[i]));
      const passCids = new Set([...aggs.cids(), ...calls.map((g) => g.cid), ...windows.cids()]);
      post = (e) => liftOverGroups(e, groupMap, passCids, constants);
      if (having) plan = { kind: 'filter', input: plan, predicate: post(having), cols: plan.cols };
    }
    if (windows.calls.length > 0) {
      const calls = windows.calls.map((c) => mapWindowCallExpressions(c, post));
      plan = { kind: 'window', input: plan, calls, cols: windowColumns(plan, calls) };
    }
    if (qualify) plan = { kind: 'filter', input: plan, predicate: post(qualify), cols: plan.cols };

    const finalExprs = selectExprs.map(post);
    const outCols: PlanColumn[] = finalExprs.map((e, i) =>
      e.kind === 'column' && !finalExprs.slice(0, i).some((x) => x.kind === 'column' && x.cid === e.cid)
        ? { cid: e.cid, name: names[i], type: e.type }
        : { cid: this.freshId(), name: names[i], type: e.type },
    );
    // Hidden columns carry ORDER BY expressions that are not in the select list.
    const hidden: BoundExpr[] = [];
    const hiddenCols: PlanColumn[] = [];
    const sortKeys: SortKey[] = orderBy.map((o, i) => {
      const t = orderTargets[i];
      const { desc, nullsFirst } = this.direction(o);
      if ('output' in t) return { expr: colRef(outCols[t.output]), desc, nullsFirst };
      const e = post(t.expr);
      if (e.kind === 'const') return { expr: e, desc, nullsFirst };
      const k = exprKey(e);
      const same = finalExprs.findIndex((x) => exprKey(x) === k);
      if (same >= 0) return { expr: colRef(outCols[same]), desc, nullsFirst };
      if (core.distinct) throw bindError('for SELECT DISTINCT, ORDER BY expressions must appear in select list', o.expr.pos);
      const col = { cid: this.freshId(), name: `sort${i}`, type: e.type };
      hidden.push(e);
      hiddenCols.push(col);
      return { expr: colRef(col), desc, nullsFirst };
    });

    plan = { kind: 'project', input: plan, exprs: [...finalExprs, ...hidden], cols: [...outCols, ...hiddenCols] };
    if (core.distinct) plan = { kind: 'distinct', input: plan, cols: plan.cols };
    if (sortKeys.length > 0) plan = { kind: 'sort', input: plan, keys: sortKeys.filter((k) => k.expr.kind !== 'const'), cols: plan.cols };
    let result: BoundQuery = { plan, names };
    if (q !== null) result = this.applyLimit(result, q, outer);
    if (hidden.length > 0) {
      result = {
        plan: { kind: 'project', input: result.plan, exprs: outCols.map(colRef), cols: outCols },
        names,
      };
    }
    return result;
  }

  direction(o: OrderItem): { desc: boolean; nullsFirst: boolean } {
    const desc = o.desc === true;
    const nullsFirst = o.nullsFirst ?? this.settings.defaultNullOrder === 'nulls_first';
    return { desc, nullsFirst };
  }

  /**
   * ORDER BY over a set operation or VALUES. As in DuckDB, an item may be a position, the name
   * or alias of an output column in any branch, or an expression written exactly like a select
   * item of some branch; anything else cannot be evaluated on the combined rows.
   */
  private bindOutputOrder(r: BoundQuery, orderBy: OrderItem[], body: QueryBody): BoundQuery {
    const branches = collectCores(body);
    const keys: SortKey[] = orderBy.map((o) => {
      let p = positionalIndex(o.expr, r.plan.cols.length, true);
      if (p === null && o.expr.kind === 'column' && o.expr.table === null) {
        const name = o.expr.name.toLowerCase();
        p = indexWhere(r.names, (n) => n.toLowerCase() === name);
        for (const core of branches) {
          if (p !== null) break;
          p = indexWhere(core.columns, (it) => it.kind === 'expr' && (it.alias ?? displayName(it.expr)).toLowerCase() === name);
        }
      }
      if (p === null) {
        const text = astKey(o.expr);
        for (const core of branches) {
          if (p !== null) break;
          p = indexWhere(core.columns, (it) => it.kind === 'expr' && astKey(it.expr) === text);
        }
      }
      if (p === null || p >= r.plan.cols.length) {
        throw bindError(
          'Could not ORDER BY column: add the expression/function to every SELECT, or move the UNION into a FROM clause.',
          o.expr.pos,
        );
      }
      return { expr: colRef(r.plan.cols[p]), ...this.direction(o) };
    });
    return { plan: { kind: 'sort', input: r.plan, keys, cols: r.plan.cols }, names: r.names };
  }

  private applyLimit(r: BoundQuery, q: SelectStatement, outer: Scope | null): BoundQuery {
    if (q.limit === null && q.offset === null) return r;
    const evalCount = (e: Expr | null, what: string): number | null => {
      if (e === null) return null;
      const b = foldConstants(new ExprBinder(this, new Scope(outer), { aggregates: null, clause: what }).bind(e));
      if (b.kind !== 'const') throw notImplemented(`a non-constant ${what}`, e.pos);
      if (b.value === null) return null;
      const n = Number(b.value);
      if (!Number.isFinite(n) || n < 0) throw new StrataError('binder', `${what} must not be negative`, e.pos);
      return Math.floor(n);
    };
    const limit = evalCount(q.limit, 'LIMIT');
    const offset = evalCount(q.offset, 'OFFSET') ?? 0;
    return { plan: { kind: 'limit', input: r.plan, limit, offset, cols: r.plan.cols }, names: r.names };
  }
}

// --- helpers ---------------------------------------------------------------------------------

function colRef(c: { cid: number; type: DataType; name: string }): BoundExpr {
  return { kind: 'column', cid: c.cid, type: c.type, name: c.name };
}

function findIn(rels: { columns: ScopeColumn[] }[], name: string): ScopeColumn | null {
  const l = name.toLowerCase();
  for (const r of rels) for (const c of r.columns) if (c.name.toLowerCase() === l) return c;
  return null;
}

function renameColumns(names: string[], aliases: string[] | null, pos: SourcePos): string[] {
  if (aliases === null) return names;
  if (aliases.length > names.length) {
    throw bindError(`table has ${names.length} columns available but ${aliases.length} columns specified`, pos);
  }
  return names.map((n, i) => aliases[i] ?? n);
}

class AggregateCollector implements AggregateSink {
  readonly calls: AggregateCall[] = [];
  readonly groupingCalls: (Omit<PendingGroupingCall, 'args'> & { args: Expr[] })[] = [];
  private readonly byKey = new Map<string, AggregateCall>();

  constructor(private readonly host: QueryBinder) {}

  add(r: ResolvedAggregate): BoundExpr {
    const key = [r.fn, r.distinct, r.arg === null ? '' : exprKey(r.arg), r.arg2 === null ? '' : exprKey(r.arg2), JSON.stringify(r.options ?? null)].join('|');
    let call = this.byKey.get(key);
    if (call === undefined) {
      call = {
        cid: this.host.freshId(),
        fn: r.fn,
        arg: r.arg,
        distinct: r.distinct,
        type: r.type,
        ...(r.arg2 !== null ? { arg2: r.arg2 } : {}),
        ...(r.options ? { options: r.options } : {}),
      };
      this.calls.push(call);
      this.byKey.set(key, call);
    }
    return { kind: 'column', cid: call.cid, type: call.type, name: r.fn };
  }

  grouping(args: Expr[], pos: SourcePos): BoundExpr {
    const cid = this.host.freshId();
    this.groupingCalls.push({ cid, args, pos });
    return { kind: 'column', cid, type: BIGINT, name: 'grouping' };
  }

  /** Column ids of the aggregate results and GROUPING() values. */
  cids(): Set<number> {
    return new Set([...this.calls.map((c) => c.cid), ...this.groupingCalls.map((g) => g.cid)]);
  }
}

/** True if `e` reads one of the columns `cids`. */
function containsRef(e: BoundExpr, cids: ReadonlySet<number>): boolean {
  if (e.kind === 'column' && cids.has(e.cid)) return true;
  let found = false;
  forEachChild(e, (c) => {
    if (!found && containsRef(c, cids)) found = true;
  });
  return found;
}

/**
 * Rewrites an expression bound over FROM columns so that it reads the aggregate's outputs:
 * subexpressions equal to a GROUP BY expression become references to that group column, and
 * any other FROM column is an error (it is neither grouped nor aggregated).
 */
function liftOverGroups(e: BoundExpr, groups: Map<string, PlanColumn>, aggCids: Set<number>, constants: ReadonlyMap<number, BoundExpr>): BoundExpr {
  const g = groups.get(exprKey(e));
  if (g !== undefined) return colRef(g);
  if (e.kind === 'column') {
    const k = constants.get(e.cid);
    if (k !== undefined) return k;
    if (aggCids.has(e.cid)) return e;
    throw bindError(`column "${e.name}" must appear in the GROUP BY clause or be used in an aggregate function`);
  }
  if (e.kind === 'subquery') {
    for (const c of e.correlated) {
      if (!groups.has(`#${c}`) && !aggCids.has(c) && ![...groups.values()].some((x) => x.cid === c)) {
        throw notImplemented('a correlated subquery reading a non-grouped column in an aggregate query');
      }
    }
    return e.arg ? { ...e, arg: liftOverGroups(e.arg, groups, aggCids, constants) } : e;
  }
  return mapChildren(e, (c) => liftOverGroups(c, groups, aggCids, constants));
}

function indexWhere<T>(xs: readonly T[], pred: (x: T) => boolean): number | null {
  const i = xs.findIndex(pred);
  return i < 0 ? null : i;
}

/** The SELECT cores of a query body, left to right. */
function collectCores(body: QueryBody): SelectCore[] {
  switch (body.kind) {
    case 'core':
      return [body];
    case 'setop':
      return [...collectCores(body.left), ...collectCores(body.right)];
    case 'paren':
      return collectCores(body.query.body);
    default:
      return [];
  }
}

/** Structural text of an AST expression, ignoring source positions. */
function astKey(e: Expr): string {
  return JSON.stringify(e, (k, v) => (k === 'pos' ? undefined : typeof v === 'string' && k === 'name' ? v.toLowerCase() : v));
}
