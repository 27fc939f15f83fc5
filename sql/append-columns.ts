/** Bulk append: turns JS column arrays into vectors of a table's types and appends them atomically. */
import type { TableEntry } from '../engine/catalog/catalog.js';
import { StrataError } from '../engine/errors.js';
import { castFunction } from '../engine/types/cast.js';
import { allocData, physicalKind, VARCHAR } from '../engine/types/data-type.js';
import { parseDate } from '../engine/types/date-time.js';
import { Batch } from '../engine/vector/batch.js';
import { StringInterner } from '../engine/vector/string-interner.js';
import { Vector } from '../engine/vector/vector.js';

/**
 * A column given to `Database.appendColumns`: a typed array already in the column's physical
 * layout (Int32Array for INTEGER and DATE days, Float64Array for BIGINT, DOUBLE, TIMESTAMP
 * micros and DECIMAL scaled integers, Uint8Array for BOOLEAN), or a plain array of JS values
 * (numbers, strings, booleans, null) converted as an INSERT would convert them.
 */
export type ColumnInput = Int32Array | Float64Array | Uint8Array | ArrayLike<number | string | boolean | null>;

/**
 * Converts `columns` (by column name; missing columns are NULL) to vectors and appends `n` rows
 * to `table`. All conversion happens before anything is appended, so a bad value leaves the
 * table unchanged. Returns the appended batch (null when `n` is 0).
 */
export function appendColumns(table: TableEntry, columns: Record<string, ColumnInput>, n: number): Batch | null {
  const byName = new Map(Object.entries(columns).map(([k, v]) => [k.toLowerCase(), v]));
  for (const k of byName.keys()) {
    if (!table.columns.some((c) => c.name.toLowerCase() === k)) {
      throw new StrataError('binder', `Table "${table.name}" does not have a column named "${k}"`);
    }
  }
  const vectors = table.columns.map((col) => {
    const input = byName.get(col.name.toLowerCase());
    if (input === undefined) {
      if (col.notNull) throw new StrataError('constraint', `NOT NULL constraint failed: ${table.name}.${col.name}`);
      return Vector.nulls(col.type, n);
    }
    if (input.length < n) throw new StrataError('execution', `column ${col.name} has ${input.length} values, ${n} expected`);
    const kind = physicalKind(col.type);
    // Typed arrays in the physical layout are taken as they are (no per-value work).
    if ((kind === 'i32' && input instanceof Int32Array) || (kind === 'f64' && input instanceof Float64Array) || (kind === 'u8' && input instanceof Uint8Array)) {
      return new Vector(col.type, input.subarray(0, n), null, null, n);
    }
    const data = allocData(col.type, n);
    const validity = new Uint8Array(n);
    let hasNull = false;
    const interner = kind === 'str' ? new StringInterner() : null;
    const fromString = kind === 'str' ? null : castFunction(VARCHAR, col.type, false);
    for (let i = 0; i < n; i++) {
      const v = input[i];
      if (v === null || v === undefined) {
        hasNull = true;
        continue;
      }
      validity[i] = 1;
      if (interner !== null) data[i] = interner.intern(String(v));
      else if (typeof v === 'string') data[i] = col.type.id === 'date' ? parseDate(v) : (fromString as (s: string) => number)(v);
      else if (typeof v === 'boolean') data[i] = v ? 1 : 0;
      else data[i] = col.type.id === 'decimal' ? Math.round(v * 10 ** (col.type.scale ?? 0)) : v;
    }
    if (hasNull && col.notNull) throw new StrataError('constraint', `NOT NULL constraint failed: ${table.name}.${col.name}`);
    return new Vector(col.type, data, hasNull ? validity : null, interner !== null ? interner.dict : null, n);
  });
  if (n === 0) return null;
  const batch = new Batch(vectors, n);
  table.data.append(batch);
  return batch;
}
