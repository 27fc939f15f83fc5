import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SsbColumn } from './ssb-schema.js';
import { readTbl, TblFormatError, type TblReadOptions } from './tbl-reader.js';

const COLUMNS: SsbColumn[] = [
  { name: 'k', sqlType: 'INTEGER', kind: 'int' },
  { name: 's', sqlType: 'VARCHAR', kind: 'str' },
  { name: 'v', sqlType: 'INTEGER', kind: 'int' },
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'tbl-reader-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

function read(text: string, options?: TblReadOptions): { rows: unknown[][]; chunks: number[] } {
  const file = path.join(dir, `t${fileNo++}.tbl`);
  writeFileSync(file, text);
  const rows: unknown[][] = [];
  const chunks: number[] = [];
  readTbl(
    file,
    COLUMNS,
    (c, n) => {
      chunks.push(n);
      for (let i = 0; i < n; i++) rows.push([c.k[i], c.s[i], c.v[i]]);
    },
    options,
  );
  return { rows, chunks };
}

describe('readTbl', () => {
  it('parses dbgen lines: a | after every field', () => {
    expect(read('1|abc|-7|\n22|x y, z|2147483647|\n').rows).toEqual([
      [1, 'abc', -7],
      [22, 'x y, z', 2147483647],
    ]);
  });

  it('accepts a missing trailing |, CRLF, no final newline and blank lines', () => {
    expect(read('1|a|2\r\n3|b|4|\r\n\n5|c|6').rows).toEqual([
      [1, 'a', 2],
      [3, 'b', 4],
      [5, 'c', 6],
    ]);
  });

  it('keeps empty strings and decodes UTF-8', () => {
    expect(read('1||2|\n2|Zürich ✓|3|\n').rows).toEqual([
      [1, '', 2],
      [2, 'Zürich ✓', 3],
    ]);
  });

  it('gives the same rows whatever the block and chunk sizes', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `${i}|${['AIR', 'RAIL', 'a much longer string value'][i % 3]}${i % 7}|${i * 3}|`);
    const text = lines.join('\n') + '\n';
    const expected = read(text).rows;
    expect(expected).toHaveLength(500);
    for (const blockBytes of [1, 7, 64, 1000]) {
      const r = read(text, { blockBytes, chunkRows: 33 });
      expect(r.rows).toEqual(expected);
      expect(r.chunks).toEqual([...Array(15).fill(33), 5]);
    }
  });

  it('finds repeated strings again by hash without mixing up collisions', () => {
    // Many distinct values switch the per-column cache off; the values must stay exact.
    const lines = Array.from({ length: 10_000 }, (_, i) => `${i}|v${i % 5000}|0|`);
    const { rows } = read(lines.join('\n'));
    expect(rows.every((r, i) => r[1] === `v${i % 5000}`)).toBe(true);
  });

  it('names the file and line of a malformed row', () => {
    expect(() => read('1|a|2|\n2|b|\n')).toThrow(TblFormatError);
    expect(() => read('1|a|2|\n2|b|\n')).toThrow(/t\d+\.tbl, line 2: expected an integer for v, found end of line/);
    expect(() => read('1|a|2|9|\n')).toThrow(/line 1: 3 fields expected, found more/);
    expect(() => read('x|a|2|\n')).toThrow(/line 1: expected an integer for k, found "x"/);
    expect(() => read('1|a|2.5|\n')).toThrow(/line 1: expected \| after v/);
    expect(() => read('1|a|99999999999|\n')).toThrow(/integer out of range for v/);
  });
});
