/** Syntax error messages: chevrotain's expected-token paths collapsed into a few human names. */
import { tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';

// ---------------------------------------------------------------------------------------------
// Error messages: the parser reports JSON that `parse.ts` turns into a StrataError
// ---------------------------------------------------------------------------------------------

/** What the error message provider encodes in a chevrotain exception's message. */
export interface EncodedSyntaxError {
  expected: string[];
  /** Index into the exception's lookahead tokens of the token actually at fault (NoViableAlt). */
  at: number;
}

const LITERAL_TOKENS = new Set<TokenType>([T.NumberLiteral, T.StringLiteral, T.EscapeString]);

/** Tokens that can start an expression; collapsed into "an expression" in messages. */
const EXPR_START = new Set<TokenType>([
  T.NumberLiteral, T.StringLiteral, T.EscapeString, T.DollarParam, T.QuestionParam, T.TRUE, T.FALSE,
  T.NULL, T.LParen, T.CASE, T.CAST, T.TRY_CAST, T.EXISTS, T.INTERVAL, T.NOT, T.Plus, T.Minus,
  T.LEFT, T.RIGHT, T.Ident, T.QuotedIdent, T.BacktickIdent, T.UnreservedKeyword,
]);
/** Noise that is dropped when an expression is expected (`SELECT` may also take `*`, DISTINCT...). */
const EXPR_MODIFIERS = new Set<TokenType>([T.Star, T.DISTINCT, T.ALL]);

function isExprStart(tt: TokenType): boolean {
  return EXPR_START.has(tt) || (tt.CATEGORIES?.includes(T.UnreservedKeyword) ?? false);
}

/** Human names for a set of expected token types, short and de-duplicated. */
export function expectedNames(types: readonly TokenType[]): string[] {
  const exprExpected = types.some((tt) => LITERAL_TOKENS.has(tt));
  const names: string[] = [];
  if (exprExpected) names.push('an expression');
  const querySelect = types.includes(T.SELECT);
  for (const tt of types) {
    if (exprExpected && (isExprStart(tt) || EXPR_MODIFIERS.has(tt))) continue;
    // A query may start with SELECT, WITH or VALUES: naming SELECT is enough.
    if (querySelect && (tt === T.WITH || tt === T.VALUES)) continue;
    const name = T.tokenDisplayName(tt);
    if (!names.includes(name)) names.push(name);
  }
  return names.length > 6 ? [...names.slice(0, 5), '...'] : names;
}

function encode(expected: string[], at = 0): string {
  return JSON.stringify({ expected, at } satisfies EncodedSyntaxError);
}

/** The deepest position at which some path still matched, and the tokens expected there. */
function expectedFromPaths(paths: TokenType[][], actual: IToken[]): { at: number; types: TokenType[] } {
  let best = 0;
  const depths = paths.map((path) => {
    let d = 0;
    while (d < path.length - 1 && d < actual.length && tokenMatcher(actual[d], path[d])) d++;
    if (d > best) best = d;
    return d;
  });
  const types: TokenType[] = [];
  paths.forEach((path, i) => {
    if (depths[i] === best && path.length > best && !types.includes(path[best])) types.push(path[best]);
  });
  return { at: best, types };
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected }) {
    return encode([T.tokenDisplayName(expected)]);
  },
  buildNotAllInputParsedMessage({ ruleName }) {
    return encode(ruleName === 'script' ? ['";"', 'end of input'] : ['end of input']);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription }) {
    const { at, types } = expectedFromPaths(expectedPathsPerAlt.flat(), actual);
    if (customUserDescription && at === 0) return encode(customUserDescription.split('|'));
    return encode(expectedNames(types), at);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, customUserDescription }) {
    const { at, types } = expectedFromPaths(expectedIterationPaths, actual);
    if (customUserDescription && at === 0) return encode(customUserDescription.split('|'));
    return encode(expectedNames(types), at);
  },
};
