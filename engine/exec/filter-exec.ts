/** FilterExec: keeps the rows where a predicate is TRUE by narrowing the selection vector (no copy). */
import type { CompiledPredicate, ExecEnv } from '../expr/compile.js';
import { Batch } from '../vector/batch.js';
import type { ExecOperator } from './operator.js';

export class FilterExec implements ExecOperator {
  constructor(
    private readonly input: ExecOperator,
    private readonly predicate: CompiledPredicate,
    private readonly env: ExecEnv,
  ) {}

  next(): Batch | null {
    for (;;) {
      const b = this.input.next();
      if (b === null) return null;
      const out = new Int32Array(b.length);
      const m = this.predicate.select(b, this.env, out);
      if (m === 0) continue;
      if (m === b.length && b.sel === null) return b;
      return new Batch(b.columns, m, out.subarray(0, m));
    }
  }

  close(): void {
    this.input.close?.();
  }
}
