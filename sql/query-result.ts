/** QueryResult: the materialized result of a query, readable as rows, columns or an Arrow table. */
import * as arrow from 'apache-arrow';
import { type DataType, typeToString } from '../engine/types/data-type.js';
import { formatDate, formatTimestamp } from '../engine/types/date-time.js';
import type { Batch } from '../engine/vector/batch.js';
import { ColumnBuilder } from '../engine/vector/column-builder.js';
import type { Vector } from '../engine/vector/vector.js';

/** A result column: its name and type (`type` is the SQL spelling, e.g. `DECIMAL(15,2)`). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly dataType: DataType;
}

/** A JS value of a result cell. See README "Values in JavaScript" for the mapping. */
export type CellValue = number | string | boolean | null;

/**
 * Rows are returned with these JS types (and so `JSON.stringify` never throws):
 * INTEGER, BIGINT, DOUBLE, DECIMAL → number (BIGINT and DECIMAL are exact up to 2^53);
 * BOOLEAN → boolean; VARCHAR → string; DATE → 'YYYY-MM-DD'; TIMESTAMP → 'YYYY-MM-DD HH:MM:SS[.ffffff]';
 * NULL → null.
 */
export function cellValue(v: Vector, i: number): CellValue {
  if (v.validity !== null && v.validity[i] === 0) return null;
  switch (v.type.id) {
    case 'boolean':
      return v.data[i] !== 0;
    case 'varchar':
      return (v.dict as string[])[v.data[i]];
    case 'date':
      return formatDate(v.data[i]);
    case 'timestamp':
      return formatTimestamp(v.data[i]);
    case 'decimal':
      return v.data[i] / 10 ** (v.type.scale ?? 0);
    case 'null':
      return null;
    default:
      return v.data[i];
  }
}

export class QueryResult {
  readonly columns: readonly ColumnInfo[];
  readonly numRows: number;
  /** One dense vector per column. */
  readonly vectors: readonly Vector[];

  constructor(names: readonly string[], types: readonly DataType[], vectors: readonly Vector[], numRows: number) {
    this.columns = names.map((name, i) => ({ name, type: typeToString(types[i]), dataType: types[i] }));
    this.vectors = vectors;
    this.numRows = numRows;
  }

  /** Gathers batches into one result. */
  static fromBatches(names: readonly string[], types: readonly DataType[], batches: Iterable<Batch>): QueryResult {
    const builders = types.map((t) => new ColumnBuilder(t));
    let n = 0;
    for (const b of batches) {
      for (let c = 0; c < builders.length; c++) builders[c].appendVector(b.columns[c], b.sel, b.length);
      n += b.length;
    }
    return new QueryResult(names, types, builders.map((b) => b.finish()), n);
  }

  /** The value at row `row`, column `col`. */
  getValue(row: number, col: number): CellValue {
    return cellValue(this.vectors[col], row);
  }

  /** Rows as objects keyed by column name (a later duplicate name overwrites an earlier one). */
  rows(): Record<string, CellValue>[] {
    const out: Record<string, CellValue>[] = new Array(this.numRows);
    for (let r = 0; r < this.numRows; r++) {
      const row: Record<string, CellValue> = {};
      for (let c = 0; c < this.columns.length; c++) row[this.columns[c].name] = cellValue(this.vectors[c], r);
      out[r] = row;
    }
    return out;
  }

  /** Rows as arrays in column order (keeps duplicate column names apart). */
  rowArrays(): CellValue[][] {
    const out: CellValue[][] = new Array(this.numRows);
    for (let r = 0; r < this.numRows; r++) {
      const row: CellValue[] = new Array(this.columns.length);
      for (let c = 0; c < this.columns.length; c++) row[c] = cellValue(this.vectors[c], r);
      out[r] = row;
    }
    return out;
  }

  /** The result as an Apache Arrow table (strings as dictionary vectors, dates as DateDay). */
  toArrow(): arrow.Table {
    const cols: Record<string, arrow.Vector> = {};
    this.columns.forEach((c, i) => {
      cols[c.name] = toArrowVector(this.vectors[i], this.numRows);
    });
    return new arrow.Table(cols);
  }
}

function toArrowVector(v: Vector, n: number): arrow.Vector {
  const values: unknown[] = new Array(n);
  let type: arrow.DataType;
  switch (v.type.id) {
    case 'boolean':
      type = new arrow.Bool();
      break;
    case 'integer':
      type = new arrow.Int32();
      break;
    case 'bigint':
      type = new arrow.Int64();
      break;
    case 'date':
      type = new arrow.DateDay();
      break;
    case 'timestamp':
      type = new arrow.TimestampMicrosecond();
      break;
    case 'varchar':
      type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
      break;
    default:
      type = new arrow.Float64();
  }
  for (let i = 0; i < n; i++) {
    if (v.validity !== null && v.validity[i] === 0) {
      values[i] = null;
      continue;
    }
    const x = v.data[i];
    switch (v.type.id) {
      case 'boolean':
        values[i] = x !== 0;
        break;
      case 'bigint':
        values[i] = BigInt(x);
        break;
      case 'date':
        values[i] = new Date(x * 86_400_000);
        break;
      case 'timestamp':
        values[i] = new Date(x / 1000);
        break;
      case 'varchar':
        values[i] = (v.dict as string[])[x];
        break;
      case 'decimal':
        values[i] = x / 10 ** (v.type.scale ?? 0);
        break;
      default:
        values[i] = x;
    }
  }
  return arrow.vectorFromArray(values, type as never);
}
