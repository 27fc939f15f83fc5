import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../engine/errors.js';
import type { Expr, SelectCore, SelectStatement, Statement } from '../ast/ast.js';
import { parseExpression, parseSql } from './parse.js';

/** Deep copy without `pos`, for comparing ASTs. */
function strip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'pos' ? undefined : v))) as T;
}

function one(sql: string): Statement {
  const stmts = parseSql(sql);
  expect(stmts).toHaveLength(1);
  return stmts[0];
}

function select(sql: string): SelectStatement {
  const s = one(sql);
  if (s.kind !== 'select') throw new Error(`not a select: ${s.kind}`);
  return s;
}

function core(sql: string): SelectCore {
  const b = select(sql).body;
  if (b.kind !== 'core') throw new Error(`not a core: ${b.kind}`);
  return b;
}

function expr(sql: string): Expr {
  return strip(parseExpression(sql));
}

/** A compact rendering of an expression, to check precedence. */
function sx(e: Expr): string {
  switch (e.kind) {
    case 'column': return e.table ? `${e.table}.${e.name}` : e.name;
    case 'literal': return e.type === 'string' ? `'${e.value}'` : e.type === 'number' ? e.text : String(e.value);
    case 'unary': return `(${e.op} ${sx(e.arg)})`;
    case 'binary': return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'between': return `(${e.not ? 'not-' : ''}between ${sx(e.expr)} ${sx(e.low)} ${sx(e.high)})`;
    case 'in_list': return `(${e.not ? 'not-' : ''}in ${sx(e.expr)} ${e.list.map(sx).join(' ')})`;
    case 'like': return `(${e.not ? 'not-' : ''}${e.caseInsensitive ? 'ilike' : 'like'} ${sx(e.expr)} ${sx(e.pattern)})`;
    case 'is_null': return `(is-${e.not ? 'not-' : ''}null ${sx(e.expr)})`;
    case 'is_distinct': return `(is-${e.not ? 'not-' : ''}distinct ${sx(e.left)} ${sx(e.right)})`;
    case 'is_bool': return `(is-${e.not ? 'not-' : ''}${e.value} ${sx(e.expr)})`;
    case 'cast': return `(cast ${sx(e.expr)} ${e.type.name})`;
    case 'function': return `${e.name}(${e.args.map(sx).join(' ')})`;
    default: return e.kind;
  }
}

const col = (name: string, table: string | null = null) => ({ kind: 'column', table, name });
const num = (text: string) => ({ kind: 'literal', type: 'number', value: Number(text), text });
const str = (value: string) => ({ kind: 'literal', type: 'string', value });

function syntaxError(sql: string): StrataError {
  try {
    parseSql(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(StrataError);
    expect((e as StrataError).code).toBe('syntax');
    return e as StrataError;
  }
  throw new Error(`expected a syntax error: ${sql}`);
}

describe('lexing', () => {
  it('folds plain identifiers and keeps quoted ones', () => {
    const c = core('SELECT Foo, "Bar""Baz", `Q`, MyTable.X FROM MyTable');
    expect(c.columns.map((i) => (i.kind === 'expr' ? strip(i.expr) : i))).toEqual([
      col('foo'),
      col('Bar"Baz'),
      col('Q'),
      col('x', 'mytable'),
    ]);
  });

  it('does not let keywords steal identifiers that start with them', () => {
    const c = core('SELECT selected, order_id, interval_x, intox, index, fromage FROM tables');
    expect(c.columns.map((i) => (i.kind === 'expr' && i.expr.kind === 'column' ? i.expr.name : '?'))).toEqual([
      'selected', 'order_id', 'interval_x', 'intox', 'index', 'fromage',
    ]);
  });

  it('reads numbers, strings, comments and parameters', () => {
    expect(expr('1')).toEqual(num('1'));
    expect(expr('1.5e3')).toEqual({ kind: 'literal', type: 'number', value: 1500, text: '1.5e3' });
    expect(expr('.5')).toEqual(num('.5'));
    expect(expr('1.')).toEqual({ kind: 'literal', type: 'number', value: 1, text: '1.' });
    expect(expr("'it''s'")).toEqual(str("it's"));
    expect(expr("E'a\\tb\\''")).toEqual(str("a\tb'"));
    expect(expr('1 /* c */ + -- x\n 2')).toEqual({ kind: 'binary', op: '+', left: num('1'), right: num('2') });
    expect(expr('$2')).toEqual({ kind: 'param', index: 2 });
  });

  it('numbers ? parameters from 1 in each statement', () => {
    const [a, b] = parseSql('SELECT ?, ?; SELECT ?');
    const params = (s: Statement) =>
      ((s as SelectStatement).body as SelectCore).columns.map((i) => (i.kind === 'expr' && i.expr.kind === 'param' ? i.expr.index : 0));
    expect(params(a)).toEqual([1, 2]);
    expect(params(b)).toEqual([1]);
  });
});

describe('expressions', () => {
  it('follows PostgreSQL precedence', () => {
    const cases: [string, string][] = [
      ['a OR b AND NOT c = d', '(or a (and b (not (= c d))))'],
      ['NOT a IS NULL', '(not (is-null a))'],
      ['a = b IS NULL', '(is-null (= a b))'],
      ['a = b IN (1, 2)', '(= a (in b 1 2))'],
      ['a || b + c * d', '(|| a (+ b (* c d)))'],
      ['1 + 2 * 3 - 4 / 5 // 6 % 7', '(- (+ 1 (* 2 3)) (% (// (/ 4 5) 6) 7))'],
      ['-a::int', '(- (cast a INT))'],
      ['a NOT BETWEEN 1 AND 2 AND c', '(and (not-between a 1 2) c)'],
      ['x NOT ILIKE y', '(not-ilike x y)'],
      ['x IS NOT DISTINCT FROM y', '(is-not-distinct x y)'],
      ['x IS NOT TRUE', '(is-not-true x)'],
      ['x ISNULL OR y NOTNULL', '(or (is-null x) (is-not-null y))'],
      ['a == b AND c != d', '(and (= a b) (<> c d))'],
      ['(a + b) * c', '(* (+ a b) c)'],
    ];
    for (const [text, want] of cases) expect(sx(parseExpression(text)), text).toBe(want);
  });

  it('folds a minus sign into a number literal', () => {
    expect(expr('-2147483648')).toEqual(num('-2147483648'));
    expect(expr('- 1.5')).toEqual({ kind: 'literal', type: 'number', value: -1.5, text: '-1.5' });
  });

  it('parses CASE, CAST, typed literals and intervals', () => {
    expect(expr("CASE x WHEN 1 THEN 'a' ELSE 'b' END")).toEqual({
      kind: 'case', operand: col('x'), whens: [{ when: num('1'), then: str('a') }], else: str('b'),
    });
    expect(expr('TRY_CAST(x AS DECIMAL(10, 2))')).toEqual({
      kind: 'cast', expr: col('x'), type: { name: 'DECIMAL', args: [10, 2] }, try: true,
    });
    expect(expr('x::double precision')).toEqual({ kind: 'cast', expr: col('x'), type: { name: 'DOUBLE', args: [] }, try: false });
    expect(expr("DATE '1998-12-01'")).toEqual({ kind: 'typed_literal', typeName: { name: 'DATE', args: [] }, value: '1998-12-01' });
    expect(expr("INTERVAL '3' DAY")).toEqual({ kind: 'interval', value: str('3'), unit: 'day' });
    expect(expr('INTERVAL 3 DAYS')).toEqual({ kind: 'interval', value: num('3'), unit: 'day' });
    expect(expr("INTERVAL '1 year 2 months'")).toEqual({ kind: 'interval', value: str('1 year 2 months'), unit: null });
    expect(expr('INTERVAL (x) MONTH')).toEqual({ kind: 'interval', value: col('x'), unit: 'month' });
  });

  it('parses subqueries, EXISTS and IN', () => {
    expect(expr('NOT EXISTS (SELECT 1)')).toMatchObject({ kind: 'exists', not: true });
    expect(expr('x NOT IN (SELECT a FROM t)')).toMatchObject({ kind: 'in_subquery', not: true, expr: col('x') });
    expect(expr('x IN ((SELECT 1))')).toMatchObject({ kind: 'in_subquery' });
    expect(expr('x IN ((1), 2)')).toMatchObject({ kind: 'in_list', list: [num('1'), num('2')] });
    expect(expr('((SELECT 1) + 1)')).toMatchObject({ kind: 'binary', left: { kind: 'subquery' } });
  });

  it('parses function calls with all their clauses', () => {
    expect(expr('count(*)')).toMatchObject({ kind: 'function', name: 'count', star: true, args: [] });
    expect(expr('COUNT(DISTINCT x)')).toMatchObject({ name: 'count', distinct: true, args: [col('x')] });
    expect(expr("string_agg(x, ',' ORDER BY y DESC)")).toMatchObject({
      args: [col('x'), str(',')], orderBy: [{ expr: col('y'), desc: true, nullsFirst: null }],
    });
    expect(expr('percentile_cont(0.5) WITHIN GROUP (ORDER BY x)')).toMatchObject({ orderBy: [{ expr: col('x') }] });
    expect(expr('sum(x) FILTER (WHERE x > 0)')).toMatchObject({ filter: { kind: 'binary', op: '>' } });
    expect(expr('lag(x) IGNORE NULLS OVER w')).toMatchObject({
      ignoreNulls: true, over: { baseName: 'w', partitionBy: [], orderBy: [], frame: null },
    });
    expect(expr('sum(x) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES)')).toEqual({
      kind: 'function', name: 'sum', args: [col('x')], distinct: false, star: false, filter: null, orderBy: [], ignoreNulls: false,
      over: {
        baseName: null,
        partitionBy: [col('a')],
        orderBy: [{ expr: col('b'), desc: null, nullsFirst: null }],
        frame: { units: 'rows', start: { kind: 'preceding', offset: num('1') }, end: { kind: 'unbounded_following' }, exclude: 'ties' },
      },
    });
    expect(expr('count(*) OVER (RANGE UNBOUNDED PRECEDING)')).toMatchObject({
      over: { frame: { units: 'range', start: { kind: 'unbounded_preceding' }, end: { kind: 'current_row' } } },
    });
  });

  it('parses the keyword function forms', () => {
    // POSITION(needle IN haystack) becomes position(haystack, needle), the argument order of strpos.
    expect(sx(parseExpression("position('b' IN s)"))).toBe("position(s 'b')");
    expect(sx(parseExpression('substring(s FROM 2 FOR 3)'))).toBe('substring(s 2 3)');
    expect(sx(parseExpression('substring(s, 2)'))).toBe('substring(s 2)');
    expect(sx(parseExpression("trim(BOTH 'x' FROM s)"))).toBe("trim(s 'x')");
    expect(sx(parseExpression('trim(LEADING FROM s)'))).toBe('ltrim(s)');
    expect(sx(parseExpression("trim(TRAILING 'x' FROM s)"))).toBe("rtrim(s 'x')");
    expect(sx(parseExpression('trim(a, b)'))).toBe('trim(a b)');
    expect(sx(parseExpression('left(s, 2) || right(s, 1) || replace(s, a, b)'))).toBe('(|| (|| left(s 2) right(s 1)) replace(s a b))');
    expect(sx(parseExpression('if(a, b, c) + coalesce(a, b) + nullif(a, b)'))).toBe('(+ (+ if(a b c) coalesce(a b)) nullif(a b))');
    expect(expr('grouping()')).toMatchObject({ kind: 'function', name: 'grouping', args: [] });
    expect(expr('EXTRACT(year FROM d)')).toEqual({ kind: 'extract', field: 'year', expr: col('d') });
  });

  it('lets non-reserved keywords be column names', () => {
    const names = ['year', 'month', 'day', 'first', 'last', 'key', 'filter', 'replace', 'view', 'index', 'temp', 'data',
      'type', 'date', 'name', 'value', 'text', 'position', 'time', 'rows', 'start', 'set'];
    const c = core(`SELECT ${names.join(', ')} FROM t AS year`);
    expect(c.columns.map((i) => (i.kind === 'expr' && i.expr.kind === 'column' ? i.expr.name : '?'))).toEqual(names);
    expect(c.from).toMatchObject([{ kind: 'table', name: 't', alias: 'year' }]);
  });
});

describe('queries', () => {
  it('parses a full SELECT', () => {
    const s = select(`SELECT DISTINCT a, b + 1 AS "B", c total, d AS year, * EXCLUDE (x), t.*
      FROM main.t AS t (a, b) WHERE a > 1 GROUP BY a HAVING count(*) > 1
      WINDOW w AS (PARTITION BY a) QUALIFY row_number() OVER w = 1
      ORDER BY a DESC NULLS FIRST, 2 LIMIT 10 OFFSET 5`);
    const c = s.body as SelectCore;
    expect(c.distinct).toBe(true);
    expect(strip(c.columns)).toEqual([
      { kind: 'expr', expr: col('a'), alias: null },
      { kind: 'expr', expr: { kind: 'binary', op: '+', left: col('b'), right: num('1') }, alias: 'B' },
      { kind: 'expr', expr: col('c'), alias: 'total' },
      { kind: 'expr', expr: col('d'), alias: 'year' },
      { kind: 'star', table: null, exclude: ['x'] },
      { kind: 'star', table: 't', exclude: [] },
    ]);
    expect(strip(c.from)).toEqual([{ kind: 'table', name: 't', alias: 't', columnAliases: ['a', 'b'] }]);
    expect(c.groupBy).toMatchObject({ all: false, items: [{ kind: 'expr', expr: col('a') }] });
    expect(c.windows).toMatchObject([{ name: 'w', spec: { partitionBy: [col('a')] } }]);
    expect(c.qualify).toMatchObject({ kind: 'binary', op: '=' });
    expect(strip(s.orderBy)).toEqual([
      { expr: col('a'), desc: true, nullsFirst: true },
      { expr: num('2'), desc: null, nullsFirst: null },
    ]);
    expect(strip(s.limit)).toEqual(num('10'));
    expect(strip(s.offset)).toEqual(num('5'));
  });

  it('parses DISTINCT ON, OFFSET alone and a string alias', () => {
    const s = select("SELECT DISTINCT ON (a) a, 1 'one' FROM t OFFSET 3");
    expect(s.body).toMatchObject({ distinctOn: [col('a')], columns: [{}, { alias: 'one' }] });
    expect(s.limit).toBeNull();
    expect(strip(s.offset)).toEqual(num('3'));
  });

  it('parses joins', () => {
    const c = core(`SELECT * FROM a, b JOIN c ON b.x = c.x LEFT OUTER JOIN d USING (k, l) NATURAL JOIN e
      CROSS JOIN f FULL JOIN (g JOIN h ON true) ON true RIGHT JOIN (SELECT 1) s (one) ON true, LATERAL (SELECT a.x) l`);
    expect(c.from).toHaveLength(3);
    const j = c.from[1];
    expect(j).toMatchObject({
      kind: 'join', type: 'right',
      right: { kind: 'subquery', alias: 's', columnAliases: ['one'], lateral: false },
      left: {
        kind: 'join', type: 'full', right: { kind: 'join', type: 'inner', left: { name: 'g' }, right: { name: 'h' } },
        left: {
          kind: 'join', type: 'cross',
          left: {
            kind: 'join', type: 'inner', natural: true, right: { name: 'e' },
            left: { kind: 'join', type: 'left', using: ['k', 'l'], left: { kind: 'join', type: 'inner', on: { op: '=' } } },
          },
        },
      },
    });
    expect(c.from[2]).toMatchObject({ kind: 'subquery', lateral: true, alias: 'l' });
  });

  it('gives INTERSECT precedence over UNION and EXCEPT', () => {
    const s = select('SELECT 1 UNION SELECT 2 INTERSECT ALL SELECT 3 EXCEPT SELECT 4');
    expect(s.body).toMatchObject({
      kind: 'setop', op: 'except', all: false,
      left: { kind: 'setop', op: 'union', right: { kind: 'setop', op: 'intersect', all: true } },
      right: { kind: 'core' },
    });
  });

  it('keeps ORDER BY / LIMIT inside parenthesised operands', () => {
    const s = select('(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT 2) ORDER BY 1');
    expect(s.body).toMatchObject({
      kind: 'setop', all: true,
      left: { kind: 'paren', query: { limit: { text: '1' }, orderBy: [{}] } },
      right: { kind: 'core' },
    });
    expect(s.orderBy).toHaveLength(1);
    expect(select('((SELECT 1))').body.kind).toBe('core');
  });

  it('parses VALUES and WITH', () => {
    expect(strip(select("VALUES (1, 'a'), (2, 'b')").body)).toEqual({
      kind: 'values', rows: [[num('1'), str('a')], [num('2'), str('b')]],
    });
    const s = select('WITH RECURSIVE t(x) AS MATERIALIZED (SELECT 1 UNION SELECT x + 1 FROM t), u AS NOT MATERIALIZED (SELECT 2) SELECT * FROM t');
    expect(s.recursive).toBe(true);
    expect(s.with).toMatchObject([
      { name: 't', columns: ['x'], materialized: true, query: { body: { kind: 'setop', op: 'union' } } },
      { name: 'u', columns: null, materialized: false },
    ]);
  });

  it('parses GROUP BY ALL, ROLLUP, CUBE and GROUPING SETS', () => {
    expect(core('SELECT a FROM t GROUP BY ALL').groupBy).toEqual({ all: true, items: [] });
    const g = strip(core('SELECT 1 FROM t GROUP BY a, ROLLUP (b, c), CUBE (d), GROUPING SETS ((a, b), (a), ()), (), (x, y)').groupBy);
    expect(g).toEqual({
      all: false,
      items: [
        { kind: 'expr', expr: col('a') },
        { kind: 'rollup', exprs: [col('b'), col('c')] },
        { kind: 'cube', exprs: [col('d')] },
        { kind: 'grouping_sets', sets: [[col('a'), col('b')], [col('a')], []] },
        { kind: 'grouping_sets', sets: [[]] },
        { kind: 'expr', expr: col('x') },
        { kind: 'expr', expr: col('y') },
      ],
    });
    // A parenthesised unit in ROLLUP and a ROLLUP inside GROUPING SETS become plain grouping sets.
    expect(strip(core('SELECT 1 FROM t GROUP BY ROLLUP ((a, b)), GROUPING SETS (ROLLUP (c))').groupBy?.items)).toEqual([
      { kind: 'grouping_sets', sets: [[col('a'), col('b')], []] },
      { kind: 'grouping_sets', sets: [[col('c')], []] },
    ]);
    // `rollup(x)` outside GROUP BY is an ordinary function call.
    expect(core('SELECT rollup(x) FROM t').columns[0]).toMatchObject({ expr: { kind: 'function', name: 'rollup' } });
  });
});

describe('statements', () => {
  it('parses CREATE TABLE', () => {
    expect(strip(one(`CREATE OR REPLACE TEMP TABLE IF NOT EXISTS main.t (
        a INTEGER NOT NULL PRIMARY KEY, b VARCHAR(10) DEFAULT 'x', c DOUBLE PRECISION UNIQUE,
        d TIMESTAMP WITHOUT TIME ZONE, e int4 NULL, PRIMARY KEY (a, b)) ORDER BY (a, b)`))).toEqual({
      kind: 'create_table', name: 't', ifNotExists: true, orReplace: true, temporary: true,
      columns: [
        { name: 'a', type: { name: 'INTEGER', args: [] }, notNull: true, primaryKey: true, unique: false, default: null },
        { name: 'b', type: { name: 'VARCHAR', args: [10] }, notNull: false, primaryKey: false, unique: false, default: str('x') },
        { name: 'c', type: { name: 'DOUBLE', args: [] }, notNull: false, primaryKey: false, unique: true, default: null },
        { name: 'd', type: { name: 'TIMESTAMP', args: [] }, notNull: false, primaryKey: false, unique: false, default: null },
        { name: 'e', type: { name: 'INT4', args: [] }, notNull: false, primaryKey: false, unique: false, default: null },
      ],
      primaryKey: ['a', 'b'], orderBy: ['a', 'b'], asSelect: null,
    });
    expect(one('CREATE TABLE t2 AS SELECT 1')).toMatchObject({ kind: 'create_table', columns: [], asSelect: { kind: 'select' } });
  });

  it('parses CREATE VIEW and keeps the query text', () => {
    expect(one('CREATE MATERIALIZED VIEW IF NOT EXISTS v (x) AS  SELECT a FROM t -- done')).toMatchObject({
      kind: 'create_view', name: 'v', materialized: true, ifNotExists: true, orReplace: false, columns: ['x'],
      queryText: 'SELECT a FROM t',
    });
  });

  it('parses DROP, CREATE INDEX and INSERT', () => {
    expect(strip(one('DROP MATERIALIZED VIEW IF EXISTS a, s.b CASCADE'))).toEqual({
      kind: 'drop', objectType: 'materialized_view', names: ['a', 'b'], ifExists: true, cascade: true,
    });
    expect(strip(one('CREATE UNIQUE INDEX i ON t (a DESC, b)'))).toEqual({
      kind: 'create_index', name: 'i', table: 't', columns: [{ name: 'a', desc: true }, { name: 'b', desc: false }],
      unique: true, ifNotExists: false,
    });
    expect(one('INSERT OR REPLACE INTO t (a, b) VALUES (1, 2), (3, 4)')).toMatchObject({
      kind: 'insert', table: 't', columns: ['a', 'b'], orAction: 'replace', defaultValues: false,
      source: { body: { kind: 'values', rows: [[{}, {}], [{}, {}]] } },
    });
    expect(one('INSERT INTO t (SELECT * FROM u)')).toMatchObject({ columns: null, source: { body: { kind: 'core' } } });
    expect(strip(one('INSERT INTO t DEFAULT VALUES'))).toEqual({
      kind: 'insert', table: 't', columns: null, source: null, defaultValues: true, orAction: null,
    });
  });

  it('parses DELETE, UPDATE and the utility statements', () => {
    expect(one('DELETE FROM t WHERE a = 1')).toMatchObject({ kind: 'delete', table: 't', where: { op: '=' } });
    expect(strip(one('UPDATE t AS u SET a = 1, b = b + 1'))).toEqual({
      kind: 'update', table: 't', alias: 'u', where: null,
      assignments: [
        { column: 'a', value: num('1') },
        { column: 'b', value: { kind: 'binary', op: '+', left: col('b'), right: num('1') } },
      ],
    });
    expect(one('EXPLAIN ANALYZE SELECT 1')).toMatchObject({ kind: 'explain', analyze: true, statement: { kind: 'select' } });
    expect(strip(parseSql("SET default_null_order='nulls_first'; SET GLOBAL threads TO 4; SET x = off; RESET x; PRAGMA threads=2")))
      .toEqual([
        { kind: 'set', name: 'default_null_order', value: str('nulls_first') },
        { kind: 'set', name: 'threads', value: num('4') },
        { kind: 'set', name: 'x', value: str('off') },
        { kind: 'set', name: 'x', value: null },
        { kind: 'set', name: 'threads', value: num('2') },
      ]);
    expect(strip(parseSql('BEGIN TRANSACTION; START TRANSACTION; COMMIT; END; ROLLBACK; CHECKPOINT'))).toEqual([
      { kind: 'transaction', action: 'begin' },
      { kind: 'transaction', action: 'begin' },
      { kind: 'transaction', action: 'commit' },
      { kind: 'transaction', action: 'commit' },
      { kind: 'transaction', action: 'rollback' },
      { kind: 'checkpoint' },
    ]);
  });

  it('splits scripts on semicolons and skips empty statements', () => {
    expect(parseSql('')).toEqual([]);
    expect(parseSql(' ; ;; -- nothing')).toEqual([]);
    expect(parseSql('SELECT 1;; SELECT 2;').map((s) => s.kind)).toEqual(['select', 'select']);
  });
});

describe('positions', () => {
  it('puts the first token position on every node', () => {
    const [, s] = parseSql('SELECT 1;\nSELECT a,\n  b + 1\nFROM t');
    expect(s.pos).toEqual({ offset: 10, line: 2, column: 1 });
    const c = (s as SelectStatement).body as SelectCore;
    expect(c.columns[1].pos).toEqual({ offset: 22, line: 3, column: 3 });
    const e = c.columns[1].kind === 'expr' ? c.columns[1].expr : null;
    expect(e?.kind === 'binary' && e.right.pos).toEqual({ offset: 26, line: 3, column: 7 });
    expect(c.from[0].pos).toEqual({ offset: 33, line: 4, column: 6 });
  });
});

describe('syntax errors', () => {
  const cases: [string, string][] = [
    ['SELECT * FROM t WHERE', 'syntax error at end of input: expected an expression (line 1, column 22)'],
    ['SELECT a,\n  FROM t', 'syntax error at or near "FROM": expected an expression (line 2, column 3)'],
    ['SELECT a,\n  -- more\n', 'syntax error at end of input: expected an expression (line 1, column 10)'],
    ['SELECT (1 + 2', 'syntax error at end of input: expected ")" (line 1, column 14)'],
    ['SELEC 1', 'syntax error at or near "SELEC": expected a statement (line 1, column 1)'],
    ['SELECT a FROM t GROUP a', 'syntax error at or near "a": expected "BY" (line 1, column 23)'],
    ['SELECT * FROM t JOIN u', 'syntax error at end of input: expected "ON" or "USING" (line 1, column 23)'],
    ['SELECT 1 2', 'syntax error at or near "2": expected ";" or end of input (line 1, column 10)'],
    ['SELECT CAST(1 AS)', 'syntax error at or near ")": expected a type name (line 1, column 17)'],
    ['select TRIM()', 'syntax error at or near ")": expected an expression or "FROM" (line 1, column 13)'],
    ['SELECT (a, b) FROM t', 'syntax error at or near ",": expected ")" (line 1, column 10)'],
    ['SELECT 1 LIMIT 1 LIMIT 2', 'syntax error at or near "LIMIT": LIMIT given twice (line 1, column 18)'],
    ["SELECT 'abc", `unterminated quoted string at or near "'abc" (line 1, column 8)`],
    ['SELECT 1 /* x', 'unterminated /* comment at or near "/* x" (line 1, column 10)'],
    ['SELECT "abc', 'unterminated quoted identifier at or near ""abc" (line 1, column 8)'],
    ['SELECT #', 'syntax error at or near "#": unexpected character (line 1, column 8)'],
  ];
  for (const [sql, message] of cases) {
    it(JSON.stringify(sql), () => {
      expect(syntaxError(sql).message).toBe(message);
    });
  }

  it('reports position and expected tokens on the error', () => {
    const e = syntaxError('SELECT 1;\nDROP x');
    expect(e).toMatchObject({ line: 2, column: 6, offset: 15 });
    expect(e.expected).toEqual(['"TABLE"', '"VIEW"', '"INDEX"', '"MATERIALIZED"']);
  });

  it('never throws anything but a syntax StrataError', () => {
    const inputs = ['(', ')', "'", '"', '/*', '$', 'SELECT ((((', 'SELECT 1 +', 'SELECT CASE', 'SELECT * FROM (', 'WITH',
      'SELECT ' + '('.repeat(5000) + '1', 'INSERT INTO', 'CREATE', 'SELECT x::', 'SELECT INTERVAL', '\u0000', 'SELECT `'];
    for (const text of inputs) {
      try {
        parseSql(text);
      } catch (e) {
        expect(e, text).toBeInstanceOf(StrataError);
        expect((e as StrataError).code).toBe('syntax');
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The sqllogictest corpus: every statement and query must parse
// ---------------------------------------------------------------------------------------------

const CORPUS = join(import.meta.dirname, '../../../shared/sqllogictest');

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (p.endsWith('.test')) out.push(p);
  }
  return out;
}

/** The SQL of every `statement` and `query` record, with whether the record expects an error. */
function records(file: string): { line: number; sql: string; error: boolean }[] {
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  const out: { line: number; sql: string; error: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(statement (ok|error|maybe)|query)\b/.exec(lines[i]);
    if (!m) continue;
    const sql: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j].trim() !== '' && lines[j] !== '----' && !lines[j].startsWith('#'); j++) sql.push(lines[j]);
    out.push({ line: i + 1, sql: sql.join('\n'), error: m[2] === 'error' });
    i = j;
  }
  return out;
}

describe.skipIf(!existsSync(CORPUS))('sqllogictest corpus', () => {
  it('parses every statement and query', () => {
    const failures: string[] = [];
    let count = 0;
    for (const file of testFiles(CORPUS)) {
      for (const r of records(file)) {
        count++;
        try {
          parseSql(r.sql);
        } catch (e) {
          expect(e).toBeInstanceOf(StrataError);
          if (!r.error) failures.push(`${file}:${r.line}: ${(e as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(5000);
  }, 30_000); // parses the whole corpus: about 2 s alone, over 5 s on a loaded 2-core machine
});

describe('INSERT ... VALUES fast path', () => {
  it('builds the same AST as the grammar, with the same positions', async () => {
    const { parseInsertValues } = await import('./insert-values-fast-path.js');
    const { tokenize } = await import('../lexer/lexer.js');
    const sql = "INSERT INTO t (a, \"B c\") VALUES (1, 'it''s'), (-2.5, NULL), (TRUE, FALSE)";
    const tokens = tokenize(sql);
    const fast = parseInsertValues(tokens, 0, tokens.length);
    expect(fast).not.toBeNull();
    const { parseSqlWithGrammar } = await import('./parse.js');
    expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(parseSqlWithGrammar(sql)[0])));
  });

  it('leaves anything but plain literals to the grammar', async () => {
    const { parseInsertValues } = await import('./insert-values-fast-path.js');
    const { tokenize } = await import('../lexer/lexer.js');
    for (const sql of ['INSERT INTO t VALUES (1 + 2)', 'INSERT INTO t SELECT 1', 'INSERT INTO t VALUES (1']) {
      const tokens = tokenize(sql);
      expect(parseInsertValues(tokens, 0, tokens.length)).toBeNull();
    }
    expect(() => parseSql('INSERT INTO t VALUES (1')).toThrow(/syntax error at end of input/);
  });
});
