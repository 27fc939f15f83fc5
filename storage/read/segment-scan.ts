/** Scans one segment for a table scan: zone-map skipping, predicates on encoded blocks, then the other columns decoded only for blocks with live rows. */
import { boundsMayMatch } from './zone-bounds.js';
import { StrataError } from '../../engine/errors.js';
import { type DataType, physicalKind } from '../../engine/types/data-type.js';
import { Batch, VECTOR_SIZE } from '../../engine/vector/batch.js';
import type { Vector } from '../../engine/vector/vector.js';
import type { BlockPredicate } from '../encoding/predicate.js';
import { selectValues } from '../encoding/predicate.js';
import { selectBlock } from '../encoding/select-encoded.js';
import { anyDeleted, type DeleteVector } from '../delete-vector.js';
import type { BlockCache } from './block-cache.js';
import { keyFilterMask } from './key-filter.js';
import type { SegmentReader } from './segment-reader.js';
import type { RuntimeKeyFilter, ScanOptions, ScanPredicate } from '../table-data.js';

/** What a segment scan needs of its table. */
export interface SegmentScanTable {
  readonly name: string;
  readonly types: readonly DataType[];
  readonly columnNames: readonly string[];
  readonly cache: BlockCache | null;
  /** Rows of a column the segment was written without (ALTER TABLE ADD COLUMN): its default or NULL. */
  missingColumn(col: number, rows: number): Vector;
}

function lowerBound(dict: readonly string[], s: string): number {
  let lo = 0;
  let hi = dict.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dict[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A predicate on a VARCHAR column turned into one on the chunk's codes (codes are ranks in the
 * sorted chunk dictionary): `s = 'x'` becomes `code = rank('x')`, or null ("no row matches")
 * when 'x' is not in the dictionary.
 */
function toCodePredicate(p: ScanPredicate, dict: readonly string[]): BlockPredicate | null {
  if (p.kind === 'in') {
    const codes: number[] = [];
    for (const v of p.values) {
      const i = lowerBound(dict, String(v));
      if (i < dict.length && dict[i] === v) codes.push(i);
    }
    return codes.length === 0 ? null : { kind: 'in', values: codes };
  }
  let lo = 0;
  let hi = dict.length - 1;
  if (p.lo !== null) {
    const i = lowerBound(dict, String(p.lo));
    lo = p.loInclusive || dict[i] !== p.lo ? i : i + 1;
  }
  if (p.hi !== null) {
    const i = lowerBound(dict, String(p.hi));
    hi = p.hiInclusive && dict[i] === p.hi ? i : i - 1;
  }
  return lo > hi ? null : { kind: 'range', lo, hi, loInclusive: true, hiInclusive: true };
}

/** A numeric scan predicate as a block predicate, or undefined when a bound is not a number (then it only prunes by zone map). */
function toNumberPredicate(p: ScanPredicate): BlockPredicate | undefined {
  if (p.kind === 'in') return p.values.every((v) => typeof v === 'number') ? { kind: 'in', values: p.values as number[] } : undefined;
  const ok = (v: unknown): boolean => v === null || typeof v === 'number';
  return ok(p.lo) && ok(p.hi) ? (p as BlockPredicate) : undefined;
}

/** A pushed predicate resolved for one row group: the stored column and its block predicate. */
interface GroupPredicate {
  col: number;
  pred: BlockPredicate;
  /** Exact evaluation on the block's values (false: zone maps only, e.g. a NaN-capable DOUBLE column). */
  exact: boolean;
}

// Scratch masks, reused across blocks: a scan is synchronous between yields only, so each scan
// keeps its own (allocated per scan, sized to the segment's block rows).

/**
 * Yields the rows of `seg` for `columns` (table column indexes) that may satisfy `options`'
 * predicates and runtime filters. Per block, in order: zone maps (predicates, runtime filter
 * ranges) skip the block; pushed predicates are evaluated on the encoded block (per run, per
 * dictionary entry, on bit-packed offsets: storage/encoding/select-encoded.ts), or on the decoded
 * values when the block cache already holds them; runtime filters test the key column; a block
 * with no live row stops there, without decoding its other columns (late materialization).
 * Live rows leave as batches with a selection vector; the scan operator still evaluates the
 * full filter on them.
 */
export function* scanSegment(
  seg: SegmentReader,
  columns: readonly number[],
  options: ScanOptions,
  table: SegmentScanTable,
  /** The segment's delete vector (storage/delete-vector.ts; 1 = deleted), or null. */
  deleted: DeleteVector | null = null,
): Generator<Batch> {
  const preds = options.predicates ?? [];
  const stats = options.stats;
  const footer = seg.footer;
  const mask = new Uint8Array(footer.blockRows);
  const tmp = new Uint8Array(footer.blockRows);
  const raws = new Map<number, Uint8Array>();
  let groupStart = 0;
  for (let rg = 0; rg < footer.rowGroups.length; rg++) {
    const group = footer.rowGroups[rg];
    const groupBase = groupStart;
    groupStart += group.rows;
    const groupPreds: GroupPredicate[] = [];
    let none = false;
    for (const p of preds) {
      const col = columns[p.column];
      if (col >= seg.columnCount) continue;
      const str = physicalKind(table.types[col]) === 'str';
      const pred = str ? toCodePredicate(p, seg.dictionary(rg, col, table.columnNames[col])) : toNumberPredicate(p);
      if (pred === null) {
        none = true;
        break;
      }
      if (pred !== undefined) groupPreds.push({ col, pred, exact: table.types[col].id !== 'double' && table.types[col].id !== 'interval' });
    }
    const blockCount = Math.ceil(group.rows / footer.blockRows);
    if (none) {
      if (stats) stats.blocksSkipped += blockCount;
      continue;
    }
    // Read per row group: a join above may add filters once its build side is done.
    const filters: RuntimeKeyFilter[] = (options.runtimeFilters ?? []).filter(
      (f) => columns[f.column] < seg.columnCount && physicalKind(table.types[columns[f.column]]) !== 'str',
    );
    for (let b = 0; b < blockCount; b++) {
      const rows = Math.min(footer.blockRows, group.rows - b * footer.blockRows);
      if (!zoneMapsPass(group.columns, b, groupPreds, filters, columns)) {
        if (stats) stats.blocksSkipped++;
        continue;
      }
      if (stats) stats.blocksRead++;
      if (stats) stats.rowsFromSegments += rows;
      // Decoded blocks already in the cache: nothing to save by filtering first, and the scan
      // operator's generated filter is faster than these generic loops. Pass the block on whole.
      const base = groupBase + b * footer.blockRows;
      const hasDeletes = deleted !== null && anyDeleted(deleted, base, rows);
      const cachedVectors = columns.map((col) => (col >= seg.columnCount ? table.missingColumn(col, rows) : seg.cached(rg, col, b, table.cache)));
      if (!hasDeletes && cachedVectors.every((v) => v !== undefined)) {
        options.runtimeFiltersApplied = false;
        yield* sliceBlock(cachedVectors as Vector[], rows, null, rows);
        continue;
      }
      // --- Predicates, then runtime filters, each narrowing `mask` ---
      raws.clear();
      let live = rows;
      let masked = false;
      for (const gp of groupPreds) {
        if (!gp.exact) continue;
        const hit = seg.cached(rg, gp.col, b, table.cache);
        let m: Uint8Array | null = null;
        if (hit === undefined) {
          const raw = seg.rawBlock(rg, gp.col, b);
          raws.set(gp.col, raw);
          if (stats) stats.bytesRead += raw.length;
          try {
            m = selectBlock(raw, gp.pred, tmp);
          } catch (e) {
            throw e instanceof StrataError ? seg.blockError(e, rg, b, table.columnNames[gp.col]) : e;
          }
        }
        if (m === null) {
          const v = decodeColumn(seg, rg, gp.col, b, table, raws, stats);
          selectValues(gp.pred, v.data as Int32Array, rows, tmp);
          if (v.validity !== null) andInto(tmp, v.validity, rows);
        }
        if (!masked) {
          mask.set(tmp.subarray(0, rows));
          masked = true;
          live = countOnes(mask, rows);
        } else {
          live = andInto(mask, tmp, rows);
        }
        if (live === 0) break;
      }
      if (live > 0) {
        for (const f of filters) {
          if (f.zoneOnly === true) continue;
          const col = columns[f.column];
          const v = decodeColumn(seg, rg, col, b, table, raws, stats);
          if (!masked) {
            mask.fill(1, 0, rows);
            masked = true;
          }
          const before = live;
          live = keyFilterMask(f, v.data as Int32Array | Float64Array, v.validity, rows, mask);
          f.rowsRemoved += before - live;
          if (live === 0) break;
        }
      }
      // Delete vectors (LSM write path): deleted rows leave the mask like rows a predicate rejects.
      if (live > 0 && hasDeletes) {
        if (!masked) {
          mask.fill(1, 0, rows);
          masked = true;
        }
        live = 0;
        for (let i = 0; i < rows; i++) live += mask[i] &= 1 - deleted[base + i];
      }
      if (live === 0) {
        if (stats) stats.blocksEliminated++;
        continue;
      }
      // --- Late materialization: the other columns, for blocks with live rows only ---
      const vectors = columns.map((col, i) => cachedVectors[i] ?? decodeColumn(seg, rg, col, b, table, raws, stats));
      options.runtimeFiltersApplied = true;
      yield* sliceBlock(vectors, rows, masked && live < rows ? mask : null, live);
    }
  }
}

/** The block as batches of VECTOR_SIZE rows (zero-copy slices), with a selection of the rows `mask` marks live. */
function* sliceBlock(vectors: Vector[], rows: number, mask: Uint8Array | null, live: number): Generator<Batch> {
  for (let start = 0; start < rows; start += VECTOR_SIZE) {
    const end = Math.min(rows, start + VECTOR_SIZE);
    const slices = vectors.map((v) => v.slice(start, end));
    if (mask === null || live === rows) {
      yield new Batch(slices, end - start);
      continue;
    }
    const sel = new Int32Array(end - start);
    const m = maskToSel(mask, start, end, sel);
    if (m > 0) yield new Batch(slices, m, sel.subarray(0, m));
  }
}

/** Writes the positions (relative to `start`) of mask's ones in [start, end) into `sel`; returns how many. */
function maskToSel(mask: Uint8Array, start: number, end: number, sel: Int32Array): number {
  let m = 0;
  for (let i = start; i < end; i++) {
    sel[m] = i - start;
    m += mask[i];
  }
  return m;
}

/** `a[i] &= b[i]` for i < n; returns the ones left. */
function andInto(a: Uint8Array, b: Uint8Array, n: number): number {
  let live = 0;
  for (let i = 0; i < n; i++) live += a[i] &= b[i];
  return live;
}

function countOnes(a: Uint8Array, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) c += a[i];
  return c;
}

function zoneMapsPass(
  chunks: readonly { blocks: readonly { min: number | null; max: number | null }[] }[],
  b: number,
  preds: readonly GroupPredicate[],
  filters: readonly RuntimeKeyFilter[],
  columns: readonly number[],
): boolean {
  for (const { col, pred } of preds) {
    const m = chunks[col].blocks[b];
    if (m.min === null || m.max === null || !boundsMayMatch(m.min, m.max, pred)) return false; // all NULL matches nothing
  }
  for (const f of filters) {
    const m = chunks[columns[f.column]].blocks[b];
    if (m.min === null || m.max === null || m.max < f.min || m.min > f.max) return false;
  }
  return true;
}

/** Decodes (or finds in the cache) one block, reusing bytes already read for predicates; counts decoded bytes. */
function decodeColumn(
  seg: SegmentReader,
  rg: number,
  col: number,
  b: number,
  table: SegmentScanTable,
  raws: Map<number, Uint8Array>,
  stats: ScanOptions['stats'],
): Vector {
  const hit = seg.cached(rg, col, b, table.cache);
  if (hit !== undefined) return hit;
  let raw = raws.get(col) ?? null;
  if (raw === null) {
    raw = seg.rawBlock(rg, col, b);
    if (stats) stats.bytesRead += raw.length;
  }
  const v = seg.block(rg, col, b, table.types[col], table.columnNames[col], table.cache, raw);
  if (stats) stats.bytesDecoded += v.data.byteLength + (v.validity?.byteLength ?? 0);
  return v;
}
