/** Manifest: the database's table of contents (tables, views, their segment files), replaced atomically. */
import * as path from 'node:path';
import { StrataError } from '../engine/errors.js';
import { crc32 } from './compression/crc32.js';
import { type FileSystem, writeFileAtomic } from './io/file-system.js';
import type { MergeRuleSpec } from './write/aggregating-merge.js';

export const MANIFEST_FILE = 'MANIFEST';
export const MANIFEST_VERSION = 1;

export interface ManifestColumn {
  name: string;
  /** SQL spelling, e.g. `DECIMAL(15,2)`. */
  type: string;
  notNull: boolean;
  default: string | null;
}

export interface ManifestTable {
  name: string;
  columns: ManifestColumn[];
  sortKey: string[];
  /** Segment files relative to the database directory, oldest first. */
  segments: string[];
  /** Delete vector file (relative) per segment file that has deleted rows. */
  deletes?: Record<string, string>;
  /** How rows with equal keys combine at flush and compaction (cube tables; storage/write/aggregating-merge.ts). */
  merge?: MergeRuleSpec;
}

export interface ManifestView {
  name: string;
  sql: string;
  columns: string[] | null;
  /** A materialized view: its definition, cube table, staleness and rows per grouping set. */
  cube?: { sql: string; table: string; stale: boolean; setRows: number[] };
}

export interface Manifest {
  format: 'strata';
  version: number;
  /** Number for the next segment file name (never reused, so a crash cannot mix old and new files). */
  nextSegment: number;
  /**
   * Number of the first write-ahead log file to replay (`wal/NNNNNN.wal`): every manifest is a
   * full checkpoint, so the log before it is already in the segments. Absent = 1.
   */
  wal?: number;
  tables: ManifestTable[];
  views: ManifestView[];
  indexes: { name: string; table: string }[];
}

export function emptyManifest(): Manifest {
  return { format: 'strata', version: MANIFEST_VERSION, nextSegment: 1, tables: [], views: [], indexes: [] };
}

/**
 * Reads `dir/MANIFEST`. A reader always sees a complete manifest: writers replace it with an
 * atomic rename (write a temporary file, fsync, rename, fsync the directory).
 */
export function readManifest(fsys: FileSystem, dir: string): Manifest | null {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fsys.exists(file)) return null;
  let m: Manifest;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fsys.readFile(file));
  } catch {
    throw new StrataError('corrupt', `${file}: the manifest is not readable (not UTF-8)`);
  }
  // The last line is `#crc32 <hex>` over the JSON before it (manifests written before the
  // checksum existed have none and are read as they are).
  const at = text.lastIndexOf('\n#crc32 ');
  if (at >= 0) {
    const stored = text.slice(at + 8).trim();
    text = text.slice(0, at);
    const actual = crc32(new TextEncoder().encode(text)).toString(16).padStart(8, '0');
    if (stored !== actual) throw new StrataError('corrupt', `${file}: manifest checksum mismatch (expected ${stored}, found ${actual})`);
  }
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new StrataError('corrupt', `${file}: the manifest is not readable`);
  }
  if (m.format !== 'strata') throw new StrataError('corrupt', `${file}: not a Strata manifest`);
  if (m.version !== MANIFEST_VERSION) {
    throw new StrataError('corrupt', `${file}: manifest version ${m.version} is not supported by this Strata (it reads version ${MANIFEST_VERSION})`);
  }
  return m;
}

/** Writes `dir/MANIFEST` atomically: the JSON, then a last line `#crc32 <hex>` over it, so damage is detected. */
export function writeManifest(fsys: FileSystem, dir: string, m: Manifest): void {
  const json = new TextEncoder().encode(JSON.stringify(m, null, 1));
  const trailer = new TextEncoder().encode(`\n#crc32 ${crc32(json).toString(16).padStart(8, '0')}\n`);
  const bytes = new Uint8Array(json.length + trailer.length);
  bytes.set(json, 0);
  bytes.set(trailer, json.length);
  writeFileAtomic(fsys, path.join(dir, MANIFEST_FILE), bytes);
}
