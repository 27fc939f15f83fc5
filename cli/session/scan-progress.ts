/**
 * Progress and Ctrl-C for queries on the shell's worker thread, without engine support yet:
 * every table scan reports the rows it reads, and stops with "Interrupted" once the shell asks.
 *
 * This wraps `TableData.prototype.scan` inside the worker only (the library is untouched). The
 * totals are known before the first row is read: each scan adds its table's row count (from the
 * segment footers and the write buffer) when the plan is opened.
 * TODO: replace with the engine hook proposed to the lead (QueryEnv.cancelled checked in
 * TableScanExec.next(), with a progress callback on QueryEnv), then drop this file.
 */
import { TableData } from '../../storage/table-data.js';
import type { Batch } from '../../engine/vector/batch.js';

/** Shared counters the shell's main thread reads (see WorkerSession). */
export interface ProgressCells {
  /** [0] rows done, [1] rows total, [2] bytes done, [3] bytes total. */
  readonly numbers: Float64Array;
  /** [0] = 1 when the shell asked to stop. */
  readonly cancel: Int32Array;
}

/** Indexes into {@link ProgressCells.numbers}. */
export const ROWS_DONE = 0;
export const ROWS_TOTAL = 1;
export const BYTES_DONE = 2;
export const BYTES_TOTAL = 3;

/** Installs the scan wrapper; `interrupt` builds the error thrown on cancel. */
export function installScanProgress(cells: ProgressCells, interrupt: () => Error): void {
  const proto = TableData.prototype as unknown as { scan: (...args: unknown[]) => Generator<Batch>; __strataProgress?: boolean };
  if (proto.__strataProgress) return;
  const original = proto.scan;
  proto.__strataProgress = true;
  proto.scan = function (this: TableData, ...args: unknown[]): Generator<Batch> {
    cells.numbers[ROWS_TOTAL] += this.rowCount;
    const inner = original.apply(this, args);
    return (function* () {
      try {
        for (;;) {
          if (Atomics.load(cells.cancel, 0) !== 0) throw interrupt();
          const r = inner.next();
          if (r.done) return;
          cells.numbers[ROWS_DONE] += r.value.length;
          yield r.value;
        }
      } finally {
        inner.return?.(undefined);
      }
    })();
  };
}
