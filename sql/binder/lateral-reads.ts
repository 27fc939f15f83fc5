/** LateralReads: which plans of a FROM clause read columns of earlier FROM items (LATERAL), until the join that supplies those values is built. */
import { notImplemented, type SourcePos } from '../../engine/errors.js';
import type { BoundExpr } from '../../engine/expr/expr.js';
import type { LogicalPlan } from '../../engine/plan/logical-plan.js';
import type { Scope } from './scope.js';

interface Reads {
  readonly cids: number[];
  readonly pos: SourcePos;
}

/**
 * A LATERAL subquery binds with the FROM clause's scope as its outer scope, so its reads of
 * earlier items are `outer` references. The binder records them here against the subquery's plan
 * and, when it builds the join with the items on the left, turns that join into a `lateral_join`
 * that sets those values per left row.
 */
export class LateralReads {
  private readonly pending = new Map<LogicalPlan, Reads>();

  /**
   * After binding a LATERAL subquery into `plan`: moves its reads of columns of `scope` (this
   * query's FROM items) out of the correlated sets that travel up to enclosing subqueries, and
   * records them against `plan`.
   */
  record(plan: LogicalPlan, subScopes: readonly Scope[], scope: Scope, pos: SourcePos): void {
    const local = new Set(scope.allColumns().map((c) => c.cid));
    const reads = new Set<number>();
    for (const sc of subScopes) {
      for (const cid of [...sc.correlated.keys()]) {
        if (!local.has(cid)) continue;
        reads.add(cid);
        sc.correlated.delete(cid);
      }
    }
    if (reads.size > 0) this.pending.set(plan, { cids: [...reads].sort((a, b) => a - b), pos });
  }

  /** Whether `right` reads a column `left` produces (then only INNER and LEFT joins are allowed). */
  readsFrom(right: LogicalPlan, left: LogicalPlan): boolean {
    const cids = new Set(left.cols.map((c) => c.cid));
    return this.pending.get(right)?.cids.some((c) => cids.has(c)) ?? false;
  }

  /**
   * `left JOIN LATERAL right` when `right` reads columns of `left`; null for an ordinary join
   * (also when its reads are all of items further left: then the whole join runs per row of the
   * lateral join further out, see {@link carry}).
   */
  join(type: 'inner' | 'left', left: LogicalPlan, right: LogicalPlan, condition: BoundExpr | null): LogicalPlan | null {
    const reads = this.pending.get(right);
    if (reads === undefined) return null;
    const have = new Set(left.cols.map((c) => c.cid));
    const fromLeft = reads.cids.filter((c) => have.has(c));
    if (fromLeft.length === 0) return null;
    this.pending.delete(right);
    const plan: LogicalPlan = { kind: 'lateral_join', type, left, right, correlated: fromLeft, condition, cols: [...left.cols, ...right.cols] };
    // Reads of items further left stay outer references, set by the lateral join further out.
    const rest = reads.cids.filter((c) => !have.has(c));
    if (rest.length > 0) this.pending.set(plan, { cids: rest, pos: reads.pos });
    return plan;
  }

  /**
   * A join whose inputs still read earlier FROM items (a LATERAL subquery nested in it, e.g.
   * `t, LATERAL (...) x JOIN u ON ...`) reads them as a whole: the lateral join that supplies
   * the values runs this entire join per row.
   */
  carry(plan: LogicalPlan, ...inputs: LogicalPlan[]): LogicalPlan {
    const cids = new Set<number>();
    let pos: SourcePos | null = null;
    for (const input of [plan, ...inputs]) {
      const reads = this.pending.get(input);
      if (reads === undefined) continue;
      this.pending.delete(input);
      for (const c of reads.cids) cids.add(c);
      pos ??= reads.pos;
    }
    if (pos !== null) this.pending.set(plan, { cids: [...cids].sort((a, b) => a - b), pos });
    return plan;
  }

  /** A whole FROM clause must leave no reads unresolved: nothing on their left supplies them. */
  refuseUnresolved(plan: LogicalPlan): void {
    const reads = this.pending.get(plan);
    if (reads !== undefined) throw notImplemented('a LATERAL subquery reading a FROM item that is not on its left', reads.pos);
  }
}
