/**
 * Options of COPY and of the read_csv / read_parquet table functions: from their SQL spelling
 * (`DELIMITER '|'`, `HEADER`, `PARTITION_BY (a, b)`, `delim = ';'`) to typed option records.
 */
import { bindError, type SourcePos, StrataError } from '../../engine/errors.js';
import { type DataType, typeFromName } from '../../engine/types/data-type.js';
import type { Expr } from '../ast/ast.js';
import type { CsvReadOptions } from './csv-loader.js';

/** An option value: a string, number, boolean, NULL, or a list (`PARTITION_BY (a, b)`). */
export type OptionValue = string | number | boolean | null | OptionValue[];

/** Options by lower-case name. A bare option (`HEADER`) is `true`. */
export type OptionMap = Map<string, OptionValue>;

/** Reads a COPY option list; a bare word (`FORMAT csv`) is its text. */
export function copyOptionMap(options: readonly { name: string; value: Expr | null }[]): OptionMap {
  const m: OptionMap = new Map();
  for (const o of options) m.set(o.name.toLowerCase(), o.value === null ? true : constant(o.value));
  return m;
}

function constant(e: Expr): OptionValue {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'column':
      return e.table === null ? e.name : `${e.table}.${e.name}`;
    case 'unary':
      if (e.op === '-' && e.arg.kind === 'literal' && e.arg.type === 'number') return -e.arg.value;
      break;
    case 'function':
      if (e.name === 'row') return e.args.map(constant);
      break;
    default:
      break;
  }
  throw bindError('COPY options must be constants', e.pos);
}

/** Option accessors with type checks and one error style. */
export class Options {
  private readonly used = new Set<string>();
  constructor(
    private readonly map: OptionMap,
    private readonly what: string,
    private readonly pos: SourcePos | null = null,
  ) {}

  has(...names: string[]): boolean {
    return names.some((n) => this.map.has(n));
  }

  private raw(names: string[]): { name: string; value: OptionValue } | undefined {
    for (const n of names) {
      if (this.map.has(n)) {
        this.used.add(n);
        return { name: n, value: this.map.get(n) as OptionValue };
      }
    }
    return undefined;
  }

  string(...names: string[]): string | undefined {
    const r = this.raw(names);
    if (r === undefined || r.value === null) return undefined;
    if (Array.isArray(r.value)) throw this.error(`option ${r.name.toUpperCase()} takes one value`);
    return String(r.value);
  }

  boolean(...names: string[]): boolean | undefined {
    const r = this.raw(names);
    if (r === undefined || r.value === null) return undefined;
    const v = r.value;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string' && /^(true|on|yes|1)$/i.test(v)) return true;
    if (typeof v === 'string' && /^(false|off|no|0)$/i.test(v)) return false;
    throw this.error(`option ${r.name.toUpperCase()} takes true or false, not "${String(v)}"`);
  }

  number(...names: string[]): number | undefined {
    const r = this.raw(names);
    if (r === undefined || r.value === null) return undefined;
    const v = typeof r.value === 'string' ? Number(r.value) : r.value;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(`option ${r.name.toUpperCase()} takes a number`);
    return v;
  }

  list(...names: string[]): string[] | undefined {
    const r = this.raw(names);
    if (r === undefined || r.value === null) return undefined;
    const items = Array.isArray(r.value) ? r.value : [r.value];
    return items.map((x) => String(x));
  }

  /** Throws for options nobody read (a misspelt option must not be ignored silently). */
  checkAllUsed(): void {
    for (const k of this.map.keys()) {
      if (!this.used.has(k)) throw this.error(`unknown option ${k.toUpperCase()} for ${this.what}`);
    }
  }

  error(message: string): StrataError {
    return bindError(message, this.pos);
  }
}

/**
 * Parses a column list `name:TYPE, ...` (or `name TYPE, ...`) as given to `--columns` and the
 * `columns` option.
 */
export function parseColumnList(text: string): { name: string; type: DataType }[] {
  return splitTopLevel(text).map((part) => {
    const m = /^\s*("(?:[^"]|"")+"|[^\s:]+)\s*(?::|\s)\s*(.+?)\s*$/.exec(part);
    if (m === null) throw new StrataError('binder', `expected "name:TYPE" in the column list, got "${part.trim()}"`);
    const name = m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1];
    return { name, type: parseTypeName(m[2]) };
  });
}

/** A type name as SQL spells it (`INTEGER`, `DECIMAL(15,2)`, `double precision`). */
export function parseTypeName(text: string): DataType {
  const m = /^\s*([A-Za-z][A-Za-z0-9_ ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(text);
  const t = m === null ? null : typeFromName(m[1].replace(/\s+precision$/i, '').replace(/\s+/g, ' '), [m[2], m[3]].filter((x) => x !== undefined).map(Number));
  if (t === null) throw new StrataError('binder', `unknown type "${text.trim()}"`);
  return t;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim() !== '') parts.push(cur);
  return parts;
}

/** CSV read options from COPY / read_csv options (DuckDB's names, plus Strata's). */
export function csvReadOptions(o: Options): CsvReadOptions {
  const nulls = o.list('null', 'nullstr', 'null_string', 'null_padding_string');
  const columns = o.string('columns');
  const typesText = o.string('types', 'column_types');
  const out: CsvReadOptions = {
    delimiter: unescapeChar(o.string('delimiter', 'delim', 'sep', 'separator')),
    quote: unescapeChar(o.string('quote')),
    escape: unescapeChar(o.string('escape')),
    header: o.boolean('header'),
    nullStrings: nulls,
    dateFormat: o.string('dateformat', 'date_format'),
    timestampFormat: o.string('timestampformat', 'timestamp_format'),
    columns: columns !== undefined ? parseColumnList(columns) : undefined,
    strict: o.boolean('strict'),
    trailingDelimiter: o.boolean('trailing_delimiter'),
  };
  if (typesText !== undefined) out.types = Object.fromEntries(parseColumnList(typesText).map((c) => [c.name, c.type]));
  // Accepted for compatibility: compression is detected from the file's bytes.
  o.string('compression');
  o.boolean('auto_detect');
  o.number('sample_size');
  return out;
}

/** `\t` and `tab` as a tab, so a delimiter can be typed on a command line. */
export function unescapeChar(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (s === '\\t' || s.toLowerCase() === 'tab') return '\t';
  if (s === '\\n') return '\n';
  return s;
}
