/** Select-list helpers: `*` expansion, output column names and `ORDER BY 2` / `GROUP BY 1` positions. */
import { bindError } from '../../engine/errors.js';
import type { Expr, SelectItem } from '../ast/ast.js';
import type { Scope } from './scope.js';

/** `ORDER BY 2` / `GROUP BY 1`: the 0-based select item index, or null if `e` is not a position. */
export function positionalIndex(e: Expr, count: number, orderBy = false): number | null {
  if (e.kind !== 'literal' || e.type !== 'number' || !/^\d+$/.test(e.text)) return null;
  const k = e.value;
  if (k < 1 || k > count) {
    throw bindError(`${orderBy ? 'ORDER' : 'GROUP'} BY term out of range - should be between 1 and ${count}`, e.pos);
  }
  return k - 1;
}

export interface ExpandedItem {
  expr: Expr;
  alias: string | null;
  name: string;
}

export function expandStar(items: SelectItem[], scope: Scope): ExpandedItem[] {
  const out: ExpandedItem[] = [];
  for (const it of items) {
    if (it.kind === 'expr') {
      out.push({ expr: it.expr, alias: it.alias, name: displayName(it.expr) });
      continue;
    }
    const exclude = new Set(it.exclude.map((x) => x.toLowerCase()));
    const rels = it.table === null ? scope.relations : scope.relations.filter((r) => r.alias.toLowerCase() === it.table!.toLowerCase());
    if (it.table !== null && rels.length === 0) throw bindError(`Referenced table "${it.table}" not found in FROM clause`, it.pos);
    if (it.table === null && rels.length === 0) throw bindError('SELECT * with no tables specified is not valid', it.pos);
    const seenMerged = new Set<string>();
    for (const rel of rels) {
      for (const c of rel.columns) {
        const lname = c.name.toLowerCase();
        if (exclude.has(lname)) continue;
        // A USING column appears once in `SELECT *`.
        const merged = it.table === null ? scope.merged.get(lname) : undefined;
        if (merged !== undefined) {
          if (seenMerged.has(lname)) continue;
          seenMerged.add(lname);
          out.push({ expr: { kind: 'column', table: null, name: c.name, pos: it.pos }, alias: null, name: c.name });
          continue;
        }
        out.push({ expr: { kind: 'column', table: rel.alias || null, name: c.name, pos: it.pos }, alias: null, name: c.name });
      }
    }
  }
  return out;
}

/** The column name a select expression gets when it has no alias. */
export function displayName(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return e.name;
    case 'function':
      return e.star ? `${e.name}_star()` : `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${e.args.map(displayName).join(', ')})`;
    case 'literal':
      return e.type === 'number' ? e.text : e.type === 'string' ? `'${e.value}'` : String(e.value).toUpperCase();
    case 'binary':
      return `(${displayName(e.left)} ${e.op.toUpperCase()} ${displayName(e.right)})`;
    case 'unary':
      return `(${e.op === 'not' ? 'NOT ' : e.op}${displayName(e.arg)})`;
    case 'cast':
      return `CAST(${displayName(e.expr)} AS ${e.type.name})`;
    case 'case':
      return 'CASE';
    case 'subquery':
      return 'subquery';
    case 'exists':
      return 'exists';
    default:
      return e.kind;
  }
}

/** Collects the aggregate and GROUPING() calls of one SELECT core, sharing identical aggregates. */
