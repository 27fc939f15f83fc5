/** SQL mutation fuzzer: token-level mutations of known statements, each run against an engine that must answer or fail with a positioned StrataError. */
import { StrataError } from '../../engine/errors.js';

/** A deterministic pseudo-random source (so a failing run can be replayed from its seed). */
export class FuzzRandom {
  constructor(private state: number) {}
  next(): number {
    // xorshift32
    let x = this.state | 0;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return (x >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** Tokens a mutation may insert: keywords, punctuation and small literals (no huge numbers: a fuzzed `range(1e12)` is a slow query, not a bug). */
const POOL = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'JOIN', 'LEFT', 'ON', 'USING', 'AND', 'OR', 'NOT',
  'NULL', 'IS', 'IN', 'EXISTS', 'BETWEEN', 'LIKE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AS', 'DISTINCT', 'ALL', 'UNION', 'EXCEPT',
  'INTERSECT', 'WITH', 'RECURSIVE', 'OVER', 'PARTITION', 'ROWS', 'CAST', 'INTEGER', 'VARCHAR', 'DATE', 'DOUBLE', 'DECIMAL(5,2)',
  'count', 'sum', 'avg', 'min', 'max', 'abs', 'coalesce', 'substr', 'row_number', '(', ')', ',', '*', '+', '-', '/', '%', '=', '<>',
  '<', '>', '<=', '>=', '||', '::', ';', '.', "'x'", "''", "'2020-01-01'", '0', '1', '-1', '2', '1.5', '1e3', 'TRUE', 'FALSE', '?',
  '$1', 'a', 'b', 'x', 't1', 'tbl', '"q"', '[', ']', '{', '}', '/*', '--', "'", '"',
];

/** Splits SQL into tokens well enough to mutate it (strings, quoted names, numbers, words, symbols). */
export function roughTokens(sql: string): string[] {
  return sql.match(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|<=|>=|<>|!=|\|\||::|\S/g) ?? [];
}

/** One random mutation of `sql`. */
export function mutate(sql: string, rnd: FuzzRandom): string {
  const t = roughTokens(sql);
  if (t.length === 0) return rnd.pick(POOL);
  const i = rnd.int(t.length);
  switch (rnd.int(7)) {
    case 0:
      t.splice(i, 1);
      break;
    case 1:
      t.splice(i, 0, t[i]);
      break;
    case 2:
      if (i + 1 < t.length) [t[i], t[i + 1]] = [t[i + 1], t[i]];
      break;
    case 3:
      t[i] = rnd.pick(POOL);
      break;
    case 4:
      t.splice(i, 0, rnd.pick(POOL));
      break;
    case 5:
      return t.slice(0, i).join(' ');
    default: {
      // Splice in a token run from elsewhere in the statement (grammar-shaped garbage).
      const j = rnd.int(t.length);
      const len = 1 + rnd.int(4);
      t.splice(i, 0, ...t.slice(j, j + len));
    }
  }
  return t.join(' ');
}

/** What running one input taught: fine (answered or a proper error), or a defect with its reason. */
export type FuzzOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Runs `sql` through `run` and judges the outcome: success, or a StrataError whose code is not
 * `internal`, and which carries a line and column when it is a syntax error. Anything else
 * (a TypeError, a RangeError, `undefined` in a message, an internal error) is a defect.
 */
export function judge(run: (sql: string) => unknown, sql: string): FuzzOutcome {
  try {
    run(sql);
    return { ok: true };
  } catch (e) {
    if (!(e instanceof StrataError)) return { ok: false, reason: `${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}` };
    if (e.code === 'internal') return { ok: false, reason: `internal error: ${e.message}` };
    if (e.code === 'syntax' && (e.line === undefined || e.column === undefined)) return { ok: false, reason: `syntax error without a position: ${e.message}` };
    if (/\bundefined\b|\bNaN\b|\[object Object\]/.test(e.message)) return { ok: false, reason: `message leaks internals: ${e.message}` };
    return { ok: true };
  }
}
