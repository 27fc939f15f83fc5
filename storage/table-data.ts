/** TableData: a table's rows as immutable on-disk segments plus an in-memory write buffer, scanned as one. */
import { type DataType, physicalKind } from '../engine/types/data-type.js';
import { Batch, VECTOR_SIZE } from '../engine/vector/batch.js';
import { type SortKey, sortedPermutation } from '../engine/vector/sort-keys.js';
import { Vector } from '../engine/vector/vector.js';
import { ColumnBuilder } from '../engine/vector/column-builder.js';
import { StrataError } from '../engine/errors.js';
import { decodeDeleteVector, type DeleteVector, deletedCount, liveSelection, withDeleted } from './delete-vector.js';
import type { FileSystem } from './io/file-system.js';
import { MemoryTable } from './memory-table.js';
import { ZONE_ROWS } from './memory-zone-maps.js';
import type { BlockCache } from './read/block-cache.js';
import { SegmentReader } from './read/segment-reader.js';
import { scanSegment, type SegmentScanTable } from './read/segment-scan.js';
import type { WalOp } from './wal/wal-record.js';
import { type SegmentWriteOptions, writeSegment } from './write/segment-writer.js';
import { mergeEqualKeys, type MergeRule, type MergeRuleSpec, resolveMergeRule } from './write/aggregating-merge.js';
import { aggregatingPolicy } from './compaction-policy.js';

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
  /**
   * Optional, set with `bits`: the same set with one bit per value (bit `(v - min) & 31` of word
   * `(v - min) >>> 5`). An eighth of the size, so it stays in cache where `bits` does not: SF 10's
   * 800,000 part keys take 100 KB, not 800 KB, and a 6 M-row filter ran 2x faster with it.
   */
  bitset?: Int32Array | null;
  /** What EXPLAIN ANALYZE calls it, e.g. `lo_orderdate IN keys(date)`. */
  label: string;
  /**
   * Only for skipping zones and blocks by [min, max], never tested per row: pushed by joins that
   * are no star join, where a per-row test might remove nothing (see physical-planner.ts).
   */
  zoneOnly?: boolean;
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
  /** Records a committed-to-be change for the write-ahead log (null or absent: no log, e.g. while replaying it). */
  journal?: ((op: WalOp) => void) | null;
  /** An append of at least this many bytes is written straight to a new segment (bulk load); absent: never. */
  bulkBytes?: () => number;
  /** Manifest-relative name of an absolute file path (how WAL records name segments). */
  relative?: (abs: string) => string;
}

/** Deleted rows of one segment and how many there are. */
interface SegmentDeletes {
  vec: DeleteVector;
  count: number;
}

/**
 * What a transaction or statement restores on ROLLBACK or failure. Everything in it is
 * immutable once published (segment lists and delete maps are replaced, never modified), so a
 * savepoint is a few references and the memtable's row count.
 */
export interface TableState {
  segments: SegmentReader[];
  deletes: Map<string, SegmentDeletes>;
  memRows: number;
  memDeleted: SegmentDeletes | null;
}

/** A run of segments [start, end) chosen by a compaction policy. */
export type CompactionPick = (segments: readonly { bytes: number; rows: number; deleted: number }[]) => { start: number; end: number } | null;

/**
 * A table with a merge rule asks for a checkpoint (which flushes and merges its buffered rows)
 * once the buffer holds this many rows more than its segments: the buffer's delta rows then cost
 * queries more than the merged table.
 */
const MERGE_MIN_ROWS = 1000;

/** Bytes per row of a batch of `types` (validity excluded), to decide on the bulk path. */
function rowBytes(types: readonly DataType[]): number {
  let n = 0;
  for (const t of types) n += physicalKind(t) === 'f64' ? 8 : physicalKind(t) === 'u8' ? 1 : 4;
  return n;
}

export class TableData {
  private segments: SegmentReader[] = [];
  private memtable: MemoryTable;
  /** Deleted rows per segment file; replaced (never modified) on every DELETE. */
  private deletes = new Map<string, SegmentDeletes>();
  /** Deleted rows of the memtable; replaced on every DELETE. */
  private memDeleted: SegmentDeletes | null = null;
  /** Persisted delete vector file per segment file, and the segments whose vector changed since. */
  private readonly deleteFiles = new Map<string, string>();
  /** Segment files no longer part of the table; deleted after the next manifest write. */
  readonly obsolete: string[] = [];
  /** Open scans per segment file: a retired segment is deleted only when its count drops to 0. */
  private readonly readers = new Map<string, number>();
  /** Segments replaced by compaction, deleted when the manifest no longer lists them and no scan reads them. */
  private retiring: SegmentReader[] = [];
  private retired: SegmentReader[] = [];
  /** How rows with equal keys combine (cube tables), as given and as resolved against the columns (null: not applied). */
  private mergeSpecGiven: MergeRuleSpec | null = null;
  private mergeRule: MergeRule | null = null;
  /** Bumped by every change of the table's rows (not by flush or compaction, which keep them unless a merge rule combines them): facts derived from the rows are cached against it. */
  private changes = 0;

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

  /** Attaches the segment files listed in the manifest (on open), with their persisted delete vectors. */
  attachSegments(files: readonly string[], deleteFiles: ReadonlyMap<string, string> = new Map()): void {
    this.changes++;
    if (this.ctx === null) return;
    for (const f of files) {
      const seg = new SegmentReader(this.ctx.fsys, f, this.name);
      this.segments.push(seg);
      const del = deleteFiles.get(f);
      if (del !== undefined) {
        const vec = decodeDeleteVector(this.ctx.fsys.readFile(del), del);
        if (vec.length !== seg.rows) throw new StrataError('corrupt', `${del}: delete vector has ${vec.length} rows, segment ${f} has ${seg.rows}`);
        this.deletes.set(f, { vec, count: deletedCount(vec) });
        this.deleteFiles.set(f, del);
      }
    }
  }

  /**
   * Gives the table a merge rule: from now on the rows written by a flush, a bulk append or a
   * compaction that share a key are combined into one (storage/write/aggregating-merge.ts). A
   * rule that cannot be applied to these columns is kept (for the manifest) but not applied.
   */
  setMergeRule(spec: MergeRuleSpec | null): void {
    this.mergeSpecGiven = spec;
    this.mergeRule = spec === null ? null : resolveMergeRule(spec, this.columnNames, this.types, this.sortKey);
  }

  /** The merge rule as given (what the manifest keeps). */
  get mergeSpec(): MergeRuleSpec | null {
    return this.mergeSpecGiven;
  }

  /** True when checkpoints merge this table's rows with equal keys (a stored table with an applicable rule). */
  get mergesAtCheckpoint(): boolean {
    return this.ctx !== null && this.mergeRule !== null;
  }

  /** True when the buffered rows of a merging table should be flushed (and so merged) now. */
  get mergeDue(): boolean {
    if (!this.mergesAtCheckpoint) return false;
    const buffered = this.memtable.rowCount - (this.memDeleted?.count ?? 0);
    return buffered > MERGE_MIN_ROWS + this.rowCount - buffered;
  }

  /** Changes whenever the live rows may have changed (append, delete, rollback, schema change). */
  get version(): number {
    return this.changes;
  }

  get segmentFiles(): string[] {
    return this.segments.map((s) => s.file);
  }

  /** Persisted delete vector files by segment file (for the manifest). */
  get deleteVectorFiles(): Map<string, string> {
    return new Map(this.deleteFiles);
  }

  /** Live rows (deleted rows excluded). */
  get rowCount(): number {
    let n = this.memtable.rowCount - (this.memDeleted?.count ?? 0);
    for (const s of this.segments) n += s.rows - (this.deletes.get(s.file)?.count ?? 0);
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

  get segmentCount(): number {
    return this.segments.length;
  }

  /**
   * Appends rows (in table column order). Small appends go to the memtable; one of at least
   * `bulkBytes` is sorted and written straight to a new segment, so a bulk load is written once.
   * Either way the change is journaled for the write-ahead log.
   */
  append(batch: Batch): void {
    this.changes++;
    const ctx = this.ctx;
    if (ctx !== null && ctx.bulkBytes !== undefined && batch.length * rowBytes(this.types) >= ctx.bulkBytes()) {
      const b = batch.compact();
      const file = this.writeSorted(b.columns, b.length);
      this.segments = [...this.segments, new SegmentReader(ctx.fsys, file, this.name)];
      ctx.journal?.({ op: 'segment', table: this.name, file: this.relative(file) });
      return;
    }
    this.memtable.append(batch);
    if (ctx !== null && ctx.journal) {
      const dense = batch.compact();
      const n = dense.length;
      // Copied: the record is encoded at commit, and a caller may reuse its arrays before then
      // (appendColumns takes typed arrays without copying; a transaction commits much later).
      const vectors = dense.columns.map((v) => new Vector(v.type, v.data.slice(0, n), v.validity === null ? null : v.validity.slice(0, n), v.dict, n));
      ctx.journal({ op: 'append', table: this.name, vectors, rows: n });
    }
  }

  private relative(file: string): string {
    return this.ctx?.relative?.(file) ?? file;
  }

  /** Replays a WAL `segment` op: the bulk-written segment file becomes part of the table. */
  attachBulkSegment(file: string): void {
    this.changes++;
    if (this.ctx === null) return;
    this.segments = [...this.segments, new SegmentReader(this.ctx.fsys, file, this.name)];
  }

  /**
   * Deletes the live rows whose flag is 1; `flags` is indexed by live row in scan order
   * (segments in order, then the memtable, deleted rows skipped), the order in which a scan
   * without predicates returns them. Returns how many rows were deleted.
   */
  deleteLive(flags: Uint8Array): number {
    const segs: { file: string; rows: Uint32Array }[] = [];
    let k = 0;
    let total = 0;
    const pick = (rows: number, del: DeleteVector | undefined): Uint32Array => {
      const ids: number[] = [];
      for (let r = 0; r < rows; r++) {
        if (del !== undefined && del[r] === 1) continue;
        if (flags[k++] === 1) ids.push(r);
      }
      total += ids.length;
      return Uint32Array.from(ids);
    };
    for (const s of this.segments) {
      const ids = pick(s.rows, this.deletes.get(s.file)?.vec);
      if (ids.length > 0) segs.push({ file: s.file, rows: ids });
    }
    const memRows = pick(this.memtable.rowCount, this.memDeleted?.vec);
    if (total === 0) return 0;
    this.applyDelete(segs, memRows);
    if (this.ctx?.journal) {
      this.ctx.journal({ op: 'delete', table: this.name, segments: segs.map((s) => ({ file: this.relative(s.file), rows: s.rows })), memRows });
    }
    return total;
  }

  /** Marks rows deleted (segment files absolute); copies the vectors it changes (snapshots keep theirs). */
  applyDelete(segs: readonly { file: string; rows: Uint32Array }[], memRows: Uint32Array): void {
    this.changes++;
    if (segs.length > 0) {
      const next = new Map(this.deletes);
      for (const s of segs) {
        const seg = this.segments.find((x) => x.file === s.file);
        if (seg === undefined) throw new StrataError('corrupt', `table ${this.name}: a delete refers to segment ${s.file}, which the table does not have`);
        const vec = withDeleted(next.get(s.file)?.vec, seg.rows, s.rows);
        next.set(s.file, { vec, count: deletedCount(vec) });
        // The persisted vector is out of date; the next checkpoint writes a new file.
        const persisted = this.deleteFiles.get(s.file);
        if (persisted !== undefined) this.obsolete.push(persisted);
        this.deleteFiles.delete(s.file);
      }
      this.deletes = next;
    }
    if (memRows.length > 0) {
      const vec = withDeleted(this.memDeleted?.vec, this.memtable.rowCount, memRows);
      this.memDeleted = { vec, count: deletedCount(vec) };
    }
  }

  /** Delete vectors changed since they were last persisted: segment file → vector. */
  unsavedDeletes(): Map<string, DeleteVector> {
    const out = new Map<string, DeleteVector>();
    for (const [f, d] of this.deletes) if (!this.deleteFiles.has(f)) out.set(f, d.vec);
    return out;
  }

  /** Records that the delete vector of `segment` is now persisted in `file`; returns the file it replaces. */
  savedDeletes(segment: string, file: string): void {
    this.deleteFiles.set(segment, file);
  }

  /** Everything a ROLLBACK restores. */
  saveState(): TableState {
    return { segments: this.segments, deletes: this.deletes, memRows: this.memtable.rowCount, memDeleted: this.memDeleted };
  }

  /** Restores a saved state; segments written since (bulk appends) are deleted. Returns them. */
  restoreState(s: TableState): void {
    this.changes++;
    const kept = new Set(s.segments);
    for (const seg of this.segments) {
      if (kept.has(seg)) continue;
      seg.close();
      if (this.ctx !== null && this.ctx.fsys.exists(seg.file)) this.ctx.fsys.unlink(seg.file);
    }
    this.segments = s.segments;
    for (const f of this.deletes.keys()) if (this.deletes.get(f) !== s.deletes.get(f)) this.deleteFiles.delete(f);
    this.deletes = s.deletes;
    this.memtable.truncate(s.memRows);
    this.memDeleted = s.memDeleted;
  }
  /**
   * Adds a column (ALTER TABLE ADD COLUMN). Segments are not rewritten: their rows read the
   * column as `fill` (the DEFAULT, or NULL), and so do the rows already buffered.
   */
  addColumn(type: DataType, name: string, fill: Vector): void {
    this.changes++;
    this.memtable.addColumn(type, fill);
    this.columnNames.push(name);
    this.fills[this.types.length - 1] = fill;
    // The new column has no merge kind: the rule no longer applies.
    this.setMergeRule(this.mergeSpecGiven);
  }

  /** Per column: the constant (1-row vector) that segments written before the column existed read; null = NULL. */
  private readonly fills: (Vector | null)[] = [];

  /** Sets what segments without column `col` read for it (the column's DEFAULT). */
  setFill(col: number, fill: Vector | null): void {
    this.changes++;
    this.fills[col] = fill;
  }

  private missingColumn(col: number, rows: number): Vector {
    const f = this.fills[col] ?? null;
    if (f === null || (f.validity !== null && f.validity[0] === 0)) return Vector.nulls(this.types[col], rows);
    const data = f.data.constructor === Int32Array ? new Int32Array(rows) : f.data.constructor === Uint8Array ? new Uint8Array(rows) : new Float64Array(rows);
    data.fill(f.data[0]);
    return new Vector(this.types[col], data, null, f.dict, rows);
  }

  /** Drops every segment (DROP TABLE); the files go at the next manifest write. */
  dropAll(): void {
    this.changes++;
    for (const s of this.segments) {
      s.close();
      this.obsolete.push(s.file);
      const del = this.deleteFiles.get(s.file);
      if (del !== undefined) this.obsolete.push(del);
    }
    this.segments = [];
  }

  /**
   * Sorts `cols` by the table's sort key and writes them as a new (fsynced) segment file; with a
   * merge rule, rows with equal keys (neighbours once sorted) are written as one.
   */
  private writeSorted(cols: Vector[], n: number): string {
    const ctx = this.ctx as TableStorageContext;
    if (this.sortKey.length > 0) {
      const keys: SortKey[] = this.sortKey.map((col) => ({ col, desc: false, nullsFirst: true }));
      const perm = sortedPermutation(cols, keys, n);
      cols = cols.map((v) => v.gather(perm, n));
      if (this.mergeRule !== null) ({ columns: cols, rows: n } = mergeEqualKeys(this.mergeRule, cols, n));
    }
    const file = ctx.newSegmentPath();
    writeSegment(ctx.fsys, file, this.types, cols, n, ctx.writeOptions());
    return file;
  }

  /**
   * Writes the live buffered rows, sorted by the table's sort key, as a new segment (part of a
   * checkpoint). Returns the new file, or null when nothing was buffered.
   */
  flush(): string | null {
    if (this.ctx === null || this.memtable.rowCount === 0) return null;
    const n = this.memtable.rowCount;
    let cols = this.memtable.snapshot();
    let live = n;
    const del = this.memDeleted?.vec;
    if (del !== undefined) {
      const sel = liveSelection(del, 0, n) ?? new Int32Array(0);
      live = sel.length;
      cols = cols.map((v) => v.gather(sel, live));
    }
    this.memtable = new MemoryTable(this.types);
    this.memDeleted = null;
    if (live === 0) return null;
    const file = this.writeSorted(cols, live);
    // A merge rule combines rows with equal keys: the same data, but not the same rows.
    if (this.mergeRule !== null) this.changes++;
    this.segments = [...this.segments, new SegmentReader(this.ctx.fsys, file, this.name)];
    return file;
  }

  /**
   * Merges the run of segments `pick` chooses into one, keeping the sort order and dropping
   * deleted rows (and, with a merge rule, combining rows with equal keys; such a table is also
   * merged whole when {@link aggregatingPolicy} says so). The merged segments are retired:
   * deleted after the next manifest commit once no scan reads them. Returns false when the
   * policy chose nothing.
   */
  compact(pick: CompactionPick): boolean {
    if (this.ctx === null) return false;
    const run = this.policy(pick)(this.segmentStats());
    if (run === null || run.end - run.start < 1) return false;
    const old = this.segments.slice(run.start, run.end);
    const all = this.types.map((_, i) => i);
    const builders = this.types.map((t) => new ColumnBuilder(t));
    let n = 0;
    for (const b of this.scanSegments(old, this.deletes, all, {})) {
      builders.forEach((bd, c) => bd.appendVector(b.columns[c], b.sel, b.length));
      n += b.length;
    }
    const merged = n === 0 ? [] : [new SegmentReader(this.ctx.fsys, this.writeSorted(builders.map((b) => b.finish()), n), this.name)];
    if (this.mergeRule !== null) this.changes++;
    this.segments = [...this.segments.slice(0, run.start), ...merged, ...this.segments.slice(run.end)];
    const next = new Map(this.deletes);
    for (const s of old) {
      next.delete(s.file);
      const del = this.deleteFiles.get(s.file);
      if (del !== undefined) this.obsolete.push(del);
      this.deleteFiles.delete(s.file);
    }
    this.deletes = next;
    this.retiring.push(...old);
    return true;
  }

  /** True when `pick` would merge something now. */
  wantsCompaction(pick: CompactionPick): boolean {
    return this.ctx !== null && this.policy(pick)(this.segmentStats()) !== null;
  }

  private policy(pick: CompactionPick): CompactionPick {
    return this.mergeRule === null ? pick : aggregatingPolicy(pick);
  }

  private segmentStats(): { bytes: number; rows: number; deleted: number }[] {
    return this.segments.map((s) => ({ bytes: s.fileBytes, rows: s.rows, deleted: this.deletes.get(s.file)?.count ?? 0 }));
  }

  /** After a manifest commit: segments compacted away are deleted now, or when their last scan ends. */
  retireCompacted(): void {
    this.retired.push(...this.retiring.splice(0));
    this.releaseRetired();
  }

  private releaseRetired(): void {
    const ctx = this.ctx;
    if (ctx === null) return;
    this.retired = this.retired.filter((s) => {
      if ((this.readers.get(s.file) ?? 0) > 0) return true;
      s.close();
      ctx.cache.evictSegment(s.file);
      // No manifest names a retired segment any more: a file that cannot be deleted now is
      // removed by the next open, so the error must not fail the statement that got here.
      try {
        if (ctx.fsys.exists(s.file)) ctx.fsys.unlink(s.file);
      } catch (e) {
        process.emitWarning(`${s.file}: could not delete a compacted segment (${(e as Error).message}); the next open removes it`, { code: 'STRATA_CLEANUP_FAILED' });
      }
      return false;
    });
  }

  close(): void {
    for (const s of this.segments) s.close();
    for (const s of this.retired) s.close();
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
   * maps, predicates on encoded blocks, late materialization), then the buffered rows. Deleted
   * rows are removed by a selection vector (the segment's delete vector per block, the
   * memtable's per batch). The scan reads the segments, delete vectors and memtable rows as of
   * its first batch (a snapshot): later writes and compactions do not change what it returns,
   * and the segment files it reads stay until it ends.
   */
  *scan(columns: readonly number[], options: ScanOptions = {}): Generator<Batch> {
    const segments = this.segments;
    const deletes = this.deletes;
    const memRows = this.memtable.rowCount;
    const memCols = this.memtable.snapshot();
    const memZones = this.memtable.zoneMaps;
    const memDeleted = this.memDeleted?.vec;
    for (const s of segments) this.readers.set(s.file, (this.readers.get(s.file) ?? 0) + 1);
    try {
      // scanSegment sets options.runtimeFiltersApplied per batch.
      // One generator level fewer than going through scanSegments: each batch resumes every
      // level it passes through, and a scan yields about 3,000 batches per SSB query.
      const table = this.segmentScanTable();
      for (const seg of segments) yield* scanSegment(seg, columns, options, table, deletes.get(seg.file)?.vec ?? null);
      const stats = options.stats;
      if (stats) stats.rowsFromMemory += memRows;
      // Zone maps (storage/memory-zone-maps.ts) skip zones of buffered rows that no row of can
      // pass the predicates or runtime filters; kept zones in a row leave as one batch.
      const tester = memZones.tester(columns, memCols, memRows, options.predicates ?? [], options.runtimeFilters ?? []);
      const zones = tester === null ? 0 : tester.zones;
      const covered = zones * ZONE_ROWS;
      let start = 0;
      while (start < memRows) {
        let end = Math.min(memRows, start + VECTOR_SIZE);
        if (start < covered) {
          // Here `start` is at a zone boundary.
          const t = tester!;
          let z = start / ZONE_ROWS;
          while (z < zones && !t.keep(z)) z++;
          if (stats) stats.blocksSkipped += z - start / ZONE_ROWS;
          start = z * ZONE_ROWS;
          if (start >= memRows) break;
          end = Math.min(memRows, start + VECTOR_SIZE);
          for (let e = start + ZONE_ROWS; e < end && e < covered; e += ZONE_ROWS) {
            if (!t.keep(e / ZONE_ROWS)) {
              end = e;
              break;
            }
          }
          if (stats) stats.blocksRead += Math.ceil((Math.min(end, covered) - start) / ZONE_ROWS);
        }
        const from = start;
        start = end;
        const sel = liveSelection(memDeleted, from, end - from);
        if (sel !== null && sel.length === 0) continue;
        options.runtimeFiltersApplied = false;
        yield new Batch(
          columns.map((c) => memCols[c].slice(from, end)),
          sel === null ? end - from : sel.length,
          sel,
        );
      }
    } finally {
      for (const s of segments) this.readers.set(s.file, (this.readers.get(s.file) ?? 1) - 1);
      if (this.retired.length > 0) this.releaseRetired();
    }
  }

  private *scanSegments(segments: readonly SegmentReader[], deletes: ReadonlyMap<string, SegmentDeletes>, columns: readonly number[], options: ScanOptions): Generator<Batch> {
    const table = this.segmentScanTable();
    for (const seg of segments) yield* scanSegment(seg, columns, options, table, deletes.get(seg.file)?.vec ?? null);
  }

  /** What scanSegment needs of this table. */
  private segmentScanTable(): SegmentScanTable {
    return { name: this.name, types: this.types, columnNames: this.columnNames, cache: this.ctx?.cache ?? null, missingColumn: (col: number, rows: number) => this.missingColumn(col, rows) };
  }
}
