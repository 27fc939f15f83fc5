/** star-join: recognises a fact table joined to dimension arms and joins the most selective arm first. */
import { andAll, type BoundExpr, columnsOf } from '../../expr/expr.js';
import { estimateRows } from '../../plan/cardinality.js';
import type { JoinNode, LogicalPlan } from '../../plan/logical-plan.js';
import { sampledSelectivity } from '../../plan/sampled-selectivity.js';
import type { OptimizerRule } from '../rule.js';
import { flattenInnerJoins, replaceLeaves, transformChildren, withColumnOrder } from './reorder-joins.js';

/** A dimension and the sub-dimensions joined to it (a snowflake arm), as a tree over leaf indexes. */
interface Arm {
  leaf: number;
  children: Arm[];
  /** Estimated fraction of the parent's rows that find a partner in this arm. */
  selectivity: number;
}

/** The inputs and conditions of one tree of inner joins, and which leaves each condition reads. */
interface JoinGraph {
  leaves: LogicalPlan[];
  conds: BoundExpr[];
  condLeaves: Set<number>[];
  /** Conditions already attached to a join. */
  used: Set<number>;
}

/** Rows of a leaf before its own filters: the table size for scans. */
function baseRows(p: LogicalPlan): number {
  return p.kind === 'scan' ? p.table.data.rowCount : estimateRows(p);
}

/** Fraction of a leaf's rows its own filters keep. */
function leafSelectivity(p: LogicalPlan): number {
  return p.kind === 'scan' ? sampledSelectivity(p) : 1;
}

/** Leaf pairs connected by a `column = column` conjunct: the edges a star is made of. */
function equiEdges(g: JoinGraph): Set<number>[] {
  const adj = g.leaves.map(() => new Set<number>());
  g.conds.forEach((c, k) => {
    if (c.kind !== 'op' || c.op !== '=' || c.args[0].kind !== 'column' || c.args[1].kind !== 'column') return;
    const ls = [...g.condLeaves[k]];
    if (ls.length !== 2) return;
    adj[ls[0]].add(ls[1]);
    adj[ls[1]].add(ls[0]);
  });
  return adj;
}

/**
 * The arms hanging off `fact`: each leaf joined to the fact by an equality is an arm's root, and a
 * leaf reachable from a root without passing through the fact belongs to that arm. Null when the
 * join graph is not a star or snowflake (a leaf in two arms, a leaf not connected by equalities,
 * or an arm leaf at least as large as the fact).
 */
function findArms(g: JoinGraph, fact: number): Arm[] | null {
  const adj = equiEdges(g);
  const owner = new Int32Array(g.leaves.length).fill(-1);
  owner[fact] = fact;
  const factRows = baseRows(g.leaves[fact]);
  const grow = (leaf: number, root: number): Arm | null => {
    const children: Arm[] = [];
    for (const next of adj[leaf]) {
      if (next === fact || owner[next] === root) continue;
      // Reached from another arm: the arms are tied by a cycle, not a snowflake.
      if (owner[next] >= 0) return null;
      owner[next] = root;
      const child = grow(next, root);
      if (child === null) return null;
      children.push(child);
    }
    return { leaf, children, selectivity: 1 };
  };
  const arms: Arm[] = [];
  for (const root of adj[fact]) {
    if (owner[root] >= 0) continue;
    owner[root] = root;
    const arm = grow(root, root);
    if (arm === null) return null;
    arms.push(arm);
  }
  for (let i = 0; i < g.leaves.length; i++) {
    if (owner[i] < 0 || (i !== fact && baseRows(g.leaves[i]) >= factRows)) return null;
  }
  return arms.length > 0 ? arms : null;
}

/** Fills in each arm's selectivity: its root's filter selectivity times that of its sub-arms. */
function estimateArm(g: JoinGraph, arm: Arm): void {
  let s = leafSelectivity(g.leaves[arm.leaf]);
  for (const c of arm.children) {
    estimateArm(g, c);
    s *= c.selectivity;
  }
  arm.selectivity = s;
}

/** Leaf indexes of an arm. */
function armLeaves(arm: Arm, out: Set<number> = new Set()): Set<number> {
  out.add(arm.leaf);
  for (const c of arm.children) armLeaves(c, out);
  return out;
}

/**
 * Joins `center` with its arms, most selective first, each arm built (recursively) before it is
 * joined. A condition is attached to the first join where every leaf it reads is present.
 */
function joinArms(g: JoinGraph, center: number, arms: Arm[]): LogicalPlan {
  const joined = new Set([center]);
  let plan = g.leaves[center];
  const ordered = [...arms].sort((a, b) => a.selectivity - b.selectivity || baseRows(g.leaves[a.leaf]) - baseRows(g.leaves[b.leaf]));
  for (const arm of ordered) {
    const right = joinArms(g, arm.leaf, arm.children);
    for (const l of armLeaves(arm)) joined.add(l);
    const here: BoundExpr[] = [];
    g.condLeaves.forEach((ls, k) => {
      if (!g.used.has(k) && [...ls].every((x) => joined.has(x))) {
        g.used.add(k);
        here.push(g.conds[k]);
      }
    });
    const condition = andAll(here);
    const join: JoinNode = {
      kind: 'join',
      type: 'inner',
      left: plan,
      right,
      condition,
      cols: [...plan.cols, ...right.cols],
      star: { selectivity: arm.selectivity },
    };
    plan = join;
  }
  return plan;
}

/** The star-ordered form of one flattened tree of inner joins, or null when it is not a star. */
function starOrder(p: JoinNode, leaves: LogicalPlan[], conds: BoundExpr[]): LogicalPlan | null {
  if (leaves.length < 2) return null;
  const cidLeaf = new Map<number, number>();
  leaves.forEach((l, i) => {
    for (const c of l.cols) cidLeaf.set(c.cid, i);
  });
  const condLeaves = conds.map((c) => new Set([...columnsOf(c)].map((cid) => cidLeaf.get(cid) ?? -1).filter((i) => i >= 0)));
  const g: JoinGraph = { leaves, conds, condLeaves, used: new Set() };
  let fact = 0;
  for (let i = 1; i < leaves.length; i++) if (baseRows(leaves[i]) > baseRows(leaves[fact])) fact = i;
  const arms = findArms(g, fact);
  if (arms === null) return null;
  for (const a of arms) estimateArm(g, a);
  let plan = joinArms(g, fact, arms);
  const leftover = conds.filter((_, k) => !g.used.has(k));
  if (leftover.length > 0) plan = { kind: 'filter', input: plan, predicate: andAll(leftover) as BoundExpr, cols: plan.cols };
  return withColumnOrder(plan, p.cols);
}

/**
 * A star is a fact table (the largest input) joined by equalities to dimension tables, each of
 * which may have sub-dimensions of its own (a snowflake). The rule rebuilds such a tree of inner
 * joins as: fact, then one join per dimension arm in increasing order of estimated selectivity
 * (the fraction of fact rows the arm keeps, from the dimension filters measured on a sample), so
 * the arm that removes the most fact rows probes first and later joins see only survivors. Each
 * arm is joined to its sub-dimensions before it meets the fact, so it is one build side. The
 * joins are marked `star`; the physical planner then pushes each built dimension's keys into the
 * fact scan as a runtime filter. Trees that are not stars keep the order reorder-joins gave them.
 */
export const starJoinRule: OptimizerRule = {
  name: 'star-join',
  rewrite(plan: LogicalPlan): LogicalPlan {
    const visit = (p: LogicalPlan): LogicalPlan => {
      if (p.kind === 'join' && (p.type === 'inner' || p.type === 'cross')) {
        const leaves: LogicalPlan[] = [];
        const conds: BoundExpr[] = [];
        flattenInnerJoins(p, leaves, conds);
        const newLeaves = leaves.map(visit);
        const rebuilt = newLeaves.every((l, i) => l === leaves[i]) ? p : (replaceLeaves(p, leaves, newLeaves) as JoinNode);
        return starOrder(rebuilt, newLeaves, conds) ?? rebuilt;
      }
      return transformChildren(p, visit);
    };
    return visit(plan);
  },
};
