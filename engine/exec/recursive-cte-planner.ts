/** Physical planning of WITH RECURSIVE: a RecursiveCteExec over its two terms and working-table scans. */
import type { BoundExpr } from '../expr/expr.js';
import type { LogicalPlan, RecursiveCteNode, WorkingTableNode } from '../plan/logical-plan.js';
import { openPlan, type PhysicalPlan } from './physical-planner.js';
import { RecursiveCteExec, WorkingTableScanExec } from './recursive-cte-exec.js';
import type { ProjectionBuilder } from './window-planner.js';

/**
 * Plans a recursive CTE. Its terms are matched to the output columns by position, so a term whose
 * physical column order differs from its logical one (a swapped join) is put back in order.
 */
export function planRecursiveCte(p: RecursiveCteNode, plan: (q: LogicalPlan) => PhysicalPlan, projection: ProjectionBuilder): PhysicalPlan {
  const inOrder = (q: LogicalPlan): PhysicalPlan => {
    const phys = plan(q);
    const want = q.cols.map((c) => c.cid);
    if (want.length === phys.cids.length && want.every((c, i) => phys.cids[i] === c)) return phys;
    const exprs: BoundExpr[] = q.cols.map((c) => ({ kind: 'column', cid: c.cid, type: c.type, name: c.name }));
    return projection(phys, exprs, want);
  };
  const anchor = inOrder(p.anchor);
  const recursive = inOrder(p.recursive);
  const types = p.cols.map((c) => c.type);
  return {
    name: 'RecursiveCteExec',
    detail: `name=${p.name}, ${p.all ? 'union all' : 'union'}`,
    children: [anchor, recursive],
    cids: p.cols.map((c) => c.cid),
    types,
    estimate: anchor.estimate * 10,
    create: (env) => new RecursiveCteExec(openPlan(anchor, env), () => openPlan(recursive, env), p.id, p.name, p.all, types, env),
  };
}

/** Plans a reference to the working table of recursive CTE `p.id`. */
export function planWorkingTable(p: WorkingTableNode): PhysicalPlan {
  return {
    name: 'WorkingTableScanExec',
    detail: `name=${p.name}`,
    children: [],
    cids: p.cols.map((c) => c.cid),
    types: p.cols.map((c) => c.type),
    estimate: 10,
    create: (env) => new WorkingTableScanExec(env, p.id),
  };
}
