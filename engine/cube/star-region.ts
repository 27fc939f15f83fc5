/** StarRegion: the join graph under an aggregate reduced to a canonical form (tables and conjuncts) that a cube and a query can be compared by. */
import type { TableEntry } from '../catalog/catalog.js';
import { type BoundExpr, splitConjuncts } from '../expr/expr.js';
import type { LogicalPlan, ScanNode } from '../plan/logical-plan.js';
import { typeToString } from '../types/data-type.js';

/**
 * The input of an aggregate when it is nothing but scans joined by inner or cross joins under
 * filters: then its rows are the filtered cross product of its tables, whatever the tree shape,
 * and two regions with the same tables and the same conjuncts produce the same rows.
 */
export interface StarRegion {
  readonly scans: readonly ScanNode[];
  /** Every conjunct of every filter, join condition and scan filter. */
  readonly conjuncts: readonly BoundExpr[];
  /** Plan column id → `table.columnIndex`, the column's name independent of the query's ids. */
  readonly columnKeys: ReadonlyMap<number, string>;
}

/** The region under an aggregate, or null when the input has other nodes or a table twice (self joins are not compared). */
export function starRegion(plan: LogicalPlan): StarRegion | null {
  const scans: ScanNode[] = [];
  const conjuncts: BoundExpr[] = [];
  const walk = (p: LogicalPlan): boolean => {
    switch (p.kind) {
      case 'scan':
        scans.push(p);
        conjuncts.push(...p.filters.flatMap((f) => splitConjuncts(f)));
        return true;
      case 'filter':
        splitConjuncts(p.predicate, conjuncts);
        return walk(p.input);
      case 'join':
        if (p.type !== 'inner' && p.type !== 'cross') return false;
        if (p.condition !== null) splitConjuncts(p.condition, conjuncts);
        return walk(p.left) && walk(p.right);
      default:
        return false;
    }
  };
  if (!walk(plan)) return null;
  const tables = new Set<TableEntry>(scans.map((s) => s.table));
  if (tables.size !== scans.length) return null;
  const columnKeys = new Map<number, string>();
  for (const s of scans) s.cols.forEach((c, i) => columnKeys.set(c.cid, `${s.table.name.toLowerCase()}.${s.columnIndexes[i]}`));
  return { scans, conjuncts, columnKeys };
}

/**
 * A text that two expressions share exactly when they compute the same value per row of the
 * region: columns by table and column index, commutative operands sorted. Null for what cannot
 * be compared soundly: subqueries, outer references, parameters, non-deterministic calls and
 * columns outside the region.
 */
export function canonicalKey(e: BoundExpr, columnKeys: ReadonlyMap<number, string>): string | null {
  const args = (xs: readonly BoundExpr[]): string[] | null => {
    const out: string[] = [];
    for (const x of xs) {
      const k = canonicalKey(x, columnKeys);
      if (k === null) return null;
      out.push(k);
    }
    return out;
  };
  const t = typeToString(e.type);
  switch (e.kind) {
    case 'column':
      return columnKeys.get(e.cid) ?? null;
    case 'const':
      return `const:${t}:${JSON.stringify(e.value)}`;
    case 'op': {
      const a = args(e.args);
      if (a === null) return null;
      // `a = b` and `b = a` are the same conjunct (join conditions are written either way).
      if (e.op === '=' || e.op === '<>' || e.op === '+' || e.op === '*') a.sort();
      return `${e.op}:${t}(${a.join(',')})`;
    }
    case 'and':
    case 'or': {
      const a = args(e.args);
      return a === null ? null : `${e.kind}(${a.sort().join(',')})`;
    }
    case 'not':
    case 'is_null':
    case 'cast': {
      const a = canonicalKey(e.arg, columnKeys);
      if (a === null) return null;
      const flag = e.kind === 'is_null' ? `:${e.not}` : e.kind === 'cast' ? `:${e.try}` : '';
      return `${e.kind}${flag}:${t}(${a})`;
    }
    case 'is_distinct':
    case 'coalesce': {
      const a = args(e.args);
      return a === null ? null : `${e.kind}:${e.kind === 'is_distinct' ? e.not : ''}:${t}(${a.join(',')})`;
    }
    case 'call': {
      if (!e.deterministic) return null;
      const a = args(e.args);
      return a === null ? null : `call:${e.name}:${t}(${a.join(',')})`;
    }
    case 'case': {
      const parts = args([...e.whens.flatMap((w) => [w.when, w.then]), e.else]);
      return parts === null ? null : `case:${t}(${parts.join(',')})`;
    }
    case 'in_list': {
      const a = args([e.arg, ...e.list]);
      return a === null ? null : `in:${e.not}(${a[0]};${a.slice(1).sort().join(',')})`;
    }
    case 'like': {
      const a = args([e.arg, e.pattern]);
      return a === null ? null : `like:${e.not}:${e.caseInsensitive}:${JSON.stringify(e.escape)}(${a.join(',')})`;
    }
    default:
      return null;
  }
}
