import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-copy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => path.join(dir, name);

async function rowsOf(db: Database, sql: string): Promise<unknown[][]> {
  return (await db.query(sql)).rowArrays();
}

describe('COPY FROM', () => {
  it('appends a CSV file to a table and reports rows, rejects and speed', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE t (id INTEGER, name VARCHAR, amount DECIMAL(10,2))');
    fs.writeFileSync(at('t.csv'), 'id,name,amount\n1,ann,1.50\n2,bob,x\n3,cy,3\n');
    const r = await db.query(`COPY t FROM '${at('t.csv')}' (HEADER)`);
    expect(r.rowArrays()[0].slice(0, 3)).toEqual([2, 1, 't_rejects']);
    expect(await rowsOf(db, 'SELECT * FROM t ORDER BY id')).toEqual([[1, 'ann', 1.5], [3, 'cy', 3]]);
    expect(await rowsOf(db, 'SELECT line, column_name, value, reason FROM t_rejects')).toEqual([[3, 'amount', 'x', 'could not convert "x" to DECIMAL(10,2)']]);
  });

  it('leaves the table unchanged when a STRICT load fails halfway', async () => {
    const db = await Database.open();
    await db.exec("CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (7)");
    const lines = Array.from({ length: 50_000 }, (_, i) => String(i));
    lines.push('oops');
    fs.writeFileSync(at('bad.csv'), lines.join('\n') + '\n');
    await expect(db.query(`COPY t FROM '${at('bad.csv')}' (STRICT)`)).rejects.toThrow(/bad\.csv:50001 column id: could not convert "oops"/);
    expect(await rowsOf(db, 'SELECT count(*), min(id) FROM t')).toEqual([[1, 7]]);
  });

  it('rejects an unknown option instead of ignoring it', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE t (a INTEGER)');
    fs.writeFileSync(at('one.csv'), '1\n');
    await expect(db.query(`COPY t FROM '${at('one.csv')}' (DELIMITR ';')`)).rejects.toThrow(/unknown option DELIMITR/);
  });

  it('loads only the listed columns, the others NULL', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE t (a INTEGER, b VARCHAR, c INTEGER)');
    fs.writeFileSync(at('ac.csv'), '1,5\n2,6\n');
    await db.query(`COPY t (a, c) FROM '${at('ac.csv')}'`);
    expect(await rowsOf(db, 'SELECT * FROM t ORDER BY a')).toEqual([[1, null, 5], [2, null, 6]]);
  });
});

describe('COPY TO and back', () => {
  const setup = `CREATE TABLE s (k INTEGER, name VARCHAR, price DECIMAL(12,2), big BIGINT, d DATE, ts TIMESTAMP, ok BOOLEAN, x DOUBLE);
    INSERT INTO s VALUES
      (1, 'a,b', 10.25, 9007199254740991, DATE '2024-01-31', TIMESTAMP '2024-01-31 12:34:56.123456', true, 1.5),
      (2, 'say "hi"', -3.10, -42, DATE '1969-12-31', TIMESTAMP '1970-01-01 00:00:00', false, -0.25),
      (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`;
  const all = 'SELECT * FROM s ORDER BY k';

  for (const format of ['csv', 'parquet']) {
    it(`round-trips every column type through ${format}`, async () => {
      const db = await Database.open();
      await db.exec(setup);
      const f = at(`s.${format}`);
      const w = await db.query(`COPY s TO '${f}' (FORMAT ${format})`);
      expect(w.rowArrays()[0].slice(0, 2)).toEqual([3, 1]);
      await db.exec('CREATE TABLE s2 AS SELECT * FROM s LIMIT 0');
      await db.query(`COPY s2 FROM '${f}'`);
      expect(await rowsOf(db, 'SELECT * FROM s2 ORDER BY k')).toEqual(await rowsOf(db, all));
      const fn = format === 'csv' ? 'read_csv' : 'read_parquet';
      expect(await rowsOf(db, `SELECT k, name FROM ${fn}('${f}') ORDER BY k`)).toEqual([[1, 'a,b'], [2, 'say "hi"'], [3, null]]);
    });
  }

  it('exports a query with Parquet compressions that DuckDB reads back', async () => {
    const db = await Database.open();
    await db.exec(setup);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    for (const c of ['snappy', 'gzip', 'zstd', 'uncompressed']) {
      const f = at(`q-${c}.parquet`);
      await db.query(`COPY (SELECT k, name, price, d FROM s WHERE k < 3) TO '${f}' (FORMAT parquet, COMPRESSION ${c})`);
      const r = await duck.runAndReadAll(`SELECT k, name, CAST(price AS VARCHAR), CAST(d AS VARCHAR) FROM read_parquet('${f}') ORDER BY k`);
      expect(r.getRows()).toEqual([[1, 'a,b', '10.25', '2024-01-31'], [2, 'say "hi"', '-3.10', '1969-12-31']]);
    }
  });

  it('writes hive-style partition folders that DuckDB reads with hive_partitioning', async () => {
    const db = await Database.open();
    await db.exec("CREATE TABLE p (region VARCHAR, yr INTEGER, v INTEGER); INSERT INTO p VALUES ('EU', 2023, 1), ('EU', 2024, 2), ('ASIA', 2024, 3), (NULL, 2024, 4), ('A/B', 2023, 5)");
    const out = at('parts');
    const r = await db.query(`COPY p TO '${out}' (FORMAT parquet, PARTITION_BY (region, yr))`);
    expect(r.rowArrays()[0].slice(0, 2)).toEqual([5, 5]);
    const files = (fs.readdirSync(out, { recursive: true }) as string[]).filter((f) => f.endsWith('.parquet')).sort();
    expect(files).toEqual([
      'region=A%2FB/yr=2023/part-0.parquet',
      'region=ASIA/yr=2024/part-0.parquet',
      'region=EU/yr=2023/part-0.parquet',
      'region=EU/yr=2024/part-0.parquet',
      'region=__HIVE_DEFAULT_PARTITION__/yr=2024/part-0.parquet',
    ]);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const d = await duck.runAndReadAll(`SELECT CAST(region AS VARCHAR), CAST(yr AS INTEGER), v FROM read_parquet('${out}/*/*/*.parquet', hive_partitioning = true) ORDER BY v`);
    expect(d.getRows()).toEqual([['EU', 2023, 1], ['EU', 2024, 2], ['ASIA', 2024, 3], [null, 2024, 4], ['A/B', 2023, 5]]);
    // A second export into the same folder needs OVERWRITE.
    await expect(db.query(`COPY p TO '${out}' (FORMAT csv, PARTITION_BY (yr))`)).rejects.toThrow(/OVERWRITE/);
    await db.query(`COPY p TO '${out}' (FORMAT csv, PARTITION_BY (yr), OVERWRITE)`);
    expect(fs.readdirSync(out).sort()).toEqual(['yr=2023', 'yr=2024']);
  });

  it('leaves no file behind when an export fails', async () => {
    const db = await Database.open();
    await db.exec('CREATE TABLE z (a INTEGER); INSERT INTO z VALUES (1)');
    await expect(db.query(`COPY z TO '${at('z.parquet')}' (FORMAT parquet, COMPRESSION nope)`)).rejects.toThrow(/unknown Parquet compression/);
    expect(fs.readdirSync(dir).filter((f) => f.includes('z.parquet'))).toEqual([]);
  });
});

describe('reading Parquet written by DuckDB', () => {
  let file = '';
  beforeAll(async () => {
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    file = at('types.parquet');
    await duck.run(`COPY (SELECT (i % 100)::TINYINT AS ti, i::SMALLINT AS si, i AS ii, (i * 10000000000)::BIGINT AS bi, i::UINTEGER AS ui,
        (i / 4)::FLOAT AS fl, i / 8 AS db, (i / 100)::DECIMAL(9,2) AS d9, (i / 1000)::DECIMAL(18,3) AS d18, (i / 10)::DECIMAL(30,1) AS d30,
        DATE '2020-01-01' + i::INTEGER AS dt, TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (i) SECOND AS ts,
        (TIMESTAMP '2020-01-01' + INTERVAL (i) SECOND)::TIMESTAMP_NS AS tns, (TIMESTAMP '2020-01-01' + INTERVAL (i) SECOND)::TIMESTAMP_MS AS tms,
        i % 2 = 0 AS b, 'v' || (i % 3) AS s, CASE WHEN i % 5 = 0 THEN NULL ELSE i END AS n
      FROM range(1, 3001) t(i)) TO '${file}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000)`);
  });

  it('maps the physical and logical types to Strata types', async () => {
    const db = await Database.open();
    const r = await db.query(`SELECT * FROM read_parquet('${file}') LIMIT 0`);
    expect(r.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'ti:INTEGER', 'si:INTEGER', 'ii:BIGINT', 'bi:BIGINT', 'ui:BIGINT', 'fl:DOUBLE', 'db:DOUBLE', 'd9:DECIMAL(9,2)', 'd18:DECIMAL(18,3)', 'd30:DOUBLE',
      'dt:DATE', 'ts:TIMESTAMP', 'tns:TIMESTAMP', 'tms:TIMESTAMP', 'b:BOOLEAN', 's:VARCHAR', 'n:BIGINT',
    ]);
  });

  it('reads the values of every row group', async () => {
    const db = await Database.open();
    const rows = await rowsOf(db, `SELECT ti, si, ii, bi, ui, fl, db, d9, d18, d30, dt, ts, tns, tms, b, s, n FROM read_parquet('${file}') WHERE ii IN (7, 2500) ORDER BY ii`);
    expect(rows).toEqual([
      [7, 7, 7, 70000000000, 7, 1.75, 0.875, 0.07, 0.007, 0.7, '2020-01-08', '2020-01-01 00:00:07', '2020-01-01 00:00:07', '2020-01-01 00:00:07', false, 'v1', 7],
      [0, 2500, 2500, 25000000000000, 2500, 625, 312.5, 25, 2.5, 250, '2026-11-05', '2020-01-01 00:41:40', '2020-01-01 00:41:40', '2020-01-01 00:41:40', true, 'v1', null],
    ]);
    expect(await rowsOf(db, `SELECT count(*), count(n), sum(ii) FROM read_parquet('${file}')`)).toEqual([[3000, 2400, 4501500]]);
  });
});
