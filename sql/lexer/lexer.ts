/** The SQL lexer: one shared chevrotain Lexer and `tokenize`, which turns lexing errors into StrataErrors. */
import { Lexer, type IToken, type TokenType } from 'chevrotain';
import { StrataError, type SourcePos } from '../../engine/errors.js';
import {
  allTokens,
  UnterminatedBacktickIdent,
  UnterminatedComment,
  UnterminatedQuotedIdent,
  UnterminatedString,
} from './tokens.js';

export const sqlLexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: true,
});

const unterminatedMessages = new Map<TokenType, string>([
  [UnterminatedString, 'unterminated quoted string'],
  [UnterminatedQuotedIdent, 'unterminated quoted identifier'],
  [UnterminatedBacktickIdent, 'unterminated quoted identifier'],
  [UnterminatedComment, 'unterminated /* comment'],
]);

/** A short, one-line excerpt of source text for messages. */
export function excerpt(text: string): string {
  const firstLine = text.split(/[\r\n]/, 1)[0] ?? '';
  return firstLine.length > 24 ? `${firstLine.slice(0, 24)}...` : firstLine;
}

/** The position of a token (offset 0-based, line and column 1-based). */
export function tokenPos(tok: IToken): SourcePos {
  return { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 };
}

/** The position just past the end of `text`. */
export function endPos(text: string): SourcePos {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: text.length, line, column: text.length - lineStart + 1 };
}

/** Splits SQL text into tokens (whitespace and comments dropped); throws a `syntax` StrataError. */
export function tokenize(text: string): IToken[] {
  const result = sqlLexer.tokenize(text);
  if (result.errors.length > 0) {
    const err = result.errors[0];
    const pos: SourcePos = { offset: err.offset, line: err.line ?? 1, column: err.column ?? 1 };
    const found = String.fromCodePoint(text.codePointAt(err.offset) ?? 0x3f);
    throw new StrataError('syntax', `syntax error at or near "${found}": unexpected character`, pos);
  }
  const tokens = result.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const msg = unterminatedMessages.get(tokens[i].tokenType);
    if (msg !== undefined) {
      throw new StrataError('syntax', `${msg} at or near "${excerpt(tokens[i].image)}"`, tokenPos(tokens[i]));
    }
  }
  return tokens;
}
