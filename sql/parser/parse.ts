/**
 * The parser's entry points: SQL text -> AST. Every failure is a StrataError with code `syntax`
 * and the position of the offending token; no chevrotain exception or TypeError escapes.
 */
import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import { StrataError, type SourcePos } from '../../engine/errors.js';
import { AstBuilder } from '../ast/cst-to-ast.js';
import type { Expr, Statement } from '../ast/ast.js';
import { endPos, excerpt, tokenize, tokenPos } from '../lexer/lexer.js';
import { Semicolon } from '../lexer/tokens.js';
import { parseInsertValues } from './insert-values-fast-path.js';
import { sqlParser, type EncodedSyntaxError } from './parser.js';

/**
 * Parses a script of `;`-separated statements; empty statements are skipped. `?` parameters are
 * numbered from 1 within each statement.
 */
export function parseSql(text: string): Statement[] {
  // Bulk INSERT ... VALUES statements skip the grammar (see insert-values-fast-path.ts); a
  // script is split on `;` tokens and only the other statements go through chevrotain.
  let tokens: IToken[];
  try {
    tokens = tokenize(text);
  } catch {
    // A lexing error: the full path reports it with its position.
    return run(text, () => sqlParser.script(), (cst, b) => b.script(cst));
  }
  if (!tokens.some((t) => t.tokenType.name === 'INSERT')) return run(text, () => sqlParser.script(), (cst, b) => b.script(cst));
  const out: Statement[] = [];
  let start = 0;
  let pendingStart = -1;
  const flushPending = (upTo: number) => {
    if (pendingStart < 0) return;
    // The tokens keep their offsets in `text`, so positions and source slices stay right.
    const slice = tokens.slice(pendingStart, upTo);
    out.push(...run(text, () => sqlParser.script(), (cst, b) => b.script(cst), slice));
    pendingStart = -1;
  };
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && tokens[i].tokenType !== Semicolon) continue;
    if (i > start) {
      const fast = parseInsertValues(tokens, start, i);
      if (fast !== null) {
        flushPending(start);
        out.push(fast);
      } else if (pendingStart < 0) {
        pendingStart = start;
      }
    }
    start = i + 1;
  }
  flushPending(tokens.length);
  return out;
}

/** Parses with the full grammar only, without the INSERT fast path (the reference for tests). */
export function parseSqlWithGrammar(text: string): Statement[] {
  return run(text, () => sqlParser.script(), (cst, b) => b.script(cst));
}

/** Parses a single expression (for tests and column defaults). */
export function parseExpression(text: string): Expr {
  return run(text, () => sqlParser.expr(), (cst, b) => b.expr(cst));
}

function run<T>(text: string, rule: () => CstNode, build: (cst: CstNode, b: AstBuilder) => T, given?: IToken[]): T {
  try {
    const tokens = given ?? tokenize(text);
    sqlParser.input = tokens;
    const cst = rule();
    const errors = sqlParser.errors;
    if (errors.length > 0) throw toStrataError(errors[0], tokens, text);
    return build(cst, new AstBuilder(text));
  } catch (e) {
    if (e instanceof StrataError) throw e;
    if (e instanceof RangeError) throw new StrataError('syntax', 'syntax error: statement is too deeply nested');
    throw new StrataError('syntax', `syntax error: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    sqlParser.input = [];
  }
}

function isEof(t: IToken | undefined): boolean {
  return t === undefined || t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
}

/** Joins expected names: `a`, `a or b`, `a, b or c`, `a, b, c, ...`. */
function formatExpected(names: readonly string[]): string {
  if (names.length === 0) return '';
  const last = names[names.length - 1];
  if (last === '...') return `${names.slice(0, -1).join(', ')}, ...`;
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')} or ${last}`;
}

function toStrataError(err: IRecognitionException, tokens: IToken[], text: string): StrataError {
  let expected: string[] = [];
  let at = 0;
  try {
    const decoded = JSON.parse(err.message) as EncodedSyntaxError;
    expected = decoded.expected;
    at = decoded.at;
  } catch {
    // Not one of ours: keep the message empty and report the token only.
  }
  let found: IToken | undefined = err.token;
  if (err.name === 'NotAllInputParsedException') {
    // Leftover input right at the start of a statement: it is not a statement at all.
    const idx = tokens.indexOf(found);
    if (idx === 0 || (idx > 0 && tokens[idx - 1].tokenType === Semicolon)) expected = ['a statement'];
  }
  if (at > 0 && !isEof(found)) {
    const idx = tokens.indexOf(found);
    found = idx >= 0 ? tokens[idx + at] : found;
  }
  let where: string;
  let pos: SourcePos;
  if (isEof(found)) {
    where = 'syntax error at end of input';
    // Just past the last token (trailing blanks and comments do not move it).
    const last = tokens[tokens.length - 1];
    pos = last === undefined || last.endOffset === undefined
      ? endPos(text)
      : { offset: last.endOffset + 1, line: last.endLine ?? 1, column: (last.endColumn ?? 0) + 1 };
  } else {
    where = `syntax error at or near "${excerpt(found!.image)}"`;
    pos = tokenPos(found!);
  }
  const message = expected.length > 0 ? `${where}: expected ${formatExpected(expected)}` : where;
  return new StrataError('syntax', message, pos, expected);
}
