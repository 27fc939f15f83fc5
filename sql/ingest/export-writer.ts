/**
 * Export targets: one file, or hive-style partition folders (`col=value/part-0.parquet`). Every
 * export is written under a temporary name beside the target and renamed into place when
 * complete, so a failed export leaves no half-written file (and an existing target intact).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StrataError } from '../../engine/errors.js';
import { formatValue } from '../../engine/types/cast.js';
import type { DataType } from '../../engine/types/data-type.js';
import type { Vector } from '../../engine/vector/vector.js';
import type { ExportColumns } from './csv-writer.js';
import { reportIngestProgress } from './ingest-monitor.js';

/** Encodes columns as file bytes (CSV or Parquet). */
export type FileEncoder = (cols: ExportColumns) => Uint8Array;

/** What an export wrote. */
export interface ExportSummary {
  readonly rows: number;
  readonly files: number;
  readonly bytes: number;
}

/** Hive's name for the NULL partition. */
export const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${Date.now().toString(36)}`);
}

function ioError(what: string, e: unknown): StrataError {
  return new StrataError('io', `${what}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
}

/** Writes `cols` to `file` through a temporary file and a rename. */
export function writeFileAtomic(file: string, cols: ExportColumns, encode: FileEncoder): ExportSummary {
  const rows = cols.parts.reduce((n, p) => n + (p[0]?.length ?? 0), 0);
  const bytes = encode(cols);
  const tmp = tempName(file);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw ioError(`cannot write "${file}"`, e);
  }
  reportIngestProgress({ bytesDone: bytes.length, bytesTotal: bytes.length, rows, rowsTotal: rows });
  return { rows, files: 1, bytes: bytes.length };
}

/** A partition value as a path segment: Hive's escaping of characters that paths cannot hold. */
export function partitionSegment(name: string, v: string | null): string {
  const esc = (s: string): string => s.replace(/[\x00-\x1f"#%'*/:=?\\\x7f{[\]^]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `${esc(name)}=${v === null ? HIVE_NULL : esc(v)}`;
}

function cellText(v: Vector, type: DataType, i: number): string | null {
  if (v.validity !== null && v.validity[i] === 0) return null;
  return v.dict !== null ? v.dict[v.data[i]] : formatValue(type, v.data[i]);
}

/**
 * Writes one file per distinct combination of the `partitionBy` columns' values into
 * `dir/col=value/.../part-0.<ext>` (partition columns are not repeated inside the files). The
 * whole tree is built in a temporary folder and renamed to `dir`; an existing `dir` is replaced
 * only with `overwrite`.
 */
export function writePartitioned(dir: string, cols: ExportColumns, partitionBy: readonly string[], ext: string, encode: FileEncoder, overwrite: boolean): ExportSummary {
  const keyCols = partitionBy.map((p) => {
    const i = cols.names.findIndex((n) => n.toLowerCase() === p.toLowerCase());
    if (i < 0) throw new StrataError('binder', `PARTITION_BY column "${p}" is not a column of the exported rows`);
    return i;
  });
  if (keyCols.length === cols.names.length) throw new StrataError('binder', 'PARTITION_BY cannot name every column: the files would have none');
  if (fs.existsSync(dir) && !overwrite && fs.readdirSync(dir).length > 0) {
    throw new StrataError('io', `"${dir}" exists and is not empty; add OVERWRITE to replace it`);
  }
  const dataCols = cols.names.map((_, i) => i).filter((i) => !keyCols.includes(i));
  const totalRows = cols.parts.reduce((n, p) => n + (p[0]?.length ?? 0), 0);
  // Rows of each partition: per part, the row indexes of each key.
  const groups = new Map<string, { segments: string; rows: { part: number; sel: number[] }[] }>();
  cols.parts.forEach((part, pi) => {
    const n = part[0]?.length ?? 0;
    for (let i = 0; i < n; i++) {
      const values = keyCols.map((c) => cellText(part[c], cols.types[c], i));
      const key = JSON.stringify(values);
      let g = groups.get(key);
      if (g === undefined) {
        g = { segments: keyCols.map((c, k) => partitionSegment(cols.names[c], values[k])).join(path.sep), rows: [] };
        groups.set(key, g);
      }
      let last = g.rows[g.rows.length - 1];
      if (last === undefined || last.part !== pi) {
        last = { part: pi, sel: [] };
        g.rows.push(last);
      }
      last.sel.push(i);
    }
  });
  const tmp = tempName(dir);
  let bytes = 0;
  let done = 0;
  try {
    fs.mkdirSync(tmp, { recursive: true });
    for (const g of groups.values()) {
      const parts = g.rows.map(({ part, sel }) => {
        const s = Int32Array.from(sel);
        return dataCols.map((c) => cols.parts[part][c].gather(s, s.length));
      });
      const out = encode({ names: dataCols.map((c) => cols.names[c]), types: dataCols.map((c) => cols.types[c]), parts });
      const folder = path.join(tmp, g.segments);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `part-0.${ext}`), out);
      bytes += out.length;
      done += parts.reduce((n, p) => n + (p[0]?.length ?? 0), 0);
      reportIngestProgress({ bytesDone: done, bytesTotal: totalRows, rows: done, rowsTotal: totalRows });
    }
    if (fs.existsSync(dir)) {
      const old = tempName(dir) + '-old';
      fs.renameSync(dir, old);
      fs.renameSync(tmp, dir);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(tmp, dir);
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (e instanceof StrataError) throw e;
    throw ioError(`cannot write "${dir}"`, e);
  }
  return { rows: totalRows, files: groups.size, bytes };
}
