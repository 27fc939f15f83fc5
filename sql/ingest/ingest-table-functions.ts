/**
 * The file-reading table functions: `read_csv('f', ...)` (alias `read_csv_auto`),
 * `read_parquet('f')` and `sniff_csv('f')`, which shows what the CSV sniffer detects.
 *
 * Registered when this module is first imported (by copy-statement.ts, which the statement
 * runner always loads); it is not imported from table-functions.ts because that would make an
 * import cycle in which the registry is not initialized yet.
 */
import type { TableEntry } from '../../engine/catalog/catalog.js';
import { newTableData } from '../../engine/catalog/catalog-manifest.js';
import { bindError, type SourcePos } from '../../engine/errors.js';
import { BOOLEAN, INTEGER, typeToString, VARCHAR } from '../../engine/types/data-type.js';
import { registerTableFunction, type TableFunctionArg, temporaryTable } from '../binder/table-functions.js';
import { csvReadOptions, type OptionMap, Options } from './copy-options.js';
import { loadCsv, type LoadedData } from './csv-loader.js';
import { sniffCsv } from './csv-sniffer.js';
import { expandFiles } from './file-source.js';
import { loadParquet } from './parquet-reader.js';

/** The path argument of a file table function. */
function pathArg(name: string, args: TableFunctionArg[], pos: SourcePos): string {
  if (args.length !== 1 || typeof args[0] !== 'string') throw bindError(`${name}() takes one file name (or pattern) as a string: ${name}('data.csv')`, pos);
  return args[0];
}

/** A temporary table holding loaded batches. */
function loadedTable(name: string, data: LoadedData): TableEntry {
  const columns = data.names.map((n, i) => ({ name: n, type: data.types[i], notNull: false, defaultSql: null }));
  const entry: TableEntry = { kind: 'table', name, columns, sortKey: [], data: newTableData(name, columns, [], null) };
  for (const b of data.batches) entry.data.append(b);
  return entry;
}

function optionMap(named: Record<string, TableFunctionArg>): OptionMap {
  return new Map(Object.entries(named).map(([k, v]) => [k.toLowerCase(), v]));
}

for (const name of ['read_csv', 'read_csv_auto']) {
  registerTableFunction({
    name,
    bind(args, named, ctx) {
      const files = expandFiles(pathArg(name, args, ctx.pos));
      const o = new Options(optionMap(named), name, ctx.pos);
      const ignoreErrors = o.boolean('ignore_errors') ?? false;
      const options = csvReadOptions(o);
      o.checkAllUsed();
      // Like DuckDB: a row that cannot be read is an error unless ignore_errors is set.
      options.strict = options.strict ?? !ignoreErrors;
      return loadedTable(name, loadCsv(files, options));
    },
  });
}

registerTableFunction({
  name: 'read_parquet',
  bind(args, named, ctx) {
    const files = expandFiles(pathArg('read_parquet', args, ctx.pos));
    new Options(optionMap(named), 'read_parquet', ctx.pos).checkAllUsed();
    return loadedTable('read_parquet', loadParquet(files));
  },
});

function charText(b: number): string {
  if (b < 0) return '';
  return b === 9 ? '\\t' : String.fromCharCode(b);
}

registerTableFunction({
  name: 'sniff_csv',
  bind(args, named, ctx) {
    const file = expandFiles(pathArg('sniff_csv', args, ctx.pos))[0];
    const o = new Options(optionMap(named), 'sniff_csv', ctx.pos);
    const options = csvReadOptions(o);
    o.checkAllUsed();
    const s = sniffCsv(file, options);
    const columns = s.columns.map((c) => `${c.name}:${typeToString(c.type)}`).join(', ');
    const dateFormats = [...new Set(s.columns.filter((c) => c.type.id === 'date').map((c) => c.dateFormat.pattern))].join(', ');
    const lit = (x: string): string => `'${x.replace(/'/g, "''")}'`;
    const prompt = `read_csv(${lit(file)}, delim = ${lit(charText(s.dialect.delimiter))}, quote = ${lit(charText(s.dialect.quote))}, header = ${s.header}, trailing_delimiter = ${s.dialect.trailingDelimiter}, columns = ${lit(columns)}${dateFormats !== '' ? `, dateformat = ${lit(dateFormats)}` : ''})`;
    return temporaryTable(
      'sniff_csv',
      [
        ['delimiter', VARCHAR],
        ['quote', VARCHAR],
        ['escape', VARCHAR],
        ['header', BOOLEAN],
        ['trailing_delimiter', BOOLEAN],
        ['columns', VARCHAR],
        ['date_format', VARCHAR],
        ['sample_rows', INTEGER],
        ['prompt', VARCHAR],
      ],
      {
        delimiter: [charText(s.dialect.delimiter)],
        quote: [charText(s.dialect.quote)],
        escape: [charText(s.dialect.escape)],
        header: [s.header ? 1 : 0],
        trailing_delimiter: [s.dialect.trailingDelimiter ? 1 : 0],
        columns: [columns],
        date_format: [dateFormats === '' ? null : dateFormats],
        sample_rows: [s.sampleRows],
        prompt: [prompt],
      },
      1,
    );
  },
});
