/**
 * The CST visitor: turns the chevrotain CST of `sql/parser/parser.ts` into the AST of `ast.ts`.
 * Every node gets the position of its first token. A few checks the grammar leaves open (a row
 * `(a, b)` outside GROUP BY, a second LIMIT, an unknown interval unit) throw `syntax` errors here.
 */
import type { CstChildrenDictionary, CstElement, CstNode, IToken } from 'chevrotain';
import { StrataError, type SourcePos } from '../../engine/errors.js';
import { INTERVAL_UNITS } from '../parser/parser.js';
import type * as A from './ast.js';

// ---------------------------------------------------------------------------------------------
// CST access helpers
// ---------------------------------------------------------------------------------------------

type Ctx = CstChildrenDictionary;

function isNode(e: CstElement): e is CstNode {
  return (e as CstNode).children !== undefined;
}

function sub(c: Ctx, key: string, i = 0): CstNode | undefined {
  const a = c[key];
  return a === undefined ? undefined : (a[i] as CstNode | undefined);
}

function subs(c: Ctx, key: string): CstNode[] {
  return (c[key] as CstNode[] | undefined) ?? [];
}

function must(c: Ctx, key: string, i = 0): CstNode {
  const n = sub(c, key, i);
  if (n === undefined) throw new StrataError('syntax', `syntax error: missing ${key}`);
  return n;
}

function tok(c: Ctx, key: string, i = 0): IToken | undefined {
  const a = c[key];
  return a === undefined ? undefined : (a[i] as IToken | undefined);
}

function toks(c: Ctx, key: string): IToken[] {
  return (c[key] as IToken[] | undefined) ?? [];
}

function tokPos(t: IToken): SourcePos {
  return { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 };
}

function nodePos(n: CstNode): SourcePos {
  const l = n.location;
  if (l === undefined || Number.isNaN(l.startOffset)) return { offset: 0, line: 1, column: 1 };
  return { offset: l.startOffset, line: l.startLine ?? 1, column: l.startColumn ?? 1 };
}

function syntaxAt(t: IToken, what: string): StrataError {
  return new StrataError('syntax', `syntax error at or near "${t.image}": ${what}`, tokPos(t));
}

/** The only token among a node's children (for single-token rules such as `identifier`). */
function onlyToken(n: CstNode): IToken {
  for (const key in n.children) {
    const e = n.children[key][0];
    if (e !== undefined && !isNode(e)) return e;
  }
  throw new StrataError('syntax', `syntax error: empty ${n.name}`);
}

/** Follows a chain of single-child nodes (`expr` -> `andExpr` -> ... -> `primary`). */
function unwrapChain(n: CstNode): CstNode {
  let cur = n;
  for (;;) {
    const keys = Object.keys(cur.children);
    if (keys.length !== 1) return cur;
    const arr = cur.children[keys[0]];
    if (arr.length !== 1 || !isNode(arr[0])) return cur;
    cur = arr[0];
  }
}

// ---------------------------------------------------------------------------------------------
// Literals and names
// ---------------------------------------------------------------------------------------------

function unquote(image: string, quote: string): string {
  return image.slice(1, -1).split(quote + quote).join(quote);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

function unescapeE(image: string): string {
  const body = image.slice(2, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[++i];
      out += ESCAPES[next] ?? next;
    } else if (ch === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

/** An identifier's name: plain ones and keywords fold to lower case, quoted ones keep their case. */
function identName(n: CstNode): string {
  const t = onlyToken(n);
  const first = t.image[0];
  if (first === '"') return unquote(t.image, '"');
  if (first === '`') return unquote(t.image, '`');
  return t.image.toLowerCase();
}

function identList(n: CstNode | undefined): string[] {
  return n === undefined ? [] : subs(n.children, 'identifier').map(identName);
}

function qualifiedParts(n: CstNode): string[] {
  return subs(n.children, 'identifier').map(identName);
}

function lastPart(n: CstNode): string {
  const parts = qualifiedParts(n);
  return parts[parts.length - 1];
}

function stringLiteral(t: IToken): A.LiteralExpr {
  const value = t.image[0] === "'" ? unquote(t.image, "'") : unescapeE(t.image);
  return { kind: 'literal', type: 'string', value, pos: tokPos(t) };
}

function numberLiteral(t: IToken): A.LiteralExpr {
  return { kind: 'literal', type: 'number', value: Number(t.image), text: t.image, pos: tokPos(t) };
}

function func(name: string, args: A.Expr[], pos: SourcePos): A.FunctionCallExpr {
  return { kind: 'function', name, args, distinct: false, star: false, filter: null, orderBy: [], over: null, ignoreNulls: false, pos };
}

// ---------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------

type RawGroupItem = A.GroupItem | { kind: 'row'; exprs: A.Expr[] };

export class AstBuilder {
  /** The next `?` parameter number; restarts at 1 for each statement. */
  private nextParam = 1;

  constructor(private readonly text: string) {}

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

  private subquery(n: CstNode): A.SelectStatement {
    return this.selectStmt(must(n.children, 'selectStmt'));
  }

  orderBy(n: CstNode): A.OrderItem[] {
    return subs(n.children, 'orderItem').map((item) => {
      const c = item.children;
      return {
        expr: this.expr(must(c, 'expr')),
        desc: c.DESC ? true : c.ASC ? false : null,
        nullsFirst: c.FIRST ? true : c.LAST ? false : null,
      };
    });
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
    const star = sub(c, 'starItem');
    if (star) {
      const sc = star.children;
      const quals = subs(sc, 'qualifier');
      const ex = sub(sc, 'exclude');
      return {
        kind: 'star',
        table: quals.length > 0 ? identName(quals[quals.length - 1]) : null,
        exclude: ex === undefined ? [] : ex.name === 'identList' ? identList(ex) : [identName(ex)],
        pos: nodePos(star),
      };
    }
    const alias = sub(c, 'alias');
    let aliasName: string | null = null;
    if (alias) {
      const id = sub(alias.children, 'identifier');
      aliasName = id ? identName(id) : unquote(tok(alias.children, 'StringLiteral')!.image, "'");
    }
    return { kind: 'expr', expr: this.expr(must(c, 'expr')), alias: aliasName, pos: nodePos(n) };
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
    return { kind: 'table', name: lastPart(must(c, 'qualifiedName')), alias: aliasName, columnAliases, pos: nodePos(n) };
  }

  // ----- GROUP BY and windows -----

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

  private windowSpec(n: CstNode): A.WindowSpec {
    const c = n.children;
    const base = sub(c, 'base');
    const part = sub(c, 'partition');
    const order = sub(c, 'orderByClause');
    const frame = sub(c, 'frameClause');
    return {
      baseName: base ? identName(base) : null,
      partitionBy: part ? this.exprList(part) : [],
      orderBy: order ? this.orderBy(order) : [],
      frame: frame ? this.frame(frame) : null,
    };
  }

  private frame(n: CstNode): A.WindowFrame {
    const c = n.children;
    const bounds = subs(c, 'frameBound').map((b) => this.frameBound(b));
    const units = tok(c, 'units')!.image.toLowerCase() as A.WindowFrame['units'];
    return {
      units,
      start: bounds[0],
      end: bounds.length > 1 ? bounds[1] : { kind: 'current_row' },
      exclude: c.excludeCurrentRow ? 'current_row' : c.excludeGroup ? 'group' : c.excludeTies ? 'ties' : c.excludeNoOthers ? 'no_others' : null,
    };
  }

  private frameBound(n: CstNode): A.FrameBound {
    const c = n.children;
    if (c.CURRENT) return { kind: 'current_row' };
    const preceding = c.PRECEDING !== undefined;
    if (c.UNBOUNDED) return { kind: preceding ? 'unbounded_preceding' : 'unbounded_following' };
    const offset = this.expr(must(c, 'offset'));
    return preceding ? { kind: 'preceding', offset } : { kind: 'following', offset };
  }

  // ----- expressions -----

  /** Converts any expression-level node (`expr`, `concatExpr`, ...). */
  expr(n: CstNode): A.Expr {
    const c = n.children;
    switch (n.name) {
      case 'expr': return this.foldSame(subs(c, 'andExpr'), 'or');
      case 'andExpr': return this.foldSame(subs(c, 'notExpr'), 'and');
      case 'notExpr': return this.notExpr(n);
      case 'isExpr': return this.isExpr(n);
      case 'cmpExpr': return this.foldOps(subs(c, 'predExpr'), toks(c, 'op'));
      case 'predExpr': return this.predExpr(n);
      case 'concatExpr': return this.foldOps(subs(c, 'addExpr'), toks(c, 'op'));
      case 'addExpr': return this.foldOps(subs(c, 'mulExpr'), toks(c, 'op'));
      case 'mulExpr': return this.foldOps(subs(c, 'unaryExpr'), toks(c, 'op'));
      case 'unaryExpr': return this.unaryExpr(n);
      case 'postfixExpr': {
        let e = this.primary(must(c, 'primary'));
        for (const t of subs(c, 'typeName')) e = { kind: 'cast', expr: e, type: this.typeName(t), try: false, pos: e.pos };
        return e;
      }
      default: throw new StrataError('syntax', `syntax error: unexpected ${n.name}`, nodePos(n));
    }
  }

  exprList(n: CstNode): A.Expr[] {
    return subs(n.children, 'expr').map((e) => this.expr(e));
  }

  private foldSame(operands: CstNode[], op: 'and' | 'or'): A.Expr {
    let left = this.expr(operands[0]);
    for (let i = 1; i < operands.length; i++) left = { kind: 'binary', op, left, right: this.expr(operands[i]), pos: left.pos };
    return left;
  }

  private foldOps(operands: CstNode[], ops: IToken[]): A.Expr {
    let left = this.expr(operands[0]);
    for (let i = 0; i < ops.length; i++) {
      const image = ops[i].image;
      const op = (image === '==' ? '=' : image === '!=' ? '<>' : image) as A.BinaryOp;
      left = { kind: 'binary', op, left, right: this.expr(operands[i + 1]), pos: left.pos };
    }
    return left;
  }

  private notExpr(n: CstNode): A.Expr {
    const c = n.children;
    const not = tok(c, 'NOT');
    if (!not) return this.expr(must(c, 'isExpr'));
    const arg = this.expr(must(c, 'notExpr'));
    if (arg.kind === 'exists' && !arg.not) return { ...arg, not: true, pos: tokPos(not) };
    return { kind: 'unary', op: 'not', arg, pos: tokPos(not) };
  }

  private isExpr(n: CstNode): A.Expr {
    const c = n.children;
    let e = this.expr(must(c, 'cmpExpr'));
    for (const s of subs(c, 'isSuffix')) {
      const sc = s.children;
      const not = sc.NOT !== undefined;
      const pos = e.pos;
      if (sc.ISNULL) e = { kind: 'is_null', expr: e, not: false, pos };
      else if (sc.NOTNULL) e = { kind: 'is_null', expr: e, not: true, pos };
      else if (sc.NULL) e = { kind: 'is_null', expr: e, not, pos };
      else if (sc.TRUE || sc.FALSE) e = { kind: 'is_bool', expr: e, value: sc.TRUE !== undefined, not, pos };
      else e = { kind: 'is_distinct', left: e, right: this.expr(must(sc, 'cmpExpr')), not, pos };
    }
    return e;
  }

  private predExpr(n: CstNode): A.Expr {
    const c = n.children;
    let e = this.expr(must(c, 'concatExpr'));
    for (const s of subs(c, 'predSuffix')) {
      const sc = s.children;
      const not = sc.NOT !== undefined;
      const pos = e.pos;
      if (sc.BETWEEN) {
        e = { kind: 'between', expr: e, low: this.expr(must(sc, 'low')), high: this.expr(must(sc, 'high')), not, pos };
      } else if (sc.IN) {
        const sq = sub(sc, 'subquery');
        e = sq
          ? { kind: 'in_subquery', expr: e, query: this.subquery(sq), not, pos }
          : { kind: 'in_list', expr: e, list: this.exprList(must(sc, 'exprList')), not, pos };
      } else {
        const esc = sub(sc, 'escape');
        e = {
          kind: 'like',
          expr: e,
          pattern: this.expr(must(sc, 'pattern')),
          escape: esc ? this.expr(esc) : null,
          not,
          caseInsensitive: sc.ILIKE !== undefined,
          pos,
        };
      }
    }
    return e;
  }

  private unaryExpr(n: CstNode): A.Expr {
    const c = n.children;
    const sign = tok(c, 'sign');
    if (!sign) return this.expr(must(c, 'postfixExpr'));
    const arg = this.expr(must(c, 'unaryExpr'));
    const pos = tokPos(sign);
    // Fold `-<number>` into the literal, so that e.g. -2147483648 stays an INTEGER.
    if (sign.image === '-' && arg.kind === 'literal' && arg.type === 'number' && !arg.text.startsWith('-')) {
      return { kind: 'literal', type: 'number', value: -arg.value, text: `-${arg.text}`, pos };
    }
    return { kind: 'unary', op: sign.image === '-' ? '-' : '+', arg, pos };
  }

  private primary(n: CstNode): A.Expr {
    const c = n.children;
    const key = Object.keys(c)[0];
    const t = tok(c, key);
    switch (key) {
      case 'NumberLiteral': return numberLiteral(t!);
      case 'StringLiteral':
      case 'EscapeString': return stringLiteral(t!);
      case 'TRUE': return { kind: 'literal', type: 'boolean', value: true, pos: tokPos(t!) };
      case 'FALSE': return { kind: 'literal', type: 'boolean', value: false, pos: tokPos(t!) };
      case 'NULL': return { kind: 'literal', type: 'null', value: null, pos: tokPos(t!) };
      case 'DollarParam': return { kind: 'param', index: Number(t!.image.slice(1)), pos: tokPos(t!) };
      case 'QuestionParam': return { kind: 'param', index: this.nextParam++, pos: tokPos(t!) };
      case 'EXISTS':
        return { kind: 'exists', query: this.subquery(must(c, 'subquery')), not: false, pos: tokPos(t!) };
      case 'subquery': {
        const sq = must(c, 'subquery');
        return { kind: 'subquery', query: this.subquery(sq), pos: nodePos(sq) };
      }
      case 'parenExpr': {
        const pc = must(c, 'parenExpr').children;
        const items = subs(pc, 'expr');
        if (items.length > 1) throw syntaxAt(tok(pc, 'Comma')!, 'expected ")"');
        return this.expr(items[0]);
      }
      case 'caseExpr': return this.caseExpr(must(c, 'caseExpr'));
      case 'castCall': {
        const cc = must(c, 'castCall').children;
        return {
          kind: 'cast',
          expr: this.expr(must(cc, 'expr')),
          type: this.typeName(must(cc, 'typeName')),
          try: cc.TRY_CAST !== undefined,
          pos: nodePos(must(c, 'castCall')),
        };
      }
      case 'intervalExpr': return this.intervalExpr(must(c, 'intervalExpr'));
      case 'extractCall': {
        const ec = must(c, 'extractCall');
        const field = ec.children.field[0];
        const name = isNode(field) ? identName(field) : unquote((field as IToken).image, "'").toLowerCase();
        return { kind: 'extract', field: name, expr: this.expr(must(ec.children, 'expr')), pos: nodePos(ec) };
      }
      case 'positionCall': {
        const pcall = must(c, 'positionCall');
        return func('position', subs(pcall.children, 'arg').map((a) => this.expr(a)), nodePos(pcall));
      }
      case 'substringCall': return this.substringCall(must(c, 'substringCall'));
      case 'trimCall': return this.trimCall(must(c, 'trimCall'));
      case 'keywordFunc': return this.funcCall(t!.image.toLowerCase(), tokPos(t!), must(c, 'funcCall'));
      case 'nameExpr': return this.nameExpr(must(c, 'nameExpr'));
      default: throw new StrataError('syntax', `syntax error: unexpected ${key}`, nodePos(n));
    }
  }

  private caseExpr(n: CstNode): A.CaseExpr {
    const c = n.children;
    const operand = sub(c, 'operand');
    const whens = subs(c, 'when');
    const thens = subs(c, 'then');
    const elseNode = sub(c, 'else');
    return {
      kind: 'case',
      operand: operand ? this.expr(operand) : null,
      whens: whens.map((w, i) => ({ when: this.expr(w), then: this.expr(thens[i]) })),
      else: elseNode ? this.expr(elseNode) : null,
      pos: nodePos(n),
    };
  }

  private intervalExpr(n: CstNode): A.IntervalExpr {
    const c = n.children;
    const pos = nodePos(n);
    const unitNode = sub(c, 'unit');
    let unit: string | null = null;
    if (unitNode) {
      const word = identName(unitNode).toLowerCase();
      unit = INTERVAL_UNITS.get(word) ?? null;
      if (unit === null) throw syntaxAt(onlyToken(unitNode), 'expected an interval unit (YEAR, MONTH, DAY, ...)');
    }
    let value: A.Expr;
    const str = tok(c, 'StringLiteral');
    const num = tok(c, 'NumberLiteral');
    if (str) value = stringLiteral(str);
    else if (num) {
      const lit = numberLiteral(num) as Extract<A.LiteralExpr, { type: 'number' }>;
      const minus = tok(c, 'Minus');
      value = minus ? { ...lit, value: -lit.value, text: `-${lit.text}`, pos: tokPos(minus) } : lit;
    } else value = this.expr(must(c, 'expr'));
    return { kind: 'interval', value, unit, pos };
  }

  private substringCall(n: CstNode): A.FunctionCallExpr {
    const c = n.children;
    const pos = nodePos(n);
    const args = subs(c, 'arg').map((a) => this.expr(a));
    const from = sub(c, 'from');
    const forNode = sub(c, 'for');
    if (from) args.push(this.expr(from));
    else if (forNode) args.push({ kind: 'literal', type: 'number', value: 1, text: '1', pos: tokPos(tok(c, 'FOR')!) });
    if (forNode) args.push(this.expr(forNode));
    return func('substring', args, pos);
  }

  private trimCall(n: CstNode): A.FunctionCallExpr {
    const c = n.children;
    const side = tok(c, 'side');
    const name = side?.image.toLowerCase() === 'leading' ? 'ltrim' : side?.image.toLowerCase() === 'trailing' ? 'rtrim' : 'trim';
    const first = sub(c, 'first');
    const source = sub(c, 'source');
    let args: A.Expr[];
    if (source) args = first ? [this.expr(source), this.expr(first)] : [this.expr(source)];
    else args = [this.expr(first!), ...subs(c, 'rest').map((r) => this.expr(r))];
    return func(name, args, nodePos(n));
  }

  private nameExpr(n: CstNode): A.Expr {
    const c = n.children;
    const parts = subs(c, 'identifier').map(identName);
    const pos = nodePos(n);
    const last = parts[parts.length - 1];
    const call = sub(c, 'funcCall');
    if (call) return this.funcCall(last.toLowerCase(), pos, call);
    const str = tok(c, 'StringLiteral');
    if (str) return { kind: 'typed_literal', typeName: { name: last.toUpperCase(), args: [] }, value: unquote(str.image, "'"), pos };
    if (c.Star) return { kind: 'star', table: last, pos };
    if (parts.length === 1) return { kind: 'column', table: null, name: last, pos };
    return { kind: 'column', table: parts[parts.length - 2], name: last, pos };
  }

  private funcCall(name: string, pos: SourcePos, n: CstNode): A.FunctionCallExpr {
    const c = n.children;
    const args = sub(c, 'exprList');
    const order = sub(c, 'orderByClause');
    const within = sub(c, 'withinGroup');
    const filter = sub(c, 'filter');
    const windowName = sub(c, 'windowName');
    const spec = sub(c, 'windowSpec');
    let over: A.WindowSpec | null = null;
    if (windowName) over = { baseName: identName(windowName), partitionBy: [], orderBy: [], frame: null };
    else if (spec) over = this.windowSpec(spec);
    return {
      kind: 'function',
      name,
      args: args ? this.exprList(args) : [],
      distinct: c.DISTINCT !== undefined,
      star: c.Star !== undefined,
      filter: filter ? this.expr(filter) : null,
      orderBy: [...(order ? this.orderBy(order) : []), ...(within ? this.orderBy(within) : [])],
      over,
      ignoreNulls: subs(c, 'nullTreatment').some((t) => t.children.IGNORE !== undefined),
      pos,
    };
  }

  typeName(n: CstNode): A.TypeName {
    const c = n.children;
    const id = sub(c, 'identifier');
    let name = id ? identName(id).toUpperCase() : 'INTERVAL';
    if (c.PRECISION && name === 'DOUBLE') name = 'DOUBLE';
    if (c.VARYING) name = 'VARCHAR';
    if (c.withTimeZone) name = name === 'TIME' ? 'TIMETZ' : 'TIMESTAMPTZ';
    return { name, args: toks(c, 'NumberLiteral').map((t) => Number(t.image)) };
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
