/** Test helpers for operator unit tests: build batches from JS rows, replay them, drain an operator to rows. */
import { type DataType, physicalKind } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { Vector } from '../vector/vector.js';
import type { ExecOperator } from './operator.js';

/** One cell as written in a test: a number, a string (VARCHAR), a boolean (BOOLEAN) or NULL. */
export type Cell = number | string | boolean | null;

/**
 * A dense batch holding `rows`. Each VARCHAR column gets its own dictionary, built in reverse
 * first-seen order so codes differ from batch to batch and from string order (operators must
 * translate, not assume shared codes).
 */
export function batchOf(types: readonly DataType[], rows: readonly (readonly Cell[])[]): Batch {
  const n = rows.length;
  const cols = types.map((t, c) => vectorOf(t, rows.map((r) => r[c])));
  return new Batch(cols, n, null);
}

/** A vector holding `values` (see {@link batchOf} for how dictionaries are laid out). */
export function vectorOf(t: DataType, values: readonly Cell[]): Vector {
  const n = values.length;
  const kind = physicalKind(t);
  const data = kind === 'u8' ? new Uint8Array(n) : kind === 'f64' ? new Float64Array(n) : new Int32Array(n);
  let validity: Uint8Array | null = null;
  let dict: string[] | null = null;
  if (kind === 'str') {
    const distinct = [...new Set(values.filter((v): v is string => typeof v === 'string'))].reverse();
    dict = ['<unused>', ...distinct];
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) {
      validity ??= new Uint8Array(n).fill(1);
      validity[i] = 0;
      continue;
    }
    if (dict !== null) data[i] = dict.indexOf(v as string);
    else data[i] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
  }
  return new Vector(t, data, validity, dict, n);
}

/**
 * The same rows as `b`, but stored with a garbage row before each live row and a selection vector
 * picking the live ones, to check that operators honour `sel`.
 */
export function withSelection(b: Batch, types: readonly DataType[]): Batch {
  const n = b.length;
  const rows: Cell[][] = [];
  const sel = new Int32Array(n);
  const live = drainBatch(b);
  for (let k = 0; k < n; k++) {
    rows.push(types.map((t) => garbage(t)));
    sel[k] = rows.length;
    rows.push(live[k]);
  }
  const dense = batchOf(types, rows);
  return new Batch(dense.columns, n, sel);
}

function garbage(t: DataType): Cell {
  const kind = physicalKind(t);
  if (kind === 'str') return 'garbage';
  if (kind === 'u8') return t.id === 'null' ? null : true;
  return 999_999;
}

/** Options for {@link ValuesSource}. */
export interface ValuesSourceOptions {
  /** Rows per emitted batch (default VECTOR_SIZE). */
  batchSize?: number;
  /** Emit batches with a selection vector over padded columns (see {@link withSelection}). */
  withSel?: boolean;
}

/** An operator replaying JS rows as batches; records whether it was closed. */
export class ValuesSource implements ExecOperator {
  private pos = 0;
  closed = false;
  /** Number of batches handed out so far. */
  pulled = 0;

  constructor(
    readonly types: readonly DataType[],
    private readonly rows: readonly (readonly Cell[])[],
    private readonly options: ValuesSourceOptions = {},
  ) {}

  next(): Batch | null {
    if (this.pos >= this.rows.length) return null;
    const size = this.options.batchSize ?? VECTOR_SIZE;
    const chunk = this.rows.slice(this.pos, this.pos + size);
    this.pos += chunk.length;
    this.pulled++;
    const b = batchOf(this.types, chunk);
    return this.options.withSel ? withSelection(b, this.types) : b;
  }

  close(): void {
    this.closed = true;
  }
}

/** Live rows of a batch as JS arrays (BOOLEAN as true/false, VARCHAR as strings, NULL as null). */
export function drainBatch(b: Batch): Cell[][] {
  const out: Cell[][] = [];
  for (let k = 0; k < b.length; k++) {
    const row = b.rowIndex(k);
    out.push(
      b.columns.map((v) => {
        const x = v.get(row);
        return x !== null && v.type.id === 'boolean' ? x === 1 : x;
      }),
    );
  }
  return out;
}

/**
 * Pulls every batch of `op` and returns all rows. Fails if the operator breaks the batch contract
 * (an empty batch, or one larger than VECTOR_SIZE).
 */
export function drain(op: ExecOperator): Cell[][] {
  const out: Cell[][] = [];
  for (let b = op.next(); b !== null; b = op.next()) {
    if (b.length === 0) throw new Error('operator returned an empty batch');
    if (b.length > VECTOR_SIZE) throw new Error(`operator returned ${b.length} rows, more than VECTOR_SIZE`);
    for (const row of drainBatch(b)) out.push(row);
  }
  return out;
}

/** Rows sorted by their JSON text, for comparing results whose order is not specified. */
export function sortedRows(rows: Cell[][]): Cell[][] {
  return rows
    .map((r) => [JSON.stringify(r), r] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((p) => p[1]);
}
