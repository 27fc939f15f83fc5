/** StatementRunner: executes one parsed statement against a catalog (queries, DDL, DML, SET, EXPLAIN). */
import { type ProgressHandler, QueryProgress } from '../engine/exec/query-progress.js';
import { Catalog, type CatalogEntry, type ColumnSchema, type TableEntry } from '../engine/catalog/catalog.js';
import { bindError, closestName, notImplemented, StrataError } from '../engine/errors.js';
import { type CompiledExpr, compileExpr } from '../engine/expr/compile.js';
import type { BoundExpr } from '../engine/expr/expr.js';
import { openPlan, PhysicalPlanner, type PhysicalPlan } from '../engine/exec/physical-planner.js';
import { ExecMetrics, formatMetrics } from '../engine/exec/metrics.js';
import { QueryEnv } from '../engine/exec/query-env.js';
import { optimize } from '../engine/optimizer/optimizer.js';
import { logicalPlanToString, physicalPlanToString } from '../engine/plan/display.js';
import type { LogicalPlan } from '../engine/plan/logical-plan.js';
import { type DataType, VARCHAR } from '../engine/types/data-type.js';
import { Batch } from '../engine/vector/batch.js';
import { ColumnBuilder } from '../engine/vector/column-builder.js';
import type { Vector } from '../engine/vector/vector.js';
import type { DatabaseStorage } from '../storage/database-storage.js';
import { type CompactionStrategy, compactionPolicy } from '../storage/compaction-policy.js';
import { encodeDeleteVector } from '../storage/delete-vector.js';
import type { TableData, TableState } from '../storage/table-data.js';
import { decodeOps, encodeOps, type WalOp } from '../storage/wal/wal-record.js';
import { catalogManifest, loadCatalog, newTableData } from '../engine/catalog/catalog-manifest.js';
import type { CreateTableStatement, Expr, SelectStatement, Statement } from './ast/ast.js';
import { castTo, resolveTypeName } from './binder/bind-expr.js';
import { type BindSettings, QueryBinder } from './binder/bind-select.js';
import { parseSql } from './parser/parse.js';
import { runCopy } from './ingest/copy-statement.js';
import { appendColumns, type ColumnInput } from './append-columns.js';
import { QueryResult } from './query-result.js';
import { MaterializedViews } from './materialized-views.js';
import { type DmlHost, runDelete, runInsert, runUpdate } from './dml-statements.js';
import { applySetting } from './set-statement.js';

/** Session settings changed with SET; see {@link StatementRunner.set}. */
export interface SessionSettings extends BindSettings, WriteSettings {
  disabledOptimizers: Set<string>;
}

/** How writes are made durable and when the write buffer is checkpointed (SET or Database.open options). */
export interface WriteSettings {
  /** `full`: fsync the log before a commit is acknowledged; `relaxed`: only at checkpoints (survives a process crash, not an OS crash). */
  durability: 'full' | 'relaxed';
  /** Checkpoint when the tables' write buffers hold more than this many bytes. */
  memtableBytes: number;
  /** Checkpoint when the write-ahead log is longer than this. */
  walBytes: number;
  /** Appends of at least this many bytes go straight to a new segment. */
  bulkBytes: number;
  compaction: CompactionStrategy;
  /** Size-tiered compaction merges this many segments of one size tier. */
  compactionRun: number;
}

/** The error every statement gets after `cause` stopped the database (see StatementRunner.fatal). */
function fatalError(cause: unknown): StrataError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new StrataError('io', `the database stopped after an I/O error (${why}); its files are consistent: close and reopen it`);
}

export const DEFAULT_WRITE_SETTINGS: WriteSettings = {
  durability: 'full',
  memtableBytes: 64 * 1024 * 1024,
  walBytes: 64 * 1024 * 1024,
  bulkBytes: 16 * 1024 * 1024,
  compaction: 'tiered',
  compactionRun: 4,
};

/** What ROLLBACK (or a failing statement) puts back. */
interface Savepoint {
  entries: CatalogEntry[];
  tables: Map<TableEntry, TableState>;
  indexes: Map<string, string>;
  pending: number;
  obsolete: number;
  dropped: number;
  catalogChanged: boolean;
}

/** Statements that change nothing stored (they run inside an aborted transaction's rules all the same). */
function isReadOnlyStatement(stmt: Statement): boolean {
  return stmt.kind === 'select' || stmt.kind === 'explain' || stmt.kind === 'set';
}

const EMPTY_RESULT = new QueryResult([], [], [], 0);

function parseSelect(sql: string): SelectStatement {
  const stmts = parseSql(sql);
  if (stmts.length !== 1 || stmts[0].kind !== 'select') throw new StrataError('internal', `stored view text is not a query: ${sql}`);
  return stmts[0];
}

export class StatementRunner implements DmlHost {
  readonly catalog = new Catalog();
  readonly settings: SessionSettings = {
    defaultNullOrder: 'nulls_last',
    orderByNonIntegerLiteral: false,
    disabledOptimizers: new Set(),
    ...DEFAULT_WRITE_SETTINGS,
  };
  private readonly indexes = new Map<string, string>();
  /** Told the rows each table scan reads, may stop the statement (Database.setProgressHandler). */
  progressHandler: ProgressHandler | null = null;
  /** The statement or transaction changed the catalog: it commits with a checkpoint instead of a log record. */
  private catalogChanged = false;
  /** Segment and delete files of dropped tables, deleted after the next manifest commit. */
  private readonly obsolete: string[] = [];
  /** Data of dropped tables, closed after the next manifest commit (a ROLLBACK may bring them back). */
  private readonly dropped: TableData[] = [];
  /** Changes of the running statement or transaction, written to the log as one record at commit. */
  private readonly pending: WalOp[] = [];
  /** The open transaction (BEGIN ... COMMIT), if any. */
  private txn: { savepoint: Savepoint; aborted: boolean } | null = null;
  /**
   * Set when an I/O error struck after the point where memory and files can be kept in step (a
   * checkpoint half done, a group fsync that failed for statements already applied): every later
   * statement fails with it, and close skips the checkpoint. The files are consistent (the old
   * manifest and the log), so reopening recovers every acknowledged write.
   */
  private fatal: StrataError | null = null;
  /** A commit was logged but not yet fsynced (the async API syncs in a group; see {@link durable}). */
  private unsynced = false;
  /** While true, commits leave the fsync to {@link durable} (group commit of the async API). */
  deferSync = false;
  /** Materialized views (data cubes): definitions, maintenance on appends, the cubes queries may use. */
  private readonly cubes: MaterializedViews = new MaterializedViews({
    catalog: this.catalog,
    bind: (stmt) => this.binder([]).bindQuery(stmt, null, new Map()),
    parse: parseSelect,
    prepare: (plan) => this.physicalPlan(optimize(plan, { disabled: new Set([...this.settings.disabledOptimizers, 'answer-from-cube']) })),
    execute: (plan) => {
      const op = openPlan(plan, this.newEnv());
      const batches: Batch[] = [];
      for (let b = op.next(); b !== null; b = op.next()) batches.push(b);
      return batches;
    },
    newTable: (name, columns, sortKey, merge) => ({ kind: 'table', name, columns, sortKey, data: newTableData(name, columns, sortKey, this.storage?.tableContext() ?? null, merge) }),
    scratchData: (t, batch) => {
      const data = newTableData(t.name, t.columns, [], null);
      data.append(batch);
      return data;
    },
    dropData: (t) => this.dropData(t),
    catalogChanged: () => {
      this.catalogChanged = true;
    },
  });

  /**
   * `storage` is null for an in-memory database. Opening replays the write-ahead log since the
   * last checkpoint into the tables' write buffers and delete vectors.
   */
  constructor(
    private readonly storage: DatabaseStorage | null = null,
    private readonly options: { readOnly?: boolean; checkpointOnClose?: boolean; settings?: Partial<WriteSettings> } = {},
  ) {
    Object.assign(this.settings, options.settings ?? {});
    if (storage !== null) {
      for (const ix of loadCatalog(this.catalog, storage, (c) => this.defaultColumn(c, 1))) this.indexes.set(ix.name.toLowerCase(), ix.table);
      this.replayLog(storage);
      const live = new Set<string>();
      for (const t of this.tables()) {
        for (const f of t.data.segmentFiles) live.add(f);
        for (const f of t.data.deleteVectorFiles.values()) live.add(f);
      }
      storage.removeOrphans(live);
      this.cubes.adoptLoaded();
      storage.bulkBytes = this.settings.bulkBytes;
      if (!(options.readOnly ?? false)) storage.setJournal((op) => this.pending.push(op));
    }
  }

  private tables(): TableEntry[] {
    return this.catalog.list().filter((e): e is TableEntry => e.kind === 'table');
  }

  /** Re-applies the committed records logged since the last checkpoint (their physical effects). */
  private replayLog(storage: DatabaseStorage): void {
    for (const payload of storage.replay) {
      for (const op of decodeOps(payload, (name) => this.table(name, null).data.types)) {
        const t = this.table(op.table, null).data;
        if (op.op === 'append') t.append(new Batch(op.vectors, op.rows));
        else if (op.op === 'delete') t.applyDelete(op.segments.map((s) => ({ file: storage.resolve(s.file), rows: s.rows })), op.memRows);
        else t.attachBulkSegment(storage.resolve(op.file));
      }
    }
    storage.replay = [];
  }

  /**
   * Runs one statement. Outside a transaction it is atomic (a failure undoes all of it) and, on
   * a stored database, durable before it returns (see {@link commit}). Inside BEGIN ... COMMIT a
   * failure rolls the whole transaction back and aborts it, as in DuckDB.
   */
  run(stmt: Statement, params: readonly unknown[]): QueryResult {
    if (this.fatal !== null) throw this.fatal;
    if (stmt.kind === 'transaction') return this.transaction(stmt.action, stmt.pos);
    const writes = !isReadOnlyStatement(stmt);
    if (writes && (this.options.readOnly ?? false)) {
      throw new StrataError('read_only', 'the database is open read-only (Database.open(dir, { readOnly: true })): this statement would change it', stmt.pos);
    }
    if (this.txn?.aborted) throw new StrataError('transaction', 'Current transaction is aborted (please ROLLBACK)', stmt.pos);
    const savepoint = this.txn === null && writes ? this.savepoint() : null;
    let r: QueryResult;
    try {
      r = this.dispatch(stmt, params);
    } catch (e) {
      if (this.txn !== null) {
        this.restore(this.txn.savepoint);
        this.txn.aborted = true;
      } else if (savepoint !== null) {
        this.restore(savepoint);
      }
      throw e;
    }
    if (this.txn === null && writes) this.commit(stmt.kind === 'checkpoint', savepoint);
    return r;
  }

  private transaction(action: 'begin' | 'commit' | 'rollback', pos: Statement['pos']): QueryResult {
    const txn = this.txn;
    if (action === 'begin') {
      if (txn !== null) throw new StrataError('transaction', 'cannot start a transaction within a transaction', pos);
      if (this.options.readOnly ?? false) throw new StrataError('read_only', 'the database is open read-only: transactions are not available', pos);
      this.txn = { savepoint: this.savepoint(), aborted: false };
      return EMPTY_RESULT;
    }
    if (txn === null) throw new StrataError('transaction', `cannot ${action} - no transaction is active`, pos);
    this.txn = null;
    if (action === 'rollback') {
      this.restore(txn.savepoint);
      return EMPTY_RESULT;
    }
    if (txn.aborted) throw new StrataError('transaction', 'the transaction was aborted by an error and has been rolled back', pos);
    this.commit(false, txn.savepoint);
    return EMPTY_RESULT;
  }

  private savepoint(): Savepoint {
    return {
      entries: this.catalog.list(),
      tables: new Map(this.tables().map((t) => [t, t.data.saveState()])),
      indexes: new Map(this.indexes),
      pending: this.pending.length,
      obsolete: this.obsolete.length,
      dropped: this.dropped.length,
      catalogChanged: this.catalogChanged,
    };
  }

  private restore(s: Savepoint): void {
    this.catalog.restore(s.entries);
    for (const [t, state] of s.tables) t.data.restoreState(state);
    this.indexes.clear();
    for (const [k, v] of s.indexes) this.indexes.set(k, v);
    this.pending.length = s.pending;
    this.obsolete.length = s.obsolete;
    this.dropped.length = s.dropped;
    this.catalogChanged = s.catalogChanged;
  }

  /** True inside BEGIN ... COMMIT. */
  get inTransaction(): boolean {
    return this.txn !== null;
  }

  /**
   * Commits the finished statement or transaction: a change to the catalog (DDL) or `force`
   * checkpoints; otherwise its changes are appended to the log as one record, fsynced now
   * (durability 'full', sync API) or by {@link durable} (async API, group commit). Then a
   * checkpoint runs if a write buffer or the log passed its threshold or compaction is due.
   */
  private commit(force: boolean, undo: Savepoint | null): void {
    const storage = this.storage;
    if (storage === null || (this.options.readOnly ?? false)) {
      this.pending.length = 0;
      this.catalogChanged = false;
      return;
    }
    if (force || this.catalogChanged) {
      // DDL and CHECKPOINT commit by checkpointing: if that fails, the old manifest stands.
      this.checkpointOrStop();
      return;
    }
    if (this.pending.length > 0) {
      try {
        storage.log(encodeOps(this.pending));
        if (this.settings.durability === 'full') {
          if (this.deferSync) this.unsynced = true;
          else storage.sync();
        }
      } catch (e) {
        // The log writer cut the record back out (WalWriter.undo): undo the statement in memory
        // too, so that it is neither visible nor replayed; its caller gets the error.
        this.pending.length = 0;
        if (undo !== null) this.restore(undo);
        if (storage.logBroken) this.fatal = fatalError(e);
        throw e;
      }
      this.pending.length = 0;
    }
    // The statement is durable now; a checkpoint failing after it stops the database for later
    // statements but does not turn this acknowledged write into a reported failure.
    if (!this.checkpointDue(storage)) return;
    if (this.deferSync) {
      this.checkpointSoon();
      return;
    }
    try {
      this.checkpointOrStop();
    } catch (e) {
      process.emitWarning(`${(e as Error).message}`, { code: 'STRATA_CHECKPOINT_FAILED' });
    }
  }

  private checkpointScheduled = false;
  private closed = false;

  /**
   * The async API checkpoints (and compacts) in the background: in a later turn of the event
   * loop, between statements, so the commit that made it due is acknowledged without waiting
   * for it. Running scans are unaffected (they keep their snapshot of segments).
   */
  private checkpointSoon(): void {
    if (this.checkpointScheduled) return;
    this.checkpointScheduled = true;
    setImmediate(() => {
      this.checkpointScheduled = false;
      if (this.closed || this.fatal !== null || this.txn !== null || this.storage === null || !this.checkpointDue(this.storage)) return;
      try {
        this.checkpointOrStop();
      } catch (e) {
        // The log still holds every commit; the database stops until it is reopened.
        process.emitWarning(`background checkpoint failed: ${(e as Error).message}`, { code: 'STRATA_CHECKPOINT_FAILED' });
      }
    });
  }

  private checkpointOrStop(): void {
    try {
      this.checkpoint();
    } catch (e) {
      this.fatal = fatalError(e);
      throw this.fatal;
    }
  }

  /** Resolves when every commit so far is durable: one fsync for all commits of the same tick. */
  durable(): Promise<void> {
    if (!this.unsynced || this.storage === null) return Promise.resolve();
    this.unsynced = false;
    return this.storage.syncSoon().catch((e: unknown) => {
      // Statements of this group were applied in memory but are not durable: stop here.
      this.fatal = fatalError(e);
      throw this.fatal;
    });
  }

  private checkpointDue(storage: DatabaseStorage): boolean {
    let mem = 0;
    for (const t of this.tables()) mem += t.data.byteSize;
    if (mem > this.settings.memtableBytes || storage.walBytes > this.settings.walBytes) return true;
    // A cube table's buffered delta rows outnumber its merged rows: the flush merges them.
    if (this.tables().some((t) => t.data.mergeDue)) return true;
    const policy = compactionPolicy(this.settings.compaction, this.settings.compactionRun);
    return policy !== null && this.tables().some((t) => t.data.wantsCompaction(policy));
  }

  /**
   * A checkpoint: every write buffer is flushed to a segment, compaction merges segments, changed
   * delete vectors are written, and a new manifest naming all of it (and where the log continues)
   * replaces the old one atomically; the log before it and replaced files are then deleted.
   */
  checkpoint(): void {
    const storage = this.storage;
    if (storage === null || (this.options.readOnly ?? false)) return;
    if (this.txn !== null) throw new StrataError('transaction', 'cannot CHECKPOINT inside a transaction');
    const tables = this.tables();
    const policy = compactionPolicy(this.settings.compaction, this.settings.compactionRun);
    for (const t of tables) {
      t.data.flush();
      // Until the policy is satisfied: each merge lowers the segment count or rewrites a mostly
      // deleted segment into one without deleted rows, so this ends (the bound is a safeguard).
      if (policy !== null) for (let i = 0; i < 100_000 && t.data.compact(policy); i++);
      for (const [seg, vec] of t.data.unsavedDeletes()) t.data.savedDeletes(seg, storage.writeDeleteFile(encodeDeleteVector(vec)));
      this.obsolete.push(...t.data.obsolete.splice(0));
    }
    const indexes = [...this.indexes].map(([name, table]) => ({ name, table }));
    storage.commit(catalogManifest(this.catalog, storage, indexes), this.obsolete.splice(0));
    for (const t of tables) t.data.retireCompacted();
    for (const d of this.dropped.splice(0)) d.close();
    this.pending.length = 0;
    this.catalogChanged = false;
    this.unsynced = false;
  }

  /** Commits the changes made outside {@link run} (e.g. `strata ingest` appending directly). */
  persist(): void {
    if (this.fatal !== null) throw this.fatal;
    if (this.txn === null) this.commit(false, null);
  }

  /** The table called `name` (a catalog error if missing or a view). */
  tableEntry(name: string, pos: Statement['pos'] | null = null): TableEntry {
    return this.table(name, pos);
  }

  /** Kept for callers that append directly: every append is journaled, so there is nothing to record. */
  markDirty(t: TableEntry): void {
    void t;
  }

  /** Rows `batch` were appended to `t` outside INSERT (COPY): cubes over `t` take them in. */
  appended(t: TableEntry, batch: Batch): void {
    this.cubes.afterAppend(t, batch);
  }

  /** Rows of `t` were deleted or rewritten: cubes over it go stale. */
  tableChanged(t: TableEntry): void {
    this.cubes.tableChanged(t.name);
  }

  /** Runs a parsed statement as a sub-step of another (no persistence of its own). */
  runNested(stmt: Statement, params: readonly unknown[] = []): QueryResult {
    return this.dispatch(stmt, params);
  }

  /** Bulk append (Database.appendColumns): atomic and durable like an INSERT. */
  appendColumns(table: string, columns: Record<string, ColumnInput>, n: number): void {
    if (this.fatal !== null) throw this.fatal;
    if (this.options.readOnly ?? false) throw new StrataError('read_only', 'the database is open read-only: appendColumns would change it');
    if (this.txn?.aborted) throw new StrataError('transaction', 'Current transaction is aborted (please ROLLBACK)');
    const t = this.table(table, null);
    const savepoint = this.savepoint();
    try {
      const batch = appendColumns(t, columns, n);
      if (batch !== null) this.cubes.afterAppend(t, batch);
    } catch (e) {
      this.restore(savepoint);
      throw e;
    }
    if (this.txn === null) this.commit(false, savepoint);
  }

  /**
   * Closes the tables. An open transaction is rolled back. With `checkpointOnClose` (the
   * default) the write buffers are checkpointed, so the next open has no log to replay.
   */
  close(): void {
    this.closed = true;
    if (this.txn !== null) {
      this.restore(this.txn.savepoint);
      this.txn = null;
    }
    if (this.storage !== null && this.fatal === null && (this.options.checkpointOnClose ?? true)) this.checkpoint();
    for (const e of this.catalog.list()) if (e.kind === 'table') e.data.close();
    for (const d of this.dropped.splice(0)) d.close();
    this.storage?.close();
  }

  private dispatch(stmt: Statement, params: readonly unknown[]): QueryResult {
    switch (stmt.kind) {
      case 'select':
        return this.runQuery(stmt, params);
      case 'explain':
        return this.explain(stmt.statement, stmt.analyze, params);
      case 'create_table':
        return this.createTable(stmt, params);
      case 'drop':
        if (stmt.objectType !== 'materialized_view') return this.drop(stmt);
        this.cubes.drop(stmt);
        return EMPTY_RESULT;
      case 'create_view':
        if (!stmt.materialized) return this.createView(stmt);
        this.cubes.create(stmt);
        return EMPTY_RESULT;
      case 'refresh_materialized_view':
        this.cubes.refresh(stmt.name, stmt.pos);
        return EMPTY_RESULT;
      case 'insert':
        return runInsert(this, stmt, params);
      case 'delete':
        return runDelete(this, stmt, params);
      case 'update':
        return runUpdate(this, stmt, params);
      case 'create_index': {
        const key = stmt.name.toLowerCase();
        if (this.indexes.has(key)) {
          if (stmt.ifNotExists) return EMPTY_RESULT;
          throw new StrataError('catalog', `Index with name ${stmt.name} already exists`, stmt.pos);
        }
        const t = this.table(stmt.table, stmt.pos);
        for (const c of stmt.columns) this.columnIndex(t, c.name, stmt.pos);
        // Accepted so that existing scripts run; scans use zone maps and sort keys instead.
        this.indexes.set(key, t.name);
        this.catalogChanged = true;
        return EMPTY_RESULT;
      }
      case 'set':
        return this.set(stmt.name, stmt.value, stmt.pos);
      case 'checkpoint':
        if (this.txn !== null) throw new StrataError('transaction', 'cannot CHECKPOINT inside a transaction', stmt.pos);
        return EMPTY_RESULT;
      case 'alter_table':
        return this.addColumn(stmt);
      case 'copy':
        return runCopy(stmt, this);
      case 'transaction':
        return this.transaction(stmt.action, stmt.pos);
    }
  }

  // --- queries ---------------------------------------------------------------------------------

  private binder(params: readonly unknown[]): QueryBinder {
    return new QueryBinder(this.catalog, params, this.settings, parseSelect);
  }

  /** Binds and optimizes a query; `names` are the output column names. */
  planQuery(stmt: SelectStatement, params: readonly unknown[]): { plan: LogicalPlan; names: string[] } {
    const bound = this.binder(params).bindQuery(stmt, null, new Map());
    return { plan: this.optimize(bound.plan), names: bound.names };
  }

  private optimize(plan: LogicalPlan): LogicalPlan {
    return optimize(plan, { disabled: this.settings.disabledOptimizers, cubes: this.cubes.usable() });
  }

  /** Physical plan whose output columns are exactly `plan.cols` in order. */
  physicalPlan(plan: LogicalPlan): PhysicalPlan {
    const physical = new PhysicalPlanner().plan(plan);
    const want = plan.cols.map((c) => c.cid);
    if (want.every((c, i) => physical.cids[i] === c) && physical.cids.length === want.length) return physical;
    // The physical planner may swap join sides; restore the logical column order.
    return new PhysicalPlanner().restoreOrder(physical, want);
  }

  newEnv(): QueryEnv {
    const env = new QueryEnv((plan) => this.physicalPlan(this.optimize(plan)));
    if (this.progressHandler !== null) env.progress = new QueryProgress(this.progressHandler);
    return env;
  }

  /** Runs a SELECT to a materialized result. */
  runQuery(stmt: SelectStatement, params: readonly unknown[]): QueryResult {
    const { plan, names } = this.planQuery(stmt, params);
    const physical = this.physicalPlan(plan);
    const op = openPlan(physical, this.newEnv());
    const batches: Batch[] = [];
    for (let b = op.next(); b !== null; b = op.next()) batches.push(b);
    return QueryResult.fromBatches(names, plan.cols.map((c) => c.type), batches);
  }

  /** Runs a query and yields its batches as they are produced (for `Database.stream`). */
  *streamQuery(stmt: SelectStatement, params: readonly unknown[]): Generator<QueryResult> {
    const { plan, names } = this.planQuery(stmt, params);
    const types = plan.cols.map((c) => c.type);
    const op = openPlan(this.physicalPlan(plan), this.newEnv());
    try {
      for (let b = op.next(); b !== null; b = op.next()) yield QueryResult.fromBatches(names, types, [b]);
    } finally {
      op.close?.();
    }
  }

  private explain(stmt: Statement, analyze: boolean, params: readonly unknown[]): QueryResult {
    if (stmt.kind !== 'select') throw notImplemented('EXPLAIN of a statement other than a query', stmt.pos);
    const { plan } = this.planQuery(stmt, params);
    const physical = this.physicalPlan(plan);
    const keys = ['logical_plan', 'physical_plan'];
    const values = [logicalPlanToString(plan), physicalPlanToString(physical)];
    if (analyze) {
      // Run the query with metrics on and print the physical plan annotated with them.
      const env = this.newEnv();
      const metrics = new ExecMetrics();
      env.metrics = metrics;
      const start = performance.now();
      const op = openPlan(physical, env);
      let rows = 0;
      for (let b = op.next(); b !== null; b = op.next()) rows += b.length;
      const total = performance.now() - start;
      keys.push('analyzed_plan');
      values.push(
        `${physicalPlanToString(physical, 0, (node) => {
          const m = metrics.get(node);
          if (m === undefined) return '';
          return formatMetrics(m);
        })}\nTotal: rows=${rows}, time=${total.toFixed(2)}ms`,
      );
    }
    const kb = new ColumnBuilder(VARCHAR);
    const vb = new ColumnBuilder(VARCHAR);
    keys.forEach((k, i) => {
      kb.append(k);
      vb.append(values[i]);
    });
    return new QueryResult(['explain_key', 'explain_value'], [VARCHAR, VARCHAR], [kb.finish(), vb.finish()], keys.length);
  }

  // --- DDL -------------------------------------------------------------------------------------

  private table(name: string, pos: Statement['pos'] | null): TableEntry {
    const e = this.catalog.resolve(name, pos);
    if (e.kind !== 'table') throw new StrataError('catalog', `${name} is a view, not a table`, pos);
    return e;
  }

  /** Index of column `name` of `t` (a binder error with a close name if there is none). */
  columnIndex(t: TableEntry, name: string, pos: Statement['pos']): number {
    const i = t.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (i < 0) {
      const hint = closestName(name, t.columns.map((c) => c.name));
      throw bindError(`Table "${t.name}" does not have a column named "${name}"${hint ? `; did you mean "${hint}"?` : ''}`, pos);
    }
    return i;
  }

  private createTable(stmt: CreateTableStatement, params: readonly unknown[]): QueryResult {
    const existing = this.catalog.get(stmt.name);
    if (existing !== undefined && !stmt.orReplace) {
      if (stmt.ifNotExists) return EMPTY_RESULT;
      throw new StrataError('catalog', `Table with name ${stmt.name} already exists`, stmt.pos);
    }
    if (existing !== undefined && existing.kind === 'view') {
      throw new StrataError('catalog', `${stmt.name} is a view; use DROP VIEW first`, stmt.pos);
    }
    let columns: ColumnSchema[];
    let rows: QueryResult | null = null;
    if (stmt.asSelect) {
      rows = this.runQuery(stmt.asSelect, params);
      columns = rows.columns.map((c) => ({
        name: c.name,
        type: c.dataType.id === 'null' ? ({ id: 'integer' } as DataType) : c.dataType,
        notNull: false,
        defaultSql: null,
      }));
    } else {
      const seen = new Set<string>();
      const pk = new Set(stmt.primaryKey.map((c) => c.toLowerCase()));
      columns = stmt.columns.map((c) => {
        if (seen.has(c.name.toLowerCase())) throw bindError(`Column with name ${c.name} is specified more than once`, c.pos);
        seen.add(c.name.toLowerCase());
        return {
          name: c.name,
          type: resolveTypeName(c.type, c.pos),
          notNull: c.notNull || c.primaryKey || pk.has(c.name.toLowerCase()),
          defaultSql: c.default ? exprSource(c.default) : null,
        };
      });
    }
    const colNames = new Set(columns.map((c) => c.name.toLowerCase()));
    for (const k of stmt.orderBy) {
      if (!colNames.has(k.toLowerCase())) throw bindError(`ORDER BY column "${k}" is not a column of ${stmt.name}`, stmt.pos);
    }
    const entry: TableEntry = {
      kind: 'table',
      name: stmt.name,
      columns,
      sortKey: stmt.orderBy,
      data: newTableData(stmt.name, columns, stmt.orderBy, this.storage?.tableContext() ?? null),
    };
    if (rows !== null && rows.numRows > 0) entry.data.append(new Batch([...rows.vectors], rows.numRows));
    if (existing !== undefined && existing.kind === 'table') {
      this.cubes.checkDrop('table', existing.name, stmt.pos);
      this.cubes.tableChanged(existing.name);
      this.dropData(existing);
    }
    this.catalog.add(entry);
    this.catalogChanged = true;
    return EMPTY_RESULT;
  }

  private drop(stmt: Extract<Statement, { kind: 'drop' }>): QueryResult {
    // Check every name first so a failing DROP of several objects drops none.
    for (const name of stmt.names) {
      if (stmt.objectType === 'index') {
        if (!this.indexes.has(name.toLowerCase()) && !stmt.ifExists) {
          throw new StrataError('catalog', `Index with name ${name} does not exist`, stmt.pos);
        }
        continue;
      }
      const e = this.catalog.get(name);
      const want = stmt.objectType === 'table' ? 'table' : 'view';
      if (e === undefined) {
        if (stmt.ifExists) continue;
        const kind = want === 'table' ? 'Table' : 'View';
        throw new StrataError('catalog', `${kind} with name ${name} does not exist`, stmt.pos);
      }
      if (e.kind !== want) throw new StrataError('catalog', `${name} is a ${e.kind}, not a ${want}`, stmt.pos);
      this.cubes.checkDrop(stmt.objectType, name, stmt.pos);
    }
    for (const name of stmt.names) {
      if (stmt.objectType === 'index') {
        this.indexes.delete(name.toLowerCase());
        continue;
      }
      if (stmt.objectType === 'table') {
        for (const [k, t] of this.indexes) if (t.toLowerCase() === name.toLowerCase()) this.indexes.delete(k);
        const e = this.catalog.get(name);
        if (e !== undefined && e.kind === 'table') this.dropData(e);
        this.cubes.tableChanged(name);
      }
      this.catalog.remove(name);
    }
    this.catalogChanged = true;
    return EMPTY_RESULT;
  }

  private addColumn(stmt: Extract<Statement, { kind: 'alter_table' }>): QueryResult {
    const t = this.table(stmt.table, stmt.pos);
    const c = stmt.column;
    if (this.txn !== null) throw notImplemented('ALTER TABLE inside a transaction', stmt.pos);
    if (t.columns.some((x) => x.name.toLowerCase() === c.name.toLowerCase())) {
      if (stmt.ifNotExists) return EMPTY_RESULT;
      throw new StrataError('catalog', `Column with name ${c.name} already exists in table ${t.name}`, c.pos);
    }
    const col: ColumnSchema = {
      name: c.name,
      type: resolveTypeName(c.type, c.pos),
      notNull: c.notNull || c.primaryKey,
      defaultSql: c.default ? exprSource(c.default) : null,
    };
    const fill = this.defaultColumn(col, 1);
    if (col.notNull && t.data.rowCount > 0 && fill.validity !== null) {
      throw new StrataError('constraint', `cannot add NOT NULL column ${c.name} without a DEFAULT to a table with rows`, c.pos);
    }
    // Old segments are not rewritten: they read the new column as its DEFAULT (or NULL).
    t.columns.push(col);
    t.data.addColumn(col.type, col.name, fill);
    this.catalogChanged = true;
    return EMPTY_RESULT;
  }

  private dropData(t: TableEntry): void {
    t.data.dropAll();
    this.obsolete.push(...t.data.obsolete.splice(0));
    this.dropped.push(t.data);
  }

  private createView(stmt: Extract<Statement, { kind: 'create_view' }>): QueryResult {
    const existing = this.catalog.get(stmt.name);
    if (existing !== undefined) {
      if (stmt.ifNotExists) return EMPTY_RESULT;
      if (!stmt.orReplace || existing.kind !== 'view') {
        throw new StrataError('catalog', `View with name ${stmt.name} already exists`, stmt.pos);
      }
    }
    // Bind once now so that a view over a missing table fails at CREATE time.
    const bound = this.binder([]).bindQuery(stmt.query, null, new Map());
    if (stmt.columns && stmt.columns.length > bound.names.length) {
      throw bindError(`view has ${bound.names.length} columns but ${stmt.columns.length} names were given`, stmt.pos);
    }
    this.catalog.add({ kind: 'view', name: stmt.name, sql: stmt.queryText, columnNames: stmt.columns });
    this.catalogChanged = true;
    return EMPTY_RESULT;
  }

  // --- DML (sql/dml-statements.ts) ---------------------------------------------------------

  /** A column of `n` copies of `col`'s DEFAULT (NULL without one). */
  defaultColumn(col: ColumnSchema, n: number): Vector {
    const b = new ColumnBuilder(col.type, n);
    if (col.defaultSql === null) {
      for (let i = 0; i < n; i++) b.append(null);
      return b.finish();
    }
    const e: BoundExpr = castTo(this.bindConstant(col.defaultSql), col.type);
    const compiled: CompiledExpr = compileExpr(e, new Map());
    const v = compiled.evaluate(new Batch([], n), this.newEnv());
    b.appendVector(v, null, n);
    return b.finish();
  }

  private bindConstant(sql: string): BoundExpr {
    const { plan } = this.binder([]).bindQuery(parseSelect(`SELECT ${sql}`), null, new Map());
    if (plan.kind !== 'project') throw new StrataError('internal', 'DEFAULT did not bind to a projection');
    return plan.exprs[0];
  }

  // --- SET -------------------------------------------------------------------------------------

  private set(name: string, value: Expr | null, pos: Statement['pos']): QueryResult {
    applySetting(name, value, pos, this.settings, this.storage);
    return EMPTY_RESULT;
  }
}

/** Source text of a DEFAULT expression, re-parsed when an INSERT needs the default. */
function exprSource(e: Expr): string {
  // The parser gives positions, not end offsets; DEFAULT values are short, so print them back.
  switch (e.kind) {
    case 'literal':
      if (e.type === 'string') return `'${e.value.replace(/'/g, "''")}'`;
      if (e.type === 'number') return e.text;
      return String(e.value).toUpperCase();
    case 'unary':
      return e.op === 'not' ? `NOT ${exprSource(e.arg)}` : `${e.op}${exprSource(e.arg)}`;
    case 'typed_literal':
      return `${e.typeName.name} '${e.value.replace(/'/g, "''")}'`;
    case 'function':
      return `${e.name}(${e.args.map(exprSource).join(', ')})`;
    case 'cast':
      return `CAST(${exprSource(e.expr)} AS ${e.type.name}${e.type.args.length ? `(${e.type.args.join(',')})` : ''})`;
    case 'binary':
      return `(${exprSource(e.left)} ${e.op} ${exprSource(e.right)})`;
    default:
      throw notImplemented('this DEFAULT expression', e.pos);
  }
}

