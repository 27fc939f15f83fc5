import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BIGINT, INTEGER, typeToString, VARCHAR } from '../../engine/types/data-type.js';
import { loadCsv, type LoadedData } from './csv-loader.js';
import { sniffCsv } from './csv-sniffer.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(content: string | Buffer, ext = 'csv'): string {
  const f = path.join(dir, `f${fileNo++}.${ext}`);
  fs.writeFileSync(f, content);
  return f;
}

/** Column types as `name:TYPE`. */
function schema(d: LoadedData): string[] {
  return d.names.map((n, i) => `${n}:${typeToString(d.types[i])}`);
}

/** All rows as JS values (strings for VARCHAR, physical numbers otherwise). */
function rows(d: LoadedData): (number | string | null)[][] {
  const out: (number | string | null)[][] = [];
  for (const b of d.batches) for (let i = 0; i < b.length; i++) out.push(b.columns.map((v) => v.get(i)));
  return out;
}

describe('sniffing', () => {
  it('detects the delimiter, the header and the column types', () => {
    const f = file('id;name;price;day;flag;ts\n1;ann;1.50;2024-01-02;true;2024-01-02 10:00:00\n2;bob;2.25;2024-02-03;false;2024-01-03 11:30:00.5\n');
    const d = loadCsv([f]);
    expect(schema(d)).toEqual(['id:INTEGER', 'name:VARCHAR', 'price:DECIMAL(18,2)', 'day:DATE', 'flag:BOOLEAN', 'ts:TIMESTAMP']);
    expect(rows(d)[0]).toEqual([1, 'ann', 150, 19724, 1, 1704189600000000]);
  });

  it('reads a file without a header, naming columns column0...', () => {
    const d = loadCsv([file('1,a\n2,b\n3,c\n')]);
    expect(schema(d)).toEqual(['column0:INTEGER', 'column1:VARCHAR']);
    expect(d.rows).toBe(3);
  });

  it('takes a header of text columns when its names do not recur', () => {
    const s = sniffCsv(file('city,country\nParis,France\nLyon,France\n'));
    expect(s.header).toBe(true);
    expect(s.columns.map((c) => c.name)).toEqual(['city', 'country']);
  });

  it('drops the empty field of a trailing delimiter at the end of every line (dbgen)', () => {
    const d = loadCsv([file('1|AIR|19931024|\n2|MAIL|19940101|\n', 'tbl')]);
    expect(schema(d)).toEqual(['column0:INTEGER', 'column1:VARCHAR', 'column2:INTEGER']);
    expect(rows(d)).toEqual([[1, 'AIR', 19931024], [2, 'MAIL', 19940101]]);
  });

  it('detects day-first dates deterministically and honours --date-format', () => {
    expect(schema(loadCsv([file('d\n13/01/2024\n14/02/2024\n')]))).toEqual(['d:DATE']);
    const us = loadCsv([file('d\n01/02/2024\n')]);
    expect(rows(us)[0][0]).toBe(19724); // 2024-01-02: month first when ambiguous
    const eu = loadCsv([file('d\n01/02/2024\n')], { dateFormat: '%d/%m/%Y' });
    expect(rows(eu)[0][0]).toBe(19754); // 2024-02-01
  });
});

describe('quoting and encodings', () => {
  it('reads quoted fields with delimiters, doubled quotes and newlines', () => {
    const d = loadCsv([file('a,b\n"x, y","he said ""hi"""\n"multi\nline",z\n')]);
    expect(rows(d)).toEqual([['x, y', 'he said "hi"'], ['multi\nline', 'z']]);
  });

  it('handles CRLF line ends and a UTF-8 byte order mark', () => {
    const d = loadCsv([file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('n,s\r\n1,é\r\n2,ü\r\n')]))]);
    expect(d.names).toEqual(['n', 's']);
    expect(rows(d)).toEqual([[1, 'é'], [2, 'ü']]);
  });

  it('reads gzip-compressed files', () => {
    const text = 'k,v\n' + Array.from({ length: 5000 }, (_, i) => `${i},v${i % 7}`).join('\n') + '\n';
    const d = loadCsv([file(zlib.gzipSync(text), 'csv.gz')]);
    expect(d.rows).toBe(5000);
    expect(rows(d)[4999]).toEqual([4999, 'v1']);
  });

  it('reads empty unquoted fields and NULL strings as NULL, "" as an empty string', () => {
    const d = loadCsv([file('a,b,c\n1,,x\nNA,"",y\n')], { nullStrings: ['NA'] });
    expect(rows(d)).toEqual([[1, null, 'x'], [null, '', 'y']]);
  });

  it('reads rows longer than the read buffer and a last line without a line end', () => {
    const long = 'x'.repeat(5_000_000);
    const d = loadCsv([file(`a,b\n1,"${long}"\n2,end`)]);
    expect(d.rows).toBe(2);
    expect((rows(d)[0][1] as string).length).toBe(5_000_000);
    expect(rows(d)[1]).toEqual([2, 'end']);
  });
});

describe('type widening', () => {
  it('widens INTEGER to BIGINT and DOUBLE when later values need it', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => String(i)).join('\n');
    const d = loadCsv([file(`n\n${many}\n9999999999\n1.5e300\n`)]);
    expect(schema(d)).toEqual(['n:DOUBLE']);
    expect(rows(d).slice(-2)).toEqual([[9999999999], [1.5e300]]);
  });

  it('re-reads a column as VARCHAR when a late value is text, keeping the spelling of earlier values', () => {
    // The sample sees only digits (quoted, with leading zeros), then an ID with a letter at the end.
    const ids = Array.from({ length: 200_000 }, (_, i) => `"${String(i).padStart(7, '0')}",${i}`).join('\n');
    const d = loadCsv([file(`id,n\n${ids}\nD1000263,1\n`)]);
    expect(schema(d)).toEqual(['id:VARCHAR', 'n:INTEGER']);
    expect(rows(d)[7]).toEqual(['0000007', 7]);
    expect(rows(d)[200_000]).toEqual(['D1000263', 1]);
    expect(d.notes.join()).toMatch(/D1000263.*VARCHAR/);
  });

  it('widens DATE to TIMESTAMP in place', () => {
    const d = loadCsv([file('t\n2024-01-01\n2024-01-02 12:00:00\n')], { types: {} });
    expect(schema(d)).toEqual(['t:TIMESTAMP']);
    expect(rows(d)).toEqual([[1704067200000000], [1704196800000000]]);
  });
});

describe('rejects', () => {
  it('collects rows with the wrong number of fields and values that do not fit a fixed type', () => {
    const d = loadCsv([file('a,b\n1,x\n2\n3,y,z\nfour,w\n5,v\n')], { columns: [{ name: 'a', type: INTEGER }, { name: 'b', type: VARCHAR }] });
    expect(rows(d)).toEqual([[1, 'x'], [5, 'v']]);
    expect(d.rejectCount).toBe(3);
    expect(d.rejects.map((r) => [r.line, r.column, r.reason])).toEqual([
      [3, null, 'expected 2 fields, found 1'],
      [4, null, 'expected 2 fields, found 3'],
      [5, 'a', 'could not convert "four" to INTEGER'],
    ]);
  });

  it('stops at the first bad row with --strict, naming file, line and column', () => {
    const f = file('a\n1\nx\n');
    expect(() => loadCsv([f], { columns: [{ name: 'a', type: BIGINT }], strict: true })).toThrow(/f\d+\.csv:3 column a: could not convert "x" to BIGINT/);
  });

  it('reports an unterminated quoted field at the end of the file', () => {
    const d = loadCsv([file('a,b\n1,"open\n')], { header: true });
    expect(d.rejectCount).toBe(1);
    expect(d.rejects[0].reason).toBe('unterminated quoted field');
  });
});
