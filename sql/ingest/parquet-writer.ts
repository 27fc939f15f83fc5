/**
 * Writes columns as a Parquet file through parquet-wasm: the columns become an Arrow table
 * (strings as dictionaries, 64-bit integers from their two 32-bit halves, no per-value objects),
 * which parquet-wasm encodes with the chosen compression.
 */
import * as arrow from 'apache-arrow';
import { notImplemented, StrataError } from '../../engine/errors.js';
import type { DataType } from '../../engine/types/data-type.js';
import { ColumnBuilder } from '../../engine/vector/column-builder.js';
import type { Vector } from '../../engine/vector/vector.js';
import type { ExportColumns } from './csv-writer.js';
import { parquetWasm } from './parquet-reader.js';

/** Compressions accepted by `COMPRESSION` (parquet-wasm's names). */
export const PARQUET_COMPRESSIONS = ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw'];

/** DuckDB's default row group size. */
export const DEFAULT_ROW_GROUP_SIZE = 122_880;

export interface ParquetWriteOptions {
  compression: string;
  rowGroupSize: number;
}

function arrowType(t: DataType): arrow.DataType {
  switch (t.id) {
    case 'boolean':
      return new arrow.Bool();
    case 'integer':
      return new arrow.Int32();
    case 'bigint':
      return new arrow.Int64();
    case 'double':
      return new arrow.Float64();
    case 'decimal':
      return new arrow.Decimal(t.scale ?? 0, t.precision ?? 18, 128);
    case 'date':
      return new arrow.DateDay();
    case 'timestamp':
      return new arrow.TimestampMicrosecond();
    case 'varchar':
      return new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
    case 'null':
      return new arrow.Int32();
    default:
      throw notImplemented(`writing ${t.id} columns to Parquet`);
  }
}

function nullBitmap(v: Vector): Uint8Array | undefined {
  if (v.validity === null) return undefined;
  const bits = new Uint8Array((v.length + 7) >> 3);
  for (let i = 0; i < v.length; i++) if (v.validity[i] !== 0) bits[i >> 3] |= 1 << (i & 7);
  return bits;
}

function nullCount(v: Vector): number {
  if (v.validity === null) return 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v.validity[i] === 0 ? 1 : 0;
  return n;
}

/** Doubles holding integers into little-endian 64-bit words (`words` per value: 2 or 4, sign-extended). */
function toWords(src: ArrayLike<number>, n: number, words: number): Uint32Array {
  const out = new Uint32Array(n * words);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    const hi = Math.floor(v / 4294967296);
    out[words * i] = v - hi * 4294967296;
    out[words * i + 1] = hi >>> 0;
    if (words === 4 && v < 0) {
      out[words * i + 2] = 0xffffffff;
      out[words * i + 3] = 0xffffffff;
    }
  }
  return out;
}

function arrowData(v: Vector, type: DataType, t: arrow.DataType): arrow.Data {
  const n = v.length;
  const common = { length: n, nullCount: nullCount(v), nullBitmap: nullBitmap(v) };
  switch (type.id) {
    case 'boolean': {
      const bits = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (v.data[i] !== 0) bits[i >> 3] |= 1 << (i & 7);
      return arrow.makeData({ type: t as arrow.Bool, data: bits, ...common });
    }
    case 'integer':
    case 'date':
      return arrow.makeData({ type: t as arrow.Int32, data: v.data as Int32Array, ...common });
    case 'null':
      return arrow.makeData({ type: t as arrow.Int32, data: new Int32Array(n), ...common });
    case 'double':
      return arrow.makeData({ type: t as arrow.Float64, data: v.data as Float64Array, ...common });
    case 'bigint':
    case 'timestamp': {
      const words = toWords(v.data, n, 2);
      const data = new BigInt64Array(words.buffer, 0, n);
      return arrow.makeData({ type: t as arrow.Int64, data, ...common } as never);
    }
    case 'decimal':
      return arrow.makeData({ type: t as arrow.Decimal, data: toWords(v.data, n, 4), ...common });
    case 'varchar': {
      const dict = arrow.vectorFromArray(v.dict ?? [], new arrow.Utf8());
      return arrow.makeData({ type: t as arrow.Dictionary<arrow.Utf8, arrow.Int32>, data: v.data as Int32Array, dictionary: dict, ...common });
    }
    default:
      throw notImplemented(`writing ${type.id} columns to Parquet`);
  }
}

/** The Parquet bytes of `cols`. */
export function parquetBytes(cols: ExportColumns, o: ParquetWriteOptions): Uint8Array {
  const compression = o.compression.toUpperCase();
  const pw = parquetWasm();
  const code = pw.Compression[compression];
  if (code === undefined) throw new StrataError('binder', `unknown Parquet compression "${o.compression}": use one of ${PARQUET_COMPRESSIONS.join(', ')}`);
  // One type object per column: a dictionary's id lives in its type, shared by field and data.
  const types = cols.types.map(arrowType);
  const fields = cols.names.map((name, c) => new arrow.Field(name, types[c], true));
  const schema = new arrow.Schema(fields);
  // One record batch, so that each string column has one dictionary.
  const part = mergeParts(cols);
  const batches: arrow.RecordBatch[] = [];
  if (part.length > 0 && part[0].length > 0) {
    const children = part.map((v, c) => arrowData(v, cols.types[c], types[c]));
    const data = arrow.makeData({ type: new arrow.Struct(fields), length: part[0].length, nullCount: 0, children });
    batches.push(new arrow.RecordBatch(schema, data));
  }
  const table = new arrow.Table(schema, batches);
  const ipc = arrow.tableToIPC(table, 'stream');
  const props = new pw.WriterPropertiesBuilder().setCompression(code).setMaxRowGroupSize(o.rowGroupSize).build();
  return pw.writeParquet(pw.Table.fromIPCStream(ipc), props);
}

/** The parts of `cols` as one vector per column. */
function mergeParts(cols: ExportColumns): readonly Vector[] {
  if (cols.parts.length === 1) return cols.parts[0];
  const builders = cols.types.map((t) => new ColumnBuilder(t));
  for (const part of cols.parts) part.forEach((v, c) => builders[c].appendVector(v, null, v.length));
  return builders.map((b) => b.finish());
}
