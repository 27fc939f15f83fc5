/** PhysicalPlanner: turns an optimized LogicalPlan into a tree of re-creatable physical operators. */
import { StrataError } from '../errors.js';
import { compileExpr, compilePredicate, type ExecEnv, type Layout } from '../expr/compile.js';
import { andAll, type BoundExpr, columnsOf, splitConjuncts } from '../expr/expr.js';
import { estimateRows } from '../plan/cardinality.js';
import { planIsDeterministic } from '../plan/plan-utils.js';
import { exprToString } from '../plan/display.js';
import type { JoinNode, LateralJoinNode, LogicalPlan } from '../plan/logical-plan.js';
import type { ScanOptions } from '../../storage/table-data.js';
import { BOOLEAN, type DataType, physicalKind } from '../types/data-type.js';
import { Batch } from '../vector/batch.js';
import { ColumnBuilder } from '../vector/column-builder.js';
import { DistinctExec } from './distinct-exec.js';
import { FilterExec } from './filter-exec.js';
import { type AggregateSpec, HashAggregateExec } from './hash-aggregate-exec.js';
import { HashJoinExec } from './hash-join-exec.js';
import type { JoinHashTable } from './hash/join-hash-table.js';
import { addRuntimeFilter, buildRuntimeFilter } from './hash/runtime-filter.js';
import { LimitExec } from './limit-exec.js';
import { MeteredOperator } from './metrics.js';
import { LateralJoinExec } from './lateral-join-exec.js';
import { NestedLoopJoinExec } from './nested-loop-join-exec.js';
import type { ExecOperator } from './operator.js';
import { ColumnSelectExec, ProjectionExec } from './projection-exec.js';
import { SetOpExec } from './set-op-exec.js';
import { createSortExec } from './sort-exec.js';
import { scanPredicates } from './scan-predicates.js';
import { TableScanExec } from './table-scan-exec.js';
import { ValuesExec } from './values-exec.js';
import { needsExtendedAggregate, planExtendedAggregate } from './aggregate-planner.js';
import { planRecursiveCte, planWorkingTable } from './recursive-cte-planner.js';
import { planWindow } from './window-planner.js';

/**
 * An immutable physical plan node. `create` builds a fresh running operator each time, so a
 * plan can be executed repeatedly (correlated subqueries run theirs once per outer row).
 * `name` is the operator class; `detail` is its EXPLAIN parameters.
 */
export interface PhysicalPlan {
  readonly name: string;
  readonly detail: string;
  readonly children: readonly PhysicalPlan[];
  /** Output column ids, in output order. */
  readonly cids: readonly number[];
  readonly types: readonly DataType[];
  /** Estimated output rows (from table sizes), used for join sides and EXPLAIN. */
  readonly estimate: number;
  create(env: ExecEnv): ExecOperator;
  /**
   * The table scan, and the position among its columns, whose values output column `cid` carries
   * unchanged, with every output row coming from one scanned row; so dropping a scanned row only
   * drops the output rows made from it. Absent or null when there is none. A join follows this
   * to push runtime filters into the scan under its probe side.
   */
  scanColumn?(cid: number): ScanColumn | null;
}

/** A column of a table scan in the physical plan (see {@link PhysicalPlan.scanColumn}). */
export interface ScanColumn {
  readonly scan: PhysicalPlan;
  readonly column: number;
}

/** Creates the running operator of `p` (metered when the environment collects metrics). */
export function openPlan(p: PhysicalPlan, env: ExecEnv): ExecOperator {
  const op = p.create(env);
  return env.metrics === null ? op : new MeteredOperator(op, env.metrics.of(p));
}

function layoutOf(p: { cids: readonly number[] }): Layout {
  const m = new Map<number, number>();
  p.cids.forEach((c, i) => {
    if (!m.has(c)) m.set(c, i);
  });
  return m;
}

export class PhysicalPlanner {
  plan(p: LogicalPlan): PhysicalPlan {
    switch (p.kind) {
      case 'scan':
        return this.planScan(p);
      case 'values':
        return this.planValues(p);
      case 'filter': {
        const input = this.plan(p.input);
        const pred = compilePredicate(p.predicate, layoutOf(input));
        return {
          name: 'FilterExec',
          detail: exprToString(p.predicate),
          children: [input],
          cids: input.cids,
          types: input.types,
          estimate: Math.max(1, input.estimate * 0.25),
          create: (env) => new FilterExec(openPlan(input, env), pred, env),
          scanColumn: (cid) => input.scanColumn?.(cid) ?? null,
        };
      }
      case 'project': {
        const input = this.plan(p.input);
        return this.projection(input, p.exprs, p.cols.map((c) => c.cid));
      }
      case 'aggregate':
        if (needsExtendedAggregate(p)) return planExtendedAggregate(p, this.plan(p.input), (i, e, c) => this.projection(i, e, c));
        return this.planAggregate(p);
      case 'window':
        return planWindow(p, this.plan(p.input), (i, e, c) => this.projection(i, e, c));
      case 'recursive_cte':
        return planRecursiveCte(p, (q) => this.plan(q), (i, e, c) => this.projection(i, e, c));
      case 'working_table':
        return planWorkingTable(p);
      case 'join':
        return this.planJoin(p);
      case 'lateral_join':
        return this.planLateralJoin(p);
      case 'sort':
        return this.planSort(p, null, 0);
      case 'limit': {
        if (p.input.kind === 'sort' && p.limit !== null) return this.planSort(p.input, p.limit, p.offset);
        const input = this.plan(p.input);
        return {
          name: 'LimitExec',
          detail: `limit=${p.limit ?? 'none'}, offset=${p.offset}`,
          children: [input],
          cids: input.cids,
          types: input.types,
          estimate: Math.min(p.limit ?? Infinity, input.estimate),
          create: (env) => new LimitExec(openPlan(input, env), p.limit, p.offset),
        };
      }
      case 'distinct': {
        const input = this.plan(p.input);
        return {
          name: 'DistinctExec',
          detail: '',
          children: [input],
          cids: input.cids,
          types: input.types,
          estimate: input.estimate,
          create: (env) => new DistinctExec(openPlan(input, env), [...input.types]),
        };
      }
      case 'setop': {
        const left = this.plan(p.left);
        const right = this.plan(p.right);
        const types = p.cols.map((c) => c.type);
        return {
          name: 'SetOpExec',
          detail: `op=${p.op}${p.all ? ' all' : ''}`,
          children: [left, right],
          cids: p.cols.map((c) => c.cid),
          types,
          estimate: left.estimate + right.estimate,
          create: (env) => new SetOpExec(openPlan(left, env), openPlan(right, env), p.op, p.all, types),
        };
      }
    }
  }

  private planScan(p: Extract<LogicalPlan, { kind: 'scan' }>): PhysicalPlan {
    const cids = p.cols.map((c) => c.cid);
    const filter = p.filters.length > 0 ? compilePredicate(andAll(p.filters) as BoundExpr, layoutOf({ cids })) : null;
    const predicates = scanPredicates(p.filters, layoutOf({ cids }));
    const table = p.table;
    const columns = p.columnIndexes;
    const detail = `table=${table.name}${p.alias !== table.name ? ` as ${p.alias}` : ''}, columns=[${p.cols.map((c) => c.name).join(', ')}]${
      p.filters.length > 0 ? `, filters=[${p.filters.map(exprToString).join(', ')}]` : ''
    }`;
    return {
      name: 'TableScanExec',
      detail,
      children: [],
      cids,
      types: p.cols.map((c) => c.type),
      estimate: estimateRows(p),
      create(env) {
        const options: ScanOptions = { predicates, runtimeFilters: [], stats: env.metrics?.scanStats(this) };
        if (env.metrics) env.metrics.of(this).runtimeFilters = options.runtimeFilters!;
        env.scanOptions?.set(this, options);
        env.progress?.scanOpened(table.data.rowCount);
        return new TableScanExec(table.data.scan(columns, options), filter, env, options);
      },
      scanColumn(cid) {
        const i = cids.indexOf(cid);
        return i < 0 ? null : { scan: this, column: i };
      },
    };
  }

  private planValues(p: Extract<LogicalPlan, { kind: 'values' }>): PhysicalPlan {
    const types = p.cols.map((c) => c.type);
    const rows = p.rows.map((r) => r.map((e) => compileExpr(e, new Map())));
    const one = new Batch([], 1);
    return {
      name: 'ValuesExec',
      detail: `rows=${p.rows.length}`,
      children: [],
      cids: p.cols.map((c) => c.cid),
      types,
      estimate: p.rows.length,
      create: (env) => {
        // Rows are evaluated per execution: they may read outer columns of a correlated subquery.
        if (types.length === 0) return new ValuesExec(rows.length === 0 ? [] : [new Batch([], rows.length)]);
        const builders = types.map((t) => new ColumnBuilder(t, rows.length));
        for (const r of rows) r.forEach((e, c) => builders[c].appendVector(e.evaluate(one, env), null, 1));
        return new ValuesExec([new Batch(builders.map((b) => b.finish()), rows.length)]);
      },
    };
  }

  /** `p` with its columns reordered to `cids` (each must be an output of `p`). */
  restoreOrder(p: PhysicalPlan, cids: readonly number[]): PhysicalPlan {
    const layout = layoutOf(p);
    const exprs: BoundExpr[] = cids.map((cid) => ({ kind: 'column', cid, type: p.types[layout.get(cid) as number], name: '' }));
    return this.projection(p, exprs, cids);
  }

  /** A projection computing `exprs` into columns `cids` over `input`. */
  private projection(input: PhysicalPlan, exprs: readonly BoundExpr[], cids: readonly number[]): PhysicalPlan {
    const layout = layoutOf(input);
    const scanColumn = (cid: number): ScanColumn | null => {
      const e = exprs[cids.indexOf(cid)];
      return e?.kind === 'column' ? (input.scanColumn?.(e.cid) ?? null) : null;
    };
    if (exprs.every((e) => e.kind === 'column' && layout.has(e.cid))) {
      // Only picks and reorders columns: share the vectors and the selection, copy nothing.
      const positions = exprs.map((e) => layout.get((e as { cid: number }).cid) as number);
      return {
        name: 'ProjectionExec',
        detail: exprs.map(exprToString).join(', '),
        children: [input],
        cids,
        types: exprs.map((e) => e.type),
        estimate: input.estimate,
        create: (env) => new ColumnSelectExec(openPlan(input, env), positions),
        scanColumn,
      };
    }
    const compiled = exprs.map((e) => compileExpr(e, layout));
    return {
      name: 'ProjectionExec',
      detail: exprs.map(exprToString).join(', '),
      children: [input],
      cids,
      types: exprs.map((e) => e.type),
      estimate: input.estimate,
      create: (env) => new ProjectionExec(openPlan(input, env), compiled, env),
      scanColumn,
    };
  }

  /** Ensures every expression is a column of the (possibly extended) input; returns positions. */
  private withComputedColumns(input: PhysicalPlan, exprs: readonly BoundExpr[]): { plan: PhysicalPlan; positions: number[] } {
    const layout = layoutOf(input);
    const extra: BoundExpr[] = [];
    const positions = exprs.map((e) => {
      if (e.kind === 'column' && layout.has(e.cid)) return layout.get(e.cid) as number;
      extra.push(e);
      return input.cids.length + extra.length - 1;
    });
    if (extra.length === 0) return { plan: input, positions };
    const passthrough: BoundExpr[] = input.cids.map((cid, i) => ({ kind: 'column', cid, type: input.types[i], name: '' }));
    const cids = [...input.cids, ...extra.map(() => -1)];
    return { plan: this.projection(input, [...passthrough, ...extra], cids), positions };
  }

  private planAggregate(p: Extract<LogicalPlan, { kind: 'aggregate' }>): PhysicalPlan {
    const input = this.plan(p.input);
    const args = p.aggs.filter((a) => a.arg !== null).map((a) => a.arg as BoundExpr);
    // Evaluate group keys and aggregate arguments into plain columns first.
    const pre = this.projection(input, [...p.groups, ...args], [...p.groups.map(() => -1), ...args.map(() => -1)]);
    let argPos = p.groups.length;
    const specs: AggregateSpec[] = p.aggs.map((a) => ({
      kind: a.fn,
      argCol: a.arg === null ? -1 : argPos++,
      distinct: a.distinct,
      outputType: a.type,
    }));
    const groupCols = p.groups.map((_, i) => i);
    const inputTypes = [...pre.types];
    return {
      name: 'HashAggregateExec',
      detail: `groups=[${p.groups.map(exprToString).join(', ')}], aggs=[${p.aggs
        .map((a) => `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.arg ? exprToString(a.arg) : ''})`)
        .join(', ')}]`,
      children: [pre],
      cids: p.cols.map((c) => c.cid),
      types: p.cols.map((c) => c.type),
      estimate: p.groups.length === 0 ? 1 : Math.max(1, input.estimate * 0.1),
      create: (env) => new HashAggregateExec(openPlan(pre, env), groupCols, specs, inputTypes),
    };
  }

  /** A lateral join: the right plan is planned once and run per left row (see LateralJoinExec). */
  private planLateralJoin(p: LateralJoinNode): PhysicalPlan {
    const left = this.plan(p.left);
    const right = this.plan(p.right);
    const positions = layoutOf(left);
    const correlated = p.correlated.map((cid): [number, number] => {
      const pos = positions.get(cid);
      if (pos === undefined) throw new StrataError('internal', `lateral join: column #${cid} is not produced by its left side`);
      return [cid, pos];
    });
    const pred = p.condition !== null ? compileMask(p.condition, [...left.cids, ...right.cids]) : null;
    const deterministic = planIsDeterministic(p.right);
    return {
      name: 'LateralJoinExec',
      detail: `type=${p.type}, correlated=[${p.correlated.map((c) => `#${c}`).join(', ')}]${p.condition ? `, on=${exprToString(p.condition)}` : ''}`,
      children: [left, right],
      cids: [...left.cids, ...right.cids],
      types: [...left.types, ...right.types],
      estimate: Math.max(1, left.estimate * right.estimate),
      create: (env) =>
        new LateralJoinExec(openPlan(left, env), right, env, p.type, correlated, pred ? (b) => pred(b, env) : null, [...left.types], [...right.types], deterministic),
    };
  }

  private planJoin(p: JoinNode): PhysicalPlan {
    let left = this.plan(p.left);
    let right = this.plan(p.right);
    let type = p.type;
    // Build the hash table on the smaller side; only inner joins are symmetric enough to swap freely.
    if ((type === 'inner' || type === 'cross') && left.estimate < right.estimate) {
      [left, right] = [right, left];
    } else if (type === 'right' && right.estimate > left.estimate) {
      // RIGHT JOIN with a large right side: run it as a LEFT JOIN with the sides swapped.
      [left, right] = [right, left];
      type = 'left';
    }
    const leftCids = new Set(left.cids);
    const rightCids = new Set(right.cids);
    const leftKeys: BoundExpr[] = [];
    const rightKeys: BoundExpr[] = [];
    const residual: BoundExpr[] = [];
    for (const c of p.condition ? splitConjuncts(p.condition) : []) {
      if (c.kind === 'op' && c.op === '=') {
        const a = columnsOf(c.args[0]);
        const b = columnsOf(c.args[1]);
        const inL = (s: Set<number>) => s.size > 0 && [...s].every((x) => leftCids.has(x));
        const inR = (s: Set<number>) => s.size > 0 && [...s].every((x) => rightCids.has(x));
        if (inL(a) && inR(b)) {
          leftKeys.push(c.args[0]);
          rightKeys.push(c.args[1]);
          continue;
        }
        if (inR(a) && inL(b)) {
          leftKeys.push(c.args[1]);
          rightKeys.push(c.args[0]);
          continue;
        }
      }
      residual.push(c);
    }
    const outCids = type === 'semi' || type === 'anti' ? left.cids : [...left.cids, ...right.cids];
    const outTypes = type === 'semi' || type === 'anti' ? left.types : [...left.types, ...right.types];
    const estimate = type === 'semi' || type === 'anti' ? left.estimate : leftKeys.length > 0 ? Math.max(left.estimate, right.estimate) : left.estimate * right.estimate;
    const residualPred = andAll(residual);
    const residualText = residualPred !== null ? `, residual=${exprToString(residualPred)}` : '';

    if (leftKeys.length === 0) {
      const l = left;
      const r = right;
      const pred = residualPred !== null ? compileMask(residualPred, [...l.cids, ...r.cids]) : null;
      const jt = type === 'cross' ? (pred === null ? 'cross' : 'inner') : type;
      return {
        name: 'NestedLoopJoinExec',
        detail: `type=${jt}${residualText}`,
        children: [l, r],
        cids: outCids,
        types: outTypes,
        estimate,
        create: (env) => new NestedLoopJoinExec(openPlan(l, env), openPlan(r, env), jt, pred ? (b) => pred(b, env) : null, [...l.types], [...r.types]),
      };
    }
    const lk = this.withComputedColumns(left, leftKeys);
    const rk = this.withComputedColumns(right, rightKeys);
    const l = lk.plan;
    const r = rk.plan;
    // Computed key columns widen the inputs; drop them again after the join.
    const joinCids = type === 'semi' || type === 'anti' ? l.cids : [...l.cids, ...r.cids];
    const pred = residualPred !== null ? compileMask(residualPred, [...l.cids, ...r.cids]) : null;
    const jt = type === 'cross' ? 'inner' : type;
    // A star join filters the fact scan under its probe side by the keys it built, unless its
    // dimension arm has no filter (every fact row then finds its partner: a filter removes nothing).
    const filters = p.star !== undefined && p.star.selectivity < 1 && jt === 'inner' ? runtimeFilterSpecs(l, leftKeys, rightKeys, rk.positions, p.star.selectivity) : [];
    // Any other inner or semi join pushes its build keys' range into the probe scan, used only to
    // skip zones and blocks: no per-row cost, and where the probe table is ordered by the key
    // (a dimension probed by a few fact rows, as cube maintenance does for single-row inserts)
    // it reads a zone or two instead of the table.
    const ranges = filters.length === 0 && (jt === 'inner' || jt === 'semi') ? runtimeFilterSpecs(l, leftKeys, rightKeys, rk.positions, 1) : [];
    const filterText = filters.length > 0 ? `, runtime_filters=[${filters.map((f) => f.label).join(', ')}]` : '';
    const probeCids = new Set(l.cids);
    const join: PhysicalPlan = {
      name: 'HashJoinExec',
      detail: `type=${jt}, keys=[${leftKeys.map((k, i) => `${exprToString(k)} = ${exprToString(rightKeys[i])}`).join(', ')}]${residualText}${filterText}`,
      children: [l, r],
      cids: joinCids,
      types: type === 'semi' || type === 'anti' ? l.types : [...l.types, ...r.types],
      estimate,
      create: (env) => {
        const onBuild =
          filters.length > 0
            ? (table: JoinHashTable) => pushRuntimeFilters(filters, table, env, false)
            : ranges.length > 0
              ? (table: JoinHashTable) => pushRuntimeFilters(ranges, table, env, true)
              : null;
        return new HashJoinExec(
          openPlan(l, env),
          openPlan(r, env),
          lk.positions,
          rk.positions,
          jt as 'inner',
          pred ? (b) => pred(b, env) : null,
          [...l.types],
          [...r.types],
          onBuild,
        );
      },
      // Probe rows pass through inner and semi joins unchanged (possibly repeated); build rows do not.
      scanColumn: jt === 'inner' || jt === 'semi' ? (cid) => (probeCids.has(cid) ? (l.scanColumn?.(cid) ?? null) : null) : undefined,
    };
    if (joinCids.length === outCids.length) return join;
    const keep: BoundExpr[] = outCids.map((cid, i) => ({ kind: 'column', cid, type: outTypes[i], name: '' }));
    return this.projection(join, keep, outCids);
  }

  private planSort(p: Extract<LogicalPlan, { kind: 'sort' }>, limit: number | null, offset: number): PhysicalPlan {
    const input = this.plan(p.input);
    const ext = this.withComputedColumns(input, p.keys.map((k) => k.expr));
    const keys = p.keys.map((k, i) => ({ col: ext.positions[i], desc: k.desc, nullsFirst: k.nullsFirst }));
    const src = ext.plan;
    const sort: PhysicalPlan = {
      name: limit !== null ? 'TopNExec' : 'SortExec',
      detail: `keys=[${p.keys.map((k) => `${exprToString(k.expr)} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}]${
        limit !== null ? `, limit=${limit}, offset=${offset}` : ''
      }`,
      children: [src],
      cids: src.cids,
      types: src.types,
      estimate: limit !== null ? Math.min(limit, src.estimate) : src.estimate,
      create: (env) => createSortExec(openPlan(src, env), keys, limit, offset),
    };
    if (src === input) return sort;
    const keep: BoundExpr[] = input.cids.map((cid, i) => ({ kind: 'column', cid, type: input.types[i], name: '' }));
    return this.projection(sort, keep, input.cids);
  }
}

/** A runtime filter a hash join will push down: which scan column, filled from which build column. */
interface RuntimeFilterSpec {
  readonly target: ScanColumn;
  /** Position of the key among the build side's columns. */
  readonly buildKey: number;
  readonly label: string;
  /** The star join's estimate of the fraction of probe rows that find a partner. */
  readonly selectivity: number;
}

/**
 * The runtime filters of a star join: one per key pair `probe column = build column` of INTEGER
 * or DATE type whose probe column comes unchanged from a table scan.
 */
function runtimeFilterSpecs(probe: PhysicalPlan, leftKeys: BoundExpr[], rightKeys: BoundExpr[], buildPositions: number[], selectivity: number): RuntimeFilterSpec[] {
  const specs: RuntimeFilterSpec[] = [];
  leftKeys.forEach((lk, i) => {
    const rk = rightKeys[i];
    if (lk.kind !== 'column' || rk.kind !== 'column' || lk.type.id !== rk.type.id || physicalKind(lk.type) !== 'i32') return;
    const target = probe.scanColumn?.(lk.cid) ?? null;
    if (target !== null) specs.push({ target, buildKey: buildPositions[i], label: `${exprToString(lk)} IN keys(${exprToString(rk)})`, selectivity });
  });
  return specs;
}

/** After a join's build: adds its runtime filters to the target scans' options (EXPLAIN ANALYZE shows them at the scan). */
function pushRuntimeFilters(specs: readonly RuntimeFilterSpec[], table: JoinHashTable, env: ExecEnv, zoneOnly: boolean): void {
  for (const s of specs) {
    const options = env.scanOptions?.get(s.target.scan);
    if (options === undefined) continue;
    const f = buildRuntimeFilter(table.columns[s.buildKey], s.target.column, zoneOnly ? `${s.label} (zones)` : s.label, zoneOnly);
    if (f === null) continue;
    addRuntimeFilter((options.runtimeFilters ??= []), f, s.selectivity);
  }
}

/** Compiles a predicate over a joined batch into the byte-mask form the join operators take. */
function compileMask(pred: BoundExpr, cids: number[]): (b: Batch, env: ExecEnv) => Uint8Array {
  const layout = layoutOf({ cids });
  const compiled = compilePredicate(pred, layout);
  return (b, env) => {
    const out = new Int32Array(b.length);
    const m = compiled.select(b, env, out);
    const mask = new Uint8Array(b.length);
    if (b.sel === null) {
      for (let k = 0; k < m; k++) mask[out[k]] = 1;
    } else {
      // Map physical indexes back to live positions.
      let j = 0;
      for (let k = 0; k < b.length && j < m; k++) {
        if (b.sel[k] === out[j]) {
          mask[k] = 1;
          j++;
        }
      }
    }
    return mask;
  };
}

export function internalError(msg: string): StrataError {
  return new StrataError('internal', msg);
}
