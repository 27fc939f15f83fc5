/** Deterministic EXPLAIN text for logical plans, physical plans and bound expressions. */
import type { BoundExpr } from '../expr/expr.js';
import { typeToString } from '../types/data-type.js';
import type { AggregateCall, FrameBound, LogicalPlan, SortKey, WindowCall } from './logical-plan.js';

function constText(e: Extract<BoundExpr, { kind: 'const' }>): string {
  if (e.value === null) return 'NULL';
  if (typeof e.value === 'string') return `'${e.value.replace(/'/g, "''")}'`;
  if (typeof e.value === 'object') return `INTERVAL '${e.value.months} months ${e.value.days} days ${e.value.micros} us'`;
  switch (e.type.id) {
    case 'boolean':
      return e.value ? 'TRUE' : 'FALSE';
    case 'decimal':
      return String(e.value / 10 ** (e.type.scale ?? 0));
    case 'date':
    case 'timestamp':
      return `${typeToString(e.type)} ${e.value}`;
    default:
      return String(e.value);
  }
}

/** SQL-like text of a bound expression; columns print as `name#id` so equal names stay apart. */
export function exprToString(e: BoundExpr): string {
  switch (e.kind) {
    case 'column':
      return e.name ? `${e.name}#${e.cid}` : `#${e.cid}`;
    case 'outer':
      return `outer(${e.name}#${e.cid})`;
    case 'const':
      return constText(e);
    case 'param':
      return `$${e.index}`;
    case 'op':
      return e.op === 'neg' ? `(-${exprToString(e.args[0])})` : `(${exprToString(e.args[0])} ${e.op} ${exprToString(e.args[1])})`;
    case 'and':
    case 'or':
      return `(${e.args.map(exprToString).join(` ${e.kind.toUpperCase()} `)})`;
    case 'not':
      return `(NOT ${exprToString(e.arg)})`;
    case 'is_null':
      return `(${exprToString(e.arg)} IS ${e.not ? 'NOT ' : ''}NULL)`;
    case 'is_distinct':
      return `(${exprToString(e.args[0])} IS ${e.not ? 'NOT ' : ''}DISTINCT FROM ${exprToString(e.args[1])})`;
    case 'cast':
      return `CAST(${exprToString(e.arg)} AS ${typeToString(e.type)})`;
    case 'call':
      return `${e.name}(${e.args.map(exprToString).join(', ')})`;
    case 'case':
      return `CASE ${e.whens.map((w) => `WHEN ${exprToString(w.when)} THEN ${exprToString(w.then)}`).join(' ')} ELSE ${exprToString(e.else)} END`;
    case 'in_list':
      return `(${exprToString(e.arg)} ${e.not ? 'NOT ' : ''}IN (${e.list.map(exprToString).join(', ')}))`;
    case 'like':
      return `(${exprToString(e.arg)} ${e.not ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${exprToString(e.pattern)})`;
    case 'coalesce':
      return `coalesce(${e.args.map(exprToString).join(', ')})`;
    case 'subquery': {
      const corr = e.correlated.length > 0 ? ` correlated=[${e.correlated.map((c) => `#${c}`).join(', ')}]` : '';
      if (e.subKind === 'exists') return `${e.not ? 'NOT ' : ''}EXISTS(<subquery${corr}>)`;
      if (e.subKind === 'in') return `(${exprToString(e.arg as BoundExpr)} ${e.not ? 'NOT ' : ''}IN (<subquery${corr}>))`;
      return `(<scalar subquery${corr}>)`;
    }
  }
}

/** `fn([DISTINCT] arg[, arg2])` of an aggregate call, with its constant options. */
export function aggregateCallToString(a: AggregateCall): string {
  const args = [a.arg, a.arg2].filter((x): x is BoundExpr => x !== null && x !== undefined).map(exprToString);
  const o = a.options;
  if (o?.separator !== undefined) args.push(`'${o.separator}'`);
  if (o?.fraction !== undefined && a.fn !== 'median') args.push(String(o.fraction));
  return `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${args.join(', ')})`;
}

/** ORDER BY keys as EXPLAIN shows them. */
export function sortKeysToString(keys: readonly SortKey[]): string {
  return keys.map((k) => `${exprToString(k.expr)} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
}

function frameBoundToString(b: FrameBound): string {
  switch (b.kind) {
    case 'unbounded_preceding':
      return 'UNBOUNDED PRECEDING';
    case 'unbounded_following':
      return 'UNBOUNDED FOLLOWING';
    case 'current_row':
      return 'CURRENT ROW';
    default:
      return `${exprToString(b.offset as BoundExpr)} ${b.kind === 'preceding' ? 'PRECEDING' : 'FOLLOWING'}`;
  }
}

/** `fn(args) OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ... AND ...)`. */
export function windowCallToString(c: WindowCall): string {
  const over: string[] = [];
  if (c.partitionBy.length > 0) over.push(`PARTITION BY ${c.partitionBy.map(exprToString).join(', ')}`);
  if (c.orderBy.length > 0) over.push(`ORDER BY ${sortKeysToString(c.orderBy)}`);
  over.push(`${c.frame.units.toUpperCase()} BETWEEN ${frameBoundToString(c.frame.start)} AND ${frameBoundToString(c.frame.end)}`);
  const args = c.args.map(exprToString);
  const o = c.options;
  if (o?.separator !== undefined) args.push(`'${o.separator}'`);
  if (o?.fraction !== undefined && c.fn !== 'median') args.push(String(o.fraction));
  return `${c.fn}(${c.distinct ? 'DISTINCT ' : ''}${args.join(', ')})${c.ignoreNulls ? ' IGNORE NULLS' : ''} OVER (${over.join(' ')})`;
}

/** A selectivity with two significant digits (`0.04`, `0.2`, `1`), stable enough for EXPLAIN tests. */
export function formatSelectivity(s: number): string {
  return String(Number(s.toPrecision(2)));
}

/** One line per node: `Name: details`, children indented by two spaces. */
export function logicalPlanToString(plan: LogicalPlan, indent = 0): string {
  const pad = '  '.repeat(indent);
  let line: string;
  let kids: LogicalPlan[] = [];
  switch (plan.kind) {
    case 'scan':
      line = `Scan: ${plan.table.name}${plan.alias !== plan.table.name ? ` AS ${plan.alias}` : ''} [${plan.cols.map((c) => `${c.name}#${c.cid}`).join(', ')}]${
        plan.filters.length > 0 ? ` filters=[${plan.filters.map(exprToString).join(', ')}]` : ''
      }`;
      break;
    case 'values':
      line = `Values: ${plan.rows.length} rows [${plan.cols.map((c) => `${c.name}#${c.cid}`).join(', ')}]`;
      break;
    case 'filter':
      line = `Filter: ${exprToString(plan.predicate)}`;
      kids = [plan.input];
      break;
    case 'project':
      line = `Projection: ${plan.exprs.map((e, i) => `${exprToString(e)} AS ${plan.cols[i].name}#${plan.cols[i].cid}`).join(', ')}`;
      kids = [plan.input];
      break;
    case 'aggregate': {
      const sets = plan.groupingSets
        ? `, sets=[${plan.groupingSets.map((s) => `(${s.map((i) => exprToString(plan.groups[i])).join(', ')})`).join(', ')}]`
        : '';
      const grouping = plan.groupingCalls?.length
        ? `, grouping=[${plan.groupingCalls.map((g) => `GROUPING(${g.groups.map((i) => exprToString(plan.groups[i])).join(', ')}) AS #${g.cid}`).join(', ')}]`
        : '';
      line = `Aggregate: groups=[${plan.groups.map(exprToString).join(', ')}]${sets}, aggs=[${plan.aggs
        .map((a) => `${aggregateCallToString(a)} AS #${a.cid}`)
        .join(', ')}]${grouping}`;
      kids = [plan.input];
      break;
    }
    case 'window':
      line = `Window: ${plan.calls.map((c) => `${windowCallToString(c)} AS #${c.cid}`).join(', ')}`;
      kids = [plan.input];
      break;
    case 'recursive_cte':
      line = `RecursiveCTE: ${plan.name}${plan.all ? ' union all' : ' union'} [${plan.cols.map((c) => `${c.name}#${c.cid}`).join(', ')}]`;
      kids = [plan.anchor, plan.recursive];
      break;
    case 'working_table':
      line = `WorkingTable: ${plan.name} [${plan.cols.map((c) => `${c.name}#${c.cid}`).join(', ')}]`;
      break;
    case 'lateral_join':
      line = `LateralJoin: type=${plan.type}, correlated=[${plan.correlated.map((c) => `#${c}`).join(', ')}]${
        plan.condition ? `, on=${exprToString(plan.condition)}` : ''
      }`;
      kids = [plan.left, plan.right];
      break;
    case 'join':
      line = `Join: type=${plan.type}${plan.condition ? `, on=${exprToString(plan.condition)}` : ''}${
        plan.star ? `, star(selectivity=${formatSelectivity(plan.star.selectivity)})` : ''
      }`;
      kids = [plan.left, plan.right];
      break;
    case 'sort':
      line = `Sort: ${sortKeysToString(plan.keys)}`;
      kids = [plan.input];
      break;
    case 'limit':
      line = `Limit: limit=${plan.limit ?? 'none'}, offset=${plan.offset}`;
      kids = [plan.input];
      break;
    case 'distinct':
      line = 'Distinct';
      kids = [plan.input];
      break;
    case 'setop':
      line = `SetOp: ${plan.op}${plan.all ? ' all' : ''}`;
      kids = [plan.left, plan.right];
      break;
  }
  return [pad + line, ...kids.map((k) => logicalPlanToString(k, indent + 1))].join('\n');
}

/** The physical operator tree, same layout as the logical one. */
export function physicalPlanToString(
  plan: { name: string; detail: string; children: readonly unknown[] },
  indent = 0,
  annotate?: (node: object) => string,
): string {
  const pad = '  '.repeat(indent);
  const line = `${pad}${plan.name}${plan.detail ? `: ${plan.detail}` : ''}${annotate ? annotate(plan) : ''}`;
  return [line, ...(plan.children as (typeof plan)[]).map((c) => physicalPlanToString(c, indent + 1, annotate))].join('\n');
}
