/**
 * A shell session: what the REPL, `-c`, scripts and `strata ingest` ask of the engine, behind
 * one interface. {@link executeStatement} does the work (run one statement, render its result
 * or error as text); the worker session runs it on a worker thread, tests run it in-process.
 */
import type { Database } from '../../sql/database.js';
import type { IngestSpec, IngestSummary } from '../../sql/ingest/ingest-files.js';
import { formatError, type OutputMode, renderResult } from '../render/renderers.js';
import { renderExplain } from '../render/explain-renderer.js';

/** How a result is rendered (the worker renders, so only text crosses threads). */
export interface RenderSettings {
  mode: OutputMode;
  color: boolean;
  /** Terminal width; `Infinity` (sent as 0) for a pipe. */
  maxWidth: number;
  maxRows: number;
  /** `.explain on`: show the plan of each query instead of its rows. */
  explain: boolean;
}

/** The outcome of one statement. */
export interface StatementOutcome {
  readonly ok: boolean;
  /** Rendered result (stdout). */
  readonly out: string;
  /** Rendered error (stderr). */
  readonly err: string;
  readonly ms: number;
  /** The statement was stopped by Ctrl-C. */
  readonly interrupted: boolean;
}

/** The engine side of a shell. */
export interface Session {
  /** Runs one statement (`line` is where it starts in its script, for error positions). */
  run(sql: string, line: number, settings: RenderSettings): Promise<StatementOutcome>;
  /** Table and view names, sorted. */
  tableNames(): Promise<string[]>;
  /** `CREATE TABLE` text of `table` (all tables when null). */
  schema(table: string | null): Promise<string>;
  /** Loads files into a table (creating it if needed). */
  ingest(spec: IngestSpec): Promise<IngestSummary>;
  /** Closes the current database and opens `dir` (in memory when null). */
  open(dir: string | null): Promise<void>;
  close(): Promise<void>;
}

/** The error of a statement stopped by Ctrl-C. */
export class InterruptedError extends Error {
  readonly code = 'interrupted';
  constructor() {
    super('Interrupted');
  }
}

/** True for errors that mean "stopped by the user". */
export function isInterrupt(e: unknown): boolean {
  return e instanceof InterruptedError || (e instanceof Error && (e as { code?: string }).code === 'interrupted');
}

/** Runs one statement on `db` and renders its outcome. */
export async function executeStatement(db: Database, sql: string, line: number, settings: RenderSettings): Promise<StatementOutcome> {
  const started = performance.now();
  const text = settings.explain && /^\s*(select|with|from|values|\()/i.test(sql) ? `EXPLAIN ${sql}` : sql;
  try {
    const result = await db.query(text);
    const ms = performance.now() - started;
    const opts = { maxWidth: settings.maxWidth || Infinity, maxRows: settings.maxRows, color: settings.color };
    const isExplain = result.columns.length === 2 && result.columns[0].name === 'explain_key' && settings.mode === 'table';
    const out = isExplain ? renderExplain(result) : renderResult(result, settings.mode, opts);
    return { ok: true, out, err: '', ms, interrupted: false };
  } catch (e) {
    const ms = performance.now() - started;
    if (isInterrupt(e)) return { ok: false, out: '', err: 'Interrupted\n', ms, interrupted: true };
    const shownSql = text === sql ? sql : sql;
    return { ok: false, out: '', err: formatError(e, shownSql, { color: settings.color, firstLine: line, maxWidth: settings.maxWidth || 100 }), ms, interrupted: false };
  }
}

/** `CREATE TABLE` statements of the tables (views as a comment with their columns). */
export async function schemaText(db: Database, table: string | null): Promise<string> {
  const names = table === null ? db.tableNames() : db.tableNames().filter((n) => n.toLowerCase() === table.toLowerCase());
  if (table !== null && names.length === 0) return `-- no table named ${table}\n`;
  const out: string[] = [];
  for (const name of names) {
    const r = await db.query(`SELECT * FROM "${name.replace(/"/g, '""')}" LIMIT 0`);
    const cols = r.columns.map((c) => `  ${quoteName(c.name)} ${c.type}`).join(',\n');
    const entry = db.describe(name);
    if (entry?.kind === 'view') {
      out.push(`CREATE VIEW ${quoteName(name)} AS ${entry.definition};`);
      continue;
    }
    if (entry?.kind === 'materialized_view') {
      out.push(`CREATE MATERIALIZED VIEW ${quoteName(name)} AS ${entry.definition};`);
      continue;
    }
    const sortKey = entry !== null && entry.sortKey.length > 0 ? ` ORDER BY (${entry.sortKey.map(quoteName).join(', ')})` : '';
    out.push(`CREATE TABLE ${quoteName(name)} (\n${cols}\n)${sortKey};`);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function quoteName(n: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(n) ? n : `"${n.replace(/"/g, '""')}"`;
}


/** A session on a database in this thread (tests; Ctrl-C cannot interrupt it). */
export class LocalSession implements Session {
  constructor(private db: Database) {}

  run(sql: string, line: number, settings: RenderSettings): Promise<StatementOutcome> {
    return executeStatement(this.db, sql, line, settings);
  }

  async tableNames(): Promise<string[]> {
    return this.db.tableNames();
  }

  schema(table: string | null): Promise<string> {
    return schemaText(this.db, table);
  }

  ingest(spec: IngestSpec): Promise<IngestSummary> {
    return this.db.ingest(spec);
  }

  async open(dir: string | null): Promise<void> {
    const { Database } = await import('../../sql/database.js');
    await this.db.close();
    this.db = await Database.open(dir ?? undefined);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
