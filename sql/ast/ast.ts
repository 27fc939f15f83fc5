/** The SQL abstract syntax tree: what the parser produces and the binder consumes. */
import type { SourcePos } from '../../engine/errors.js';

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

export type Statement =
  | SelectStatement
  | CreateTableStatement
  | DropStatement
  | CreateViewStatement
  | InsertStatement
  | CreateIndexStatement
  | ExplainStatement
  | SetStatement
  | DeleteStatement
  | UpdateStatement
  | TransactionStatement
  | CheckpointStatement
  | RefreshStatement
  | AlterTableStatement
  | CopyStatement;

/** A query: `[WITH ...] body [ORDER BY ...] [LIMIT n] [OFFSET m]`. */
export interface SelectStatement {
  kind: 'select';
  with: CommonTableExpr[];
  recursive: boolean;
  body: QueryBody;
  orderBy: OrderItem[];
  limit: Expr | null;
  offset: Expr | null;
  pos: SourcePos;
}

export interface CommonTableExpr {
  name: string;
  columns: string[] | null;
  query: SelectStatement;
  /** `AS MATERIALIZED` / `AS NOT MATERIALIZED`, if written. */
  materialized: boolean | null;
  pos: SourcePos;
}

/** The part of a query before ORDER BY: one SELECT core, a VALUES list, or a set operation. */
export type QueryBody = SelectCore | ValuesBody | SetOperation | ParenQuery;

export interface SelectCore {
  kind: 'core';
  distinct: boolean;
  /** `SELECT DISTINCT ON (exprs)`; empty when not used. */
  distinctOn: Expr[];
  columns: SelectItem[];
  /** Comma-separated FROM items; empty for `SELECT 1`. */
  from: TableRef[];
  where: Expr | null;
  groupBy: GroupBy | null;
  having: Expr | null;
  /** Named windows: `WINDOW w AS (...)`. */
  windows: { name: string; spec: WindowSpec }[];
  qualify: Expr | null;
  pos: SourcePos;
}

/** `VALUES (..), (..)`; as a query body or as the source of INSERT. */
export interface ValuesBody {
  kind: 'values';
  rows: Expr[][];
  pos: SourcePos;
}

export interface SetOperation {
  kind: 'setop';
  op: 'union' | 'intersect' | 'except';
  all: boolean;
  left: QueryBody;
  right: QueryBody;
  pos: SourcePos;
}

/** A parenthesised full query used as a body: `(SELECT ... ORDER BY ... LIMIT 1) UNION ...`. */
export interface ParenQuery {
  kind: 'paren';
  query: SelectStatement;
  pos: SourcePos;
}

export type SelectItem =
  | { kind: 'expr'; expr: Expr; alias: string | null; pos: SourcePos }
  /** `*` or `t.*`, optionally `* EXCLUDE (a, b)`. */
  | { kind: 'star'; table: string | null; exclude: string[]; pos: SourcePos };

export interface GroupBy {
  /** `GROUP BY ALL` (DuckDB): group by every select item that has no aggregate. */
  all: boolean;
  items: GroupItem[];
}

export type GroupItem =
  | { kind: 'expr'; expr: Expr }
  | { kind: 'rollup'; exprs: Expr[] }
  | { kind: 'cube'; exprs: Expr[] }
  /** Each set is a list of expressions; `()` is the empty set. */
  | { kind: 'grouping_sets'; sets: Expr[][] };

export interface OrderItem {
  expr: Expr;
  /** null when neither ASC nor DESC was written. */
  desc: boolean | null;
  /** null when NULLS FIRST/LAST was not written. */
  nullsFirst: boolean | null;
}

// ---------------------------------------------------------------------------------------------
// FROM items
// ---------------------------------------------------------------------------------------------

export type TableRef = NamedTableRef | SubqueryTableRef | JoinTableRef | FunctionTableRef;

/** A table function in FROM: `storage_info('t')`. */
export interface FunctionTableRef {
  kind: 'function';
  name: string;
  args: Expr[];
  alias: string | null;
  columnAliases: string[] | null;
  pos: SourcePos;
}

export interface NamedTableRef {
  kind: 'table';
  /** Table, view or CTE name; a schema prefix (`main.t`) is dropped by the parser. */
  name: string;
  alias: string | null;
  columnAliases: string[] | null;
  pos: SourcePos;
}

export interface SubqueryTableRef {
  kind: 'subquery';
  query: SelectStatement;
  alias: string | null;
  columnAliases: string[] | null;
  lateral: boolean;
  pos: SourcePos;
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross';

export interface JoinTableRef {
  kind: 'join';
  type: JoinType;
  natural: boolean;
  left: TableRef;
  right: TableRef;
  on: Expr | null;
  using: string[] | null;
  pos: SourcePos;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type Expr =
  | ColumnRefExpr
  | LiteralExpr
  | TypedLiteralExpr
  | IntervalExpr
  | ParamExpr
  | UnaryExpr
  | BinaryExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | ExistsExpr
  | ScalarSubqueryExpr
  | LikeExpr
  | IsNullExpr
  | IsDistinctExpr
  | IsBoolExpr
  | CaseExpr
  | CastExpr
  | FunctionCallExpr
  | ExtractExpr
  | StarExpr;

/** `name`, `t.name` (a schema prefix `s.t.name` keeps only the last two parts). */
export interface ColumnRefExpr {
  kind: 'column';
  table: string | null;
  name: string;
  pos: SourcePos;
}

/**
 * A plain literal. Numbers keep their source text: `1` is an integer, `1.5` a decimal, `1e3` a
 * double, and integers too large for 32 bits become BIGINT; the binder decides from `text`.
 */
export type LiteralExpr =
  | { kind: 'literal'; type: 'null'; value: null; pos: SourcePos }
  | { kind: 'literal'; type: 'boolean'; value: boolean; pos: SourcePos }
  | { kind: 'literal'; type: 'number'; value: number; text: string; pos: SourcePos }
  | { kind: 'literal'; type: 'string'; value: string; pos: SourcePos };

/** `DATE '1998-12-01'`, `TIMESTAMP '...'`, or another `TYPE 'text'` literal. */
export interface TypedLiteralExpr {
  kind: 'typed_literal';
  typeName: TypeName;
  value: string;
  pos: SourcePos;
}

/**
 * `INTERVAL '3' DAY`, `INTERVAL 3 DAY`, `INTERVAL '1 year 2 months'`, `INTERVAL (expr) DAY`.
 * `unit` is null when the unit is inside the string.
 */
export interface IntervalExpr {
  kind: 'interval';
  value: Expr;
  unit: string | null;
  pos: SourcePos;
}

/** `$1` (index 1) or `?` (numbered left to right from 1). */
export interface ParamExpr {
  kind: 'param';
  index: number;
  pos: SourcePos;
}

export interface UnaryExpr {
  kind: 'unary';
  op: '-' | '+' | 'not';
  arg: Expr;
  pos: SourcePos;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '//'
  | '%'
  | '||'
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or';

export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  pos: SourcePos;
}

export interface BetweenExpr {
  kind: 'between';
  expr: Expr;
  low: Expr;
  high: Expr;
  not: boolean;
  pos: SourcePos;
}

export interface InListExpr {
  kind: 'in_list';
  expr: Expr;
  list: Expr[];
  not: boolean;
  pos: SourcePos;
}

export interface InSubqueryExpr {
  kind: 'in_subquery';
  expr: Expr;
  query: SelectStatement;
  not: boolean;
  pos: SourcePos;
}

export interface ExistsExpr {
  kind: 'exists';
  query: SelectStatement;
  not: boolean;
  pos: SourcePos;
}

export interface ScalarSubqueryExpr {
  kind: 'subquery';
  query: SelectStatement;
  pos: SourcePos;
}

/** `LIKE`, `ILIKE`, `NOT LIKE`, with an optional `ESCAPE`. */
export interface LikeExpr {
  kind: 'like';
  expr: Expr;
  pattern: Expr;
  escape: Expr | null;
  not: boolean;
  caseInsensitive: boolean;
  pos: SourcePos;
}

export interface IsNullExpr {
  kind: 'is_null';
  expr: Expr;
  not: boolean;
  pos: SourcePos;
}

/** `a IS [NOT] DISTINCT FROM b`. */
export interface IsDistinctExpr {
  kind: 'is_distinct';
  left: Expr;
  right: Expr;
  not: boolean;
  pos: SourcePos;
}

/** `x IS [NOT] TRUE` / `x IS [NOT] FALSE`. */
export interface IsBoolExpr {
  kind: 'is_bool';
  expr: Expr;
  value: boolean;
  not: boolean;
  pos: SourcePos;
}

export interface CaseExpr {
  kind: 'case';
  /** `CASE operand WHEN ...`; null for the searched form. */
  operand: Expr | null;
  whens: { when: Expr; then: Expr }[];
  else: Expr | null;
  pos: SourcePos;
}

/** `CAST(x AS t)`, `TRY_CAST(x AS t)` and `x::t`. */
export interface CastExpr {
  kind: 'cast';
  expr: Expr;
  type: TypeName;
  try: boolean;
  pos: SourcePos;
}

export interface TypeName {
  /** Upper-case, e.g. `VARCHAR`, `DECIMAL`, `DOUBLE PRECISION` becomes `DOUBLE`. */
  name: string;
  args: number[];
}

/**
 * A function call: scalar, aggregate or window. `count(*)` has `star: true` and no args.
 * `name` is lower-case.
 */
export interface FunctionCallExpr {
  kind: 'function';
  name: string;
  args: Expr[];
  distinct: boolean;
  star: boolean;
  /** `agg(...) FILTER (WHERE cond)`. */
  filter: Expr | null;
  /** `string_agg(x, ',' ORDER BY y)` and `WITHIN GROUP (ORDER BY ...)`. */
  orderBy: OrderItem[];
  /** `OVER (...)` or `OVER w`; null for a plain call. */
  over: WindowSpec | null;
  /** `IGNORE NULLS` on lag/lead/first_value/last_value. */
  ignoreNulls: boolean;
  pos: SourcePos;
}

export interface WindowSpec {
  /** `OVER w` or `OVER (w ORDER BY ...)`: the named window this one extends. */
  baseName: string | null;
  partitionBy: Expr[];
  orderBy: OrderItem[];
  frame: WindowFrame | null;
}

export interface WindowFrame {
  units: 'rows' | 'range' | 'groups';
  start: FrameBound;
  end: FrameBound;
  exclude: 'no_others' | 'current_row' | 'group' | 'ties' | null;
}

export type FrameBound =
  | { kind: 'unbounded_preceding' }
  | { kind: 'preceding'; offset: Expr }
  | { kind: 'current_row' }
  | { kind: 'following'; offset: Expr }
  | { kind: 'unbounded_following' };

/** `EXTRACT(field FROM expr)`; `field` is lower-case (`year`, `month`, `dow`, `epoch`, ...). */
export interface ExtractExpr {
  kind: 'extract';
  field: string;
  expr: Expr;
  pos: SourcePos;
}

/** `*` as an expression: only valid inside `count(*)`-like positions; the binder rejects others. */
export interface StarExpr {
  kind: 'star';
  table: string | null;
  pos: SourcePos;
}

// ---------------------------------------------------------------------------------------------
// DDL and DML
// ---------------------------------------------------------------------------------------------

export interface ColumnDef {
  name: string;
  type: TypeName;
  notNull: boolean;
  primaryKey: boolean;
  unique: boolean;
  default: Expr | null;
  pos: SourcePos;
}

export interface CreateTableStatement {
  kind: 'create_table';
  name: string;
  ifNotExists: boolean;
  orReplace: boolean;
  temporary: boolean;
  columns: ColumnDef[];
  /** Table-level `PRIMARY KEY (a, b)`; column-level ones are on the ColumnDef. */
  primaryKey: string[];
  /** `ORDER BY (a, b)`: the sort key of the table's segments (ClickHouse style). */
  orderBy: string[];
  /** `CREATE TABLE t AS SELECT ...`; then `columns` is empty. */
  asSelect: SelectStatement | null;
  pos: SourcePos;
}

/** DROP TABLE / VIEW / INDEX / MATERIALIZED VIEW. */
export interface DropStatement {
  kind: 'drop';
  objectType: 'table' | 'view' | 'index' | 'materialized_view';
  names: string[];
  ifExists: boolean;
  cascade: boolean;
  pos: SourcePos;
}

export interface CreateViewStatement {
  kind: 'create_view';
  name: string;
  orReplace: boolean;
  ifNotExists: boolean;
  materialized: boolean;
  columns: string[] | null;
  query: SelectStatement;
  /** The query's source text, kept so that the view's definition can be shown and persisted. */
  queryText: string;
  pos: SourcePos;
}

export interface InsertStatement {
  kind: 'insert';
  table: string;
  columns: string[] | null;
  /** VALUES lists are a SelectStatement whose body is `values`. */
  source: SelectStatement | null;
  /** `INSERT INTO t DEFAULT VALUES`. */
  defaultValues: boolean;
  /** `INSERT OR REPLACE` / `INSERT OR IGNORE` (SQLite), parsed for scripts. */
  orAction: 'replace' | 'ignore' | null;
  pos: SourcePos;
}

export interface CreateIndexStatement {
  kind: 'create_index';
  name: string;
  table: string;
  columns: { name: string; desc: boolean }[];
  unique: boolean;
  ifNotExists: boolean;
  pos: SourcePos;
}

export interface ExplainStatement {
  kind: 'explain';
  analyze: boolean;
  statement: Statement;
  pos: SourcePos;
}

/** `SET name = value`, `SET name TO value`, `PRAGMA name = value`, `RESET name` (value null). */
export interface SetStatement {
  kind: 'set';
  name: string;
  value: Expr | null;
  pos: SourcePos;
}

export interface DeleteStatement {
  kind: 'delete';
  table: string;
  where: Expr | null;
  pos: SourcePos;
}

export interface UpdateStatement {
  kind: 'update';
  table: string;
  alias: string | null;
  assignments: { column: string; value: Expr }[];
  where: Expr | null;
  pos: SourcePos;
}

export interface TransactionStatement {
  kind: 'transaction';
  action: 'begin' | 'commit' | 'rollback';
  pos: SourcePos;
}

/** `REFRESH MATERIALIZED VIEW name`: recomputes the view's stored rows from its base tables. */
export interface RefreshStatement {
  kind: 'refresh_materialized_view';
  name: string;
  pos: SourcePos;
}

export interface CheckpointStatement {
  kind: 'checkpoint';
  pos: SourcePos;
}

/** `ALTER TABLE t ADD COLUMN c type`: old segments are not rewritten; the column reads as NULL (or its DEFAULT) there. */
export interface AlterTableStatement {
  kind: 'alter_table';
  table: string;
  ifNotExists: boolean;
  column: ColumnDef;
  pos: SourcePos;
}

/**
 * `COPY t [(cols)] FROM 'file' (options)`, `COPY t TO 'file' (options)`, `COPY (query) TO 'file' (options)`.
 * Option names are lower-case; a bare option (`HEADER`) has value null.
 */
export interface CopyStatement {
  kind: 'copy';
  direction: 'from' | 'to';
  table: string | null;
  columns: string[] | null;
  query: SelectStatement | null;
  file: string;
  options: { name: string; value: Expr | null }[];
  pos: SourcePos;
}
