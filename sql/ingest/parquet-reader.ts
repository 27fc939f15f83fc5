/**
 * Parquet reading through parquet-wasm (the Rust `parquet` crate compiled to WebAssembly; chosen
 * by measurement, see README): row groups are decoded to Arrow IPC, then each Arrow column is
 * turned into Strata column pages without per-value objects (strings are interned from bytes).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as arrow from 'apache-arrow';
import { notImplemented, StrataError } from '../../engine/errors.js';
import { castFunction } from '../../engine/types/cast.js';
import {
  allocData,
  BIGINT,
  BOOLEAN,
  type DataType,
  DATE,
  decimalType,
  DOUBLE,
  INTEGER,
  MAX_DECIMAL_PRECISION,
  TIMESTAMP,
  typeEquals,
  typeToString,
  VARCHAR,
} from '../../engine/types/data-type.js';
import { MICROS_PER_DAY } from '../../engine/types/date-time.js';
import { Batch } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';
import { ByteInterner } from './byte-interner.js';
import { pagesToBatches, type LoadedData, type LoadTarget } from './csv-loader.js';
import type { StagedPage } from './csv-parser.js';
import { joinTypes, widensInPlace } from './csv-values.js';
import { reportIngestProgress } from './ingest-monitor.js';
import { parquetRowGroups } from './parquet-footer.js';

/** The parts of parquet-wasm used here (its node build loads synchronously). */
export interface ParquetWasm {
  readParquet(file: Uint8Array, options?: { rowGroups?: number[]; batchSize?: number; columns?: string[] }): { intoIPCStream(): Uint8Array; free?(): void };
  writeParquet(table: unknown, props?: unknown): Uint8Array;
  Table: { fromIPCStream(ipc: Uint8Array): unknown };
  WriterPropertiesBuilder: new () => WriterPropertiesBuilder;
  Compression: Record<string, number>;
}

interface WriterPropertiesBuilder {
  setCompression(c: number): WriterPropertiesBuilder;
  setMaxRowGroupSize(n: number): WriterPropertiesBuilder;
  build(): unknown;
}

let wasm: ParquetWasm | null = null;

/** parquet-wasm, loaded on first use (about 80 ms to compile). */
export function parquetWasm(): ParquetWasm {
  wasm ??= createRequire(import.meta.url)('parquet-wasm/node') as ParquetWasm;
  return wasm;
}

/** Rows decoded per parquet-wasm call (whole row groups are grouped up to this). */
const ROWS_PER_READ = 1 << 20;

/** The Strata type an Arrow column reads as. */
export function strataType(t: arrow.DataType, column: string): DataType {
  switch (t.typeId) {
    case arrow.Type.Bool:
      return BOOLEAN;
    case arrow.Type.Int: {
      const it = t as arrow.Int;
      if (it.bitWidth < 32 || (it.bitWidth === 32 && it.isSigned)) return INTEGER;
      return BIGINT;
    }
    case arrow.Type.Float:
      return DOUBLE;
    case arrow.Type.Decimal: {
      const d = t as arrow.Decimal;
      return d.precision <= MAX_DECIMAL_PRECISION ? decimalType(d.precision, d.scale) : DOUBLE;
    }
    case arrow.Type.Date:
      return DATE;
    case arrow.Type.Timestamp:
      return TIMESTAMP;
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary:
    case arrow.Type.Time:
    case arrow.Type.Null:
    case arrow.Type.Interval:
    case arrow.Type.Duration:
    case arrow.Type.FixedSizeBinary:
      return VARCHAR;
    case arrow.Type.Dictionary:
      return strataType((t as arrow.Dictionary).dictionary, column);
    default:
      throw notImplemented(`Parquet column "${column}" of type ${String(t)} (nested types are not supported)`);
  }
}

function validity(d: arrow.Data): Uint8Array | null {
  if (d.nullCount === 0 || d.nullBitmap === undefined || d.nullBitmap.length === 0) return null;
  const bits = d.nullBitmap;
  const out = new Uint8Array(d.length);
  const o = d.offset;
  for (let i = 0; i < d.length; i++) out[i] = (bits[(o + i) >> 3] >> ((o + i) & 7)) & 1;
  return out;
}

/** 64-bit integers (as two 32-bit halves, exact up to 2^53) into doubles, times `scale`. */
function int64ToDoubles(values: BigInt64Array | BigUint64Array, n: number, out: Float64Array, signed: boolean): void {
  const w = new Int32Array(values.buffer, values.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    const lo = w[2 * i] >>> 0;
    const hi = signed ? w[2 * i + 1] : w[2 * i + 1] >>> 0;
    out[i] = hi * 4294967296 + lo;
  }
}

/** Converts one Arrow column chunk into values of `type` (the type {@link strataType} gives). */
function convertChunk(d: arrow.Data, type: DataType, interner: ByteInterner | null): { data: Uint8Array | Int32Array | Float64Array; valid: Uint8Array | null } {
  const n = d.length;
  const valid = validity(d);
  const t = d.type as arrow.DataType;
  const out = allocData(type, n);
  switch (t.typeId) {
    case arrow.Type.Int: {
      const it = t as arrow.Int;
      if (it.bitWidth === 64) int64ToDoubles(d.values as BigInt64Array, n, out as Float64Array, it.isSigned);
      else out.set(d.values.subarray(0, n));
      break;
    }
    case arrow.Type.Float:
      out.set(d.values.subarray(0, n));
      break;
    case arrow.Type.Bool: {
      const bits = d.values as Uint8Array;
      const o = d.offset;
      for (let i = 0; i < n; i++) out[i] = (bits[(o + i) >> 3] >> ((o + i) & 7)) & 1;
      break;
    }
    case arrow.Type.Decimal: {
      const dt = t as arrow.Decimal;
      const w = d.values as Uint32Array;
      const stride = dt.bitWidth / 32;
      if (type.id === 'decimal') {
        for (let i = 0; i < n; i++) out[i] = (w[stride * i + 1] | 0) * 4294967296 + w[stride * i];
      } else {
        // Wide decimals: approximate as doubles from all words.
        for (let i = 0; i < n; i++) {
          let v = 0;
          let neg = (w[stride * i + stride - 1] & 0x80000000) !== 0;
          let carry = 1;
          let mul = 1;
          for (let k = 0; k < stride; k++) {
            let word = w[stride * i + k];
            if (neg) {
              word = (~word >>> 0) + carry;
              carry = word > 0xffffffff ? 1 : 0;
              word = word >>> 0;
            }
            v += word * mul;
            mul *= 4294967296;
          }
          if (neg) v = -v;
          out[i] = v / 10 ** dt.scale;
          neg = false;
        }
      }
      break;
    }
    case arrow.Type.Date: {
      const unit = (t as arrow.Date_).unit;
      if (unit === arrow.DateUnit.DAY) out.set((d.values as Int32Array).subarray(0, n));
      else {
        const tmp = new Float64Array(n);
        int64ToDoubles(d.values as unknown as BigInt64Array, n, tmp, true);
        for (let i = 0; i < n; i++) out[i] = Math.floor(tmp[i] / 86_400_000);
      }
      break;
    }
    case arrow.Type.Timestamp: {
      const unit = (t as arrow.Timestamp).unit;
      const values = d.values as unknown as BigInt64Array;
      if (unit === arrow.TimeUnit.NANOSECOND) {
        for (let i = 0; i < n; i++) out[i] = Number(values[i] / 1000n);
      } else {
        int64ToDoubles(values, n, out as Float64Array, true);
        const f = unit === arrow.TimeUnit.SECOND ? 1_000_000 : unit === arrow.TimeUnit.MILLISECOND ? 1000 : 1;
        if (f !== 1) for (let i = 0; i < n; i++) out[i] *= f;
      }
      break;
    }
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary: {
      const offs = d.valueOffsets as Int32Array | BigInt64Array;
      const bytes = d.values as Uint8Array;
      const large = offs instanceof BigInt64Array;
      for (let i = 0; i < n; i++) {
        const s = large ? Number(offs[i]) : (offs[i] as number);
        const e = large ? Number(offs[i + 1]) : (offs[i + 1] as number);
        let hi = 0;
        for (let k = s; k < e; k++) hi |= bytes[k];
        out[i] = interner!.intern(bytes, s, e, ByteInterner.hash(bytes, s, e), hi < 0x80);
      }
      break;
    }
    case arrow.Type.Dictionary: {
      const dict = d.dictionary as arrow.Vector;
      const map = new Int32Array(dict.length);
      let at = 0;
      for (const chunk of dict.data) {
        const c = convertChunk(chunk, type, interner);
        map.set(c.data as Int32Array, at);
        at += chunk.length;
      }
      const idx = d.values as Int32Array;
      if (type.id === 'varchar') for (let i = 0; i < n; i++) out[i] = map[idx[i]];
      else {
        // Dictionary-encoded numbers: decode through the dictionary's values.
        const vals = new Float64Array(dict.length);
        for (let k = 0; k < dict.length; k++) vals[k] = Number(dict.get(k) ?? 0);
        for (let i = 0; i < n; i++) out[i] = vals[idx[i]];
      }
      break;
    }
    default: {
      // Time, intervals, fixed-size binary, NULL: their text.
      const v = arrow.makeVector(d);
      for (let i = 0; i < n; i++) {
        const x = v.get(i);
        const s = x === null || x === undefined ? '' : typeof x === 'object' && 'toString' in x ? String(x) : String(x);
        const b = Buffer.from(s, 'utf8');
        out[i] = interner!.intern(b, 0, b.length, ByteInterner.hash(b, 0, b.length), false);
      }
      break;
    }
  }
  if (valid !== null) for (let i = 0; i < n; i++) if (valid[i] === 0) out[i] = 0;
  return { data: out, valid: t.typeId === arrow.Type.Null ? new Uint8Array(n) : valid };
}

/** The columns (names and Strata types) of a Parquet file. */
export function parquetSchema(file: string): { names: string[]; types: DataType[] } {
  const buf = readFileBytes(file);
  const groups = parquetRowGroups(buf, file);
  if (groups.length === 0) {
    const table = arrow.tableFromIPC(parquetWasm().readParquet(buf).intoIPCStream());
    return { names: table.schema.fields.map((f) => f.name), types: table.schema.fields.map((f) => strataType(f.type, f.name)) };
  }
  const table = arrow.tableFromIPC(parquetWasm().readParquet(buf, { rowGroups: [0] }).intoIPCStream());
  return { names: table.schema.fields.map((f) => f.name), types: table.schema.fields.map((f) => strataType(f.type, f.name)) };
}

function readFileBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw new StrataError('io', `cannot read "${file}": ${(e as Error).message}`);
  }
}

/**
 * Reads Parquet `files` into batches. With a `target`, columns are matched by position and
 * converted to the target types (a value that does not convert fails the load); otherwise
 * the types come from the files (joined across files).
 */
export function loadParquet(files: readonly string[], target: LoadTarget | null = null): LoadedData {
  const pw = parquetWasm();
  let names: string[] | null = null;
  let types: DataType[] = [];
  const pages: StagedPage[][] = [];
  const interners: ByteInterner[] = [];
  let rows = 0;
  let bytesTotal = 0;
  const sizes = files.map((f) => fs.statSync(f).size);
  for (const s of sizes) bytesTotal += s;
  const rowCounts = new Map<string, number[]>();
  let rowsTotal = 0;
  for (const f of files) {
    const buf = readFileBytes(f);
    const g = parquetRowGroups(buf, f);
    rowCounts.set(f, g);
    for (const r of g) rowsTotal += r;
  }
  let bytesDone = 0;
  for (let fi = 0; fi < files.length; fi++) {
    const file = files[fi];
    const buf = readFileBytes(file);
    const groups = rowCounts.get(file)!;
    for (let g = 0; g < groups.length; ) {
      const batch: number[] = [];
      let want = 0;
      while (g < groups.length && (batch.length === 0 || want + groups[g] <= ROWS_PER_READ)) {
        want += groups[g];
        batch.push(g++);
      }
      let table: arrow.Table;
      try {
        table = arrow.tableFromIPC(pw.readParquet(buf, { rowGroups: batch, batchSize: 1 << 16 }).intoIPCStream());
      } catch (e) {
        throw new StrataError('io', `cannot read "${file}": ${(e as Error).message}`);
      }
      const fields = table.schema.fields;
      if (names === null) {
        names = fields.map((fl) => fl.name);
        types = fields.map((fl) => strataType(fl.type, fl.name));
        for (let c = 0; c < fields.length; c++) {
          pages.push([]);
          interners.push(new ByteInterner());
        }
        if (target !== null && target.columns.length !== fields.length) {
          throw new StrataError('binder', `"${file}" has ${fields.length} columns but the table has ${target.columns.length}`);
        }
      } else if (fields.length !== names.length) {
        throw new StrataError('binder', `"${file}" has ${fields.length} columns, the first file has ${names.length}`);
      }
      for (let c = 0; c < fields.length; c++) {
        const t = strataType(fields[c].type, fields[c].name);
        types[c] = joinTypes(types[c], t);
        const col = table.getChildAt(c)!;
        for (const d of col.data) {
          const { data, valid } = convertChunk(d, t, interners[c]);
          pages[c].push({ type: t, data, valid, n: d.length });
        }
      }
      rows += table.numRows;
      reportIngestProgress({ bytesDone: bytesDone + Math.round((sizes[fi] * g) / groups.length), bytesTotal, rows, rowsTotal });
    }
    bytesDone += sizes[fi];
  }
  if (names === null) {
    const schema = parquetSchema(files[0]);
    names = schema.names;
    types = schema.types;
    for (let c = 0; c < names.length; c++) pages.push([]);
  }
  const aligned = alignPages(pages);
  for (let c = 0; c < types.length; c++) {
    for (const p of aligned[c]) {
      if (!typeEquals(p.type, types[c]) && !widensInPlace(p.type, types[c]) && types[c].id !== 'varchar') {
        throw new StrataError('binder', `column "${names[c]}" is ${typeToString(p.type)} in one file and ${typeToString(types[c])} in another`);
      }
    }
  }
  let batches = pagesToBatches(aligned, types, (c) => interners[c]?.dict ?? []);
  if (target !== null) {
    batches = batches.map((b) => castBatch(b, target.columns.map((c) => c.type), names!));
    types = target.columns.map((c) => c.type);
    names = target.columns.map((c) => c.name);
  }
  return { names, types, batches, rows, rejects: [], rejectCount: 0, bytes: bytesTotal, files: [...files], notes: [], sniff: null };
}

/** Checks that page k has the same rows in every column (Arrow record batches cut all columns alike). */
function alignPages(pages: StagedPage[][]): StagedPage[][] {
  const ok = pages.every((col) => col.length === pages[0].length && col.every((p, k) => p.n === pages[0][k].n));
  if (!ok) throw new StrataError('internal', 'Parquet columns were decoded in differently cut chunks');
  return pages;
}

/** Casts a batch's columns to `types` (loading Parquet into an existing table). */
function castBatch(b: Batch, types: readonly DataType[], names: readonly string[]): Batch {
  const cols = b.columns.map((v, c) => {
    const to = types[c];
    if (typeEquals(v.type, to)) return v;
    if (widensInPlace(v.type, to) && v.type.id !== 'decimal' && to.id !== 'decimal') {
      const out = allocData(to, v.length);
      for (let i = 0; i < v.length; i++) out[i] = v.type.id === 'date' && to.id === 'timestamp' ? v.data[i] * MICROS_PER_DAY : v.data[i];
      return new Vector(to, out, v.validity, null, v.length);
    }
    const cast = castFunction(v.type, to, false);
    if (cast === null) throw new StrataError('conversion', `cannot load Parquet column "${names[c]}" (${typeToString(v.type)}) into a ${typeToString(to)} column`);
    const out = allocData(to, v.length);
    const toStr = to.id === 'varchar';
    const dict: string[] = [];
    const codes = new Map<string, number>();
    for (let i = 0; i < v.length; i++) {
      if (v.validity !== null && v.validity[i] === 0) continue;
      const x = cast(v.dict !== null ? v.dict[v.data[i]] : v.data[i]);
      if (toStr) {
        let k = codes.get(x);
        if (k === undefined) {
          k = dict.length;
          dict.push(x);
          codes.set(x, k);
        }
        out[i] = k;
      } else {
        out[i] = typeof x === 'boolean' ? (x ? 1 : 0) : x;
      }
    }
    return new Vector(to, out, v.validity, toStr ? dict : null, v.length);
  });
  return new Batch(cols, b.length);
}
