/** Physical WITH RECURSIVE: iterates the recursive term over a working table until an iteration adds no rows. */
import { StrataError } from '../errors.js';
import type { ExecEnv } from '../expr/compile.js';
import type { DataType } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { ColumnBuilder } from '../vector/column-builder.js';
import type { Vector } from '../vector/vector.js';
import { KeyHashTable } from './hash/key-hash-table.js';
import type { ExecOperator } from './operator.js';

/**
 * Iterations after which a recursive CTE is assumed not to terminate. An iteration costs a few
 * microseconds of setup, so this is seconds of work, well past any sensible recursion depth.
 */
export const MAX_RECURSIVE_ITERATIONS = 1_000_000;

/** The working table of each running recursive CTE, per execution environment and CTE id. */
const workingTables = new WeakMap<ExecEnv, Map<number, Vector[]>>();

/** The rows the recursive term of CTE `id` reads in the current iteration. */
export function workingTable(env: ExecEnv, id: number): Vector[] {
  const t = workingTables.get(env)?.get(id);
  if (t === undefined) throw new StrataError('internal', `recursive CTE ${id} read outside its recursion`);
  return t;
}

function setWorkingTable(env: ExecEnv, id: number, cols: Vector[] | null): void {
  let m = workingTables.get(env);
  if (m === undefined) {
    m = new Map();
    workingTables.set(env, m);
  }
  if (cols === null) m.delete(id);
  else m.set(id, cols);
}

/**
 * `anchor UNION [ALL] recursive`. The anchor's rows form the first working table; each iteration
 * runs a fresh instance of the recursive term, which reads the previous iteration's rows through
 * {@link WorkingTableScanExec}, and its rows become the next working table. With UNION, rows seen
 * before (NULLs equal) are dropped, which is what ends cycles. Rows are emitted one iteration at
 * a time, so a LIMIT above stops the recursion early.
 */
export class RecursiveCteExec implements ExecOperator {
  private readonly seen: KeyHashTable | null;
  private ids = new Int32Array(VECTOR_SIZE);
  private keep = new Int32Array(VECTOR_SIZE);
  private pending: Vector[] | null = null;
  private pendingRows = 0;
  private pendingPos = 0;
  private iteration = 0;
  private done = false;

  constructor(
    private readonly anchor: ExecOperator,
    private readonly openRecursive: () => ExecOperator,
    private readonly id: number,
    private readonly name: string,
    private readonly all: boolean,
    private readonly types: readonly DataType[],
    private readonly env: ExecEnv,
    private readonly maxIterations = MAX_RECURSIVE_ITERATIONS,
  ) {
    this.seen = all ? null : new KeyHashTable(types);
  }

  next(): Batch | null {
    for (;;) {
      if (this.pending !== null && this.pendingPos < this.pendingRows) {
        const start = this.pendingPos;
        const end = Math.min(this.pendingRows, start + VECTOR_SIZE);
        this.pendingPos = end;
        return new Batch(
          this.pending.map((v) => v.slice(start, end)),
          end - start,
          null,
        );
      }
      if (this.done) return null;
      this.step();
    }
  }

  close(): void {
    this.done = true;
    setWorkingTable(this.env, this.id, null);
    this.anchor.close?.();
  }

  /** Runs the anchor (first call) or one iteration of the recursive term; its new rows become pending. */
  private step(): void {
    let source: ExecOperator;
    if (this.iteration === 0) source = this.anchor;
    else {
      if (this.pendingRows === 0) {
        this.finishRecursion();
        return;
      }
      if (this.iteration > this.maxIterations) {
        throw new StrataError(
          'execution',
          `recursive CTE "${this.name}" did not finish after ${this.maxIterations} iterations; check its termination condition`,
        );
      }
      setWorkingTable(this.env, this.id, this.pending as Vector[]);
      source = this.openRecursive();
    }
    this.iteration++;
    const builders = this.types.map((t) => new ColumnBuilder(t, VECTOR_SIZE));
    let rows = 0;
    for (let b = source.next(); b !== null; b = source.next()) rows += this.accept(b, builders);
    source.close?.();
    this.pending = builders.map((b) => b.finish());
    this.pendingRows = rows;
    this.pendingPos = 0;
    if (rows === 0) this.finishRecursion();
  }

  private finishRecursion(): void {
    this.done = true;
    setWorkingTable(this.env, this.id, null);
  }

  /** Appends the rows of `b` that are new (all of them for UNION ALL); returns how many. */
  private accept(b: Batch, builders: ColumnBuilder[]): number {
    const n = b.length;
    if (n === 0) return 0;
    if (this.seen === null) {
      for (let c = 0; c < builders.length; c++) builders[c].appendVector(b.columns[c], b.sel, n);
      return n;
    }
    if (this.ids.length < n) {
      this.ids = new Int32Array(n);
      this.keep = new Int32Array(n);
    }
    const before = this.seen.size;
    this.seen.findOrInsert(b.columns, b.sel, n, this.ids);
    // Ids are dense in first-seen order: a row is new iff it got the next unused id.
    let next = before;
    let m = 0;
    for (let k = 0; k < n; k++) {
      if (this.ids[k] === next) {
        next++;
        this.keep[m++] = b.sel === null ? k : b.sel[k];
      }
    }
    if (m > 0) for (let c = 0; c < builders.length; c++) builders[c].appendVector(b.columns[c], this.keep, m);
    return m;
  }
}

/** Scans the working table of the enclosing recursive CTE (the previous iteration's rows). */
export class WorkingTableScanExec implements ExecOperator {
  private readonly cols: Vector[];
  private readonly rows: number;
  private pos = 0;

  constructor(env: ExecEnv, id: number) {
    this.cols = workingTable(env, id);
    this.rows = this.cols.length > 0 ? this.cols[0].length : 0;
  }

  next(): Batch | null {
    if (this.pos >= this.rows) return null;
    const start = this.pos;
    const end = Math.min(this.rows, start + VECTOR_SIZE);
    this.pos = end;
    return new Batch(
      this.cols.map((v) => v.slice(start, end)),
      end - start,
      null,
    );
  }
}
