/** Logical SQL data types and how each one is laid out in a column vector. */

/**
 * The logical type ids. Each maps to exactly one physical layout (see {@link physicalKind}):
 *
 * | type      | vector data        | value                                            |
 * |-----------|--------------------|--------------------------------------------------|
 * | null      | Uint8Array         | always NULL (type of a bare `NULL` literal)      |
 * | boolean   | Uint8Array         | 0 / 1                                            |
 * | integer   | Int32Array         | 32-bit signed                                    |
 * | bigint    | Float64Array       | 64-bit signed, exact up to 2^53 (see README)     |
 * | double    | Float64Array       | IEEE double                                      |
 * | decimal   | Float64Array       | value x 10^scale as an exact integer (< 2^53)    |
 * | varchar   | Int32Array + dict  | code into the vector's string dictionary         |
 * | date      | Int32Array         | days since 1970-01-01                            |
 * | timestamp | Float64Array       | microseconds since 1970-01-01 00:00:00           |
 * | interval  | (constants only)   | {months, days, micros}                           |
 *
 * BIGINT and DECIMAL live in Float64Array rather than BigInt64Array because V8 boxes every
 * bigint it reads, which makes a sum over a column 20-50x slower; integers stay exact up to 2^53.
 */
export type TypeId =
  | 'null'
  | 'boolean'
  | 'integer'
  | 'bigint'
  | 'double'
  | 'decimal'
  | 'varchar'
  | 'date'
  | 'timestamp'
  | 'interval';

/** A logical type; `precision`/`scale` are set for DECIMAL only. */
export interface DataType {
  readonly id: TypeId;
  readonly precision?: number;
  readonly scale?: number;
}

export const NULL_TYPE: DataType = { id: 'null' };
export const BOOLEAN: DataType = { id: 'boolean' };
export const INTEGER: DataType = { id: 'integer' };
export const BIGINT: DataType = { id: 'bigint' };
export const DOUBLE: DataType = { id: 'double' };
export const VARCHAR: DataType = { id: 'varchar' };
export const DATE: DataType = { id: 'date' };
export const TIMESTAMP: DataType = { id: 'timestamp' };
export const INTERVAL: DataType = { id: 'interval' };

/** Largest decimal precision whose scaled integers stay exact in a double. */
export const MAX_DECIMAL_PRECISION = 18;

export function decimalType(precision: number, scale: number): DataType {
  return { id: 'decimal', precision, scale };
}

/** The physical layout of a type's vector data. */
export type PhysicalKind = 'u8' | 'i32' | 'f64' | 'str';

export function physicalKind(t: DataType): PhysicalKind {
  switch (t.id) {
    case 'null':
    case 'boolean':
      return 'u8';
    case 'integer':
    case 'date':
      return 'i32';
    case 'varchar':
      return 'str';
    default:
      return 'f64';
  }
}

export type TypedArray = Uint8Array | Int32Array | Float64Array;

/** Allocates the data array for `n` values of type `t`. */
export function allocData(t: DataType, n: number): TypedArray {
  switch (physicalKind(t)) {
    case 'u8':
      return new Uint8Array(n);
    case 'i32':
    case 'str':
      return new Int32Array(n);
    default:
      return new Float64Array(n);
  }
}

export function isNumeric(t: DataType): boolean {
  return t.id === 'integer' || t.id === 'bigint' || t.id === 'double' || t.id === 'decimal';
}

export function isIntegral(t: DataType): boolean {
  return t.id === 'integer' || t.id === 'bigint';
}

export function typeEquals(a: DataType, b: DataType): boolean {
  return a.id === b.id && (a.id !== 'decimal' || (a.precision === b.precision && a.scale === b.scale));
}

/** SQL spelling of a type, as shown in EXPLAIN, `.schema` and error messages. */
export function typeToString(t: DataType): string {
  if (t.id === 'decimal') return `DECIMAL(${t.precision},${t.scale})`;
  return t.id.toUpperCase();
}

/** Resolves a type name as written in SQL (`INT4`, `VARCHAR(20)`, `NUMERIC(10,2)`...); null if unknown. */
export function typeFromName(name: string, args: number[] = []): DataType | null {
  switch (name.toUpperCase()) {
    case 'BOOLEAN':
    case 'BOOL':
      return BOOLEAN;
    case 'INTEGER':
    case 'INT':
    case 'INT4':
    case 'SMALLINT':
    case 'INT2':
    case 'TINYINT':
    case 'INT1':
    case 'MEDIUMINT':
      return INTEGER;
    case 'BIGINT':
    case 'INT8':
    case 'LONG':
    case 'HUGEINT':
      return BIGINT;
    case 'DOUBLE':
    case 'FLOAT8':
    case 'REAL':
    case 'FLOAT':
    case 'FLOAT4':
    case 'NUMBER':
      return DOUBLE;
    case 'DECIMAL':
    case 'NUMERIC': {
      const p = args[0] ?? MAX_DECIMAL_PRECISION;
      const s = args[1] ?? (args.length === 0 ? 3 : 0);
      return decimalType(Math.min(p, MAX_DECIMAL_PRECISION), s);
    }
    case 'VARCHAR':
    case 'TEXT':
    case 'STRING':
    case 'CHAR':
    case 'BPCHAR':
    case 'CHARACTER':
    case 'NVARCHAR':
      return VARCHAR;
    case 'DATE':
      return DATE;
    case 'TIMESTAMP':
    case 'DATETIME':
      return TIMESTAMP;
    case 'INTERVAL':
      return INTERVAL;
    default:
      return null;
  }
}
