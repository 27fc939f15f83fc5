/** reorder-joins: rebuilds each tree of inner joins as a left-deep chain that avoids cross products. */
import { andAll, type BoundExpr, columnsOf, splitConjuncts } from '../../expr/expr.js';
import { estimateRows } from '../../plan/cardinality.js';
import { childrenOf, type LogicalPlan, withChildren } from '../../plan/logical-plan.js';
import { BOOLEAN } from '../../types/data-type.js';
import type { OptimizerRule } from '../rule.js';

interface Leaf {
  plan: LogicalPlan;
  cids: Set<number>;
  rows: number;
}

/** Flattens nested inner/cross joins into their inputs and the conjuncts of their conditions. */
export function flattenInnerJoins(p: LogicalPlan, leaves: LogicalPlan[], conds: BoundExpr[]): void {
  if (p.kind === 'join' && (p.type === 'inner' || p.type === 'cross')) {
    flattenInnerJoins(p.left, leaves, conds);
    flattenInnerJoins(p.right, leaves, conds);
    if (p.condition) splitConjuncts(p.condition, conds);
    return;
  }
  leaves.push(p);
}

/**
 * Greedy ordering for star and chain queries: start from the largest input (the fact table,
 * which becomes the probe side of every hash join), then repeatedly join the smallest input
 * that some condition connects to what is joined so far; take a cross product only when no
 * input is connected. Each condition is attached to the first join where all its columns
 * exist. The output columns are put back in their original order by a projection.
 */
function reorder(p: Extract<LogicalPlan, { kind: 'join' }>): LogicalPlan {
  const leafPlans: LogicalPlan[] = [];
  const conds: BoundExpr[] = [];
  flattenInnerJoins(p, leafPlans, conds);
  if (leafPlans.length < 3 && p.type === 'inner') return p;
  const leaves: Leaf[] = leafPlans.map((plan) => ({ plan, cids: new Set(plan.cols.map((c) => c.cid)), rows: estimateRows(plan) }));
  const condCols = conds.map((c) => columnsOf(c));
  const leafOf = (cid: number) => leaves.findIndex((l) => l.cids.has(cid));
  const condLeaves = condCols.map((cols) => new Set([...cols].map(leafOf).filter((i) => i >= 0)));

  const remaining = new Set(leaves.map((_, i) => i));
  let start = 0;
  for (const i of remaining) if (leaves[i].rows > leaves[start].rows) start = i;
  remaining.delete(start);
  const joined = new Set([start]);
  const used = new Set<number>();
  let plan = leaves[start].plan;
  while (remaining.size > 0) {
    let best = -1;
    let bestConnected = false;
    for (const i of remaining) {
      const connected = condLeaves.some((ls, k) => !used.has(k) && ls.has(i) && [...ls].some((x) => joined.has(x)));
      if (best < 0 || (connected && !bestConnected) || (connected === bestConnected && leaves[i].rows < leaves[best].rows)) {
        best = i;
        bestConnected = connected;
      }
    }
    remaining.delete(best);
    joined.add(best);
    const here: BoundExpr[] = [];
    condLeaves.forEach((ls, k) => {
      if (!used.has(k) && [...ls].every((x) => joined.has(x))) {
        used.add(k);
        here.push(conds[k]);
      }
    });
    const right = leaves[best].plan;
    const condition = andAll(here);
    plan = {
      kind: 'join',
      type: condition === null ? 'cross' : 'inner',
      left: plan,
      right,
      condition,
      cols: [...plan.cols, ...right.cols],
    };
  }
  const leftover = conds.filter((_, k) => !used.has(k));
  if (leftover.length > 0) plan = { kind: 'filter', input: plan, predicate: andAll(leftover) as BoundExpr, cols: plan.cols };
  return withColumnOrder(plan, p.cols);
}

/** `plan` with its output columns put in the order of `cols` (the same set) by a projection when needed. */
export function withColumnOrder(plan: LogicalPlan, cols: LogicalPlan['cols']): LogicalPlan {
  const same = plan.cols.length === cols.length && plan.cols.every((c, i) => c.cid === cols[i].cid);
  if (same) return plan;
  return {
    kind: 'project',
    input: plan,
    exprs: cols.map((c) => ({ kind: 'column', cid: c.cid, type: c.type, name: c.name })),
    cols,
  };
}

export const reorderJoinsRule: OptimizerRule = {
  name: 'reorder-joins',
  rewrite(plan: LogicalPlan): LogicalPlan {
    // Top-down: reorder the outermost join of each tree once; inner joins were flattened into it.
    const visit = (p: LogicalPlan): LogicalPlan => {
      if (p.kind === 'join' && (p.type === 'inner' || p.type === 'cross')) {
        const leaves: LogicalPlan[] = [];
        flattenInnerJoins(p, leaves, []);
        const newLeaves = leaves.map(visit);
        const rebuilt = newLeaves.every((l, i) => l === leaves[i]) ? p : replaceLeaves(p, leaves, newLeaves);
        return reorder(rebuilt as Extract<LogicalPlan, { kind: 'join' }>);
      }
      return transformChildren(p, visit);
    };
    return visit(plan);
  },
};

/** `p` (a tree of inner joins) with each of `oldLeaves` replaced by the matching one of `newLeaves`. */
export function replaceLeaves(p: LogicalPlan, oldLeaves: LogicalPlan[], newLeaves: LogicalPlan[]): LogicalPlan {
  const i = oldLeaves.indexOf(p);
  if (i >= 0) return newLeaves[i];
  if (p.kind === 'join' && (p.type === 'inner' || p.type === 'cross')) {
    const left = replaceLeaves(p.left, oldLeaves, newLeaves);
    const right = replaceLeaves(p.right, oldLeaves, newLeaves);
    return { ...p, left, right, cols: [...left.cols, ...right.cols] };
  }
  return p;
}

/** `p` with `fn` applied to each direct child. */
export function transformChildren(p: LogicalPlan, fn: (c: LogicalPlan) => LogicalPlan): LogicalPlan {
  const kids = childrenOf(p);
  const next = kids.map(fn);
  return next.some((k, i) => k !== kids[i]) ? withChildren(p, next) : p;
}
