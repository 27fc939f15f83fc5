/** Manifest: the database's table of contents (tables, views, their segment files), replaced atomically. */
import * as path from 'node:path';
import { StrataError } from '../engine/errors.js';
import { type FileSystem, writeFileAtomic } from './io/file-system.js';

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
  try {
    m = JSON.parse(new TextDecoder().decode(fsys.readFile(file))) as Manifest;
  } catch {
    throw new StrataError('corrupt', `${file}: the manifest is not readable`);
  }
  if (m.format !== 'strata') throw new StrataError('corrupt', `${file}: not a Strata manifest`);
  if (m.version !== MANIFEST_VERSION) {
    throw new StrataError('corrupt', `${file}: manifest version ${m.version} is not supported by this Strata (it reads version ${MANIFEST_VERSION})`);
  }
  return m;
}

export function writeManifest(fsys: FileSystem, dir: string, m: Manifest): void {
  writeFileAtomic(fsys, path.join(dir, MANIFEST_FILE), new TextEncoder().encode(JSON.stringify(m, null, 1)));
}
