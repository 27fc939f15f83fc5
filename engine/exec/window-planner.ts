/** Physical planning of window nodes: computes keys and arguments as columns, then a WindowExec. */
import type { BoundExpr } from '../expr/expr.js';
import { windowCallToString } from '../plan/display.js';
import type { FrameBound, WindowNode } from '../plan/logical-plan.js';
import { openPlan, type PhysicalPlan } from './physical-planner.js';
import { WindowExec } from './window-exec.js';
import type { FrameBoundSpec, WindowFunctionSpec } from './window/window-spec.js';

/** Builds a projection `cids` ← `exprs` over `input` (the physical planner's own). */
export type ProjectionBuilder = (input: PhysicalPlan, exprs: readonly BoundExpr[], cids: readonly number[]) => PhysicalPlan;

/**
 * Plans `p` over its planned input. Every argument, PARTITION BY / ORDER BY key and per-row frame
 * offset that is not already an input column is computed by a projection below the WindowExec;
 * the WindowExec drops those extra columns again, so its output is the input columns followed by
 * one column per call.
 */
export function planWindow(p: WindowNode, input: PhysicalPlan, projection: ProjectionBuilder): PhysicalPlan {
  const layout = new Map<number, number>();
  input.cids.forEach((c, i) => {
    if (!layout.has(c)) layout.set(c, i);
  });
  const extra: BoundExpr[] = [];
  const column = (e: BoundExpr): number => {
    if (e.kind === 'column' && layout.has(e.cid)) return layout.get(e.cid) as number;
    extra.push(e);
    return input.cids.length + extra.length - 1;
  };
  const bound = (b: FrameBound): FrameBoundSpec => {
    if (b.offset === null) return { kind: b.kind, offset: null, offsetCol: -1 };
    if (b.offset.kind === 'const') return { kind: b.kind, offset: Number(b.offset.value), offsetCol: -1 };
    return { kind: b.kind, offset: null, offsetCol: column(b.offset) };
  };
  const specs: WindowFunctionSpec[] = p.calls.map((c) => ({
    fn: c.fn,
    argCols: c.args.map(column),
    distinct: c.distinct,
    ignoreNulls: c.ignoreNulls,
    partitionCols: c.partitionBy.map(column),
    orderKeys: c.orderBy.map((k) => ({ col: column(k.expr), desc: k.desc, nullsFirst: k.nullsFirst })),
    frame: { units: c.frame.units, start: bound(c.frame.start), end: bound(c.frame.end) },
    outputType: c.type,
    ...(c.options ? { options: c.options } : {}),
  }));
  let pre = input;
  if (extra.length > 0) {
    const passthrough: BoundExpr[] = input.cids.map((cid, i) => ({ kind: 'column', cid, type: input.types[i], name: '' }));
    pre = projection(input, [...passthrough, ...extra], [...input.cids, ...extra.map(() => -1)]);
  }
  const src = pre;
  const inputTypes = [...src.types];
  const passThrough = input.cids.length;
  return {
    name: 'WindowExec',
    detail: p.calls.map(windowCallToString).join(', '),
    children: [src],
    cids: [...input.cids, ...p.calls.map((c) => c.cid)],
    types: [...input.types, ...p.calls.map((c) => c.type)],
    estimate: input.estimate,
    create: (env) => new WindowExec(openPlan(src, env), specs, inputTypes, passThrough, input.estimate),
  };
}
