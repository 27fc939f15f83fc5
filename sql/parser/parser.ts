/**
 * The SQL grammar: a grammar-only chevrotain CstParser. One instance is built (self-analysis is
 * costly) and reused for every parse; `sql/ast/cst-to-ast.ts` turns its CST into the AST.
 *
 * Expression precedence follows PostgreSQL, lowest first:
 *   OR < AND < NOT < IS/ISNULL/NOTNULL < comparison < BETWEEN/IN/LIKE/ILIKE < || < + - < * / // %
 *   < unary + - < :: < primary.
 */
import {
  CstParser,
  tokenMatcher,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from 'chevrotain';
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
  for (const tt of types) {
    if (exprExpected && (isExprStart(tt) || EXPR_MODIFIERS.has(tt))) continue;
    const name = T.tokenDisplayName(tt);
    if (!names.includes(name)) names.push(name);
  }
  return names.length > 6 ? [...names.slice(0, 5), 'more'] : names;
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

const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected }) {
    return encode([T.tokenDisplayName(expected)]);
  },
  buildNotAllInputParsedMessage({ ruleName }) {
    return encode(ruleName === 'script' ? ['";"', 'end of input'] : ['end of input']);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription }) {
    const { at, types } = expectedFromPaths(expectedPathsPerAlt.flat(), actual);
    if (customUserDescription && at === 0) return encode([customUserDescription]);
    return encode(expectedNames(types), at);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, customUserDescription }) {
    const { at, types } = expectedFromPaths(expectedIterationPaths, actual);
    if (customUserDescription && at === 0) return encode([customUserDescription]);
    return encode(expectedNames(types), at);
  },
};

// ---------------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------------

const QUERY_START = new Set<TokenType>([T.SELECT, T.WITH, T.VALUES]);

/** Interval units accepted after `INTERVAL '...'` (singular and plural). */
export const INTERVAL_UNITS = new Map<string, string>();
for (const [unit, plural] of [
  ['year', 'years'], ['month', 'months'], ['day', 'days'], ['hour', 'hours'], ['minute', 'minutes'],
  ['second', 'seconds'], ['week', 'weeks'], ['quarter', 'quarters'], ['decade', 'decades'],
  ['century', 'centuries'], ['millennium', 'millennia'], ['millisecond', 'milliseconds'],
  ['microsecond', 'microseconds'],
]) {
  INTERVAL_UNITS.set(unit, unit);
  INTERVAL_UNITS.set(plural, unit);
}
INTERVAL_UNITS.set('millenniums', 'millennium');

export function isIdentToken(tok: IToken): boolean {
  return tokenMatcher(tok, T.Ident) || tokenMatcher(tok, T.UnreservedKeyword) ||
    tok.tokenType === T.QuotedIdent || tok.tokenType === T.BacktickIdent;
}

export class SqlParser extends CstParser {
  constructor() {
    super(T.allTokens, { maxLookahead: 3, nodeLocationTracking: 'full', errorMessageProvider });
    this.performSelfAnalysis();
  }

  // ----- lookahead helpers (used in GATEs) -----

  /** At a `(` that opens a query (`(SELECT`, `(WITH`, `(VALUES`, or `((...` that parses as one). */
  private subqueryAhead(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    const second = this.LA(2).tokenType;
    if (QUERY_START.has(second)) return true;
    if (second !== T.LParen) return false;
    return this.BACKTRACK(this.subquery).call(this);
  }

  /** At `*`, `t.*` or `s.t.*` in a select list. */
  private starAhead(): boolean {
    let k = 1;
    for (;;) {
      const tok = this.LA(k);
      if (tok.tokenType === T.Star) return true;
      if (!isIdentToken(tok) || this.LA(k + 1).tokenType !== T.Dot) return false;
      k += 2;
    }
  }

  private unitAhead(): boolean {
    const tok = this.LA(1);
    return isIdentToken(tok) && INTERVAL_UNITS.has(tok.image.toLowerCase());
  }

  private previousIs(word: string): boolean {
    return this.LA(0).image.toLowerCase() === word;
  }

  // ----- script and statements -----

  public script = this.RULE('script', () => {
    this.OPTION(() => this.SUBRULE(this.statement));
    this.MANY(() => {
      this.CONSUME(T.Semicolon);
      this.OPTION2(() => this.SUBRULE2(this.statement));
    });
  });

  public statement = this.RULE('statement', () => {
    this.OR({
      ERR_MSG: 'a statement',
      DEF: [
        { ALT: () => this.SUBRULE(this.selectStmt) },
        { ALT: () => this.SUBRULE(this.createStmt) },
        { ALT: () => this.SUBRULE(this.dropStmt) },
        { ALT: () => this.SUBRULE(this.insertStmt) },
        { ALT: () => this.SUBRULE(this.deleteStmt) },
        { ALT: () => this.SUBRULE(this.updateStmt) },
        { ALT: () => this.SUBRULE(this.explainStmt) },
        { ALT: () => this.SUBRULE(this.setStmt) },
        { ALT: () => this.SUBRULE(this.resetStmt) },
        { ALT: () => this.SUBRULE(this.pragmaStmt) },
        { ALT: () => this.SUBRULE(this.transactionStmt) },
        { ALT: () => this.CONSUME(T.CHECKPOINT) },
      ],
    });
  });

  // ----- DDL -----

  public createStmt = this.RULE('createStmt', () => {
    this.CONSUME(T.CREATE);
    this.OPTION(() => {
      this.CONSUME(T.OR);
      this.CONSUME(T.REPLACE);
    });
    this.OPTION2(() => this.OR([{ ALT: () => this.CONSUME(T.TEMP) }, { ALT: () => this.CONSUME(T.TEMPORARY) }]));
    this.OR2([
      { ALT: () => this.SUBRULE(this.createTableBody) },
      { ALT: () => this.SUBRULE(this.createViewBody) },
      { ALT: () => this.SUBRULE(this.createIndexBody) },
    ]);
  });

  private ifNotExists = this.RULE('ifNotExists', () => {
    this.CONSUME(T.IF);
    this.CONSUME(T.NOT);
    this.CONSUME(T.EXISTS);
  });

  private createTableBody = this.RULE('createTableBody', () => {
    this.CONSUME(T.TABLE);
    this.OPTION(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.qualifiedName);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AS);
          this.SUBRULE(this.selectStmt);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableElement) });
          this.CONSUME(T.RParen);
          this.OPTION2(() => {
            this.CONSUME(T.ORDER);
            this.CONSUME(T.BY);
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME2(T.LParen);
                  this.SUBRULE(this.identList, { LABEL: 'orderBy' });
                  this.CONSUME2(T.RParen);
                },
              },
              { ALT: () => this.SUBRULE2(this.identList, { LABEL: 'orderBy' }) },
            ]);
          });
        },
      },
    ]);
  });

  private tableElement = this.RULE('tableElement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.PRIMARY);
          this.CONSUME(T.KEY);
          this.CONSUME(T.LParen);
          this.SUBRULE(this.identList, { LABEL: 'primaryKey' });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.UNIQUE);
          this.CONSUME2(T.LParen);
          this.SUBRULE2(this.identList, { LABEL: 'unique' });
          this.CONSUME2(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.columnDef) },
    ]);
  });

  private columnDef = this.RULE('columnDef', () => {
    this.SUBRULE(this.identifier);
    this.SUBRULE(this.typeName);
    this.MANY(() => this.SUBRULE(this.columnConstraint));
  });

  private columnConstraint = this.RULE('columnConstraint', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NOT);
          this.CONSUME(T.NULL);
        },
      },
      { ALT: () => this.CONSUME2(T.NULL) },
      {
        ALT: () => {
          this.CONSUME(T.PRIMARY);
          this.CONSUME(T.KEY);
        },
      },
      { ALT: () => this.CONSUME(T.UNIQUE) },
      {
        ALT: () => {
          this.CONSUME(T.DEFAULT);
          this.SUBRULE(this.concatExpr);
        },
      },
    ]);
  });

  private createViewBody = this.RULE('createViewBody', () => {
    this.OPTION(() => this.CONSUME(T.MATERIALIZED));
    this.CONSUME(T.VIEW);
    this.OPTION2(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.qualifiedName);
    this.OPTION3(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.identList);
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.AS);
    this.SUBRULE(this.selectStmt);
  });

  private createIndexBody = this.RULE('createIndexBody', () => {
    this.OPTION(() => this.CONSUME(T.UNIQUE));
    this.CONSUME(T.INDEX);
    this.OPTION2(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.identifier);
    this.CONSUME(T.ON);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.indexColumn) });
    this.CONSUME(T.RParen);
  });

  private indexColumn = this.RULE('indexColumn', () => {
    this.SUBRULE(this.identifier);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.ASC) }, { ALT: () => this.CONSUME(T.DESC) }]));
  });

  public dropStmt = this.RULE('dropStmt', () => {
    this.CONSUME(T.DROP);
    this.OR([
      { ALT: () => this.CONSUME(T.TABLE) },
      { ALT: () => this.CONSUME(T.VIEW) },
      { ALT: () => this.CONSUME(T.INDEX) },
      {
        ALT: () => {
          this.CONSUME(T.MATERIALIZED);
          this.CONSUME2(T.VIEW);
        },
      },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.IF);
      this.CONSUME(T.EXISTS);
    });
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.qualifiedName) });
    this.OPTION2(() => this.OR2([{ ALT: () => this.CONSUME(T.CASCADE) }, { ALT: () => this.CONSUME(T.RESTRICT) }]));
  });

  // ----- DML -----

  public insertStmt = this.RULE('insertStmt', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.INSERT);
          this.OPTION(() => {
            this.CONSUME(T.OR);
            this.OR2([
              { ALT: () => this.CONSUME(T.REPLACE, { LABEL: 'orReplace' }) },
              { ALT: () => this.CONSUME(T.IGNORE, { LABEL: 'orIgnore' }) },
            ]);
          });
        },
      },
      { ALT: () => this.CONSUME2(T.REPLACE, { LABEL: 'replaceInto' }) },
    ]);
    this.CONSUME(T.INTO);
    this.SUBRULE(this.qualifiedName);
    this.OPTION2(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.identList);
      this.CONSUME(T.RParen);
    });
    this.OR3([
      {
        ALT: () => {
          this.CONSUME(T.DEFAULT);
          this.CONSUME(T.VALUES);
        },
      },
      { ALT: () => this.SUBRULE(this.selectStmt) },
    ]);
  });

  public deleteStmt = this.RULE('deleteStmt', () => {
    this.CONSUME(T.DELETE);
    this.CONSUME(T.FROM);
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() => {
      this.CONSUME(T.WHERE);
      this.SUBRULE(this.expr);
    });
  });

  public updateStmt = this.RULE('updateStmt', () => {
    this.CONSUME(T.UPDATE);
    this.SUBRULE(this.qualifiedName);
    this.OPTION({
      GATE: () => this.LA(1).tokenType !== T.SET || this.LA(2).tokenType === T.SET,
      DEF: () => {
        this.OPTION2(() => this.CONSUME(T.AS));
        this.SUBRULE(this.identifier, { LABEL: 'alias' });
      },
    });
    this.CONSUME(T.SET);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.assignment) });
    this.OPTION3(() => {
      this.CONSUME(T.WHERE);
      this.SUBRULE(this.expr);
    });
  });

  private assignment = this.RULE('assignment', () => {
    this.SUBRULE(this.identifier);
    this.OR([{ ALT: () => this.CONSUME(T.Eq) }, { ALT: () => this.CONSUME(T.EqEq) }]);
    this.SUBRULE(this.expr);
  });

  // ----- utility statements -----

  public explainStmt = this.RULE('explainStmt', () => {
    this.CONSUME(T.EXPLAIN);
    this.OPTION(() => this.CONSUME(T.ANALYZE));
    this.SUBRULE(this.statement);
  });

  private scope = this.RULE('scope', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.GLOBAL) },
      { ALT: () => this.CONSUME(T.SESSION) },
      { ALT: () => this.CONSUME(T.LOCAL) },
    ]);
  });

  public setStmt = this.RULE('setStmt', () => {
    this.CONSUME(T.SET);
    this.OPTION({
      GATE: () => isIdentToken(this.LA(2)),
      DEF: () => this.SUBRULE(this.scope),
    });
    this.SUBRULE(this.qualifiedName);
    this.OR([{ ALT: () => this.CONSUME(T.Eq) }, { ALT: () => this.CONSUME(T.TO) }]);
    this.SUBRULE(this.setValue);
  });

  private setValue = this.RULE('setValue', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DEFAULT) },
      { ALT: () => this.CONSUME(T.ON) },
      { ALT: () => this.SUBRULE(this.expr) },
    ]);
  });

  public resetStmt = this.RULE('resetStmt', () => {
    this.CONSUME(T.RESET);
    this.OPTION({
      GATE: () => isIdentToken(this.LA(2)),
      DEF: () => this.SUBRULE(this.scope),
    });
    this.OR([{ ALT: () => this.CONSUME(T.ALL) }, { ALT: () => this.SUBRULE(this.qualifiedName) }]);
  });

  public pragmaStmt = this.RULE('pragmaStmt', () => {
    this.CONSUME(T.PRAGMA);
    this.SUBRULE(this.qualifiedName);
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Eq);
            this.SUBRULE(this.setValue);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE2(this.setValue);
            this.CONSUME(T.RParen);
          },
        },
      ]),
    );
  });

  public transactionStmt = this.RULE('transactionStmt', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.BEGIN, { LABEL: 'begin' }) },
      {
        ALT: () => {
          this.CONSUME(T.START, { LABEL: 'begin' });
          this.CONSUME(T.TRANSACTION);
        },
      },
      { ALT: () => this.CONSUME(T.COMMIT, { LABEL: 'commit' }) },
      { ALT: () => this.CONSUME(T.END, { LABEL: 'commit' }) },
      { ALT: () => this.CONSUME(T.ROLLBACK, { LABEL: 'rollback' }) },
      { ALT: () => this.CONSUME(T.ABORT, { LABEL: 'rollback' }) },
    ]);
    this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME2(T.TRANSACTION) }, { ALT: () => this.CONSUME(T.WORK) }]));
  });

  // ----- queries -----

  public selectStmt = this.RULE('selectStmt', () => {
    this.OPTION(() => this.SUBRULE(this.withClause));
    this.SUBRULE(this.setExpr);
    this.OPTION2(() => this.SUBRULE(this.orderByClause));
    this.MANY(() => this.SUBRULE(this.limitOrOffset));
  });

  /** `( query )`: a subquery in an expression or FROM; also the backtracking probe of `subqueryAhead`. */
  public subquery = this.RULE('subquery', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.selectStmt);
    this.CONSUME(T.RParen);
  });

  private withClause = this.RULE('withClause', () => {
    this.CONSUME(T.WITH);
    this.OPTION(() => this.CONSUME(T.RECURSIVE));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.cte) });
  });

  private cte = this.RULE('cte', () => {
    this.SUBRULE(this.identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.identList);
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.AS);
    this.OPTION2(() => {
      this.OPTION3(() => this.CONSUME(T.NOT));
      this.CONSUME(T.MATERIALIZED);
    });
    this.SUBRULE(this.subquery);
  });

  private limitOrOffset = this.RULE('limitOrOffset', () => {
    this.OR([{ ALT: () => this.CONSUME(T.LIMIT) }, { ALT: () => this.CONSUME(T.OFFSET) }]);
    this.SUBRULE(this.expr);
  });

  public orderByClause = this.RULE('orderByClause', () => {
    this.CONSUME(T.ORDER);
    this.CONSUME(T.BY);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.orderItem) });
  });

  private orderItem = this.RULE('orderItem', () => {
    this.SUBRULE(this.expr);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.ASC) }, { ALT: () => this.CONSUME(T.DESC) }]));
    this.OPTION2(() => {
      this.CONSUME(T.NULLS);
      this.OR2([{ ALT: () => this.CONSUME(T.FIRST) }, { ALT: () => this.CONSUME(T.LAST) }]);
    });
  });

  /** UNION / EXCEPT level (left-associative). */
  private setExpr = this.RULE('setExpr', () => {
    this.SUBRULE(this.intersectExpr);
    this.MANY(() => {
      this.SUBRULE(this.setOp);
      this.SUBRULE2(this.intersectExpr);
    });
  });

  private setOp = this.RULE('setOp', () => {
    this.OR([{ ALT: () => this.CONSUME(T.UNION) }, { ALT: () => this.CONSUME(T.EXCEPT) }]);
    this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.ALL) }, { ALT: () => this.CONSUME(T.DISTINCT) }]));
  });

  /** INTERSECT binds tighter than UNION and EXCEPT. */
  private intersectExpr = this.RULE('intersectExpr', () => {
    this.SUBRULE(this.queryPrimary);
    this.MANY(() => {
      this.SUBRULE(this.intersectOp);
      this.SUBRULE2(this.queryPrimary);
    });
  });

  private intersectOp = this.RULE('intersectOp', () => {
    this.CONSUME(T.INTERSECT);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.ALL) }, { ALT: () => this.CONSUME(T.DISTINCT) }]));
  });

  private queryPrimary = this.RULE('queryPrimary', () => {
    this.OR({
      ERR_MSG: '"SELECT", "VALUES" or "("',
      DEF: [
        { ALT: () => this.SUBRULE(this.selectCore) },
        { ALT: () => this.SUBRULE(this.valuesBody) },
        { ALT: () => this.SUBRULE(this.subquery) },
      ],
    });
  });

  private valuesBody = this.RULE('valuesBody', () => {
    this.CONSUME(T.VALUES);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.CONSUME(T.LParen);
        this.SUBRULE(this.exprList);
        this.CONSUME(T.RParen);
      },
    });
  });

  private selectCore = this.RULE('selectCore', () => {
    this.CONSUME(T.SELECT);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.ALL) },
        {
          ALT: () => {
            this.CONSUME(T.DISTINCT);
            this.OPTION2(() => {
              this.CONSUME(T.ON);
              this.CONSUME(T.LParen);
              this.SUBRULE(this.exprList, { LABEL: 'distinctOn' });
              this.CONSUME(T.RParen);
            });
          },
        },
      ]),
    );
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, ERR_MSG: 'an expression', DEF: () => this.SUBRULE(this.selectItem) });
    this.OPTION3(() => {
      this.CONSUME(T.FROM);
      this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, ERR_MSG: 'a table name or subquery', DEF: () => this.SUBRULE(this.tableRef) });
    });
    this.OPTION4(() => {
      this.CONSUME(T.WHERE);
      this.SUBRULE(this.expr, { LABEL: 'where' });
    });
    this.OPTION5(() => {
      this.CONSUME(T.GROUP);
      this.CONSUME(T.BY);
      this.SUBRULE(this.groupBy);
    });
    this.OPTION6(() => {
      this.CONSUME(T.HAVING);
      this.SUBRULE2(this.expr, { LABEL: 'having' });
    });
    this.OPTION7(() => {
      this.CONSUME(T.WINDOW);
      this.AT_LEAST_ONE_SEP3({ SEP: T.Comma, DEF: () => this.SUBRULE(this.windowDef) });
    });
    this.OPTION8(() => {
      this.CONSUME(T.QUALIFY);
      this.SUBRULE3(this.expr, { LABEL: 'qualify' });
    });
  });

  private selectItem = this.RULE('selectItem', () => {
    this.OR([
      { GATE: () => this.starAhead(), ALT: () => this.SUBRULE(this.starItem) },
      {
        ALT: () => {
          this.SUBRULE(this.expr);
          this.OPTION(() => this.SUBRULE(this.alias));
        },
      },
    ]);
  });

  private starItem = this.RULE('starItem', () => {
    this.MANY(() => {
      this.SUBRULE(this.identifier, { LABEL: 'qualifier' });
      this.CONSUME(T.Dot);
    });
    this.CONSUME(T.Star);
    this.OPTION(() => {
      this.CONSUME(T.EXCLUDE);
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.identList, { LABEL: 'exclude' });
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE2(this.identifier, { LABEL: 'exclude' }) },
      ]);
    });
  });

  private alias = this.RULE('alias', () => {
    this.OPTION(() => this.CONSUME(T.AS));
    this.OR([{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
  });

  // ----- FROM -----

  private tableRef = this.RULE('tableRef', () => {
    this.SUBRULE(this.tablePrimary);
    this.MANY(() => this.SUBRULE(this.joinClause));
  });

  private joinClause = this.RULE('joinClause', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.CROSS);
          this.CONSUME(T.JOIN);
          this.SUBRULE(this.tablePrimary);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.NATURAL);
          this.OPTION(() => this.SUBRULE(this.joinKind));
          this.CONSUME2(T.JOIN);
          this.SUBRULE2(this.tablePrimary);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE2(this.joinKind));
          this.CONSUME3(T.JOIN);
          this.SUBRULE3(this.tablePrimary);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.ON);
                this.SUBRULE(this.expr);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.USING);
                this.CONSUME(T.LParen);
                this.SUBRULE(this.identList);
                this.CONSUME(T.RParen);
              },
            },
          ]);
        },
      },
    ]);
  });

  private joinKind = this.RULE('joinKind', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.INNER) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.LEFT) },
            { ALT: () => this.CONSUME(T.RIGHT) },
            { ALT: () => this.CONSUME(T.FULL) },
          ]);
          this.OPTION(() => this.CONSUME(T.OUTER));
        },
      },
    ]);
  });

  private tablePrimary = this.RULE('tablePrimary', () => {
    this.OR({
      ERR_MSG: 'a table name or subquery',
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.LA(1).tokenType === T.LATERAL || this.subqueryAhead(),
          ALT: () => {
            this.OPTION(() => this.CONSUME(T.LATERAL));
            this.SUBRULE(this.subquery);
            this.OPTION2(() => this.SUBRULE(this.tableAlias));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.tableRef);
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.qualifiedName);
            this.OPTION3(() => this.SUBRULE2(this.tableAlias));
          },
        },
      ],
    });
  });

  private tableAlias = this.RULE('tableAlias', () => {
    this.OPTION(() => this.CONSUME(T.AS));
    this.SUBRULE(this.identifier);
    this.OPTION2(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.identList);
      this.CONSUME(T.RParen);
    });
  });

  // ----- GROUP BY and windows -----

  private groupBy = this.RULE('groupBy', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.ALL) },
      { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.groupItem) }) },
    ]);
  });

  private groupItem = this.RULE('groupItem', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 2,
      DEF: [
        {
          GATE: () => this.LA(2).tokenType === T.LParen,
          ALT: () => {
            this.OR2([{ ALT: () => this.CONSUME(T.ROLLUP) }, { ALT: () => this.CONSUME(T.CUBE) }]);
            this.CONSUME(T.LParen);
            this.SUBRULE(this.exprList);
            this.CONSUME(T.RParen);
          },
        },
        {
          GATE: () => this.LA(2).tokenType === T.SETS,
          ALT: () => {
            this.CONSUME(T.GROUPING);
            this.CONSUME(T.SETS);
            this.CONSUME2(T.LParen);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.groupItem) });
            this.CONSUME2(T.RParen);
          },
        },
        {
          GATE: () => this.LA(2).tokenType === T.RParen,
          ALT: () => {
            this.CONSUME3(T.LParen, { LABEL: 'empty' });
            this.CONSUME3(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.expr) },
      ],
    });
  });

  private windowDef = this.RULE('windowDef', () => {
    this.SUBRULE(this.identifier);
    this.CONSUME(T.AS);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.windowSpec);
    this.CONSUME(T.RParen);
  });

  /** The inside of `OVER (...)` / `WINDOW w AS (...)`. */
  private windowSpec = this.RULE('windowSpec', () => {
    this.OPTION({
      GATE: () => {
        const tt = this.LA(1).tokenType;
        return tt !== T.PARTITION && tt !== T.ROWS && tt !== T.RANGE && tt !== T.GROUPS;
      },
      DEF: () => this.SUBRULE(this.identifier, { LABEL: 'base' }),
    });
    this.OPTION2(() => {
      this.CONSUME(T.PARTITION);
      this.CONSUME(T.BY);
      this.SUBRULE(this.exprList, { LABEL: 'partition' });
    });
    this.OPTION3(() => this.SUBRULE(this.orderByClause));
    this.OPTION4(() => this.SUBRULE(this.frameClause));
  });

  private frameClause = this.RULE('frameClause', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.ROWS, { LABEL: 'units' }) },
      { ALT: () => this.CONSUME(T.RANGE, { LABEL: 'units' }) },
      { ALT: () => this.CONSUME(T.GROUPS, { LABEL: 'units' }) },
    ]);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.BETWEEN);
          this.SUBRULE(this.frameBound);
          this.CONSUME(T.AND);
          this.SUBRULE2(this.frameBound);
        },
      },
      { ALT: () => this.SUBRULE3(this.frameBound) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.EXCLUDE);
      this.OR3([
        {
          ALT: () => {
            this.CONSUME(T.CURRENT, { LABEL: 'excludeCurrentRow' });
            this.CONSUME(T.ROW);
          },
        },
        { ALT: () => this.CONSUME(T.GROUP, { LABEL: 'excludeGroup' }) },
        { ALT: () => this.CONSUME(T.TIES, { LABEL: 'excludeTies' }) },
        {
          ALT: () => {
            this.CONSUME(T.NO, { LABEL: 'excludeNoOthers' });
            this.CONSUME(T.OTHERS);
          },
        },
      ]);
    });
  });

  private frameBound = this.RULE('frameBound', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.LA(2).tokenType === T.PRECEDING || this.LA(2).tokenType === T.FOLLOWING,
          ALT: () => {
            this.CONSUME(T.UNBOUNDED);
            this.OR2([{ ALT: () => this.CONSUME(T.PRECEDING) }, { ALT: () => this.CONSUME(T.FOLLOWING) }]);
          },
        },
        {
          GATE: () => this.LA(2).tokenType === T.ROW,
          ALT: () => {
            this.CONSUME(T.CURRENT);
            this.CONSUME(T.ROW);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.concatExpr, { LABEL: 'offset' });
            this.OR3([{ ALT: () => this.CONSUME2(T.PRECEDING) }, { ALT: () => this.CONSUME2(T.FOLLOWING) }]);
          },
        },
      ],
    });
  });

  // ----- expressions: operators by precedence -----

  public expr = this.RULE('expr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.OR);
      this.SUBRULE2(this.andExpr);
    });
  });

  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.AND);
      this.SUBRULE2(this.notExpr);
    });
  });

  private notExpr = this.RULE('notExpr', () => {
    this.OR({
      ERR_MSG: 'an expression',
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.NOT);
            this.SUBRULE(this.notExpr);
          },
        },
        { ALT: () => this.SUBRULE(this.isExpr) },
      ],
    });
  });

  private isExpr = this.RULE('isExpr', () => {
    this.SUBRULE(this.cmpExpr);
    this.MANY(() => this.SUBRULE(this.isSuffix));
  });

  private isSuffix = this.RULE('isSuffix', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.IS);
          this.OPTION(() => this.CONSUME(T.NOT));
          this.OR2([
            { ALT: () => this.CONSUME(T.NULL) },
            { ALT: () => this.CONSUME(T.TRUE) },
            { ALT: () => this.CONSUME(T.FALSE) },
            {
              ALT: () => {
                this.CONSUME(T.DISTINCT);
                this.CONSUME(T.FROM);
                this.SUBRULE(this.cmpExpr);
              },
            },
          ]);
        },
      },
      { ALT: () => this.CONSUME(T.ISNULL) },
      { ALT: () => this.CONSUME(T.NOTNULL) },
    ]);
  });

  private cmpExpr = this.RULE('cmpExpr', () => {
    this.SUBRULE(this.predExpr);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Eq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Lt, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.LtEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Gt, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.GtEq, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.predExpr);
    });
  });

  private predExpr = this.RULE('predExpr', () => {
    this.SUBRULE(this.concatExpr);
    this.MANY(() => this.SUBRULE(this.predSuffix));
  });

  private predSuffix = this.RULE('predSuffix', () => {
    this.OPTION(() => this.CONSUME(T.NOT));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.BETWEEN);
          this.SUBRULE(this.concatExpr, { LABEL: 'low' });
          this.CONSUME(T.AND);
          this.SUBRULE2(this.concatExpr, { LABEL: 'high' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.IN);
          this.OR2([
            { GATE: () => this.subqueryAhead(), ALT: () => this.SUBRULE(this.subquery) },
            {
              ALT: () => {
                this.CONSUME(T.LParen);
                this.SUBRULE(this.exprList);
                this.CONSUME(T.RParen);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.OR3([{ ALT: () => this.CONSUME(T.LIKE) }, { ALT: () => this.CONSUME(T.ILIKE) }]);
          this.SUBRULE3(this.concatExpr, { LABEL: 'pattern' });
          this.OPTION2(() => {
            this.CONSUME(T.ESCAPE);
            this.SUBRULE4(this.concatExpr, { LABEL: 'escape' });
          });
        },
      },
    ]);
  });

  public concatExpr = this.RULE('concatExpr', () => {
    this.SUBRULE(this.addExpr);
    this.MANY(() => {
      this.CONSUME(T.Concat, { LABEL: 'op' });
      this.SUBRULE2(this.addExpr);
    });
  });

  private addExpr = this.RULE('addExpr', () => {
    this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.mulExpr);
    });
  });

  private mulExpr = this.RULE('mulExpr', () => {
    this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.IntDiv, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Percent, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.unaryExpr);
    });
  });

  private unaryExpr = this.RULE('unaryExpr', () => {
    this.OR({
      ERR_MSG: 'an expression',
      DEF: [
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Plus, { LABEL: 'sign' }) },
              { ALT: () => this.CONSUME(T.Minus, { LABEL: 'sign' }) },
            ]);
            this.SUBRULE(this.unaryExpr);
          },
        },
        { ALT: () => this.SUBRULE(this.postfixExpr) },
      ],
    });
  });

  /** `primary :: type :: type ...` */
  private postfixExpr = this.RULE('postfixExpr', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.DoubleColon);
      this.SUBRULE(this.typeName);
    });
  });

  // ----- expressions: primaries -----

  private primary = this.RULE('primary', () => {
    // Two tokens decide: `trim(`, `extract(` ... commit to their special forms (so `trim()` is a
    // syntax error), anything else starting with a name is a column, function or typed literal.
    this.OR({
      ERR_MSG: 'an expression',
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 2,
      DEF: [
        { ALT: () => this.CONSUME(T.NumberLiteral) },
        { ALT: () => this.CONSUME(T.StringLiteral) },
        { ALT: () => this.CONSUME(T.EscapeString) },
        { ALT: () => this.CONSUME(T.TRUE) },
        { ALT: () => this.CONSUME(T.FALSE) },
        { ALT: () => this.CONSUME(T.NULL) },
        { ALT: () => this.CONSUME(T.DollarParam) },
        { ALT: () => this.CONSUME(T.QuestionParam) },
        { GATE: () => this.subqueryAhead(), ALT: () => this.SUBRULE(this.subquery) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { ALT: () => this.SUBRULE(this.caseExpr) },
        { ALT: () => this.SUBRULE(this.castCall) },
        {
          ALT: () => {
            this.CONSUME(T.EXISTS);
            this.SUBRULE2(this.subquery);
          },
        },
        { ALT: () => this.SUBRULE(this.intervalExpr) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.extractCall) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.positionCall) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.substringCall) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.trimCall) },
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.LEFT, { LABEL: 'keywordFunc' }) },
              { ALT: () => this.CONSUME(T.RIGHT, { LABEL: 'keywordFunc' }) },
            ]);
            this.SUBRULE(this.funcCall);
          },
        },
        { ALT: () => this.SUBRULE(this.nameExpr) },
      ],
    });
  });

  /** `( expr )`; `( a, b )` is only accepted by GROUP BY (a grouping set) and rejected elsewhere. */
  private parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RParen);
  });

  private caseExpr = this.RULE('caseExpr', () => {
    this.CONSUME(T.CASE);
    this.OPTION(() => this.SUBRULE(this.expr, { LABEL: 'operand' }));
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.WHEN);
      this.SUBRULE2(this.expr, { LABEL: 'when' });
      this.CONSUME(T.THEN);
      this.SUBRULE3(this.expr, { LABEL: 'then' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.ELSE);
      this.SUBRULE4(this.expr, { LABEL: 'else' });
    });
    this.CONSUME(T.END);
  });

  private castCall = this.RULE('castCall', () => {
    this.OR([{ ALT: () => this.CONSUME(T.CAST) }, { ALT: () => this.CONSUME(T.TRY_CAST) }]);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.CONSUME(T.AS);
    this.SUBRULE(this.typeName);
    this.CONSUME(T.RParen);
  });

  private intervalExpr = this.RULE('intervalExpr', () => {
    this.CONSUME(T.INTERVAL);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.StringLiteral);
          this.OPTION({ GATE: () => this.unitAhead(), DEF: () => this.SUBRULE(this.identifier, { LABEL: 'unit' }) });
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME(T.Minus));
          this.CONSUME(T.NumberLiteral);
          this.SUBRULE2(this.identifier, { LABEL: 'unit' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expr);
          this.CONSUME(T.RParen);
          this.SUBRULE3(this.identifier, { LABEL: 'unit' });
        },
      },
    ]);
  });

  private extractCall = this.RULE('extractCall', () => {
    this.CONSUME(T.EXTRACT);
    this.CONSUME(T.LParen);
    this.OR([
      { ALT: () => this.SUBRULE(this.identifier, { LABEL: 'field' }) },
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'field' }) },
    ]);
    this.CONSUME(T.FROM);
    this.SUBRULE(this.expr);
    this.CONSUME(T.RParen);
  });

  /** `position(x IN y)` or `position(x, y)`. */
  private positionCall = this.RULE('positionCall', () => {
    this.CONSUME(T.POSITION);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.concatExpr, { LABEL: 'arg' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.IN);
          this.SUBRULE2(this.concatExpr, { LABEL: 'arg' });
        },
      },
      {
        ALT: () =>
          this.AT_LEAST_ONE(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE(this.expr, { LABEL: 'arg' });
          }),
      },
    ]);
    this.CONSUME(T.RParen);
  });

  /** `substring(x FROM a [FOR b])`, `substring(x FOR b)` or `substring(x, a [, b])`. */
  private substringCall = this.RULE('substringCall', () => {
    this.CONSUME(T.SUBSTRING);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr, { LABEL: 'arg' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.FROM);
          this.SUBRULE2(this.expr, { LABEL: 'from' });
          this.OPTION(() => {
            this.CONSUME(T.FOR);
            this.SUBRULE3(this.expr, { LABEL: 'for' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.FOR);
          this.SUBRULE4(this.expr, { LABEL: 'for' });
        },
      },
      {
        ALT: () =>
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE5(this.expr, { LABEL: 'arg' });
          }),
      },
    ]);
    this.CONSUME(T.RParen);
  });

  /** `trim([LEADING|TRAILING|BOTH] [chars] FROM x)` or `trim(x [, chars])`. */
  private trimCall = this.RULE('trimCall', () => {
    this.CONSUME(T.TRIM);
    this.CONSUME(T.LParen);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.LEADING, { LABEL: 'side' }) },
        { ALT: () => this.CONSUME(T.TRAILING, { LABEL: 'side' }) },
        { ALT: () => this.CONSUME(T.BOTH, { LABEL: 'side' }) },
      ]),
    );
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.FROM);
          this.SUBRULE(this.expr, { LABEL: 'source' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.expr, { LABEL: 'first' });
          this.OPTION2(() =>
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME2(T.FROM);
                  this.SUBRULE3(this.expr, { LABEL: 'source' });
                },
              },
              {
                ALT: () =>
                  this.AT_LEAST_ONE(() => {
                    this.CONSUME(T.Comma);
                    this.SUBRULE4(this.expr, { LABEL: 'rest' });
                  }),
              },
            ]),
          );
        },
      },
    ]);
    this.CONSUME(T.RParen);
  });

  /** `a`, `t.a`, `s.t.a`, `t.*`, `f(...)`, `s.f(...)`, `DATE '...'` (a type name and a string). */
  private nameExpr = this.RULE('nameExpr', () => {
    this.SUBRULE(this.identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE2(this.identifier);
    });
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.funcCall) },
        { ALT: () => this.CONSUME(T.StringLiteral) },
        {
          ALT: () => {
            this.CONSUME2(T.Dot);
            this.CONSUME(T.Star);
          },
        },
      ]),
    );
  });

  /** Everything after a function's name: `(args) [WITHIN GROUP (...)] [FILTER (...)] [OVER ...]`. */
  private funcCall = this.RULE('funcCall', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        {
          ALT: () => {
            this.OPTION2(() =>
              this.OR2([{ ALT: () => this.CONSUME(T.DISTINCT) }, { ALT: () => this.CONSUME(T.ALL) }]),
            );
            this.SUBRULE(this.exprList);
            this.OPTION3(() => this.SUBRULE(this.orderByClause));
          },
        },
      ]),
    );
    this.OPTION4(() => this.SUBRULE(this.nullTreatment));
    this.CONSUME(T.RParen);
    this.OPTION5({
      GATE: () => this.LA(2).tokenType === T.GROUP,
      DEF: () => {
        this.CONSUME(T.WITHIN);
        this.CONSUME(T.GROUP);
        this.CONSUME2(T.LParen);
        this.SUBRULE2(this.orderByClause, { LABEL: 'withinGroup' });
        this.CONSUME2(T.RParen);
      },
    });
    this.OPTION6({
      GATE: () => this.LA(2).tokenType === T.LParen,
      DEF: () => {
        this.CONSUME(T.FILTER);
        this.CONSUME3(T.LParen);
        this.OPTION7(() => this.CONSUME(T.WHERE));
        this.SUBRULE(this.expr, { LABEL: 'filter' });
        this.CONSUME3(T.RParen);
      },
    });
    this.OPTION8({
      GATE: () => this.LA(2).tokenType === T.NULLS,
      DEF: () => this.SUBRULE2(this.nullTreatment),
    });
    this.OPTION9(() => {
      this.CONSUME(T.OVER);
      this.OR3([
        { ALT: () => this.SUBRULE(this.identifier, { LABEL: 'windowName' }) },
        {
          ALT: () => {
            this.CONSUME4(T.LParen);
            this.SUBRULE(this.windowSpec);
            this.CONSUME4(T.RParen);
          },
        },
      ]);
    });
  });

  private nullTreatment = this.RULE('nullTreatment', () => {
    this.OR([{ ALT: () => this.CONSUME(T.IGNORE) }, { ALT: () => this.CONSUME(T.RESPECT) }]);
    this.CONSUME(T.NULLS);
  });

  // ----- names, lists and types -----

  public identifier = this.RULE('identifier', () => {
    this.OR({
      ERR_MSG: 'an identifier',
      DEF: [
        { ALT: () => this.CONSUME(T.Ident) },
        { ALT: () => this.CONSUME(T.QuotedIdent) },
        { ALT: () => this.CONSUME(T.BacktickIdent) },
        { ALT: () => this.CONSUME(T.UnreservedKeyword) },
      ],
    });
  });

  /** `name` or `schema.name` (the AST keeps the last part). */
  private qualifiedName = this.RULE('qualifiedName', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Dot, DEF: () => this.SUBRULE(this.identifier) });
  });

  private identList = this.RULE('identList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.identifier) });
  });

  private exprList = this.RULE('exprList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
  });

  /** `INTEGER`, `DECIMAL(10, 2)`, `DOUBLE PRECISION`, `TIMESTAMP WITH TIME ZONE`, `CHARACTER VARYING(n)`. */
  public typeName = this.RULE('typeName', () => {
    this.OR({
      ERR_MSG: 'a type name',
      DEF: [{ ALT: () => this.CONSUME(T.INTERVAL) }, { ALT: () => this.SUBRULE(this.identifier) }],
    });
    this.OPTION({ GATE: () => this.previousIs('double'), DEF: () => this.CONSUME(T.PRECISION) });
    this.OPTION2({ GATE: () => this.previousIs('character'), DEF: () => this.CONSUME(T.VARYING) });
    this.OPTION3(() => {
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.NumberLiteral) });
      this.CONSUME(T.RParen);
    });
    this.OPTION4({
      GATE: () => this.LA(2).tokenType === T.TIME,
      DEF: () => {
        this.OR2([
          { ALT: () => this.CONSUME(T.WITH, { LABEL: 'withTimeZone' }) },
          { ALT: () => this.CONSUME(T.WITHOUT) },
        ]);
        this.CONSUME(T.TIME);
        this.CONSUME(T.ZONE);
      },
    });
  });
}

/** The one shared parser instance. */
export const sqlParser = new SqlParser();
