/** Structural keys for bound expressions: equal keys mean the same computation on the same columns. */
import type { BoundExpr } from '../../engine/expr/expr.js';
import { typeToString } from '../../engine/types/data-type.js';

/**
 * A string that identifies `e` structurally (ignoring display names and implementation
 * functions). Used to match SELECT expressions against GROUP BY expressions and to share one
 * aggregate between `sum(x)` in SELECT and in HAVING.
 */
export function exprKey(e: BoundExpr): string {
  switch (e.kind) {
    case 'column':
      return `#${e.cid}`;
    case 'outer':
      return `^${e.cid}`;
    case 'const':
      return `c:${typeToString(e.type)}:${typeof e.value === 'object' && e.value !== null ? JSON.stringify(e.value) : String(e.value)}:${typeof e.value}`;
    case 'param':
      return `$${e.index}`;
    case 'op':
      return `(${e.op} ${e.args.map(exprKey).join(' ')}):${typeToString(e.type)}`;
    case 'and':
    case 'or':
    case 'coalesce':
      return `(${e.kind} ${e.args.map(exprKey).join(' ')})`;
    case 'not':
      return `(not ${exprKey(e.arg)})`;
    case 'is_null':
      return `(isnull${e.not ? '!' : ''} ${exprKey(e.arg)})`;
    case 'is_distinct':
      return `(distinct${e.not ? '!' : ''} ${e.args.map(exprKey).join(' ')})`;
    case 'cast':
      return `(cast${e.try ? '?' : ''} ${exprKey(e.arg)} ${typeToString(e.type)})`;
    case 'call':
      return `(${e.name} ${e.args.map(exprKey).join(' ')}):${typeToString(e.type)}`;
    case 'case':
      return `(case ${e.whens.map((w) => `${exprKey(w.when)}->${exprKey(w.then)}`).join(' ')} else ${exprKey(e.else)})`;
    case 'in_list':
      return `(in${e.not ? '!' : ''} ${exprKey(e.arg)} ${e.list.map(exprKey).join(' ')})`;
    case 'like':
      return `(like${e.not ? '!' : ''}${e.caseInsensitive ? 'i' : ''} ${exprKey(e.arg)} ${exprKey(e.pattern)} ${e.escape})`;
    case 'subquery':
      // Subqueries are never merged: each occurrence is its own computation.
      return `(subquery@${subqueryIds.get(e) ?? assignId(e)})`;
  }
}

const subqueryIds = new WeakMap<object, number>();
let nextSubqueryId = 1;
function assignId(e: object): number {
  const id = nextSubqueryId++;
  subqueryIds.set(e, id);
  return id;
}
