/** ProjectionExec: computes one output column per compiled expression. */
import type { CompiledExpr, ExecEnv } from '../expr/compile.js';
import { Batch } from '../vector/batch.js';
import type { ExecOperator } from './operator.js';

export class ProjectionExec implements ExecOperator {
  constructor(
    private readonly input: ExecOperator,
    private readonly exprs: readonly CompiledExpr[],
    private readonly env: ExecEnv,
  ) {}

  next(): Batch | null {
    const b = this.input.next();
    if (b === null) return null;
    // Every output is dense (live row k at index k), so the selection is consumed here.
    return new Batch(
      this.exprs.map((e) => e.evaluate(b, this.env)),
      b.length,
    );
  }

  close(): void {
    this.input.close?.();
  }
}

/** A projection that only picks and reorders input columns: vectors and selection are shared. */
export class ColumnSelectExec implements ExecOperator {
  constructor(
    private readonly input: ExecOperator,
    private readonly positions: readonly number[],
  ) {}

  next(): Batch | null {
    const b = this.input.next();
    if (b === null) return null;
    return new Batch(
      this.positions.map((p) => b.columns[p]),
      b.length,
      b.sel,
    );
  }

  close(): void {
    this.input.close?.();
  }
}
