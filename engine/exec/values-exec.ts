/** Physical VALUES / materialized-result operator: replays a fixed list of batches. */
import type { Batch } from '../vector/batch.js';
import { BoundedBatches } from './batch-utils.js';
import type { ExecOperator } from './operator.js';

/**
 * Replays `batches` in order (used for VALUES lists and for materialized CTEs and subqueries).
 * Empty batches are skipped and batches larger than VECTOR_SIZE are cut into zero-copy slices, so
 * consumers see the usual batch contract. The batches are shared, not copied: consumers must not
 * write to them.
 */
export class ValuesExec implements ExecOperator {
  private pos = 0;
  private readonly out: BoundedBatches;

  constructor(private readonly batches: readonly Batch[]) {
    this.out = new BoundedBatches({ next: () => (this.pos < this.batches.length ? this.batches[this.pos++] : null) });
  }

  next(): Batch | null {
    return this.out.next();
  }
}
