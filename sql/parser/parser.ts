/**
 * The SQL grammar: a grammar-only chevrotain CstParser. One instance is built (self-analysis is
 * costly) and reused for every parse; `sql/ast/cst-to-ast.ts` turns its CST into the AST. This file
 * holds statements and queries; expressions, windows, names and types are in `expr-grammar.ts`.
 */
import * as T from '../lexer/tokens.js';
import { ExprGrammar, isIdentToken } from './expr-grammar.js';

export { INTERVAL_UNITS, isIdentToken } from './expr-grammar.js';
export { expectedNames, type EncodedSyntaxError } from './syntax-errors.js';

export class SqlParser extends ExprGrammar {
  constructor() {
    super();
    this.performSelfAnalysis();
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
        { ALT: () => this.SUBRULE(this.alterStmt) },
        { ALT: () => this.SUBRULE(this.copyStmt) },
        { ALT: () => this.SUBRULE(this.refreshStmt) },
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

  /** `REFRESH MATERIALIZED VIEW name`. */
  public refreshStmt = this.RULE('refreshStmt', () => {
    this.CONSUME(T.REFRESH);
    this.CONSUME(T.MATERIALIZED);
    this.CONSUME(T.VIEW);
    this.SUBRULE(this.qualifiedName);
  });

  // ----- DML -----

  /** `ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] name type [constraints]`. */
  public alterStmt = this.RULE('alterStmt', () => {
    this.CONSUME(T.ALTER);
    this.CONSUME(T.TABLE);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.ADD);
    this.OPTION(() => this.CONSUME(T.COLUMN));
    this.OPTION2(() => this.SUBRULE(this.ifNotExists));
    this.SUBRULE(this.columnDef);
  });

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

  /**
   * `COPY t [(cols)] FROM 'file' [WITH] (options)`, `COPY t TO 'file' (options)` and
   * `COPY (query) TO 'file' (options)`. An option is a name with an optional value: an
   * expression, or a parenthesized list (`PARTITION_BY (a, b)`).
   */
  public copyStmt = this.RULE('copyStmt', () => {
    this.CONSUME(T.COPY);
    this.OR([
      { ALT: () => this.SUBRULE(this.subquery) },
      {
        ALT: () => {
          this.SUBRULE(this.qualifiedName);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.identList);
            this.CONSUME(T.RParen);
          });
        },
      },
    ]);
    this.OR2([{ ALT: () => this.CONSUME(T.FROM) }, { ALT: () => this.CONSUME(T.TO) }]);
    this.CONSUME(T.StringLiteral, { LABEL: 'file' });
    this.OPTION2(() => {
      this.OPTION3(() => this.CONSUME(T.WITH));
      this.CONSUME2(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.copyOption) });
      this.CONSUME2(T.RParen);
    });
  });

  private copyOption = this.RULE('copyOption', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.identifier, { LABEL: 'name' }) }, { ALT: () => this.CONSUME(T.NULL, { LABEL: 'nullName' }) }]);
    this.OPTION(() =>
      this.OR2({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            // A value starting with "(" is always a list, even of one element.
            GATE: () => this.LA(1).tokenType === T.LParen,
            ALT: () => {
              this.CONSUME(T.LParen);
              this.SUBRULE(this.exprList, { LABEL: 'list' });
              this.CONSUME(T.RParen);
            },
          },
          { ALT: () => this.SUBRULE(this.expr, { LABEL: 'value' }) },
        ],
      }),
    );
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
      ERR_MSG: '"SELECT"|"VALUES"|"("',
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

  /** `*`, `t.*` (an expression ending in `*`) and `expr [AS] alias`; stars may take `EXCLUDE`. */
  private selectItem = this.RULE('selectItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Star);
          this.OPTION(() => this.SUBRULE(this.excludeClause));
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.expr);
          this.OPTION2(() =>
            this.OR2([
              { GATE: () => this.LA(0).tokenType === T.Star, ALT: () => this.SUBRULE2(this.excludeClause) },
              { ALT: () => this.SUBRULE(this.alias) },
            ]),
          );
        },
      },
    ]);
  });

  private excludeClause = this.RULE('excludeClause', () => {
    this.CONSUME(T.EXCLUDE);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.identList);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.identifier) },
    ]);
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
            // A table function: `storage_info('t')`.
            this.OPTION4(() => {
              this.CONSUME2(T.LParen, { LABEL: 'fnOpen' });
              this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr, { LABEL: 'fnArg' }) });
              this.CONSUME2(T.RParen);
            });
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

  // ----- GROUP BY and named windows -----

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
}

/** The one shared parser instance. */
export const sqlParser = new SqlParser();
