/** JoinHashTable: the build side of a hash join — materialized columns, key ids, and row chains per key. */
import type { DataType } from '../../types/data-type.js';
import { type Batch, VECTOR_SIZE } from '../../vector/batch.js';
import { ColumnBuilder } from '../../vector/column-builder.js';
import type { Vector } from '../../vector/vector.js';
import { KeyHashTable } from './key-hash-table.js';

/**
 * The build side of a hash join, built in a phase of its own (append batches, then
 * {@link finish}) so a parallel build or a star-join operator can construct and reuse it.
 *
 * Rows are materialized with ColumnBuilders. Each distinct non-NULL key gets a dense id from a
 * {@link KeyHashTable}; the rows sharing a key form a chain in build order: `first[keyId]` is the
 * first row, `next[row]` the following one, -1 ending the chain. Rows with a NULL key are kept (a
 * right/full join still emits them) but belong to no chain, since NULL keys never match.
 */
export class JoinHashTable {
  /** Distinct build keys; probe with {@link probe}. */
  readonly keys: KeyHashTable;
  /** Materialized build columns (valid after {@link finish}). */
  columns: Vector[] = [];
  /** First build row per key id (valid after {@link finish}). */
  first: Int32Array = new Int32Array(0);
  /** Next build row with the same key, or -1 (valid after {@link finish}). */
  next: Int32Array = new Int32Array(0);
  /** True when every key occurs at most once: each probe row then has at most one partner. */
  unique = true;
  /**
   * True when keys are unique and no build row has a NULL key: ids are then handed out in row
   * order, so a key's id is its build row and probes can skip the `first` lookup.
   */
  idIsRow = true;
  private readonly builders: ColumnBuilder[];
  private rows = 0;

  constructor(
    readonly types: readonly DataType[],
    readonly keyCols: readonly number[],
  ) {
    this.keys = new KeyHashTable(keyCols.map((c) => types[c]));
    this.builders = types.map((t) => new ColumnBuilder(t));
  }

  /** Number of build rows. */
  get rowCount(): number {
    return this.rows;
  }

  /** Bytes held by the materialized rows, chains and key table. */
  get byteSize(): number {
    let b = this.keys.byteSize + this.first.byteLength + this.next.byteLength;
    for (const c of this.builders) b += c.byteSize;
    return b;
  }

  /** Materializes the live rows of a build batch. */
  append(batch: Batch): void {
    const builders = this.builders;
    for (let c = 0; c < builders.length; c++) builders[c].appendVector(batch.columns[c], batch.sel, batch.length);
    this.rows += batch.length;
  }

  /** Ends the build: assigns key ids and links the per-key row chains. */
  finish(): void {
    const builders = this.builders;
    this.columns = builders.map((b) => b.finish());
    const n = this.rows;
    const rowKey = new Int32Array(n).fill(-1);
    const keySel = new Int32Array(VECTOR_SIZE);
    const ids = new Int32Array(VECTOR_SIZE);
    const keyVecs = this.keyCols.map((c) => this.columns[c]);
    let keyed = 0;
    for (let start = 0; start < n; start += VECTOR_SIZE) {
      const end = Math.min(n, start + VECTOR_SIZE);
      const chunk = keyVecs.map((v) => v.slice(start, end));
      // Rows with a NULL in any key column can never match; keep them out of the key table.
      let m = 0;
      for (let k = 0; k < end - start; k++) {
        let valid = 1;
        for (const v of chunk) if (v.validity !== null) valid &= v.validity[k];
        keySel[m] = k;
        m += valid;
      }
      this.keys.findOrInsert(chunk, keySel, m, ids);
      for (let j = 0; j < m; j++) rowKey[start + keySel[j]] = ids[j];
      keyed += m;
    }
    const first = new Int32Array(this.keys.size).fill(-1);
    const next = new Int32Array(n);
    // Link back to front so each chain lists its rows in build order.
    for (let row = n - 1; row >= 0; row--) {
      const id = rowKey[row];
      if (id < 0) {
        next[row] = -1;
        continue;
      }
      next[row] = first[id];
      first[id] = row;
    }
    this.first = first;
    this.next = next;
    this.unique = this.keys.size === keyed;
    this.idIsRow = this.unique && keyed === n;
  }

  /** Key id of each live probe row's key (-1 when absent or NULL), written to `outIds`. */
  probe(keyVectors: readonly Vector[], sel: Int32Array | null, n: number, outIds: Int32Array): void {
    this.keys.find(keyVectors, sel, n, outIds, false);
  }
}
