/** TableScanExec: reads the chosen columns of a table in batches, applying runtime join filters and pushed-down filters. */
import { keyFilterSelect } from '../../storage/read/key-filter.js';
import type { ScanOptions } from '../../storage/table-data.js';
import type { CompiledPredicate, ExecEnv } from '../expr/compile.js';
import { Batch } from '../vector/batch.js';
import type { ExecOperator } from './operator.js';

export class TableScanExec implements ExecOperator {
  /**
   * `options` is the object the storage scan was opened with: joins above push runtime filters
   * into `options.runtimeFilters` before the first batch is pulled, and storage says per batch
   * whether it applied them already (segment blocks) or left them to this operator (buffered rows).
   */
  constructor(
    private readonly source: Iterator<Batch>,
    private readonly filter: CompiledPredicate | null,
    private readonly env: ExecEnv,
    private readonly options: ScanOptions = {},
  ) {}

  next(): Batch | null {
    for (;;) {
      const r = this.source.next();
      if (r.done) return null;
      let b = r.value;
      const filters = this.options.runtimeFilters;
      if (filters !== undefined && filters.length > 0 && this.options.runtimeFiltersApplied !== true) {
        b = this.applyRuntimeFilters(b);
        if (b.length === 0) continue;
      }
      if (this.filter === null) return b;
      const out = new Int32Array(b.length);
      const m = this.filter.select(b, this.env, out);
      if (m === 0) continue;
      if (m === b.length) return b;
      return new Batch(b.columns, m, out.subarray(0, m));
    }
  }

  /** Narrows `b` to the rows whose keys pass every runtime filter (counting what each removed). */
  private applyRuntimeFilters(b: Batch): Batch {
    let sel = b.sel;
    let n = b.length;
    for (const f of this.options.runtimeFilters!) {
      const out = new Int32Array(n);
      const m = keyFilterSelect(f, b.columns[f.column], sel, n, out);
      f.rowsRemoved += n - m;
      sel = out.subarray(0, m);
      n = m;
      if (n === 0) break;
    }
    return n === b.length && sel === b.sel ? b : new Batch(b.columns, n, sel);
  }

  close(): void {
    this.source.return?.();
  }
}
