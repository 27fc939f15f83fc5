/** Extracts from a scan's filter the conjuncts that zone maps can test (`col op constant`, `col IN (...)`). */
import type { ScanPredicate } from '../../storage/table-data.js';
import type { BoundExpr } from '../expr/expr.js';
import type { Layout } from '../expr/compile.js';

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/**
 * The conjuncts of `filters` of the form `column op constant` (op one of = < <= > >=) or
 * `column IN (constants)` as storage predicates on scan column positions. Others are simply not
 * used for skipping; the scan evaluates every filter on the rows it reads anyway.
 */
export function scanPredicates(filters: readonly BoundExpr[], layout: Layout): ScanPredicate[] {
  const out: ScanPredicate[] = [];
  for (const f of filters) {
    if (f.kind === 'op' && f.op in FLIP) {
      let [a, b] = f.args;
      let op = f.op as string;
      if (a.kind === 'const' && b.kind === 'column') {
        [a, b] = [b, a];
        op = FLIP[op];
      }
      if (a.kind !== 'column' || b.kind !== 'const' || b.value === null || typeof b.value === 'object') continue;
      const column = layout.get(a.cid);
      if (column === undefined) continue;
      const v = b.value;
      switch (op) {
        case '=':
          out.push({ column, kind: 'in', values: [v] });
          break;
        case '<':
        case '<=':
          out.push({ column, kind: 'range', lo: null, hi: v, loInclusive: false, hiInclusive: op === '<=' });
          break;
        default:
          out.push({ column, kind: 'range', lo: v, hi: null, loInclusive: op === '>=', hiInclusive: false });
      }
    } else if (f.kind === 'in_list' && !f.not && f.arg.kind === 'column') {
      const column = layout.get(f.arg.cid);
      if (column === undefined || !f.list.every((x) => x.kind === 'const' && x.value !== null && typeof x.value !== 'object')) continue;
      out.push({ column, kind: 'in', values: f.list.map((x) => (x as { value: number | string }).value) });
    }
  }
  return out;
}
