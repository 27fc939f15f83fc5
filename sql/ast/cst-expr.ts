/**
 * The expression half of the CST visitor (see `cst-to-ast.ts`): CST access helpers and the
 * conversion of expressions, windows, ORDER BY lists and type names.
 */
import type { CstChildrenDictionary, CstElement, CstNode, IToken } from 'chevrotain';
import { StrataError, type SourcePos } from '../../engine/errors.js';
import { INTERVAL_UNITS } from '../parser/expr-grammar.js';
import type * as A from './ast.js';

// ---------------------------------------------------------------------------------------------
// CST access helpers
// ---------------------------------------------------------------------------------------------

export type Ctx = CstChildrenDictionary;

export function isNode(e: CstElement): e is CstNode {
  return (e as CstNode).children !== undefined;
}

export function sub(c: Ctx, key: string, i = 0): CstNode | undefined {
  const a = c[key];
  return a === undefined ? undefined : (a[i] as CstNode | undefined);
}

export function subs(c: Ctx, key: string): CstNode[] {
  return (c[key] as CstNode[] | undefined) ?? [];
}

export function must(c: Ctx, key: string, i = 0): CstNode {
  const n = sub(c, key, i);
  if (n === undefined) throw new StrataError('syntax', `syntax error: missing ${key}`);
  return n;
}

export function tok(c: Ctx, key: string, i = 0): IToken | undefined {
  const a = c[key];
  return a === undefined ? undefined : (a[i] as IToken | undefined);
}

export function toks(c: Ctx, key: string): IToken[] {
  return (c[key] as IToken[] | undefined) ?? [];
}

export function tokPos(t: IToken): SourcePos {
  return { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 };
}

export function nodePos(n: CstNode): SourcePos {
  const l = n.location;
  if (l === undefined || Number.isNaN(l.startOffset)) return { offset: 0, line: 1, column: 1 };
  return { offset: l.startOffset, line: l.startLine ?? 1, column: l.startColumn ?? 1 };
}

export function syntaxAt(t: IToken, what: string): StrataError {
  return new StrataError('syntax', `syntax error at or near "${t.image}": ${what}`, tokPos(t));
}

/** The only token among a node's children (for single-token rules such as `identifier`). */
export function onlyToken(n: CstNode): IToken {
  for (const key in n.children) {
    const e = n.children[key][0];
    if (e !== undefined && !isNode(e)) return e;
  }
  throw new StrataError('syntax', `syntax error: empty ${n.name}`);
}

/** The first token of a node (in source order). */
export function firstToken(n: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const key in n.children) {
    for (const e of n.children[key]) {
      const t = isNode(e) ? firstToken(e) : e;
      if (t !== undefined && (best === undefined || t.startOffset < best.startOffset)) best = t;
    }
  }
  return best;
}

/** Follows a chain of single-child nodes (`expr` -> `andExpr` -> ... -> `primary`). */
export function unwrapChain(n: CstNode): CstNode {
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

export function unquote(image: string, quote: string): string {
  return image.slice(1, -1).split(quote + quote).join(quote);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

export function unescapeE(image: string): string {
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
export function identName(n: CstNode): string {
  const t = onlyToken(n);
  const first = t.image[0];
  if (first === '"') return unquote(t.image, '"');
  if (first === '`') return unquote(t.image, '`');
  return t.image.toLowerCase();
}

export function identList(n: CstNode | undefined): string[] {
  return n === undefined ? [] : subs(n.children, 'identifier').map(identName);
}

export function qualifiedParts(n: CstNode): string[] {
  return subs(n.children, 'identifier').map(identName);
}

export function lastPart(n: CstNode): string {
  const parts = qualifiedParts(n);
  return parts[parts.length - 1];
}

export function stringLiteral(t: IToken): A.LiteralExpr {
  const value = t.image[0] === "'" ? unquote(t.image, "'") : unescapeE(t.image);
  return { kind: 'literal', type: 'string', value, pos: tokPos(t) };
}

export function numberLiteral(t: IToken): A.LiteralExpr {
  return { kind: 'literal', type: 'number', value: Number(t.image), text: t.image, pos: tokPos(t) };
}

export function func(name: string, args: A.Expr[], pos: SourcePos): A.FunctionCallExpr {
  return { kind: 'function', name, args, distinct: false, star: false, filter: null, orderBy: [], over: null, ignoreNulls: false, pos };
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export abstract class ExprBuilder {
  /** The next `?` parameter number; restarts at 1 for each statement. */
  protected nextParam = 1;

  /** Converts a `selectStmt` node (queries are in `cst-to-ast.ts`). */
  abstract selectStmt(n: CstNode): A.SelectStatement;

  protected subquery(n: CstNode): A.SelectStatement {
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

  protected windowSpec(n: CstNode): A.WindowSpec {
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

  protected frame(n: CstNode): A.WindowFrame {
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

  protected frameBound(n: CstNode): A.FrameBound {
    const c = n.children;
    if (c.CURRENT) return { kind: 'current_row' };
    const preceding = c.PRECEDING !== undefined;
    if (c.UNBOUNDED) return { kind: preceding ? 'unbounded_preceding' : 'unbounded_following' };
    const offset = this.expr(must(c, 'offset'));
    return preceding ? { kind: 'preceding', offset } : { kind: 'following', offset };
  }

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

  protected foldSame(operands: CstNode[], op: 'and' | 'or'): A.Expr {
    let left = this.expr(operands[0]);
    for (let i = 1; i < operands.length; i++) left = { kind: 'binary', op, left, right: this.expr(operands[i]), pos: left.pos };
    return left;
  }

  protected foldOps(operands: CstNode[], ops: IToken[]): A.Expr {
    let left = this.expr(operands[0]);
    for (let i = 0; i < ops.length; i++) {
      const image = ops[i].image;
      const op = (image === '==' ? '=' : image === '!=' ? '<>' : image) as A.BinaryOp;
      left = { kind: 'binary', op, left, right: this.expr(operands[i + 1]), pos: left.pos };
    }
    return left;
  }

  protected notExpr(n: CstNode): A.Expr {
    const c = n.children;
    const not = tok(c, 'NOT');
    if (!not) return this.expr(must(c, 'isExpr'));
    const arg = this.expr(must(c, 'notExpr'));
    if (arg.kind === 'exists' && !arg.not) return { ...arg, not: true, pos: tokPos(not) };
    return { kind: 'unary', op: 'not', arg, pos: tokPos(not) };
  }

  protected isExpr(n: CstNode): A.Expr {
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

  protected predExpr(n: CstNode): A.Expr {
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

  protected unaryExpr(n: CstNode): A.Expr {
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

  protected primary(n: CstNode): A.Expr {
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
        // POSITION(needle IN haystack) is strpos(haystack, needle).
        return func('position', subs(pcall.children, 'arg').map((a) => this.expr(a)).reverse(), nodePos(pcall));
      }
      case 'substringCall': return this.substringCall(must(c, 'substringCall'));
      case 'trimCall': return this.trimCall(must(c, 'trimCall'));
      case 'keywordFunc': return this.funcCall(t!.image.toLowerCase(), tokPos(t!), must(c, 'funcCall'));
      case 'nameExpr': return this.nameExpr(must(c, 'nameExpr'));
      default: throw new StrataError('syntax', `syntax error: unexpected ${key}`, nodePos(n));
    }
  }

  protected caseExpr(n: CstNode): A.CaseExpr {
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

  protected intervalExpr(n: CstNode): A.IntervalExpr {
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

  protected substringCall(n: CstNode): A.FunctionCallExpr {
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

  protected trimCall(n: CstNode): A.FunctionCallExpr {
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

  protected nameExpr(n: CstNode): A.Expr {
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

  protected funcCall(name: string, pos: SourcePos, n: CstNode): A.FunctionCallExpr {
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
