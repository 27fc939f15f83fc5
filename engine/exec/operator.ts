/** ExecOperator: the pull-based interface every physical operator implements. */
import type { Batch } from '../vector/batch.js';

/**
 * A running operator. `next()` returns the next non-empty batch, or null when exhausted.
 * Operators are created fresh for each execution of a physical plan (plans are immutable
 * descriptions; operators hold the mutable state), so a correlated subquery can run its plan
 * once per outer row. Execution is synchronous: all data is in memory or read with sync I/O,
 * and a promise per batch would cost more than the work on a small batch.
 */
export interface ExecOperator {
  next(): Batch | null;
  /** Releases buffers early (e.g. when a LIMIT is reached). Optional. */
  close?(): void;
}
