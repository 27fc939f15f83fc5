/** QueryEnv: per-execution state shared by a plan's operators: outer row values and subquery results. */
import { StrataError } from '../errors.js';
import type { ExecEnv } from '../expr/compile.js';
import type { ConstValue, SubqueryExpr } from '../expr/expr.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import type { Batch } from '../vector/batch.js';
import type { ScanOptions } from '../../storage/table-data.js';
import type { ExecMetrics } from './metrics.js';
import type { QueryProgress } from './query-progress.js';
import { openPlan, type PhysicalPlan } from './physical-planner.js';

/** Plans a subquery's logical plan (optimizing it first); supplied by the engine. */
export type SubqueryPlanner = (plan: LogicalPlan) => PhysicalPlan;

interface InSet {
  values: Set<number | string>;
  hasNull: boolean;
  empty: boolean;
}

/**
 * Runs subqueries for compiled expressions. An uncorrelated subquery runs once per execution; a
 * correlated one runs once per distinct combination of outer values (memoized), with those
 * values published in `outer` while it runs so its own expressions can read them.
 */
export class QueryEnv implements ExecEnv {
  readonly outer = new Map<number, ConstValue>();
  metrics: ExecMetrics | null = null;
  readonly scanOptions = new Map<object, ScanOptions>();
  private readonly plans = new WeakMap<SubqueryExpr, PhysicalPlan>();
  private readonly results = new WeakMap<SubqueryExpr, Map<string, number | string | null | InSet>>();
  progress: QueryProgress | null = null;

  constructor(private readonly planSubquery: SubqueryPlanner) {}

  runSubquery(q: SubqueryExpr, args: ConstValue[] | null, probe: ConstValue): number | string | null {
    let memo = this.results.get(q);
    if (memo === undefined) {
      memo = new Map();
      this.results.set(q, memo);
    }
    const key = args === null ? '' : JSON.stringify(args);
    let r = memo.get(key);
    if (r === undefined) {
      r = this.evaluate(q, args);
      memo.set(key, r);
    }
    if (q.subKind !== 'in') return r as number | string | null;
    const set = r as InSet;
    // SQL IN: TRUE if found; else NULL if the probe or any value is NULL (and the set is not empty).
    let result: number | null;
    if (set.empty) result = 0;
    else if (probe === null) result = null;
    else if (set.values.has(probe as number | string)) result = 1;
    else result = set.hasNull ? null : 0;
    if (result === null) return null;
    return q.not ? 1 - result : result;
  }

  private evaluate(q: SubqueryExpr, args: ConstValue[] | null): number | string | null | InSet {
    let plan = this.plans.get(q);
    if (plan === undefined) {
      plan = this.planSubquery(q.plan);
      this.plans.set(q, plan);
    }
    const saved: ConstValue[] = [];
    if (args !== null) {
      q.correlated.forEach((cid, i) => {
        saved.push(this.outer.has(cid) ? (this.outer.get(cid) as ConstValue) : undefined as unknown as ConstValue);
        this.outer.set(cid, args[i]);
      });
    }
    try {
      const op = openPlan(plan, this);
      switch (q.subKind) {
        case 'exists': {
          const b = op.next();
          op.close?.();
          const found = b !== null && b.length > 0;
          return (found ? 1 : 0) ^ (q.not ? 1 : 0);
        }
        case 'scalar': {
          let value: number | string | null = null;
          let rows = 0;
          for (let b = op.next(); b !== null; b = op.next()) {
            if (b.length === 0) continue;
            rows += b.length;
            if (rows > 1) {
              throw new StrataError('execution', 'More than one row returned by a subquery used as an expression');
            }
            value = readValue(b, 0);
          }
          return value;
        }
        case 'in': {
          const set: InSet = { values: new Set(), hasNull: false, empty: true };
          for (let b = op.next(); b !== null; b = op.next()) {
            for (let k = 0; k < b.length; k++) {
              set.empty = false;
              const v = readValue(b, k);
              if (v === null) set.hasNull = true;
              else set.values.add(v);
            }
          }
          return set;
        }
        default:
          throw new StrataError('internal', `unknown subquery kind ${String(q.subKind)}`);
      }
    } finally {
      if (args !== null) {
        q.correlated.forEach((cid, i) => {
          if (saved[i] === undefined) this.outer.delete(cid);
          else this.outer.set(cid, saved[i]);
        });
      }
    }
  }
}

/** Physical value of column 0 at live row k. */
function readValue(b: Batch, k: number): number | string | null {
  const v = b.columns[0];
  const i = b.sel === null ? k : b.sel[k];
  if (v.validity !== null && v.validity[i] === 0) return null;
  return v.dict !== null ? v.dict[v.data[i]] : v.data[i];
}
