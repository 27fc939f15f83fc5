/**
 * SQL tokens (chevrotain). Keywords are case-insensitive and never steal an identifier that only
 * starts with a keyword (`longer_alt: Ident`, and longer keywords are tried before their prefixes).
 *
 * Keywords come in two kinds:
 * - reserved keywords (SELECT, FROM, AND, ...): never usable as a bare identifier;
 * - non-reserved keywords: they carry the `UnreservedKeyword` category, so the parser's
 *   `identifier` rule accepts them as column, table, alias or function names (`year`, `first`,
 *   `key`, `filter`, `replace`, `position`, ...), as in PostgreSQL and DuckDB.
 *
 * Words the grammar only needs in one spot and that are ordinary names elsewhere (type names such
 * as DATE or INTEGER, interval units such as DAY, EXTRACT fields) are not keywords at all.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

// ---------------------------------------------------------------------------------------------
// Whitespace, comments, literals and identifiers
// ---------------------------------------------------------------------------------------------

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
/** `/*` with no closing `*\/`: the lexer wrapper reports it with its own message. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/ });

/** `E'...'`: a string with C-style backslash escapes. Listed before identifiers. */
export const EscapeString = createToken({
  name: 'EscapeString',
  pattern: /[eE]'(?:[^'\\]|''|\\[\s\S])*'/,
  start_chars_hint: ['e', 'E'],
});
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^']|'')*'/ });
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /'[\s\S]*/ });

export const QuotedIdent = createToken({ name: 'QuotedIdent', pattern: /"(?:[^"]|"")*"/ });
export const UnterminatedQuotedIdent = createToken({ name: 'UnterminatedQuotedIdent', pattern: /"[\s\S]*/ });
export const BacktickIdent = createToken({ name: 'BacktickIdent', pattern: /`(?:[^`]|``)*`/ });
export const UnterminatedBacktickIdent = createToken({ name: 'UnterminatedBacktickIdent', pattern: /`[\s\S]*/ });

/** `1`, `1.5`, `.5`, `1.`, `1e3`, `1.5E-3`. */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
});

/** `$1`, `$2`, ... */
export const DollarParam = createToken({ name: 'DollarParam', pattern: /\$\d+/ });
export const QuestionParam = createToken({ name: 'QuestionParam', pattern: /\?/ });

/** A plain identifier; folded to lower case by the AST builder. */
export const Ident = createToken({
  name: 'Ident',
  pattern: /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_$\u00C0-\uFFFF]*/,
});

/** The category of every non-reserved keyword: such a keyword may be used as an identifier. */
export const UnreservedKeyword = createToken({ name: 'UnreservedKeyword', pattern: Lexer.NA });

// ---------------------------------------------------------------------------------------------
// Operators and punctuation (longer operators before their prefixes)
// ---------------------------------------------------------------------------------------------

export const DoubleColon = createToken({ name: 'DoubleColon', pattern: /::/ });
export const Concat = createToken({ name: 'Concat', pattern: /\|\|/ });
export const IntDiv = createToken({ name: 'IntDiv', pattern: /\/\// });
export const NotEq = createToken({ name: 'NotEq', pattern: /<>|!=/ });
export const LtEq = createToken({ name: 'LtEq', pattern: /<=/ });
export const GtEq = createToken({ name: 'GtEq', pattern: />=/ });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/ });
export const Eq = createToken({ name: 'Eq', pattern: /=/ });
export const Lt = createToken({ name: 'Lt', pattern: /</ });
export const Gt = createToken({ name: 'Gt', pattern: />/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
export const Percent = createToken({ name: 'Percent', pattern: /%/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });

// ---------------------------------------------------------------------------------------------
// Keywords
// ---------------------------------------------------------------------------------------------

const keywordTokens: TokenType[] = [];
/** Lower-case keyword text -> token type. */
export const keywordsByText = new Map<string, TokenType>();

function keyword(word: string, reserved: boolean): TokenType {
  const tok = createToken({
    name: word,
    pattern: new RegExp(word.toLowerCase(), 'i'),
    longer_alt: Ident,
    categories: reserved ? [] : [UnreservedKeyword],
  });
  keywordTokens.push(tok);
  keywordsByText.set(word.toLowerCase(), tok);
  return tok;
}
const reserved = (word: string): TokenType => keyword(word, true);
const unreserved = (word: string): TokenType => keyword(word, false);

// Reserved: never a bare identifier.
export const ALL = reserved('ALL');
export const AND = reserved('AND');
export const AS = reserved('AS');
export const ASC = reserved('ASC');
export const BETWEEN = reserved('BETWEEN');
export const BOTH = reserved('BOTH');
export const CASE = reserved('CASE');
export const CAST = reserved('CAST');
export const CREATE = reserved('CREATE');
export const CROSS = reserved('CROSS');
export const DEFAULT = reserved('DEFAULT');
export const DESC = reserved('DESC');
export const DISTINCT = reserved('DISTINCT');
export const ELSE = reserved('ELSE');
export const END = reserved('END');
export const EXCEPT = reserved('EXCEPT');
export const EXISTS = reserved('EXISTS');
export const FALSE = reserved('FALSE');
export const FOR = reserved('FOR');
export const FROM = reserved('FROM');
export const FULL = reserved('FULL');
export const GROUP = reserved('GROUP');
export const HAVING = reserved('HAVING');
export const ILIKE = reserved('ILIKE');
export const IN = reserved('IN');
export const INNER = reserved('INNER');
export const INTERSECT = reserved('INTERSECT');
export const INTERVAL = reserved('INTERVAL');
export const INTO = reserved('INTO');
export const IS = reserved('IS');
export const ISNULL = reserved('ISNULL');
export const JOIN = reserved('JOIN');
export const LATERAL = reserved('LATERAL');
export const LEADING = reserved('LEADING');
export const LEFT = reserved('LEFT');
export const LIKE = reserved('LIKE');
export const LIMIT = reserved('LIMIT');
export const NATURAL = reserved('NATURAL');
export const NOT = reserved('NOT');
export const NOTNULL = reserved('NOTNULL');
export const NULL = reserved('NULL');
export const OFFSET = reserved('OFFSET');
export const ON = reserved('ON');
export const OR = reserved('OR');
export const ORDER = reserved('ORDER');
export const OUTER = reserved('OUTER');
export const OVER = reserved('OVER');
export const PRIMARY = reserved('PRIMARY');
export const QUALIFY = reserved('QUALIFY');
export const RIGHT = reserved('RIGHT');
export const SELECT = reserved('SELECT');
export const TABLE = reserved('TABLE');
export const THEN = reserved('THEN');
export const TO = reserved('TO');
export const TRAILING = reserved('TRAILING');
export const TRUE = reserved('TRUE');
export const TRY_CAST = reserved('TRY_CAST');
export const UNION = reserved('UNION');
export const UNIQUE = reserved('UNIQUE');
export const USING = reserved('USING');
export const VALUES = reserved('VALUES');
export const WHEN = reserved('WHEN');
export const WHERE = reserved('WHERE');
export const WINDOW = reserved('WINDOW');
export const WITH = reserved('WITH');

// Non-reserved: also identifiers.
export const ABORT = unreserved('ABORT');
export const ADD = unreserved('ADD');
export const ALTER = unreserved('ALTER');
export const COLUMN = unreserved('COLUMN');
export const ANALYZE = unreserved('ANALYZE');
export const BEGIN = unreserved('BEGIN');
export const BY = unreserved('BY');
export const CASCADE = unreserved('CASCADE');
export const CHECKPOINT = unreserved('CHECKPOINT');
export const COMMIT = unreserved('COMMIT');
export const COPY = unreserved('COPY');
export const CUBE = unreserved('CUBE');
export const CURRENT = unreserved('CURRENT');
export const DELETE = unreserved('DELETE');
export const DROP = unreserved('DROP');
export const ESCAPE = unreserved('ESCAPE');
export const EXCLUDE = unreserved('EXCLUDE');
export const EXPLAIN = unreserved('EXPLAIN');
export const EXTRACT = unreserved('EXTRACT');
export const FILTER = unreserved('FILTER');
export const FIRST = unreserved('FIRST');
export const FOLLOWING = unreserved('FOLLOWING');
export const GLOBAL = unreserved('GLOBAL');
export const GROUPING = unreserved('GROUPING');
export const GROUPS = unreserved('GROUPS');
export const IF = unreserved('IF');
export const IGNORE = unreserved('IGNORE');
export const INDEX = unreserved('INDEX');
export const INSERT = unreserved('INSERT');
export const KEY = unreserved('KEY');
export const LAST = unreserved('LAST');
export const LOCAL = unreserved('LOCAL');
export const MATERIALIZED = unreserved('MATERIALIZED');
export const NO = unreserved('NO');
export const NULLS = unreserved('NULLS');
export const OTHERS = unreserved('OTHERS');
export const PARTITION = unreserved('PARTITION');
export const POSITION = unreserved('POSITION');
export const PRAGMA = unreserved('PRAGMA');
export const PRECEDING = unreserved('PRECEDING');
export const PRECISION = unreserved('PRECISION');
export const RANGE = unreserved('RANGE');
export const RECURSIVE = unreserved('RECURSIVE');
export const REFRESH = unreserved('REFRESH');
export const REPLACE = unreserved('REPLACE');
export const RESET = unreserved('RESET');
export const RESPECT = unreserved('RESPECT');
export const RESTRICT = unreserved('RESTRICT');
export const ROLLBACK = unreserved('ROLLBACK');
export const ROLLUP = unreserved('ROLLUP');
export const ROW = unreserved('ROW');
export const ROWS = unreserved('ROWS');
export const SESSION = unreserved('SESSION');
export const SET = unreserved('SET');
export const SETS = unreserved('SETS');
export const START = unreserved('START');
export const SUBSTRING = unreserved('SUBSTRING');
export const TEMP = unreserved('TEMP');
export const TEMPORARY = unreserved('TEMPORARY');
export const TIES = unreserved('TIES');
export const TIME = unreserved('TIME');
export const TRANSACTION = unreserved('TRANSACTION');
export const TRIM = unreserved('TRIM');
export const UNBOUNDED = unreserved('UNBOUNDED');
export const UPDATE = unreserved('UPDATE');
export const VARYING = unreserved('VARYING');
export const VIEW = unreserved('VIEW');
export const WITHIN = unreserved('WITHIN');
export const WITHOUT = unreserved('WITHOUT');
export const WORK = unreserved('WORK');
export const ZONE = unreserved('ZONE');

// ---------------------------------------------------------------------------------------------
// The token vocabulary, in lexing order (the first pattern that matches wins)
// ---------------------------------------------------------------------------------------------

/** Longest keywords first, so that e.g. INTERVAL is tried before INTERSECT's prefix IN. */
const sortedKeywords = [...keywordTokens].sort(
  (a, b) => String(b.PATTERN).length - String(a.PATTERN).length,
);

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  EscapeString,
  StringLiteral,
  UnterminatedString,
  QuotedIdent,
  UnterminatedQuotedIdent,
  BacktickIdent,
  UnterminatedBacktickIdent,
  NumberLiteral,
  DollarParam,
  QuestionParam,
  DoubleColon,
  Concat,
  IntDiv,
  NotEq,
  LtEq,
  GtEq,
  EqEq,
  Eq,
  Lt,
  Gt,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LParen,
  RParen,
  Comma,
  Dot,
  Semicolon,
  UnreservedKeyword,
  ...sortedKeywords,
  Ident,
];

// ---------------------------------------------------------------------------------------------
// Names for error messages
// ---------------------------------------------------------------------------------------------

const punctuation = new Map<TokenType, string>([
  [DoubleColon, '"::"'],
  [Concat, '"||"'],
  [IntDiv, '"//"'],
  [NotEq, '"<>"'],
  [LtEq, '"<="'],
  [GtEq, '">="'],
  [EqEq, '"=="'],
  [Eq, '"="'],
  [Lt, '"<"'],
  [Gt, '">"'],
  [Plus, '"+"'],
  [Minus, '"-"'],
  [Star, '"*"'],
  [Slash, '"/"'],
  [Percent, '"%"'],
  [LParen, '"("'],
  [RParen, '")"'],
  [Comma, '","'],
  [Dot, '"."'],
  [Semicolon, '";"'],
  [Ident, 'an identifier'],
  [QuotedIdent, 'an identifier'],
  [BacktickIdent, 'an identifier'],
  [UnreservedKeyword, 'an identifier'],
  [NumberLiteral, 'a number'],
  [StringLiteral, 'a string'],
  [EscapeString, 'a string'],
  [DollarParam, 'a parameter'],
  [QuestionParam, 'a parameter'],
]);

/** A human name for a token type: `"FROM"`, `")"`, `an identifier`, `end of input`. */
export function tokenDisplayName(tt: TokenType): string {
  const p = punctuation.get(tt);
  if (p) return p;
  if (tt.name === 'EOF') return 'end of input';
  return `"${tt.name}"`;
}
