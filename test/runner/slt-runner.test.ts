import { describe, expect, it } from 'vitest';
import {
  columnKind,
  compareBytes,
  duckdbDoubleText,
  duckdbValuesMatch,
  formatFixed3,
  hashLine,
  isHashLine,
  md5Values,
  renderDuckdb,
  renderSqlite,
  sortValues,
  sqliteRealText,
} from './slt-format.js';
import { type QueryRecord, type SltRecord, type StatementRecord, detectDialect, parseSlt } from './slt-parser.js';
import { type SltEngine, type SltResult, isSkippedByConditions, runText } from './slt-runner.js';
import { type ExpectedFailureEntry, formatExpectedFailures, parseExpectedFailures, suiteRelativePath } from './expected-failures.js';

// ------------------------------------------------------------------------------------------------
// A tiny fake engine: statements are recorded; queries are answered by a handler.
// ------------------------------------------------------------------------------------------------

type Cell = number | string | boolean | null;

function result(types: string[], rows: Cell[][]): SltResult {
  return { columns: types.map((type, i) => ({ name: `c${i}`, type })), rowArrays: () => rows };
}

interface FakeEngine extends SltEngine {
  readonly executed: string[];
  closed: boolean;
}

function fakeEngine(answer: (sql: string) => SltResult, failOn: (sql: string) => boolean = () => false): FakeEngine {
  const e: FakeEngine = {
    executed: [],
    closed: false,
    execSync(sql: string) {
      e.executed.push(sql);
      if (failOn(sql)) throw new Error(`boom: ${sql}`);
    },
    querySync(sql: string) {
      e.executed.push(sql);
      if (failOn(sql)) throw new Error(`boom: ${sql}`);
      return answer(sql);
    },
    close() {
      e.closed = true;
    },
  };
  return e;
}

const queries = (recs: SltRecord[]): QueryRecord[] => recs.filter((r): r is QueryRecord => r.type === 'query');
const statements = (recs: SltRecord[]): StatementRecord[] => recs.filter((r): r is StatementRecord => r.type === 'statement');

// ------------------------------------------------------------------------------------------------
// Parser
// ------------------------------------------------------------------------------------------------

describe('parser: SQLite format', () => {
  it('splits records on blank lines and keeps line numbers', () => {
    const text = [
      'hash-threshold 8', // 1
      '', // 2
      'statement ok', // 3
      'CREATE TABLE t1(a INTEGER,', // 4
      '  b INTEGER)', // 5
      '   ', // 6 (whitespace-only: blank)
      'query II rowsort label-1', // 7
      'SELECT a, b FROM t1', // 8
      '----', // 9
      '1', // 10
      '2', // 11
    ].join('\r\n');
    const recs = parseSlt(text, 'sqlite');
    expect(recs.map((r) => r.type)).toEqual(['hash-threshold', 'statement', 'query']);
    expect(recs[0]).toMatchObject({ type: 'hash-threshold', value: 8, line: 1 });
    expect(recs[1]).toMatchObject({ type: 'statement', expect: 'ok', line: 3, sql: 'CREATE TABLE t1(a INTEGER,\n  b INTEGER)' });
    expect(recs[2]).toMatchObject({ type: 'query', types: 'II', sortMode: 'rowsort', label: 'label-1', line: 7, sql: 'SELECT a, b FROM t1', expected: ['1', '2'] });
  });

  it('removes # comment lines before splitting: they never end a record', () => {
    const text = ['query I nosort', 'SELECT 1', '# a comment between SQL and ----', '----', '1', '# a comment inside the results', '2', '', '# alone', '', 'halt'].join('\n');
    const recs = parseSlt(text, 'sqlite');
    expect(recs).toHaveLength(2);
    expect(recs[0]).toMatchObject({ type: 'query', sql: 'SELECT 1', expected: ['1', '2'] });
    expect(recs[1]).toMatchObject({ type: 'halt', line: 11 });
  });

  it('a # must be the first character to start a comment', () => {
    const recs = parseSlt('statement ok\n  # not a comment\nSELECT 1', 'sqlite');
    expect(statements(recs)[0].sql).toBe('  # not a comment\nSELECT 1');
  });

  it('parses stacked skipif/onlyif, ignores trailing tokens, and handles statement error / empty results', () => {
    const text = [
      'onlyif sqlite # empty RHS',
      'skipif mysql',
      'query I',
      'SELECT 1 WHERE 0',
      '----',
      '',
      'statement error',
      'SELECT nope',
      '',
      'query T',
      'SELECT 1 WHERE 0',
    ].join('\n');
    const recs = parseSlt(text, 'sqlite');
    const [q1, st, q2] = recs;
    expect(q1).toMatchObject({ type: 'query', line: 3, expected: [], sortMode: 'nosort', conditions: [{ kind: 'onlyif', name: 'sqlite' }, { kind: 'skipif', name: 'mysql' }] });
    expect(st).toMatchObject({ type: 'statement', expect: 'error', sql: 'SELECT nope' });
    expect(q2).toMatchObject({ type: 'query', expected: [] });
  });

  it('keeps a hash line as the single expected line, and valuesort', () => {
    const recs = parseSlt('query III valuesort\nSELECT * FROM t\n----\n9 values hashing to 0123456789abcdef0123456789abcdef\n', 'sqlite');
    const q = queries(recs)[0];
    expect(q.sortMode).toBe('valuesort');
    expect(q.expected).toEqual(['9 values hashing to 0123456789abcdef0123456789abcdef']);
    expect(isHashLine(q.expected[0])).toBe(true);
    expect(isHashLine('9 values hashing to 0123')).toBe(false);
  });

  it('reports unknown record types as invalid', () => {
    const recs = parseSlt('frobnicate now\n\nstatement ok\nSELECT 1', 'sqlite');
    expect(recs[0]).toMatchObject({ type: 'invalid', line: 1 });
    expect(recs[1].type).toBe('statement');
  });
});

describe('parser: DuckDB dialect', () => {
  it('detects the dialect from the path or the # name: header', () => {
    expect(detectDialect('duckdb/test/sql/x.test', 'statement ok\nSELECT 1')).toBe('duckdb');
    expect(detectDialect('sqlite/test/select1.test', '# name: test/sql/x.test\n')).toBe('duckdb');
    expect(detectDialect('sqlite/test/select1.test', 'hash-threshold 8\n')).toBe('sqlite');
    expect(detectDialect('/a/duckdb.test', 'statement ok\n')).toBe('sqlite');
  });

  it('a # line ends the SQL; in results only a truly empty line ends the block', () => {
    const text = [
      '# name: test/sql/x.test', // 1
      '', // 2
      'statement ok', // 3
      'CREATE TABLE t(a INT)', // 4
      '# comment ends the SQL', // 5
      'query IT', // 6
      'SELECT a, b', // 7
      'FROM t', // 8
      '----', // 9
      '1\tx ', // 10 trailing space is part of the value
      '# not a comment', // 11
      '   ', // 12 whitespace-only is a value line here
      '', // 13
      'query I', // 14
      'SELECT 1', // 15
    ].join('\n');
    const recs = parseSlt(text, 'duckdb');
    expect(recs.map((r) => r.type)).toEqual(['statement', 'query', 'query']);
    expect(recs[0]).toMatchObject({ line: 3, sql: 'CREATE TABLE t(a INT)' });
    expect(recs[1]).toMatchObject({ line: 6, sql: 'SELECT a, b\nFROM t', expected: ['1\tx ', '# not a comment', '   '] });
    expect(recs[2]).toMatchObject({ line: 14, sql: 'SELECT 1', expected: [] });
  });

  it('parses statement error with a message, maybe, connection names, and control records', () => {
    const text = [
      'require parquet',
      '',
      'statement error',
      'SELECT x',
      '----',
      'Binder Error: no x',
      '',
      'statement maybe',
      'SELECT 1',
      '',
      'query I con1',
      'SELECT 1',
      '----',
      '1',
      '',
      'mode skip',
      '',
      'mode unskip',
      'set ignore_error_messages HTTP',
    ].join('\n');
    const recs = parseSlt(text, 'duckdb');
    expect(recs.map((r) => r.type)).toEqual(['skip-file', 'statement', 'statement', 'query', 'mode', 'mode', 'ignored']);
    expect(recs[1]).toMatchObject({ expect: 'error', sql: 'SELECT x', expectedError: 'Binder Error: no x' });
    expect(recs[2]).toMatchObject({ expect: 'maybe' });
    expect(recs[3]).toMatchObject({ connection: 'con1', sortMode: 'nosort' });
    expect(recs[5]).toMatchObject({ mode: 'unskip' });
  });

  it('expands loop / foreach / nested loops with ${v} and {v} substitution', () => {
    const text = [
      'loop i 0 3',
      '',
      'statement ok',
      'INSERT INTO t VALUES (${i}, {i})',
      '',
      'endloop',
      '',
      'foreach a,b 1,x 2,y',
      '',
      'foreach t <signed>',
      '',
      'query I',
      'SELECT ${a}::${t}, \'${b}\'',
      '----',
      '${a}',
      '',
      'endloop',
      '',
      'endloop',
    ].join('\n');
    const recs = parseSlt(text, 'duckdb');
    const st = statements(recs);
    expect(st.map((s) => s.sql)).toEqual(['INSERT INTO t VALUES (0, 0)', 'INSERT INTO t VALUES (1, 1)', 'INSERT INTO t VALUES (2, 2)']);
    expect(st.every((s) => s.line === 3)).toBe(true);
    const q = queries(recs);
    expect(q).toHaveLength(2 * 5);
    expect(q[0]).toMatchObject({ sql: "SELECT 1::tinyint, 'x'", expected: ['1'] });
    expect(q[9]).toMatchObject({ sql: "SELECT 2::hugeint, 'y'", expected: ['2'] });
    expect(q[9].loopVars).toEqual({ a: '2', b: 'y', t: 'hugeint' });
  });

  it('reports unbalanced loops as invalid', () => {
    expect(parseSlt('endloop\n', 'duckdb')[0]).toMatchObject({ type: 'invalid', message: 'endloop without a loop' });
    expect(parseSlt('loop i 0 2\n\nstatement ok\nSELECT 1\n', 'duckdb')).toMatchObject([{ type: 'invalid', message: 'loop without endloop' }]);
  });

  it('parses the real DuckDB files in this repo layout (smoke)', () => {
    const text = '# name: x\n\nquery TT\nselect LTRIM(\'\'), \'a \'\n----\n(empty)\ta \n';
    const q = queries(parseSlt(text, 'duckdb'))[0];
    expect(q.expected).toEqual(['(empty)\ta ']);
  });
});

describe('conditions', () => {
  it('uses a generic engine name: onlyif X skips, skipif X runs (X is not strata)', () => {
    const names = ['strata'];
    expect(isSkippedByConditions([{ kind: 'onlyif', name: 'sqlite' }], names)).toBe(true);
    expect(isSkippedByConditions([{ kind: 'onlyif', name: 'duckdb' }], names)).toBe(true);
    expect(isSkippedByConditions([{ kind: 'skipif', name: 'duckdb' }], names)).toBe(false);
    expect(isSkippedByConditions([{ kind: 'skipif', name: 'Strata' }], names)).toBe(true);
    expect(isSkippedByConditions([{ kind: 'onlyif', name: 'STRATA' }], names)).toBe(false);
    expect(isSkippedByConditions([{ kind: 'skipif', name: 'i=2' }], names, { i: '2' })).toBe(true);
    expect(isSkippedByConditions([{ kind: 'onlyif', name: 'i=2' }], names, { i: '1' })).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------
// Formatter
// ------------------------------------------------------------------------------------------------

describe('formatter', () => {
  it('reproduces the worked MD5 example of FORMAT.md §5.4', () => {
    const rows = [
      [-4, 3706, 249, 245, 245],
      [-3, 2878, 194, 191, 191],
    ];
    const values = rows.flat().map((v) => renderSqlite(v, 'I', columnKind('INTEGER')));
    const sorted = sortValues(values, 5, 'rowsort');
    expect(sorted.slice(0, 2)).toEqual(['-3', '2878']);
    expect(md5Values(sorted)).toBe('4457dbfe4ab387a5f8f9b308280689f6');
    expect(hashLine(sorted)).toBe('10 values hashing to 4457dbfe4ab387a5f8f9b308280689f6');
  });

  it('rowsort/valuesort compare byte-wise, not numerically', () => {
    expect(sortValues(['9', '10', '-4', '-3', 'NULL', 'abc', 'Z'], 1, 'rowsort')).toEqual(['-3', '-4', '10', '9', 'NULL', 'Z', 'abc']);
    expect(sortValues(['b', '2', 'a', '1'], 2, 'rowsort')).toEqual(['a', '1', 'b', '2']);
    expect(sortValues(['b', '2', 'a', '1'], 2, 'valuesort')).toEqual(['1', '2', 'a', 'b']);
    expect(sortValues(['b', '2', 'a', '1'], 2, 'nosort')).toEqual(['b', '2', 'a', '1']);
    // Rows tie on column 1 and are ordered by column 2.
    expect(sortValues(['1', 'y', '1', 'x'], 2, 'rowsort')).toEqual(['1', 'x', '1', 'y']);
  });

  it('compares like UTF-8 bytes, also for characters outside the BMP', () => {
    const pairs: [string, string][] = [['\uffff', '😀'], ['é', 'z'], ['ab', 'a'], ['\ue000', '\ud7ff']];
    for (const [a, b] of pairs) {
      expect(Math.sign(compareBytes(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }
  });

  it('renders R with %.3f (16 significant digits, ties away from zero)', () => {
    expect(formatFixed3(12)).toBe('12.000');
    expect(formatFixed3(-0.5)).toBe('-0.500');
    expect(formatFixed3(1 / 3)).toBe('0.333');
    expect(formatFixed3(2 / 3)).toBe('0.667');
    expect(formatFixed3(0.0625)).toBe('0.063');
    expect(formatFixed3(-0.0001)).toBe('-0.000');
    expect(formatFixed3(0)).toBe('0.000');
    expect(formatFixed3(-9223372036854775808)).toBe('-9223372036854776000.000');
    expect(renderSqlite(7, 'R', columnKind('INTEGER'))).toBe('7.000');
    expect(renderSqlite('2.5x', 'R', columnKind('VARCHAR'))).toBe('2.500');
  });

  it('renders I by truncating toward zero', () => {
    const dbl = columnKind('DOUBLE');
    expect(renderSqlite(2.7, 'I', dbl)).toBe('2');
    expect(renderSqlite(-2.7, 'I', dbl)).toBe('-2');
    expect(renderSqlite(-0.5, 'I', dbl)).toBe('0');
    expect(renderSqlite(1e21, 'I', dbl)).toBe('1000000000000000000000');
    expect(renderSqlite('12abc', 'I', columnKind('VARCHAR'))).toBe('12');
    expect(renderSqlite('abc', 'I', columnKind('VARCHAR'))).toBe('0');
    expect(renderSqlite(true, 'I', columnKind('BOOLEAN'))).toBe('1');
    expect(renderSqlite(null, 'I', dbl)).toBe('NULL');
  });

  it('renders T: (empty), non-printable bytes as @, numbers by column type', () => {
    const vc = columnKind('VARCHAR');
    expect(renderSqlite('', 'T', vc)).toBe('(empty)');
    expect(renderSqlite('a\tb', 'T', vc)).toBe('a@b');
    expect(renderSqlite('é', 'T', vc)).toBe('@@');
    expect(renderSqlite(null, 'T', vc)).toBe('NULL');
    expect(renderSqlite(5, 'T', columnKind('INTEGER'))).toBe('5');
    expect(renderSqlite(12, 'T', columnKind('DOUBLE'))).toBe('12.0');
    expect(renderSqlite(1.5, 'T', columnKind('DOUBLE'))).toBe('1.5');
    expect(sqliteRealText(1e20)).toBe('1.0e+20');
    expect(sqliteRealText(1.5e-7)).toBe('1.5e-07');
    expect(sqliteRealText(0.1 + 0.2)).toBe('0.3');
  });

  it('renders DuckDB-style values', () => {
    expect(renderDuckdb(true, columnKind('BOOLEAN'))).toBe('1');
    expect(renderDuckdb(false, columnKind('BOOLEAN'))).toBe('0');
    expect(renderDuckdb(null, columnKind('INTEGER'))).toBe('NULL');
    expect(renderDuckdb('', columnKind('VARCHAR'))).toBe('(empty)');
    expect(renderDuckdb(42, columnKind('BIGINT'))).toBe('42');
    expect(renderDuckdb(12, columnKind('DECIMAL(15,2)'))).toBe('12.00');
    expect(renderDuckdb(0.5, columnKind('DOUBLE'))).toBe('0.5');
    expect(renderDuckdb(12, columnKind('DOUBLE'))).toBe('12.0');
    expect(renderDuckdb('1993-08-14', columnKind('DATE'))).toBe('1993-08-14');
    expect(duckdbDoubleText(1e16)).toBe('1e+16');
    expect(duckdbDoubleText(1.5e-5)).toBe('1.5e-05');
    expect(duckdbDoubleText(123456.789)).toBe('123456.789');
    expect(duckdbDoubleText(-Infinity)).toBe('-inf');
  });

  it('compares DuckDB values tolerantly', () => {
    const int = columnKind('INTEGER');
    const dbl = columnKind('DOUBLE');
    const bool = columnKind('BOOLEAN');
    const vc = columnKind('VARCHAR');
    expect(duckdbValuesMatch('12', '12.000000', int)).toBe(true);
    expect(duckdbValuesMatch('3.3333333333333335', '3.333333', dbl)).toBe(true);
    expect(duckdbValuesMatch('0.30000000000000004', '0.3', dbl)).toBe(true);
    expect(duckdbValuesMatch('12.5', '12', dbl)).toBe(false);
    expect(duckdbValuesMatch('12.001', '12.000000', dbl)).toBe(false);
    expect(duckdbValuesMatch('NULL', '0', int)).toBe(false);
    expect(duckdbValuesMatch('1', 'true', bool)).toBe(true);
    expect(duckdbValuesMatch('0', 'FALSE', bool)).toBe(true);
    expect(duckdbValuesMatch('1', 'false', bool)).toBe(false);
    expect(duckdbValuesMatch('1.0', '1', vc)).toBe(false);
    expect(duckdbValuesMatch('abc', '<REGEX>:a.c', vc)).toBe(true);
    expect(duckdbValuesMatch('abc', '<!REGEX>:a.c', vc)).toBe(false);
    // Unknown column type: the raw JS value decides.
    expect(duckdbValuesMatch('12.0', '12', columnKind('WHATEVER'), 12)).toBe(true);
  });

  it('classifies type spellings', () => {
    expect(columnKind('INTEGER').kind).toBe('integer');
    expect(columnKind('DECIMAL(15,2)')).toEqual({ kind: 'decimal', scale: 2 });
    expect(columnKind('VARCHAR').kind).toBe('string');
    expect(columnKind('TIMESTAMP').kind).toBe('temporal');
    expect(columnKind('NULL').kind).toBe('null');
  });
});

// ------------------------------------------------------------------------------------------------
// Runner (fake engine)
// ------------------------------------------------------------------------------------------------

describe('runner', () => {
  const sqliteFile = [
    'statement ok', // 1
    'CREATE TABLE t1(a INTEGER, b INTEGER)', // 2
    '', // 3
    'query II rowsort', // 4
    'SELECT a, b FROM t1', // 5
    '----', // 6
    '-3', // 7
    '2878', // 8
    '-4', // 9
    '3706', // 10
    '', // 11
    'query IIIII rowsort', // 12
    'SELECT five', // 13
    '----', // 14
    '10 values hashing to 4457dbfe4ab387a5f8f9b308280689f6', // 15
    '', // 16
    'query R nosort', // 17
    'SELECT avg', // 18
    '----', // 19
    '0.333', // 20
    '', // 21
    'onlyif mysql', // 22
    'query I', // 23
    'SELECT mysql_only', // 24
    '----', // 25
    '1', // 26
    '', // 27
    'statement error', // 28
    'SELECT bad', // 29
    '', // 30
    'skipif mysql', // 31
    'query I nosort', // 32
    'SELECT wrong', // 33
    '----', // 34
    '1', // 35
    '', // 36
    'query II nosort', // 37
    'SELECT onecol', // 38
    '----', // 39
    '1', // 40
    '2', // 41
  ].join('\n');

  const sqliteAnswers = (sql: string): SltResult => {
    switch (sql) {
      case 'SELECT a, b FROM t1':
        return result(['INTEGER', 'INTEGER'], [
          [-4, 3706],
          [-3, 2878],
        ]);
      case 'SELECT five':
        return result(['INTEGER', 'INTEGER', 'DOUBLE', 'INTEGER', 'INTEGER'], [
          [-4, 3706, 249.9, 245, 245],
          [-3, 2878, 194, 191, 191],
        ]);
      case 'SELECT avg':
        return result(['DOUBLE'], [[1 / 3]]);
      case 'SELECT wrong':
        return result(['INTEGER'], [[2]]);
      case 'SELECT onecol':
        return result(['INTEGER'], [[1], [2]]);
      default:
        throw new Error(`unexpected ${sql}`);
    }
  };

  it('runs SQLite-format records: values, hashes, conditions, errors; failures do not stop the file', async () => {
    const engines: FakeEngine[] = [];
    const res = await runText(sqliteFile, 'sqlite/test/x.test', {
      engineFactory: () => {
        const e = fakeEngine(sqliteAnswers, (sql) => sql === 'SELECT bad');
        engines.push(e);
        return e;
      },
    });
    expect(engines).toHaveLength(1);
    expect(engines[0].closed).toBe(true);
    expect(engines[0].executed).not.toContain('SELECT mysql_only');
    expect(res.dialect).toBe('sqlite');
    expect(res.skipped).toBe(1);
    expect(res.passed).toBe(5);
    expect(res.failed).toBe(2);
    expect(res.failures.map((f) => [f.line, f.kind])).toEqual([
      [32, 'failure'],
      [37, 'failure'],
    ]);
    expect(res.failures[0]).toMatchObject({ file: 'sqlite/test/x.test', sql: 'SELECT wrong', expected: '1', got: '2' });
    expect(res.failures[0].message).toContain("expected '1', got '2'");
    expect(res.failures[1].message).toContain('wrong column count');
  });

  it('reports a query error, a statement that fails, and a statement error that succeeds', async () => {
    const text = 'statement ok\nCREATE x\n\nstatement error\nSELECT fine\n\nquery I\nSELECT err\n----\n1\n\nstatement ok\nSELECT after';
    const res = await runText(text, 'sqlite/test/y.test', {
      engineFactory: () => fakeEngine(() => result(['INTEGER'], [[1]]), (sql) => sql === 'CREATE x' || sql === 'SELECT err'),
    });
    expect(res.failures.map((f) => f.line)).toEqual([1, 4, 7]);
    expect(res.failures[0].message).toContain('statement failed: boom: CREATE x');
    expect(res.failures[1].message).toContain('succeeded but an error was expected');
    expect(res.failures[2].message).toContain('query failed');
    expect(res.passed).toBe(1);
  });

  it('honors halt (also behind skipif) and counts nothing after it', async () => {
    const text = 'statement ok\nSELECT 1\n\nskipif sqlite\nhalt\n\nstatement ok\nSELECT 2\n';
    const e = fakeEngine(() => result([], []));
    const res = await runText(text, 'sqlite/test/h.test', { engineFactory: () => e });
    expect(e.executed).toEqual(['SELECT 1']);
    expect(res).toMatchObject({ passed: 1, failed: 0, skipped: 0 });
    const e2 = fakeEngine(() => result([], []));
    await runText(text.replace('skipif sqlite', 'onlyif sqlite'), 'sqlite/test/h.test', { engineFactory: () => e2 });
    expect(e2.executed).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('checks labels: queries sharing a label must hash alike', async () => {
    const text = 'query I rowsort lbl\nSELECT a\n----\n1\n2\n\nquery I rowsort lbl\nSELECT b\n----\n1\n2\n\nquery I rowsort lbl\nSELECT c\n----\n1\n3\n';
    const res = await runText(text, 'sqlite/test/l.test', {
      engineFactory: () =>
        fakeEngine((sql) =>
          sql === 'SELECT c'
            ? result(['INTEGER'], [[3], [1]])
            : result(['INTEGER'], [[2], [1]]),
        ),
    });
    expect(res.passed).toBe(2);
    expect(res.failures).toHaveLength(1);
    expect(res.failures[0].message).toContain("label 'lbl'");
  });

  it('runs DuckDB-dialect files: TAB rows, tolerant numbers/booleans, value-wise layout, order-only hint', async () => {
    const text = [
      '# name: test/sql/x.test',
      '',
      'query IRT',
      'SELECT x',
      '----',
      '1\t28.000000\ttrue',
      'NULL\t0.333333\t(empty)',
      '',
      'query II',
      'SELECT y',
      '----',
      '1',
      '2',
      '3',
      '4',
      '',
      'query I',
      'SELECT z',
      '----',
      '1',
      '2',
    ].join('\n');
    const res = await runText(text, 'duckdb/test/sql/x.test', {
      engineFactory: () =>
        fakeEngine((sql) => {
          if (sql === 'SELECT x') return result(['INTEGER', 'DOUBLE', 'BOOLEAN'], [[1, 28, true], [null, 1 / 3, false]]);
          if (sql === 'SELECT y') return result(['INTEGER', 'INTEGER'], [[1, 2], [3, 4]]);
          return result(['INTEGER'], [[2], [1]]);
        }),
    });
    expect(res.dialect).toBe('duckdb');
    expect(res.failures.map((f) => f.line)).toEqual([3, 17]);
    expect(res.failures[0].message).toContain("row 2, column 3: expected '(empty)', got '0'");
    expect(res.failures[1].message).toContain('order-only mismatch');
    expect(res.passed).toBe(1);
  });

  it('DuckDB: loops run with substitution, skipif on loop variables, mode skip/unskip', async () => {
    const text = [
      '# name: x',
      '',
      'loop i 0 3',
      '',
      'skipif i=1',
      'statement ok',
      'INSERT ${i}',
      '',
      'endloop',
      '',
      'mode skip',
      '',
      'statement ok',
      'SKIPPED',
      '',
      'mode unskip',
      '',
      'statement ok',
      'AFTER',
    ].join('\n');
    const e = fakeEngine(() => result([], []));
    const res = await runText(text, 'duckdb/x.test', { engineFactory: () => e });
    expect(e.executed).toEqual(['INSERT 0', 'INSERT 2', 'AFTER']);
    expect(res).toMatchObject({ passed: 3, failed: 0, skipped: 2 });
  });

  it('DuckDB: require (and load/restart/...) skips the whole file', async () => {
    const text = '# name: x\n\nrequire parquet\n\nstatement ok\nSELECT 1\n\nquery I\nSELECT 1\n----\n1\n';
    let opened = false;
    const res = await runText(text, 'duckdb/x.test', {
      engineFactory: () => {
        opened = true;
        return fakeEngine(() => result(['INTEGER'], [[1]]));
      },
    });
    expect(opened).toBe(false);
    expect(res).toMatchObject({ passed: 0, failed: 0, skipped: 2 });
    expect(res.skippedFile).toContain('require parquet');
  });

  it('stops the file at an unknown record type (reported as a failure)', async () => {
    const text = 'statement ok\nSELECT 1\n\nbogus\n\nstatement ok\nSELECT 2\n';
    const e = fakeEngine(() => result([], []));
    const res = await runText(text, 's/x.test', { engineFactory: () => e });
    expect(e.executed).toEqual(['SELECT 1']);
    expect(res.failures[0]).toMatchObject({ line: 4, kind: 'failure' });
  });

  it('fail-fast stops at the first unexpected failure', async () => {
    const text = 'statement ok\nA\n\nstatement ok\nB\n\nstatement ok\nC\n';
    const e = fakeEngine(() => result([], []), (sql) => sql !== 'A');
    const res = await runText(text, 's/x.test', { engineFactory: () => e, failFast: true });
    expect(e.executed).toEqual(['A', 'B']);
    expect(res).toMatchObject({ passed: 1, failed: 1, stoppedEarly: true });
    expect(e.closed).toBe(true);
  });

  it('applies the expected-failures list: expected, fixed, not run', async () => {
    const text = 'statement ok\nA\n\nstatement ok\nB\n\nstatement ok\nC\n';
    const listed = new Map<string, ExpectedFailureEntry>([
      ['s/x.test:1', { file: 's/x.test', line: 1, reason: 'no A yet' }],
      ['s/x.test:4', { file: 's/x.test', line: 4, reason: 'B fixed?' }],
      ['s/x.test:99', { file: 's/x.test', line: 99, reason: 'gone' }],
      ['other.test:1', { file: 'other.test', line: 1, reason: 'other file' }],
    ]);
    const res = await runText(text, 's/x.test', {
      engineFactory: () => fakeEngine(() => result([], []), (sql) => sql === 'A'),
      expectedFailures: listed,
    });
    expect(res.expectedFailures).toBe(1);
    expect(res.passed).toBe(1); // C
    expect(res.failed).toBe(1); // B: fixed
    expect(res.failures.map((f) => [f.line, f.kind])).toEqual([
      [1, 'expected'],
      [4, 'fixed'],
    ]);
    expect(res.failures[1].message).toContain('remove from the list');
    expect(res.notRun).toEqual(['s/x.test:99']);
  });
});

describe('expected-failures file', () => {
  it('round-trips entries and keeps reasons', () => {
    const text = formatExpectedFailures([
      { file: 'sqlite/test/select1.test', line: 120, reason: 'needs integer division', message: 'wrong value at row 1' },
      { file: 'duckdb/test/sql/a.test', line: 7, reason: 'unknown' },
    ]);
    expect(text).toContain('duckdb/test/sql/a.test:7 | unknown\n');
    expect(text).toContain('sqlite/test/select1.test:120 | needs integer division | wrong value at row 1\n');
    const { entries, errors } = parseExpectedFailures(text + 'garbage line\n');
    expect(errors).toHaveLength(1);
    expect(entries.get('sqlite/test/select1.test:120')).toEqual({
      file: 'sqlite/test/select1.test',
      line: 120,
      reason: 'needs integer division',
      message: 'wrong value at row 1',
    });
    expect(entries.get('duckdb/test/sql/a.test:7')?.reason).toBe('unknown');
  });

  it('makes paths relative to the suite root by the suffix after sqllogictest/', () => {
    expect(suiteRelativePath('/work/shared/sqllogictest/sqlite/test/select1.test')).toBe('sqlite/test/select1.test');
    expect(suiteRelativePath('/x/y/sqllogictest/duckdb/test/sql/a.test')).toBe('duckdb/test/sql/a.test');
    expect(suiteRelativePath('/elsewhere/suite/a.test', '/elsewhere/suite')).toBe('a.test');
  });
});
