/** Physical LIMIT/OFFSET operator: skips then passes through rows, stopping its input early. */
import type { Batch } from '../vector/batch.js';
import { BoundedBatches, sliceBatch } from './batch-utils.js';
import type { ExecOperator } from './operator.js';

/**
 * Skips the first `offset` rows, then passes through at most `limit` rows (all when null).
 * Rows are never copied: a partial batch is a narrowed selection or a sliced view. Once the limit
 * is reached the input is closed and never pulled again, so upstream scans stop early.
 */
export class LimitExec implements ExecOperator {
  /** Rows still to skip. */
  private toSkip: number;
  /** Rows still to emit (Infinity without a limit). */
  private remaining: number;
  private done = false;
  private readonly batches: BoundedBatches;

  constructor(
    private readonly input: ExecOperator,
    readonly limit: number | null,
    readonly offset: number,
  ) {
    this.toSkip = Math.max(0, offset);
    this.remaining = limit === null ? Infinity : Math.max(0, limit);
    this.batches = new BoundedBatches(input);
  }

  next(): Batch | null {
    while (!this.done) {
      if (this.remaining <= 0) {
        this.finish();
        break;
      }
      const b = this.batches.next();
      if (b === null) {
        this.done = true;
        break;
      }
      const n = b.length;
      const start = Math.min(this.toSkip, n);
      this.toSkip -= start;
      if (start >= n) continue;
      const end = Math.min(n, start + this.remaining);
      this.remaining -= end - start;
      // Close as soon as the limit is met, not on the next call: the consumer may stop pulling.
      if (this.remaining <= 0) this.finish();
      return sliceBatch(b, start, end);
    }
    return null;
  }

  close(): void {
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.input.close?.();
  }
}
