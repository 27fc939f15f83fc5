/** GROUP BY binding: plain groups, GROUPING SETS / ROLLUP / CUBE expansion, and GROUPING() calls. */
import { bindError, type SourcePos } from '../../engine/errors.js';
import type { BoundExpr } from '../../engine/expr/expr.js';
import type { GroupingCall } from '../../engine/plan/logical-plan.js';
import type * as A from '../ast/ast.js';
import { exprKey } from './expr-key.js';

/** Most grouping sets one GROUP BY may expand to (CUBE of 12 columns). */
const MAX_GROUPING_SETS = 4096;
/** Most arguments of one GROUPING() call (its result is a bit mask). */
const MAX_GROUPING_ARGS = 64;

/** The bound GROUP BY: distinct group expressions and, for grouping sets, each set as indexes into them. */
export interface BoundGroupBy {
  groups: BoundExpr[];
  /** Null for a plain GROUP BY (one set of all groups). */
  sets: number[][] | null;
}

/** A `GROUPING(args)` call registered while binding, resolved once the groups are known. */
export interface PendingGroupingCall {
  cid: number;
  args: BoundExpr[];
  pos: SourcePos;
}

/** ROLLUP(e1..en) as sets: (e1..en), (e1..en-1), ..., (). */
function rollup(exprs: A.Expr[]): A.Expr[][] {
  const out: A.Expr[][] = [];
  for (let i = exprs.length; i >= 0; i--) out.push(exprs.slice(0, i));
  return out;
}

/** CUBE(e1..en) as sets: every subset, the full one first. */
function cube(exprs: A.Expr[]): A.Expr[][] {
  const n = exprs.length;
  const out: A.Expr[][] = [];
  for (let mask = (1 << n) - 1; mask >= 0; mask--) out.push(exprs.filter((_, i) => mask & (1 << (n - 1 - i))));
  return out;
}

/** The sets one GROUP BY item stands for. */
function setsOf(item: A.GroupItem): A.Expr[][] {
  switch (item.kind) {
    case 'expr':
      return [[item.expr]];
    case 'rollup':
      return rollup(item.exprs);
    case 'cube':
      return cube(item.exprs);
    case 'grouping_sets':
      return item.sets;
  }
}

/**
 * Binds GROUP BY items. `leading` are groups GROUP BY ALL found. Several items combine as a
 * cross product of their sets (`GROUP BY ROLLUP(a), b` is the sets (a, b) and (b)); an expression
 * repeated across sets is one group. `bindItem` resolves positions and select aliases.
 */
export function bindGroupBy(items: readonly A.GroupItem[], leading: BoundExpr[], bindItem: (e: A.Expr) => BoundExpr, pos: SourcePos): BoundGroupBy {
  if (items.every((it) => it.kind === 'expr')) {
    return { groups: [...leading, ...items.map((it) => bindItem((it as { expr: A.Expr }).expr))], sets: null };
  }
  let combos: A.Expr[][] = [[]];
  for (const item of items) {
    const next: A.Expr[][] = [];
    for (const left of combos) for (const right of setsOf(item)) next.push([...left, ...right]);
    if (next.length > MAX_GROUPING_SETS) throw bindError(`GROUP BY expands to more than ${MAX_GROUPING_SETS} grouping sets`, pos);
    combos = next;
  }
  const groups: BoundExpr[] = [...leading];
  const index = new Map<string, number>(leading.map((g, i) => [exprKey(g), i]));
  const sets = combos.map((set) => {
    const out: number[] = leading.map((_, i) => i);
    for (const e of set) {
      const b = bindItem(e);
      const key = exprKey(b);
      let i = index.get(key);
      if (i === undefined) {
        i = groups.length;
        groups.push(b);
        index.set(key, i);
      }
      if (!out.includes(i)) out.push(i);
    }
    return out;
  });
  return { groups, sets };
}

/**
 * Resolves GROUPING() calls against the groups: each argument must be a group expression (no
 * arguments means all groups). Throws DuckDB's binder errors for misuse.
 */
export function resolveGroupingCalls(calls: readonly PendingGroupingCall[], groups: readonly BoundExpr[]): GroupingCall[] {
  const index = new Map<string, number>(groups.map((g, i) => [exprKey(g), i]));
  return calls.map((c) => {
    if (groups.length === 0) throw bindError('GROUPING statement cannot be used without groups', c.pos);
    if (c.args.length > MAX_GROUPING_ARGS) throw bindError(`GROUPING statement cannot have more than ${MAX_GROUPING_ARGS} groups`, c.pos);
    const idx =
      c.args.length === 0
        ? groups.map((_, i) => i)
        : c.args.map((a) => {
            const i = index.get(exprKey(a));
            if (i === undefined) throw bindError(`GROUPING child "${a.kind === 'column' ? a.name : 'expression'}" must be a grouping column`, c.pos);
            return i;
          });
    return { cid: c.cid, groups: idx };
  });
}
