/** Table functions usable in FROM (`storage_info('t')`, ...): a registry and the built-in ones. */
import type { Catalog, TableEntry } from '../../engine/catalog/catalog.js';
import { bindError, type SourcePos } from '../../engine/errors.js';
import { formatValue } from '../../engine/types/cast.js';
import { type DataType, INTEGER, VARCHAR } from '../../engine/types/data-type.js';
import { newTableData } from '../../engine/catalog/catalog-manifest.js';
import { appendColumns } from '../append-columns.js';

/** Argument values of a table function call: constants only (strings, numbers, booleans, NULL). */
export type TableFunctionArg = string | number | boolean | null;

export interface TableFunctionContext {
  readonly catalog: Catalog;
  readonly pos: SourcePos;
}

/**
 * A table function produces a table the query scans. Results are materialized as a temporary
 * in-memory table at bind time, so the rest of the engine sees an ordinary scan (filters,
 * pruning and joins work unchanged). `named` holds `name := value` / `name = value` options.
 */
export interface TableFunction {
  readonly name: string;
  bind(args: TableFunctionArg[], named: Record<string, TableFunctionArg>, ctx: TableFunctionContext): TableEntry;
}

const registry = new Map<string, TableFunction>();

export function registerTableFunction(f: TableFunction): void {
  registry.set(f.name.toLowerCase(), f);
}

export function lookupTableFunction(name: string): TableFunction | undefined {
  return registry.get(name.toLowerCase());
}

export function tableFunctionNames(): string[] {
  return [...registry.keys()].sort();
}

/** An in-memory table holding `columns` (for table function results). */
export function temporaryTable(name: string, schema: [string, DataType][], columns: Record<string, (string | number | null)[]>, n: number): TableEntry {
  const cols = schema.map(([cname, type]) => ({ name: cname, type, notNull: false, defaultSql: null }));
  const entry: TableEntry = { kind: 'table', name, columns: cols, sortKey: [], data: newTableData(name, cols, [], null) };
  appendColumns(entry, columns, n);
  return entry;
}

/** `storage_info('t')`: one row per stored block of table t (encoding, sizes, zone map). */
registerTableFunction({
  name: 'storage_info',
  bind(args, _named, ctx) {
    const tableName = args[0];
    if (args.length !== 1 || typeof tableName !== 'string') {
      throw bindError("storage_info() takes one table name as a string: storage_info('t')", ctx.pos);
    }
    const entry = ctx.catalog.resolve(tableName, ctx.pos);
    if (entry.kind !== 'table') throw bindError(`${tableName} is a view; storage_info() needs a table`, ctx.pos);
    const text = (col: string, v: number | string | null): string | null => {
      if (v === null || typeof v === 'string') return v;
      const c = entry.columns.find((x) => x.name === col);
      return c ? formatValue(c.type, v) : String(v);
    };
    const blocks = entry.data.blockInfo();
    return temporaryTable(
      'storage_info',
      [
        ['segment', VARCHAR],
        ['row_group', INTEGER],
        ['column_name', VARCHAR],
        ['block_id', INTEGER],
        ['encoding', VARCHAR],
        ['count', INTEGER],
        ['null_count', INTEGER],
        ['min', VARCHAR],
        ['max', VARCHAR],
        ['bytes', INTEGER],
        ['dictionary_size', INTEGER],
      ],
      {
        segment: blocks.map((b) => b.segment),
        row_group: blocks.map((b) => b.rowGroup),
        column_name: blocks.map((b) => b.column),
        block_id: blocks.map((b) => b.block),
        encoding: blocks.map((b) => b.encoding),
        count: blocks.map((b) => b.rows),
        null_count: blocks.map((b) => b.nulls),
        min: blocks.map((b) => text(b.column, b.min)),
        max: blocks.map((b) => text(b.column, b.max)),
        bytes: blocks.map((b) => b.bytes),
        dictionary_size: blocks.map((b) => b.dictionarySize),
      },
      blocks.length,
    );
  },
});
