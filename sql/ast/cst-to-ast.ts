/**
 * The CST visitor: turns the chevrotain CST of `sql/parser/parser.ts` into the AST of `ast.ts`.
 * Every node gets the position of its first token. A few checks the grammar leaves open (a row
 * `(a, b)` outside GROUP BY, a second LIMIT, an unknown interval unit) throw `syntax` errors here.
 * Statements and queries are converted here, expressions in `cst-expr.ts`.
 */
import type { CstNode } from 'chevrotain';
import { StrataError, type SourcePos } from '../../engine/errors.js';
import type * as A from './ast.js';
import {
  ExprBuilder,
  firstToken,
  identList,
  identName,
  lastPart,
  must,
  nodePos,
  qualifiedParts,
  sub,
  subs,
  syntaxAt,
  tok,
  tokPos,
  unquote,
  unwrapChain,
} from './cst-expr.js';

// ---------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------

type RawGroupItem = A.GroupItem | { kind: 'row'; exprs: A.Expr[] };

export class AstBuilder extends ExprBuilder {
  constructor(private readonly text: string) {
    super();
  }

  // ----- statements -----

  script(n: CstNode): A.Statement[] {
    return subs(n.children, 'statement').map((s) => this.statement(s));
  }

  statement(n: CstNode): A.Statement {
    this.nextParam = 1;
    return this.statementNoReset(n);
  }

  private statementNoReset(n: CstNode): A.Statement {
    const c = n.children;
    const pos = nodePos(n);
    const key = Object.keys(c)[0];
    const child = sub(c, key);
    switch (key) {
      case 'selectStmt': return this.selectStmt(child!);
      case 'createStmt': return this.createStmt(child!);
      case 'dropStmt': return this.dropStmt(child!);
      case 'insertStmt': return this.insertStmt(child!);
      case 'deleteStmt': return this.deleteStmt(child!);
      case 'updateStmt': return this.updateStmt(child!);
      case 'explainStmt': {
        const ec = child!.children;
        return { kind: 'explain', analyze: ec.ANALYZE !== undefined, statement: this.statementNoReset(must(ec, 'statement')), pos };
      }
      case 'setStmt': return this.setStmt(child!);
      case 'resetStmt': {
        const rc = child!.children;
        const q = sub(rc, 'qualifiedName');
        return { kind: 'set', name: q ? qualifiedParts(q).join('.') : 'all', value: null, pos };
      }
      case 'pragmaStmt': {
        const pc = child!.children;
        const v = sub(pc, 'setValue');
        return { kind: 'set', name: qualifiedParts(must(pc, 'qualifiedName')).join('.'), value: v ? this.setValue(v) : null, pos };
      }
      case 'transactionStmt': {
        const tc = child!.children;
        const action = tc.begin ? 'begin' : tc.commit ? 'commit' : 'rollback';
        return { kind: 'transaction', action, pos };
      }
      case 'CHECKPOINT': return { kind: 'checkpoint', pos };
      case 'refreshStmt': return { kind: 'refresh_materialized_view', name: lastPart(must(child!.children, 'qualifiedName')), pos };
      case 'alterStmt': {
        const ac = child!.children;
        const col = this.columnDef(must(ac, 'columnDef'));
        return { kind: 'alter_table', table: lastPart(must(ac, 'qualifiedName')), ifNotExists: ac.ifNotExists !== undefined, column: col, pos };
      }
      case 'copyStmt': return this.copyStmt(child!);
      default: throw new StrataError('syntax', `syntax error: unknown statement ${key}`, pos);
    }
  }

  private createStmt(n: CstNode): A.Statement {
    const c = n.children;
    const pos = nodePos(n);
    const orReplace = c.REPLACE !== undefined;
    const temporary = c.TEMP !== undefined || c.TEMPORARY !== undefined;
    const table = sub(c, 'createTableBody');
    if (table) return this.createTable(table, orReplace, temporary, pos);
    const view = sub(c, 'createViewBody');
    if (view) {
      const vc = view.children;
      const q = must(vc, 'selectStmt');
      const loc = q.location!;
      return {
        kind: 'create_view',
        name: lastPart(must(vc, 'qualifiedName')),
        orReplace,
        ifNotExists: vc.ifNotExists !== undefined,
        materialized: vc.MATERIALIZED !== undefined,
        columns: vc.identList ? identList(sub(vc, 'identList')) : null,
        query: this.selectStmt(q),
        queryText: this.text.slice(loc.startOffset, (loc.endOffset ?? this.text.length - 1) + 1),
        pos,
      };
    }
    const ic = must(c, 'createIndexBody').children;
    return {
      kind: 'create_index',
      name: identName(must(ic, 'identifier')),
      table: lastPart(must(ic, 'qualifiedName')),
      columns: subs(ic, 'indexColumn').map((col) => ({
        name: identName(must(col.children, 'identifier')),
        desc: col.children.DESC !== undefined,
      })),
      unique: ic.UNIQUE !== undefined,
      ifNotExists: ic.ifNotExists !== undefined,
      pos,
    };
  }

  private createTable(n: CstNode, orReplace: boolean, temporary: boolean, pos: SourcePos): A.CreateTableStatement {
    const c = n.children;
    const columns: A.ColumnDef[] = [];
    const primaryKey: string[] = [];
    const uniqueSingles: string[] = [];
    for (const el of subs(c, 'tableElement')) {
      const ec = el.children;
      const def = sub(ec, 'columnDef');
      if (def) columns.push(this.columnDef(def));
      else if (ec.primaryKey) primaryKey.push(...identList(sub(ec, 'primaryKey')));
      else {
        const cols = identList(sub(ec, 'unique'));
        if (cols.length === 1) uniqueSingles.push(cols[0]);
      }
    }
    for (const name of uniqueSingles) {
      const col = columns.find((cd) => cd.name === name);
      if (col) col.unique = true;
    }
    const asSelect = sub(c, 'selectStmt');
    return {
      kind: 'create_table',
      name: lastPart(must(c, 'qualifiedName')),
      ifNotExists: c.ifNotExists !== undefined,
      orReplace,
      temporary,
      columns,
      primaryKey,
      orderBy: identList(sub(c, 'orderBy')),
      asSelect: asSelect ? this.selectStmt(asSelect) : null,
      pos,
    };
  }

  private columnDef(n: CstNode): A.ColumnDef {
    const c = n.children;
    const def: A.ColumnDef = {
      name: identName(must(c, 'identifier')),
      type: this.typeName(must(c, 'typeName')),
      notNull: false,
      primaryKey: false,
      unique: false,
      default: null,
      pos: nodePos(n),
    };
    for (const k of subs(c, 'columnConstraint')) {
      const kc = k.children;
      if (kc.DEFAULT) def.default = this.expr(must(kc, 'concatExpr'));
      else if (kc.PRIMARY) def.primaryKey = true;
      else if (kc.UNIQUE) def.unique = true;
      else def.notNull = kc.NOT !== undefined;
    }
    return def;
  }

  /**
   * COPY. Option names are lower-cased; a parenthesized option value (`PARTITION_BY (a, b)`)
   * becomes a `row(...)` function call holding the list's elements.
   */
  private copyStmt(n: CstNode): A.CopyStatement {
    const c = n.children;
    const query = sub(c, 'subquery');
    const name = sub(c, 'qualifiedName');
    const options = subs(c, 'copyOption').map((o) => {
      const oc = o.children;
      const optName = oc.nullName ? 'null' : identName(must(oc, 'name')).toLowerCase();
      const list = sub(oc, 'list');
      const value = sub(oc, 'value');
      let v: A.Expr | null = null;
      if (list) {
        v = { kind: 'function', name: 'row', args: this.exprList(list), distinct: false, star: false, filter: null, orderBy: [], over: null, ignoreNulls: false, pos: nodePos(list) };
      } else if (value) {
        v = this.expr(value);
      }
      return { name: optName, value: v };
    });
    return {
      kind: 'copy',
      direction: c.FROM ? 'from' : 'to',
      table: name ? lastPart(name) : null,
      columns: c.identList ? identList(sub(c, 'identList')) : null,
      query: query ? this.selectStmt(must(query.children, 'selectStmt')) : null,
      file: unquote(tok(c, 'file')!.image, "'"),
      options,
      pos: nodePos(n),
    };
  }

  private dropStmt(n: CstNode): A.DropStatement {
    const c = n.children;
    const objectType = c.MATERIALIZED ? 'materialized_view' : c.TABLE ? 'table' : c.VIEW ? 'view' : 'index';
    return {
      kind: 'drop',
      objectType,
      names: subs(c, 'qualifiedName').map(lastPart),
      ifExists: c.EXISTS !== undefined,
      cascade: c.CASCADE !== undefined,
      pos: nodePos(n),
    };
  }

  private insertStmt(n: CstNode): A.InsertStatement {
    const c = n.children;
    const source = sub(c, 'selectStmt');
    return {
      kind: 'insert',
      table: lastPart(must(c, 'qualifiedName')),
      columns: c.identList ? identList(sub(c, 'identList')) : null,
      source: source ? this.selectStmt(source) : null,
      defaultValues: source === undefined,
      orAction: c.orReplace || c.replaceInto ? 'replace' : c.orIgnore ? 'ignore' : null,
      pos: nodePos(n),
    };
  }

  private deleteStmt(n: CstNode): A.DeleteStatement {
    const c = n.children;
    const where = sub(c, 'expr');
    return { kind: 'delete', table: lastPart(must(c, 'qualifiedName')), where: where ? this.expr(where) : null, pos: nodePos(n) };
  }

  private updateStmt(n: CstNode): A.UpdateStatement {
    const c = n.children;
    const alias = sub(c, 'alias');
    const where = sub(c, 'expr');
    return {
      kind: 'update',
      table: lastPart(must(c, 'qualifiedName')),
      alias: alias ? identName(alias) : null,
      assignments: subs(c, 'assignment').map((a) => ({
        column: identName(must(a.children, 'identifier')),
        value: this.expr(must(a.children, 'expr')),
      })),
      where: where ? this.expr(where) : null,
      pos: nodePos(n),
    };
  }

  private setStmt(n: CstNode): A.SetStatement {
    const c = n.children;
    return {
      kind: 'set',
      name: qualifiedParts(must(c, 'qualifiedName')).join('.'),
      value: this.setValue(must(c, 'setValue')),
      pos: nodePos(n),
    };
  }

  /** A SET/PRAGMA value: `DEFAULT` is null; a bare word (`on`, `nulls_first`) becomes a string. */
  private setValue(n: CstNode): A.Expr | null {
    const c = n.children;
    if (c.DEFAULT) return null;
    const on = tok(c, 'ON');
    if (on) return { kind: 'literal', type: 'string', value: 'on', pos: tokPos(on) };
    const e = this.expr(must(c, 'expr'));
    if (e.kind === 'column' && e.table === null) return { kind: 'literal', type: 'string', value: e.name, pos: e.pos };
    return e;
  }

  // ----- queries -----

  selectStmt(n: CstNode): A.SelectStatement {
    const c = n.children;
    const w = sub(c, 'withClause');
    let limit: A.Expr | null = null;
    let offset: A.Expr | null = null;
    for (const lo of subs(c, 'limitOrOffset')) {
      const lc = lo.children;
      const value = this.expr(must(lc, 'expr'));
      const limitTok = tok(lc, 'LIMIT');
      if (limitTok) {
        if (limit !== null) throw syntaxAt(limitTok, 'LIMIT given twice');
        limit = value;
      } else {
        if (offset !== null) throw syntaxAt(tok(lc, 'OFFSET')!, 'OFFSET given twice');
        offset = value;
      }
    }
    const order = sub(c, 'orderByClause');
    const body = this.setExpr(must(c, 'setExpr'));
    const stmt: A.SelectStatement = {
      kind: 'select',
      with: w ? subs(w.children, 'cte').map((x) => this.cte(x)) : [],
      recursive: w !== undefined && w.children.RECURSIVE !== undefined,
      body,
      orderBy: order ? this.orderBy(order) : [],
      limit,
      offset,
      pos: nodePos(n),
    };
    // `(query)` on its own is just the query.
    if (body.kind === 'paren' && !w && !order && limit === null && offset === null) return body.query;
    return stmt;
  }

  private cte(n: CstNode): A.CommonTableExpr {
    const c = n.children;
    return {
      name: identName(must(c, 'identifier')),
      columns: c.identList ? identList(sub(c, 'identList')) : null,
      query: this.subquery(must(c, 'subquery')),
      materialized: c.MATERIALIZED ? c.NOT === undefined : null,
      pos: nodePos(n),
    };
  }

  private setExpr(n: CstNode): A.QueryBody {
    const c = n.children;
    const operands = subs(c, 'intersectExpr');
    const ops = subs(c, 'setOp');
    let left = this.intersectExpr(operands[0]);
    for (let i = 0; i < ops.length; i++) {
      const oc = ops[i].children;
      left = {
        kind: 'setop',
        op: oc.UNION ? 'union' : 'except',
        all: oc.ALL !== undefined,
        left,
        right: this.intersectExpr(operands[i + 1]),
        pos: left.pos,
      };
    }
    return left;
  }

  private intersectExpr(n: CstNode): A.QueryBody {
    const c = n.children;
    const operands = subs(c, 'queryPrimary');
    const ops = subs(c, 'intersectOp');
    let left = this.queryPrimary(operands[0]);
    for (let i = 0; i < ops.length; i++) {
      left = {
        kind: 'setop',
        op: 'intersect',
        all: ops[i].children.ALL !== undefined,
        left,
        right: this.queryPrimary(operands[i + 1]),
        pos: left.pos,
      };
    }
    return left;
  }

  private queryPrimary(n: CstNode): A.QueryBody {
    const c = n.children;
    const core = sub(c, 'selectCore');
    if (core) return this.selectCore(core);
    const values = sub(c, 'valuesBody');
    if (values) {
      return {
        kind: 'values',
        rows: subs(values.children, 'exprList').map((l) => this.exprList(l)),
        pos: nodePos(values),
      };
    }
    const sq = must(c, 'subquery');
    const query = this.subquery(sq);
    // A parenthesised plain body needs no ParenQuery node: the tree already shows the grouping.
    if (query.with.length === 0 && query.orderBy.length === 0 && query.limit === null && query.offset === null) {
      return query.body;
    }
    return { kind: 'paren', query, pos: nodePos(sq) };
  }

  private selectCore(n: CstNode): A.SelectCore {
    const c = n.children;
    const where = sub(c, 'where');
    const having = sub(c, 'having');
    const qualify = sub(c, 'qualify');
    const groupBy = sub(c, 'groupBy');
    return {
      kind: 'core',
      distinct: c.DISTINCT !== undefined,
      distinctOn: c.distinctOn ? this.exprList(must(c, 'distinctOn')) : [],
      columns: subs(c, 'selectItem').map((s) => this.selectItem(s)),
      from: subs(c, 'tableRef').map((t) => this.tableRef(t)),
      where: where ? this.expr(where) : null,
      groupBy: groupBy ? this.groupBy(groupBy) : null,
      having: having ? this.expr(having) : null,
      windows: subs(c, 'windowDef').map((w) => ({
        name: identName(must(w.children, 'identifier')),
        spec: this.windowSpec(must(w.children, 'windowSpec')),
      })),
      qualify: qualify ? this.expr(qualify) : null,
      pos: nodePos(n),
    };
  }

  private selectItem(n: CstNode): A.SelectItem {
    const c = n.children;
    const ex = sub(c, 'excludeClause');
    const exclude = ex === undefined ? [] : ex.children.identList ? identList(sub(ex.children, 'identList')) : [identName(must(ex.children, 'identifier'))];
    if (c.Star) return { kind: 'star', table: null, exclude, pos: nodePos(n) };
    const expr = this.expr(must(c, 'expr'));
    const alias = sub(c, 'alias');
    if (expr.kind === 'star') {
      if (alias) throw syntaxAt(firstToken(alias)!, 'a star cannot have an alias');
      return { kind: 'star', table: expr.table, exclude, pos: expr.pos };
    }
    let aliasName: string | null = null;
    if (alias) {
      const id = sub(alias.children, 'identifier');
      aliasName = id ? identName(id) : unquote(tok(alias.children, 'StringLiteral')!.image, "'");
    }
    return { kind: 'expr', expr, alias: aliasName, pos: nodePos(n) };
  }

  // ----- FROM -----

  private tableRef(n: CstNode): A.TableRef {
    const c = n.children;
    let left = this.tablePrimary(must(c, 'tablePrimary'));
    for (const j of subs(c, 'joinClause')) {
      const jc = j.children;
      const kind = sub(jc, 'joinKind');
      let type: A.JoinType = 'inner';
      if (jc.CROSS) type = 'cross';
      else if (kind) {
        const kc = kind.children;
        type = kc.LEFT ? 'left' : kc.RIGHT ? 'right' : kc.FULL ? 'full' : 'inner';
      }
      const on = sub(jc, 'expr');
      left = {
        kind: 'join',
        type,
        natural: jc.NATURAL !== undefined,
        left,
        right: this.tablePrimary(must(jc, 'tablePrimary')),
        on: on ? this.expr(on) : null,
        using: jc.USING ? identList(sub(jc, 'identList')) : null,
        pos: left.pos,
      };
    }
    return left;
  }

  private tablePrimary(n: CstNode): A.TableRef {
    const c = n.children;
    const alias = sub(c, 'tableAlias');
    const aliasName = alias ? identName(must(alias.children, 'identifier')) : null;
    const columnAliases = alias && alias.children.identList ? identList(sub(alias.children, 'identList')) : null;
    const sq = sub(c, 'subquery');
    if (sq) {
      return { kind: 'subquery', query: this.subquery(sq), alias: aliasName, columnAliases, lateral: c.LATERAL !== undefined, pos: nodePos(n) };
    }
    const inner = sub(c, 'tableRef');
    if (inner) return this.tableRef(inner);
    if (c.fnOpen) {
      return {
        kind: 'function',
        name: lastPart(must(c, 'qualifiedName')).toLowerCase(),
        args: subs(c, 'fnArg').map((a) => this.expr(a)),
        alias: aliasName,
        columnAliases,
        pos: nodePos(n),
      };
    }
    return { kind: 'table', name: lastPart(must(c, 'qualifiedName')), alias: aliasName, columnAliases, pos: nodePos(n) };
  }

  // ----- GROUP BY -----

  private groupBy(n: CstNode): A.GroupBy {
    const c = n.children;
    if (c.ALL) return { all: true, items: [] };
    const items: A.GroupItem[] = [];
    for (const g of subs(c, 'groupItem')) {
      const raw = this.groupItem(g);
      // `GROUP BY (a, b)` groups by a and b.
      if (raw.kind === 'row') for (const e of raw.exprs) items.push({ kind: 'expr', expr: e });
      else items.push(raw);
    }
    return { all: false, items };
  }

  private groupItem(n: CstNode): RawGroupItem {
    const c = n.children;
    if (c.ROLLUP || c.CUBE) {
      const units = subs(must(c, 'exprList').children, 'expr').map((e) => this.groupUnit(e));
      const isRollup = c.ROLLUP !== undefined;
      if (units.every((u) => u.length === 1)) {
        const exprs = units.map((u) => u[0]);
        return isRollup ? { kind: 'rollup', exprs } : { kind: 'cube', exprs };
      }
      return { kind: 'grouping_sets', sets: isRollup ? rollupSets(units) : cubeSets(units) };
    }
    if (c.SETS) {
      const sets: A.Expr[][] = [];
      for (const g of subs(c, 'groupItem')) sets.push(...groupingSetsOf(this.groupItem(g)));
      return { kind: 'grouping_sets', sets };
    }
    if (c.empty) return { kind: 'grouping_sets', sets: [[]] };
    const e = must(c, 'expr');
    const row = this.rowItems(e);
    if (row) return { kind: 'row', exprs: row };
    return { kind: 'expr', expr: this.expr(e) };
  }

  /** A ROLLUP/CUBE unit: `a` or a parenthesised composite `(a, b)`. */
  private groupUnit(e: CstNode): A.Expr[] {
    return this.rowItems(e) ?? [this.expr(e)];
  }

  /** The items of `(a, b, ...)` when the expression is exactly such a row, else null. */
  private rowItems(e: CstNode): A.Expr[] | null {
    const inner = unwrapChain(e);
    if (inner.name !== 'parenExpr') return null;
    const items = subs(inner.children, 'expr');
    return items.length > 1 ? items.map((x) => this.expr(x)) : null;
  }
}

// ---------------------------------------------------------------------------------------------
// Grouping-set expansion
// ---------------------------------------------------------------------------------------------

/** ROLLUP(u1, ..., un): (u1..un), (u1..un-1), ..., (). */
function rollupSets(units: A.Expr[][]): A.Expr[][] {
  const sets: A.Expr[][] = [];
  for (let i = units.length; i >= 0; i--) sets.push(units.slice(0, i).flat());
  return sets;
}

/** CUBE(u1, ..., un): every subset, the full set first and () last. */
function cubeSets(units: A.Expr[][]): A.Expr[][] {
  const sets: A.Expr[][] = [];
  const n = units.length;
  for (let mask = (1 << n) - 1; mask >= 0; mask--) {
    const set: A.Expr[] = [];
    for (let i = 0; i < n; i++) if (mask & (1 << (n - 1 - i))) set.push(...units[i]);
    sets.push(set);
  }
  return sets;
}

/** The grouping sets one element of `GROUPING SETS (...)` stands for. */
function groupingSetsOf(item: RawGroupItem): A.Expr[][] {
  switch (item.kind) {
    case 'expr': return [[item.expr]];
    case 'row': return [item.exprs];
    case 'rollup': return rollupSets(item.exprs.map((e) => [e]));
    case 'cube': return cubeSets(item.exprs.map((e) => [e]));
    case 'grouping_sets': return item.sets;
  }
}
