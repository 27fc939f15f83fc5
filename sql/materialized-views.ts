/** MaterializedViews: CREATE / REFRESH / DROP MATERIALIZED VIEW, the cubes the optimizer may use, and their maintenance on writes to base tables. */
import type { Catalog, ColumnSchema, CubeInfo, TableEntry, ViewEntry } from '../engine/catalog/catalog.js';
import { type CubeDefinition, cubeKeyColumns, type CubeLayout, cubeLayout, cubeMergeRule, cubeTableColumns, GROUPING_SET_COLUMN } from '../engine/cube/cube-definition.js';
import { cubeBuildPlan } from '../engine/cube/cube-build-plan.js';
import { mergeFn } from '../engine/cube/cube-measures.js';
import { type SourcePos, StrataError } from '../engine/errors.js';
import { foldConstantsRule } from '../engine/optimizer/rules/fold-constants.js';
import type { LogicalPlan } from '../engine/plan/logical-plan.js';
import { Batch } from '../engine/vector/batch.js';
import { ColumnBuilder } from '../engine/vector/column-builder.js';
import { RADIX_MIN_ROWS, radixPermutation } from '../engine/vector/radix-sort.js';
import { normalizeKey, sortedPermutation } from '../engine/vector/sort-keys.js';
import type { PhysicalPlan } from '../engine/exec/physical-planner.js';
import type { TableData } from '../storage/table-data.js';
import type { MergeRuleSpec } from '../storage/write/aggregating-merge.js';
import type { CreateViewStatement, DropStatement, SelectStatement } from './ast/ast.js';

/** What the statement runner lends the materialized views. */
export interface MaterializedViewHost {
  readonly catalog: Catalog;
  /** Binds a query (no optimization). */
  bind(stmt: SelectStatement): { plan: LogicalPlan; names: string[] };
  parse(sql: string): SelectStatement;
  /** Optimizes (without answering from cubes) and plans a logical plan. */
  prepare(plan: LogicalPlan): PhysicalPlan;
  /** Runs a physical plan, returning its batches. */
  execute(plan: PhysicalPlan): Batch[];
  /** A new, empty table entry stored like any table (not yet in the catalog); `merge`: how its rows with equal keys combine. */
  newTable(name: string, columns: ColumnSchema[], sortKey: string[], merge: MergeRuleSpec | null): TableEntry;
  /** Table data holding `batch` in memory only (the rows of one append to `t`). */
  scratchData(t: TableEntry, batch: Batch): TableData;
  /** Releases a table entry's data (its files are removed after the next commit). */
  dropData(t: TableEntry): void;
  /** The catalog changed: the statement commits with a checkpoint (the manifest lists the change). */
  catalogChanged(): void;
}

/** The table holding the rows of materialized view `name`. */
export function cubeTableName(name: string): string {
  return `__cube_${name}`;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Appends of at most this many rows reuse a planned delta plan (see {@link MaterializedViews.deltaPlan}). */
const SMALL_DELTA_ROWS = 1024;

/** Delta rows are merged once the cube table holds more than twice its built rows plus this many. */
const COLLAPSE_MIN_ROWS = 1000;

/** A scratch table entry whose data is swapped for each append, so one physical plan serves them all. */
type ScratchEntry = { -readonly [K in keyof TableEntry]: TableEntry[K] };

/** A materialized view entry with its bound layout (re-derived when a base table entry changes). */
interface Bound {
  readonly layout: CubeLayout;
  readonly tables: readonly TableEntry[];
}

export class MaterializedViews {
  private readonly layouts = new Map<string, Bound>();
  /** Planned small-append delta plans per bound cube and base table (dropped with the Bound when it is re-derived). */
  private readonly smallDeltas = new WeakMap<Bound, Map<TableEntry, { rows: ScratchEntry; plan: PhysicalPlan }>>();

  constructor(private readonly host: MaterializedViewHost) {}

  private views(): (ViewEntry & { cube: CubeInfo })[] {
    return this.host.catalog.list().filter((e): e is ViewEntry & { cube: CubeInfo } => e.kind === 'view' && e.cube !== undefined);
  }

  /** Takes the base tables' row counts as current (after open: the log replayed cube and base rows together). */
  adoptLoaded(): void {
    for (const v of this.views()) {
      if (v.cube.baseRows !== undefined || v.cube.stale) continue;
      try {
        this.replace(v, { baseRows: this.baseRows(this.bound(v).tables) });
      } catch {
        this.replace(v, { stale: true });
      }
    }
  }

  private baseRows(tables: readonly TableEntry[]): Record<string, number> {
    return Object.fromEntries(tables.map((t) => [t.name.toLowerCase(), t.data.rowCount]));
  }

  private bound(v: ViewEntry & { cube: CubeInfo }): Bound {
    const cached = this.layouts.get(v.cube.sql);
    if (cached !== undefined && cached.tables.every((t) => this.host.catalog.get(t.name) === t)) return cached;
    const b = this.bindDefinition(this.host.parse(v.cube.sql));
    this.layouts.set(v.cube.sql, b);
    return b;
  }

  private bindDefinition(stmt: SelectStatement): Bound {
    const { plan, names } = this.host.bind(stmt);
    let layout: CubeLayout;
    try {
      layout = cubeLayout(foldConstantsRule.rewrite(plan), names);
    } catch (e) {
      if (e instanceof StrataError && e.line === undefined) throw new StrataError(e.code, e.message, stmt.pos);
      throw e;
    }
    return { layout, tables: layout.region.scans.map((s) => s.table) };
  }

  /** CREATE MATERIALIZED VIEW: binds the definition, creates the cube table and fills it. */
  create(stmt: CreateViewStatement): void {
    const existing = this.host.catalog.get(stmt.name);
    if (existing !== undefined) {
      if (stmt.ifNotExists) return;
      if (!stmt.orReplace || existing.kind !== 'view' || existing.cube === undefined) {
        throw new StrataError('catalog', `${existing.kind === 'table' ? 'Table' : 'View'} with name ${stmt.name} already exists`, stmt.pos);
      }
      this.dropView(existing as ViewEntry & { cube: CubeInfo });
    }
    const tableName = cubeTableName(stmt.name);
    if (this.host.catalog.get(tableName) !== undefined) throw new StrataError('catalog', `Table with name ${tableName} already exists (it would hold the view's rows)`, stmt.pos);
    const b = this.bindDefinition(stmt.query);
    // Column names given with the view rename its outputs where it is read, like a plain view's.
    if (stmt.columns !== null && stmt.columns.length > b.layout.outputs.length) {
      throw new StrataError('binder', `view has ${b.layout.outputs.length} columns but ${stmt.columns.length} names were given`, stmt.pos);
    }
    this.layouts.set(stmt.queryText, b);
    const setRows = this.build(tableName, b);
    const view: ViewEntry = {
      kind: 'view',
      name: stmt.name,
      sql: readSql(b.layout, tableName),
      columnNames: stmt.columns,
      cube: { sql: stmt.queryText, table: tableName, stale: false, setRows, baseRows: this.baseRows(b.tables) },
    };
    this.host.catalog.add(view);
    this.host.catalogChanged();
  }

  /** Creates (or replaces) the cube table with the definition's current result; returns rows per grouping set. */
  private build(tableName: string, b: Bound, rows: LogicalPlan = cubeBuildPlan(b.layout)): number[] {
    // Computed before the old table is dropped: collapsing reads it.
    const batches = this.host.execute(this.host.prepare(rows));
    const columns = cubeTableColumns(b.layout);
    const table = this.host.newTable(tableName, columns, cubeKeyColumns(b.layout), cubeMergeRule(b.layout));
    const old = this.host.catalog.get(tableName);
    if (old !== undefined && old.kind === 'table') this.host.dropData(old);
    this.host.catalog.add(table);
    const setRows = b.layout.sets.map(() => 0);
    const setOf = new Map(b.layout.sets.map((s, i) => [s.id, i]));
    const sorted = sortedByKey(batches, columns, 1 + b.layout.dims.length);
    if (sorted !== null) {
      const gs = sorted.columns[0].data;
      for (let i = 0; i < sorted.length; i++) setRows[setOf.get(gs[i])!]++;
      table.data.append(sorted);
    }
    return setRows;
  }

  /** REFRESH MATERIALIZED VIEW: recomputes the cube from the base tables; the view is current again. */
  refresh(name: string, pos: SourcePos): void {
    const v = this.view(name, pos);
    const b = this.bindDefinition(this.host.parse(v.cube.sql));
    this.layouts.set(v.cube.sql, b);
    const setRows = this.build(v.cube.table, b);
    this.host.catalog.add({ ...v, sql: readSql(b.layout, v.cube.table), cube: { ...v.cube, stale: false, setRows, baseRows: this.baseRows(b.tables) } });
    this.host.catalogChanged();
  }

  private view(name: string, pos: SourcePos | null): ViewEntry & { cube: CubeInfo } {
    const e = this.host.catalog.resolve(name, pos);
    if (e.kind !== 'view' || e.cube === undefined) throw new StrataError('catalog', `${name} is not a materialized view`, pos);
    return e as ViewEntry & { cube: CubeInfo };
  }

  /** DROP MATERIALIZED VIEW: the view and its cube table. */
  drop(stmt: DropStatement): void {
    const found = stmt.names.map((n) => {
      const e = this.host.catalog.get(n);
      if (e === undefined && stmt.ifExists) return null;
      return this.view(n, stmt.pos);
    });
    for (const v of found) if (v !== null) this.dropView(v);
    this.host.catalogChanged();
  }

  private dropView(v: ViewEntry & { cube: CubeInfo }): void {
    const t = this.host.catalog.get(v.cube.table);
    if (t !== undefined && t.kind === 'table') this.host.dropData(t);
    this.host.catalog.remove(v.cube.table);
    this.host.catalog.remove(v.name);
  }

  /** DROP TABLE / DROP VIEW must not take a materialized view or its cube table apart. */
  checkDrop(objectType: DropStatement['objectType'], name: string, pos: SourcePos): void {
    const e = this.host.catalog.get(name);
    if (objectType === 'view' && e?.kind === 'view' && e.cube !== undefined) {
      throw new StrataError('catalog', `${name} is a materialized view: use DROP MATERIALIZED VIEW`, pos);
    }
    if (objectType === 'table' && this.views().some((v) => v.cube.table.toLowerCase() === name.toLowerCase())) {
      throw new StrataError('catalog', `${name} holds the rows of a materialized view: use DROP MATERIALIZED VIEW`, pos);
    }
  }

  /** The cubes the optimizer may answer from: not stale, and every base table as the cube last saw it. */
  usable(): CubeDefinition[] {
    const out: CubeDefinition[] = [];
    for (const v of this.views()) {
      if (v.cube.stale || v.cube.baseRows === undefined) continue;
      const table = this.host.catalog.get(v.cube.table);
      if (table === undefined || table.kind !== 'table') continue;
      let b: Bound;
      try {
        b = this.bound(v);
      } catch {
        continue;
      }
      if (!this.current(v.cube, b.tables, null)) continue;
      out.push({ name: v.name, table, layout: b.layout, setRows: v.cube.setRows });
    }
    return out;
  }

  /** True when every base table has the row count the cube accounts for (`except` may have grown by `added`). */
  private current(c: CubeInfo, tables: readonly TableEntry[], except: { table: TableEntry; added: number } | null): boolean {
    return tables.every((t) => c.baseRows?.[t.name.toLowerCase()] === t.data.rowCount - (t === except?.table ? except.added : 0));
  }

  /**
   * Rows were appended to `t` in the running statement: every cube over `t` gets the aggregates of
   * just those rows (joined with the other tables) as delta rows, appended to its table in the same
   * statement, so they commit in the same log record. A cube that cannot follow becomes stale.
   */
  afterAppend(t: TableEntry, batch: Batch): void {
    if (batch.length === 0) return;
    for (const v of this.views()) {
      if (v.cube.stale) continue;
      if (v.cube.table.toLowerCase() === t.name.toLowerCase()) {
        this.markStale(v);
        continue;
      }
      let b: Bound;
      try {
        b = this.bound(v);
      } catch {
        this.markStale(v);
        continue;
      }
      if (!b.tables.includes(t)) continue;
      const cubeTable = this.host.catalog.get(v.cube.table);
      if (cubeTable === undefined || cubeTable.kind !== 'table' || !this.current(v.cube, b.tables, { table: t, added: batch.length })) {
        this.markStale(v);
        continue;
      }
      const delta = this.host.execute(this.deltaPlan(b, t, batch));
      if (batch.length <= SMALL_DELTA_ROWS) {
        for (const rows of delta) cubeTable.data.append(rows);
      } else {
        // Sorted by the cube key like a build, so zone maps still skip within a large delta.
        const sorted = sortedByKey(delta, cubeTableColumns(b.layout), 1 + b.layout.dims.length);
        if (sorted !== null) cubeTable.data.append(sorted);
      }
      const baseRows = { ...v.cube.baseRows, [t.name.toLowerCase()]: t.data.rowCount };
      // A stored cube table with a merge rule merges its delta rows at checkpoints, which its
      // table asks for once they outnumber its other rows (TableData.mergeDue); others collapse.
      const built = v.cube.setRows.reduce((a, x) => a + x, 0);
      if (!cubeTable.data.mergesAtCheckpoint && cubeTable.data.rowCount > 2 * built + COLLAPSE_MIN_ROWS) this.collapse(v, b, baseRows);
      else this.replace(v, { baseRows });
    }
  }

  /**
   * Merges the delta rows of a cube into one row per group: the cube table is replaced by its own
   * re-aggregation (sum of counts and sums, min of mins, max of maxes by grouping set and
   * dimensions), which reads only the cube. Runs when deltas have doubled the table, so the many
   * small appends of single-row inserts do not make every query read more. Only for cube tables
   * that do not merge at checkpoints: in-memory databases (no flush or compaction), and tables
   * whose merge rule cannot be applied (created before rules existed, or naming an unknown part
   * kind); the rebuilt table gets the rule.
   */
  private collapse(v: ViewEntry & { cube: CubeInfo }, b: Bound, baseRows: Record<string, number>): void {
    const keys = cubeKeyColumns(b.layout).map(quote);
    const parts = b.layout.parts.map((p, j) => `${mergeFn(p.fn)}(${quote(`m${j}`)})`);
    const sql = `SELECT ${[...keys, ...parts].join(', ')} FROM ${quote(v.cube.table)} GROUP BY ${keys.join(', ')}`;
    const setRows = this.build(v.cube.table, b, this.host.bind(this.host.parse(sql)).plan);
    this.host.catalog.add({ ...v, cube: { ...v.cube, setRows, baseRows } });
    this.host.catalogChanged();
  }

  /**
   * The plan computing the cube rows `batch` adds to `b`. Single-row inserts would spend most of
   * their time planning the same join again, so small appends reuse one plan per cube and table,
   * planned for a small input, with the scratch entry's data swapped (scans read an entry's data
   * when an execution starts).
   */
  private deltaPlan(b: Bound, t: TableEntry, batch: Batch): PhysicalPlan {
    const data = this.host.scratchData(t, batch);
    if (batch.length > SMALL_DELTA_ROWS) return this.host.prepare(cubeBuildPlan(b.layout, { table: t, rows: { ...t, data } }));
    let perTable = this.smallDeltas.get(b);
    if (perTable === undefined) this.smallDeltas.set(b, (perTable = new Map()));
    const cached = perTable.get(t);
    if (cached !== undefined) {
      cached.rows.data = data;
      return cached.plan;
    }
    const rows: ScratchEntry = { ...t, data };
    const plan = this.host.prepare(cubeBuildPlan(b.layout, { table: t, rows }));
    perTable.set(t, { rows, plan });
    return plan;
  }

  /** `t` changed in a way cubes do not follow (DELETE, UPDATE, replaced or dropped): cubes over it become stale. */
  tableChanged(name: string): void {
    const key = name.toLowerCase();
    for (const v of this.views()) {
      if (v.cube.stale) continue;
      const bases = v.cube.baseRows === undefined ? [] : Object.keys(v.cube.baseRows);
      if (bases.includes(key) || v.cube.table.toLowerCase() === key) this.markStale(v);
    }
  }

  private markStale(v: ViewEntry & { cube: CubeInfo }): void {
    this.replace(v, { stale: true });
    this.host.catalogChanged();
  }

  private replace(v: ViewEntry & { cube: CubeInfo }, change: Partial<CubeInfo>): void {
    this.host.catalog.add({ ...v, cube: { ...v.cube, ...change } });
  }
}

/**
 * The rows of `batches` as one batch sorted by their first `keys` columns (the cube key: grouping
 * set, then dimensions), or null when there are none. Stored segments are sorted when written,
 * but in-memory rows stay in append order: sorted, a query's grouping set and dimension values
 * lie in few zones, and the scan's zone maps (storage/memory-zone-maps.ts) skip the rest.
 */
function sortedByKey(batches: readonly Batch[], columns: readonly ColumnSchema[], keys: number): Batch | null {
  const builders = columns.map((c) => new ColumnBuilder(c.type));
  let n = 0;
  for (const batch of batches) {
    for (let c = 0; c < builders.length; c++) builders[c].appendVector(batch.columns[c], batch.sel, batch.length);
    n += batch.length;
  }
  if (n === 0) return null;
  const all = builders.map((b) => b.finish());
  const sortKeys = Array.from({ length: keys }, (_, col) => ({ col, desc: false, nullsFirst: true }));
  // Radix above its threshold: a comparator sort of a 300,000-row delta by 8 keys took a fifth
  // of a bulk INSERT's cube maintenance.
  const perm = n >= RADIX_MIN_ROWS ? radixPermutation(sortKeys.map((k) => normalizeKey(all[k.col], k, n)), n).perm : sortedPermutation(all, sortKeys, n);
  return new Batch(all.map((v) => v.gather(perm, n)), n);
}

/**
 * The view's query over its cube table: re-aggregating by grouping set and dimensions merges the
 * delta rows, so the view reads the same rows as its definition.
 */
function readSql(layout: CubeLayout, tableName: string): string {
  const m = (j: number): string => quote(`m${j}`);
  const items = layout.outputs.map((o) => {
    if ('dim' in o) return `${quote(`d${o.dim}`)} AS ${quote(o.name)}`;
    const a = layout.aggregate.aggs[o.agg];
    const parts = layout.aggParts[o.agg];
    let e: string;
    if (a.fn === 'avg') e = `CAST(sum(${m(parts[0])}) AS DOUBLE) / CAST(sum(${m(parts[1])}) AS DOUBLE)`;
    else if (a.fn === 'min' || a.fn === 'max') e = `${a.fn}(${m(parts[0])})`;
    else if (a.fn === 'approx_count_distinct') e = `coalesce(hll_estimate(hll_union(${m(parts[0])})), 0)`;
    else e = `sum(${m(parts[0])})`;
    return `${e} AS ${quote(o.name)}`;
  });
  const groups = [GROUPING_SET_COLUMN, ...layout.dims.map((_, i) => `d${i}`)].map(quote).join(', ');
  return `SELECT ${items.join(', ')} FROM ${quote(tableName)} GROUP BY ${groups}`;
}
