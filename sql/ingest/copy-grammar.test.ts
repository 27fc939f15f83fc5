import { describe, expect, it } from 'vitest';
import type { CopyStatement } from '../ast/ast.js';
import { parseSql } from '../parser/parse.js';

function copy(sql: string): Omit<CopyStatement, 'pos' | 'query'> & { query: boolean } {
  const s = parseSql(sql)[0] as CopyStatement;
  const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x) => (k === 'pos' ? undefined : x)));
  return { ...(strip(s) as CopyStatement), query: s.query !== null };
}

describe('COPY grammar', () => {
  it('parses COPY FROM with a column list and options, bare and valued', () => {
    expect(copy("COPY t (a, b) FROM 'x.csv' (DELIMITER '|', HEADER, NULL 'NA', FORMAT csv)")).toEqual({
      kind: 'copy',
      direction: 'from',
      table: 't',
      columns: ['a', 'b'],
      query: false,
      file: 'x.csv',
      options: [
        { name: 'delimiter', value: { kind: 'literal', type: 'string', value: '|' } },
        { name: 'header', value: null },
        { name: 'null', value: { kind: 'literal', type: 'string', value: 'NA' } },
        { name: 'format', value: { kind: 'column', table: null, name: 'csv' } },
      ],
    });
  });

  it('parses COPY (query) TO with WITH and a list-valued option', () => {
    const c = copy("COPY (SELECT 1 AS a) TO 'out' WITH (FORMAT parquet, PARTITION_BY (a, b))");
    expect(c).toMatchObject({ direction: 'to', table: null, query: true, file: 'out' });
    expect(c.options[1]).toMatchObject({ name: 'partition_by', value: { kind: 'function', name: 'row', args: [{ name: 'a' }, { name: 'b' }] } });
  });

  it('keeps copy usable as a name', () => {
    expect(parseSql('SELECT copy FROM copy')[0].kind).toBe('select');
  });
});
