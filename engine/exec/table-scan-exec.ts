/** TableScanExec: reads the chosen columns of a table in batches, applying pushed-down filters. */
import type { CompiledPredicate, ExecEnv } from '../expr/compile.js';
import { Batch } from '../vector/batch.js';
import type { ExecOperator } from './operator.js';

export class TableScanExec implements ExecOperator {
  constructor(
    private readonly source: Iterator<Batch>,
    private readonly filter: CompiledPredicate | null,
    private readonly env: ExecEnv,
  ) {}

  next(): Batch | null {
    for (;;) {
      const r = this.source.next();
      if (r.done) return null;
      const b = r.value;
      if (this.filter === null) return b;
      const out = new Int32Array(b.length);
      const m = this.filter.select(b, this.env, out);
      if (m === 0) continue;
      if (m === b.length) return b;
      return new Batch(b.columns, m, out.subarray(0, m));
    }
  }

  close(): void {
    this.source.return?.();
  }
}
