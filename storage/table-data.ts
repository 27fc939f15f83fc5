/** TableData: a table's rows as immutable on-disk segments plus an in-memory write buffer, scanned as one. */
import type { DataType } from '../engine/types/data-type.js';
import { Batch } from '../engine/vector/batch.js';
import { type SortKey, sortedPermutation } from '../engine/vector/sort-keys.js';
import { Vector } from '../engine/vector/vector.js';
import type { FileSystem } from './io/file-system.js';
import { MemoryTable } from './memory-table.js';
import type { BlockCache } from './read/block-cache.js';
import { SegmentReader } from './read/segment-reader.js';
import { scanSegment } from './read/segment-scan.js';
import { type SegmentWriteOptions, writeSegment } from './write/segment-writer.js';

/**
 * A conjunct the scan can test against zone maps: `column` indexes the scanned columns; values are
 * physical (numbers) or strings for VARCHAR columns. The scan still evaluates the full predicate
 * on the rows it returns: these only let it skip blocks that cannot match.
 */
export type ScanPredicate =
  | { column: number; kind: 'range'; lo: number | string | null; hi: number | string | null; loInclusive: boolean; hiInclusive: boolean }
  | { column: number; kind: 'in'; values: (number | string)[] };

/** Counters a scan fills in, for EXPLAIN ANALYZE. */
export interface ScanStats {
  /** Blocks whose zone maps passed: their predicate columns were read. */
  blocksRead: number;
  /** Blocks skipped by zone maps (predicates, runtime filter key ranges). */
  blocksSkipped: number;
  /** Blocks read whose rows all failed the predicates or runtime filters: other columns not decoded. */
  blocksEliminated: number;
  /** Stored bytes read from segment files (cache misses). */
  bytesRead: number;
  /** Bytes of decoded column data produced (cache misses). */
  bytesDecoded: number;
  rowsFromSegments: number;
  rowsFromMemory: number;
}

/** Zeroed scan counters. */
export function emptyScanStats(): ScanStats {
  return { blocksRead: 0, blocksSkipped: 0, blocksEliminated: 0, bytesRead: 0, bytesDecoded: 0, rowsFromSegments: 0, rowsFromMemory: 0 };
}

/**
 * A filter known only at run time, built from the dimension (build) side of a join and pushed into
 * the fact (probe) side's scan: a row whose integer value in scan column `column` lies outside
 * [min, max], or whose bit is 0 in `bits` (one byte per value, indexed by value - min), cannot
 * join and is dropped before the scan decodes its other columns. The producer (a hash join, after
 * its build) pushes the filter into `ScanOptions.runtimeFilters` before the probe side's first
 * batch is pulled; the scan uses min/max against zone maps to skip blocks and `bits` per row, and
 * counts the rows it removed in `rowsRemoved` (shown by EXPLAIN ANALYZE).
 */
export interface RuntimeKeyFilter {
  column: number;
  min: number;
  max: number;
  bits: Uint8Array | null;
  /** What EXPLAIN ANALYZE calls it, e.g. `lo_orderdate IN keys(date)`. */
  label: string;
  rowsRemoved: number;
}

export interface ScanOptions {
  predicates?: readonly ScanPredicate[];
  /** Filled in by joins above the scan before the first batch is pulled (see RuntimeKeyFilter). */
  runtimeFilters?: RuntimeKeyFilter[];
  stats?: ScanStats;
  /**
   * Set by the scan before each batch it yields: whether the batch's rows already passed the
   * runtime filters (segment blocks do; buffered rows are left to the scan operator).
   */
  runtimeFiltersApplied?: boolean;
}

/** Where a table's data files live and how to write them; null for in-memory databases. */
export interface TableStorageContext {
  fsys: FileSystem;
  /** Allocates a new segment file path. */
  newSegmentPath(): string;
  cache: BlockCache;
  writeOptions: () => SegmentWriteOptions;
}

export class TableData {
  private segments: SegmentReader[] = [];
  private memtable: MemoryTable;
  /** Segment files no longer part of the table; deleted after the next manifest write. */
  readonly obsolete: string[] = [];

  constructor(
    readonly name: string,
    readonly types: DataType[],
    private readonly columnNames: string[],
    private readonly ctx: TableStorageContext | null,
    /** Sort key of flushed segments (table column indexes). */
    private readonly sortKey: readonly number[] = [],
  ) {
    this.memtable = new MemoryTable(types);
  }

  /** Attaches the segment files listed in the manifest (on open). */
  attachSegments(files: readonly string[]): void {
    if (this.ctx === null) return;
    for (const f of files) this.segments.push(new SegmentReader(this.ctx.fsys, f, this.name));
  }

  get segmentFiles(): string[] {
    return this.segments.map((s) => s.file);
  }

  get rowCount(): number {
    let n = this.memtable.rowCount;
    for (const s of this.segments) n += s.rows;
    return n;
  }

  /** Rows waiting in memory for the next flush. */
  get bufferedRows(): number {
    return this.memtable.rowCount;
  }

  get byteSize(): number {
    return this.memtable.byteSize;
  }

  /** Bytes of this table's segment files. */
  get diskBytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.fileBytes;
    return n;
  }

  append(batch: Batch): void {
    this.memtable.append(batch);
  }

  /**
   * Adds a column (ALTER TABLE ADD COLUMN). Segments are not rewritten: their rows read the
   * column as `fill` (the DEFAULT, or NULL), and so do the rows already buffered.
   */
  addColumn(type: DataType, name: string, fill: Vector): void {
    this.memtable.addColumn(type, fill);
    this.columnNames.push(name);
    this.fills[this.types.length - 1] = fill;
  }

  /** Per column: the constant (1-row vector) that segments written before the column existed read; null = NULL. */
  private readonly fills: (Vector | null)[] = [];

  /** Sets what segments without column `col` read for it (the column's DEFAULT). */
  setFill(col: number, fill: Vector | null): void {
    this.fills[col] = fill;
  }

  private missingColumn(col: number, rows: number): Vector {
    const f = this.fills[col] ?? null;
    if (f === null || (f.validity !== null && f.validity[0] === 0)) return Vector.nulls(this.types[col], rows);
    const data = f.data.constructor === Int32Array ? new Int32Array(rows) : f.data.constructor === Uint8Array ? new Uint8Array(rows) : new Float64Array(rows);
    data.fill(f.data[0]);
    return new Vector(this.types[col], data, null, f.dict, rows);
  }

  /** Replaces all rows (DELETE/UPDATE until the LSM write path adds delete vectors). */
  replaceWith(vectors: Vector[], n: number): void {
    for (const s of this.segments) this.obsolete.push(s.file);
    this.segments = [];
    this.memtable = new MemoryTable(this.types);
    if (n > 0) this.memtable.append(new Batch(vectors, n));
  }

  /** Drops every segment (DROP TABLE); the files go at the next manifest write. */
  dropAll(): void {
    for (const s of this.segments) {
      s.close();
      this.obsolete.push(s.file);
    }
    this.segments = [];
  }

  /**
   * Writes the buffered rows, sorted by the table's sort key, as a new segment. Returns the new
   * file (the caller records it in the manifest) or null when nothing was buffered.
   */
  flush(): string | null {
    if (this.ctx === null || this.memtable.rowCount === 0) return null;
    const n = this.memtable.rowCount;
    let cols = this.memtable.snapshot();
    if (this.sortKey.length > 0) {
      const keys: SortKey[] = this.sortKey.map((col) => ({ col, desc: false, nullsFirst: true }));
      const perm = sortedPermutation(cols, keys, n);
      cols = cols.map((v) => v.gather(perm, n));
    }
    const file = this.ctx.newSegmentPath();
    writeSegment(this.ctx.fsys, file, this.types, cols, n, this.ctx.writeOptions());
    this.segments.push(new SegmentReader(this.ctx.fsys, file, this.name));
    this.memtable = new MemoryTable(this.types);
    return file;
  }

  close(): void {
    for (const s of this.segments) s.close();
  }

  /** Per block, for storage_info(): segment, row group, column, block, encoding, rows, nulls, min, max, bytes. */
  /** Zone map bounds are physical values, or strings for VARCHAR columns (read from the chunk dictionary). */
  blockInfo(): { segment: string; rowGroup: number; column: string; block: number; encoding: string; rows: number; nulls: number; min: number | string | null; max: number | string | null; bytes: number; dictionarySize: number | null }[] {
    const out = [];
    for (const s of this.segments) {
      for (let rg = 0; rg < s.footer.rowGroups.length; rg++) {
        const g = s.footer.rowGroups[rg];
        for (let c = 0; c < g.columns.length; c++) {
          const chunk = g.columns[c];
          for (let b = 0; b < chunk.blocks.length; b++) {
            const m = chunk.blocks[b];
            const dict = chunk.dict !== null && m.min !== null ? s.dictionary(rg, c, this.columnNames[c]) : null;
            out.push({
              segment: s.file,
              rowGroup: rg,
              column: this.columnNames[c],
              block: b,
              encoding: m.encoding,
              rows: m.rows,
              nulls: m.nulls,
              min: dict !== null && m.min !== null ? dict[m.min] : m.min,
              max: dict !== null && m.max !== null ? dict[m.max] : m.max,
              bytes: m.length,
              dictionarySize: chunk.dict?.count ?? null,
            });
          }
        }
      }
    }
    return out;
  }

  /**
   * Scans `columns` (table column indexes): the segments (storage/read/segment-scan.ts: zone
   * maps, predicates on encoded blocks, late materialization), then the buffered rows.
   */
  *scan(columns: readonly number[], options: ScanOptions = {}): Generator<Batch> {
    const table = { name: this.name, types: this.types, columnNames: this.columnNames, cache: this.ctx?.cache ?? null, missingColumn: (col: number, rows: number) => this.missingColumn(col, rows) };
    for (const seg of this.segments) {
      for (const batch of scanSegment(seg, columns, options, table)) {
        options.runtimeFiltersApplied = true;
        yield batch;
      }
    }
    if (options.stats) options.stats.rowsFromMemory += this.memtable.rowCount;
    for (const batch of this.memtable.scan(columns)) {
      options.runtimeFiltersApplied = false;
      yield batch;
    }
  }
}
