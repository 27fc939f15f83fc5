/**
 * The expression half of the SQL grammar (operators, primaries, function calls, windows, names and
 * types), as an abstract chevrotain CstParser; `parser.ts` adds statements and queries on top.
 *
 * Expression precedence follows PostgreSQL, lowest first:
 *   OR < AND < NOT < IS/ISNULL/NOTNULL < comparison < BETWEEN/IN/LIKE/ILIKE < || < + - < * / // %
 *   < unary + - < :: < primary.
 */
import { CstParser, tokenMatcher, type CstNode, type IToken, type ParserMethod, type TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { errorMessageProvider } from './syntax-errors.js';

// ---------------------------------------------------------------------------------------------
// Shared lookahead data
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

/** Chevrotain's own error raisers, wrapped below (they are internal parser methods). */
const baseMethods = CstParser.prototype as unknown as {
  raiseNoAltException(this: CstParser, ...args: unknown[]): never;
  raiseEarlyExitException(this: CstParser, ...args: unknown[]): never;
};

export abstract class ExprGrammar extends CstParser {
  constructor() {
    super(T.allTokens, { maxLookahead: 3, nodeLocationTracking: 'full', errorMessageProvider });
  }

  /** `( query )`: defined with the query rules in `parser.ts`. */
  abstract subquery: ParserMethod<[], CstNode>;

  // ----- error reporting -----

  /*
   * On every syntax error chevrotain recomputes the expected-token paths of the failed OR or
   * repetition with the full maxLookahead; for expression-heavy rules at k=3 that takes 10-100 ms.
   * Two tokens are enough for the error messages, so errors are raised with k=2.
   */
  private withShortLookahead(raise: () => never): never {
    const self = this as unknown as { maxLookahead: number };
    const saved = self.maxLookahead;
    self.maxLookahead = 2;
    try {
      return raise();
    } finally {
      self.maxLookahead = saved;
    }
  }

  raiseNoAltException(occurrence: number, errMsgTypes: string | undefined): never {
    return this.withShortLookahead(() => baseMethods.raiseNoAltException.call(this, occurrence, errMsgTypes));
  }

  raiseEarlyExitException(occurrence: number, prodType: unknown, userDefinedErrMsg: string | undefined): never {
    return this.withShortLookahead(() =>
      baseMethods.raiseEarlyExitException.call(this, occurrence, prodType, userDefinedErrMsg),
    );
  }

  // ----- lookahead helpers (used in GATEs) -----

  /** At a `(` that opens a query (`(SELECT`, `(WITH`, `(VALUES`, or `((...` that parses as one). */
  protected subqueryAhead(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    const second = this.LA(2).tokenType;
    if (QUERY_START.has(second)) return true;
    if (second !== T.LParen) return false;
    return this.BACKTRACK(this.subquery).call(this);
  }

  protected unitAhead(): boolean {
    const tok = this.LA(1);
    return isIdentToken(tok) && INTERVAL_UNITS.has(tok.image.toLowerCase());
  }

  protected previousIs(word: string): boolean {
    return this.LA(0).image.toLowerCase() === word;
  }

  // ----- ORDER BY and windows -----

  public orderByClause = this.RULE('orderByClause', () => {
    this.CONSUME(T.ORDER);
    this.CONSUME(T.BY);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.orderItem) });
  });

  protected orderItem = this.RULE('orderItem', () => {
    this.SUBRULE(this.expr);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.ASC) }, { ALT: () => this.CONSUME(T.DESC) }]));
    this.OPTION2(() => {
      this.CONSUME(T.NULLS);
      this.OR2([{ ALT: () => this.CONSUME(T.FIRST) }, { ALT: () => this.CONSUME(T.LAST) }]);
    });
  });

  /** The inside of `OVER (...)` / `WINDOW w AS (...)`. */
  protected windowSpec = this.RULE('windowSpec', () => {
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

  protected frameClause = this.RULE('frameClause', () => {
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

  protected frameBound = this.RULE('frameBound', () => {
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

  protected andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.AND);
      this.SUBRULE2(this.notExpr);
    });
  });

  protected notExpr = this.RULE('notExpr', () => {
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

  protected isExpr = this.RULE('isExpr', () => {
    this.SUBRULE(this.cmpExpr);
    this.MANY(() => this.SUBRULE(this.isSuffix));
  });

  protected isSuffix = this.RULE('isSuffix', () => {
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

  protected cmpExpr = this.RULE('cmpExpr', () => {
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

  protected predExpr = this.RULE('predExpr', () => {
    this.SUBRULE(this.concatExpr);
    this.MANY(() => this.SUBRULE(this.predSuffix));
  });

  protected predSuffix = this.RULE('predSuffix', () => {
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

  protected addExpr = this.RULE('addExpr', () => {
    this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.mulExpr);
    });
  });

  protected mulExpr = this.RULE('mulExpr', () => {
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

  protected unaryExpr = this.RULE('unaryExpr', () => {
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
  protected postfixExpr = this.RULE('postfixExpr', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.DoubleColon);
      this.SUBRULE(this.typeName);
    });
  });

  // ----- expressions: primaries -----

  protected primary = this.RULE('primary', () => {
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
  protected parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RParen);
  });

  protected caseExpr = this.RULE('caseExpr', () => {
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

  protected castCall = this.RULE('castCall', () => {
    this.OR([{ ALT: () => this.CONSUME(T.CAST) }, { ALT: () => this.CONSUME(T.TRY_CAST) }]);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.CONSUME(T.AS);
    this.SUBRULE(this.typeName);
    this.CONSUME(T.RParen);
  });

  protected intervalExpr = this.RULE('intervalExpr', () => {
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

  protected extractCall = this.RULE('extractCall', () => {
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
  protected positionCall = this.RULE('positionCall', () => {
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
  protected substringCall = this.RULE('substringCall', () => {
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
  protected trimCall = this.RULE('trimCall', () => {
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
  protected nameExpr = this.RULE('nameExpr', () => {
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
  protected funcCall = this.RULE('funcCall', () => {
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

  protected nullTreatment = this.RULE('nullTreatment', () => {
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
  protected qualifiedName = this.RULE('qualifiedName', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Dot, DEF: () => this.SUBRULE(this.identifier) });
  });

  protected identList = this.RULE('identList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.identifier) });
  });

  protected exprList = this.RULE('exprList', () => {
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
