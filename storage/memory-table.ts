/** MemoryTable: a table's rows held column by column in growable typed arrays (the in-memory store). */
import type { DataType } from '../engine/types/data-type.js';
import { Batch, VECTOR_SIZE } from '../engine/vector/batch.js';
import { ColumnBuilder } from '../engine/vector/column-builder.js';
import type { Vector } from '../engine/vector/vector.js';
import { MemoryZoneMaps } from './memory-zone-maps.js';

/**
 * Column data of one table. Appends go to one ColumnBuilder per column; a scan takes a snapshot
 * (the vectors as of its start) and slices it into batches without copying. Builders only ever
 * append or reallocate, so a snapshot stays valid while later writes happen.
 *
 * Storage may import only the leaf modules `engine/types`, `engine/vector` and `engine/errors`.
 */
export class MemoryTable {
  private builders: ColumnBuilder[];
  /**
   * Per-zone bounds of the rows (computed as scans need them). Replaced on truncate: a scan that
   * started before keeps the object matching its snapshot.
   */
  zoneMaps: MemoryZoneMaps;

  constructor(readonly types: DataType[]) {
    this.builders = types.map((t) => new ColumnBuilder(t));
    this.zoneMaps = new MemoryZoneMaps(types);
  }

  get rowCount(): number {
    return this.builders.length === 0 ? this.emptyRows : this.builders[0].length;
  }

  /** Rows of a table with no columns (possible after DROP COLUMN; kept for completeness). */
  private emptyRows = 0;

  get byteSize(): number {
    let s = 0;
    for (const b of this.builders) s += b.byteSize;
    return s + this.zoneMaps.byteSize;
  }

  /** Appends the live rows of `batch`, whose columns are in table column order. */
  append(batch: Batch): void {
    if (this.builders.length === 0) this.emptyRows += batch.length;
    for (let c = 0; c < this.builders.length; c++) this.builders[c].appendVector(batch.columns[c], batch.sel, batch.length);
  }

  /** Appends a new column whose existing rows hold `fill`'s single value (ALTER TABLE ADD COLUMN). */
  addColumn(type: DataType, fill: Vector): void {
    const b = new ColumnBuilder(type, this.rowCount);
    for (let i = 0; i < this.rowCount; i++) b.appendVector(fill, null, 1);
    this.builders.push(b);
    this.types.push(type);
  }

  /** A consistent snapshot of the current contents: one vector per column. */
  snapshot(): Vector[] {
    return this.builders.map((b) => b.finish());
  }

  /** Scans `columns` (table column indexes) in batches of VECTOR_SIZE rows. */
  *scan(columns: readonly number[], snapshot: Vector[] = this.snapshot()): Generator<Batch> {
    const n = this.rowCount;
    for (let start = 0; start < n; start += VECTOR_SIZE) {
      const end = Math.min(n, start + VECTOR_SIZE);
      yield new Batch(
        columns.map((c) => snapshot[c].slice(start, end)),
        end - start,
      );
    }
  }

  /**
   * Keeps the first `n` rows (ROLLBACK of appends). The kept rows are copied into new builders:
   * a scan that started before may still be reading the old arrays, which must not be overwritten
   * by later appends.
   */
  truncate(n: number): void {
    if (n >= this.rowCount) return;
    const old = this.snapshot();
    this.zoneMaps = new MemoryZoneMaps(this.types);
    this.builders = this.types.map((t, c) => {
      const b = new ColumnBuilder(t, n);
      if (n > 0) b.appendVector(old[c], null, n);
      return b;
    });
    if (this.builders.length === 0) this.emptyRows = n;
  }
}
