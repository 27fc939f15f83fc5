/**
 * Random queries over a random schema (see random-schema.ts), in the spirit of SQLsmith:
 * projections with expressions, filters, inner and left joins of 1-5 tables on equality keys,
 * grouping with aggregates and HAVING, ORDER BY with LIMIT over a total order, scalar, IN and
 * EXISTS subqueries, set operations and window functions.
 *
 * Every query's result is determined by the data: ORDER BY ... LIMIT sorts by every output
 * column, and row_number() orders by every other output column, so ties are whole duplicate
 * rows. Integer `/` is never generated (Strata truncates, DuckDB returns a double).
 */
import type { SeededRandom } from '../helpers/seeded-random.js';
import type { Column, Kind, Schema } from './random-schema.js';
import { WORDS } from './random-schema.js';

/** A column in scope: its SQL reference and the column. */
interface Ref {
  readonly sql: string;
  readonly col: Column;
}

interface From {
  readonly sql: string;
  readonly refs: readonly Ref[];
}

const KINDS: readonly Kind[] = ['int', 'num', 'str', 'date', 'bool'];
const LIKE_PATTERNS = ['a%', '%b%', '_a%', '%a', 'x-_', '%', 'ab', '_', '%c_'];

export class QueryGenerator {
  private alias = 0;

  constructor(
    private readonly r: SeededRandom,
    private readonly schema: Schema,
  ) {}

  /** One random SELECT statement, and whether its rows are ordered (compare in order, else as multisets). */
  query(): { sql: string; ordered: boolean } {
    this.alias = 0;
    const shape = this.r.int(0, 9);
    if (shape <= 2) return this.projection();
    if (shape <= 5) return this.aggregate();
    if (shape <= 7) return { sql: this.setOperation(), ordered: false };
    return { sql: this.window(), ordered: false };
  }

  /** FROM over 1-`max` tables joined (inner or left) on equality of the keys or of same-kind columns. */
  from(max = 5): From {
    const n = this.r.chance(0.35) ? 1 : this.r.int(2, max);
    const refs: Ref[] = [];
    let sql = '';
    for (let i = 0; i < n; i++) {
      const t = this.r.pick(this.schema.tables);
      const a = `q${this.alias++}`;
      const mine = t.columns.map((col) => ({ sql: `${a}.${col.name}`, col }));
      const source = this.r.chance(0.15) ? this.derivedTable(t) : t.name;
      if (i === 0) sql = `${source} AS ${a}`;
      else if (this.r.chance(0.1)) sql += ` ${this.lateral(t, a, refs, mine)}`;
      else {
        // Always on a key (other columns have small domains: joins on them alone multiply rows).
        const conds = [`${this.r.pick(refs.filter((x) => x.col.name.startsWith('k'))).sql} = ${mine[0].sql}`];
        if (this.r.chance(0.15)) conds.push(this.joinCondition(refs, mine));
        if (this.r.chance(0.2)) conds.push(this.predicate([...refs, ...mine], 1, false));
        sql += ` ${this.r.pick(['JOIN', 'JOIN', 'JOIN', 'LEFT JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN'])} ${source} AS ${a} ON ${conds.join(' AND ')}`;
      }
      refs.push(...mine);
    }
    return { sql, refs };
  }

  /**
   * `[LEFT] JOIN LATERAL (rows of t correlated with earlier tables [, top n]) AS a ON ...`. The
   * top-n orders by every column, so ties cannot make the two engines pick different rows.
   */
  private lateral(t: Schema['tables'][number], a: string, refs: readonly Ref[], mine: readonly Ref[]): string {
    const b = `q${this.alias++}`;
    const inner = t.columns.map((col) => ({ sql: `${b}.${col.name}`, col }));
    const top = this.r.chance(0.5) ? ` ORDER BY ${t.columns.map((_, i) => i + 1).join(', ')} LIMIT ${this.r.int(1, 3)}` : '';
    const on = this.r.chance(0.7) ? 'true' : this.predicate([...refs, ...mine], 1, false);
    const sub = `(SELECT ${inner.map((x) => x.sql).join(', ')} FROM ${t.name} AS ${b} WHERE ${this.correlation(inner, refs)}${top})`;
    return `${this.r.pick(['JOIN', 'LEFT JOIN'])} LATERAL ${sub} AS ${a} ON ${on}`;
  }

  /** A table filtered in a subquery (or a CTE-like DISTINCT), keeping its column names. */
  private derivedTable(t: Schema['tables'][number]): string {
    const refs = t.columns.map((col) => ({ sql: col.name, col }));
    const distinct = this.r.chance(0.3) ? 'DISTINCT ' : '';
    return `(SELECT ${distinct}* FROM ${t.name} WHERE ${this.predicate(refs, 1, false)})`;
  }

  private joinCondition(left: readonly Ref[], right: readonly Ref[]): string {
    const rk = right[0];
    const kind = this.r.pick(['int', 'str', 'date', 'num'] as Kind[]);
    const ls = left.filter((x) => x.col.kind === kind);
    const rs = right.filter((x) => x.col.kind === kind);
    if (ls.length === 0 || rs.length === 0) return `${this.r.pick(left.filter((x) => x.col.name.startsWith('k'))).sql} = ${rk.sql}`;
    return `${this.r.pick(ls).sql} = ${this.r.pick(rs).sql}`;
  }

  private refsOf(refs: readonly Ref[], kind: Kind): Ref[] {
    return refs.filter((x) => x.col.kind === kind);
  }

  /** A kind, mostly one that some column in scope has (expressions over constants only are dull). */
  private kindIn(refs: readonly Ref[], from: readonly Kind[] = KINDS): Kind {
    const present = from.filter((k) => refs.some((x) => x.col.kind === k));
    return present.length > 0 && this.r.chance(0.9) ? this.r.pick(present) : this.r.pick(from);
  }

  private literal(refs: readonly Ref[], kind: Kind): string {
    const cols = this.refsOf(refs, kind);
    if (cols.length > 0 && this.r.chance(0.8)) {
      const v = this.r.pick(this.r.pick(cols).col.samples);
      if (v !== 'NULL') return v;
    }
    switch (kind) {
      case 'int':
        return String(this.r.int(-5, 30));
      case 'num':
        return (this.r.int(-400, 400) / 4).toFixed(2);
      case 'str':
        return `'${this.r.pick(WORDS)}'`;
      case 'date':
        return `DATE '${this.r.int(1990, 2031)}-0${this.r.int(1, 9)}-1${this.r.int(0, 9)}'`;
      case 'bool':
        return this.r.pick(['TRUE', 'FALSE']);
    }
  }

  /** A random expression of `kind` over `refs`. */
  expr(refs: readonly Ref[], kind: Kind, depth = 0): string {
    const cols = this.refsOf(refs, kind);
    if (depth >= 2 || this.r.chance(0.45)) {
      if (cols.length > 0 && this.r.chance(0.85)) return this.r.pick(cols).sql;
      if (kind !== 'bool' || this.r.chance(0.3)) return this.literal(refs, kind);
    }
    const d = depth + 1;
    const e = (k: Kind = kind) => this.expr(refs, k, d);
    // An integer mixed into DECIMAL arithmetic, as INTEGER: BIGINT with DECIMAL(p,s) is DuckDB's
    // DECIMAL(19+,s), beyond Strata's 18 digits, so a DOUBLE there, whose rounding splits groups.
    const small = () => `CAST(${e('int')} AS INTEGER)`;
    switch (kind) {
      case 'int':
        return this.r.pick([
          () => `(${e()} + ${e()})`,
          () => `(${e()} - ${e()})`,
          () => `(${e()} * ${this.r.int(-3, 5)})`,
          () => `abs(${e()})`,
          () => `(${e()} % ${this.r.pick([2, 3, 7, -4])})`,
          () => `coalesce(${e()}, ${this.literal(refs, 'int')})`,
          () => `CASE WHEN ${this.predicate(refs, d, false)} THEN ${e()} ELSE ${e()} END`,
          () => `length(${e('str')})`,
          () => `extract(${this.r.pick(['year', 'month', 'day'])} FROM ${e('date')})`,
          () => `CAST(${e('num')} AS INTEGER)`,
          () => `greatest(${e()}, ${e()})`,
          () => `nullif(${e()}, ${this.literal(refs, 'int')})`,
        ])();
      case 'num':
        return this.r.pick([
          () => `(${e()} + ${this.r.chance(0.5) ? e() : small()})`,
          () => `(${e()} - ${e()})`,
          () => `(${e()} * ${this.r.pick(['2', '0.5', '-1.25'])})`,
          () => `abs(${e()})`,
          () => `round(${e()}, ${this.r.int(0, 2)})`,
          () => `floor(${e()})`,
          () => `ceil(${e()})`,
          () => `coalesce(${e()}, ${this.literal(refs, 'num')})`,
          () => `CASE WHEN ${this.predicate(refs, d, false)} THEN ${e()} ELSE ${small()} END`,
          () => `CAST(${e('int')} AS DOUBLE)`,
        ])();
      case 'str':
        return this.r.pick([
          () => `upper(${e()})`,
          () => `lower(${e()})`,
          () => `(${e()} || ${e()})`,
          () => `substr(${e()}, ${this.r.int(1, 3)}, ${this.r.int(0, 3)})`,
          () => `coalesce(${e()}, ${this.literal(refs, 'str')})`,
          () => `CASE WHEN ${this.predicate(refs, d, false)} THEN ${e()} ELSE ${e()} END`,
          () => `CAST(${e('int')} AS VARCHAR)`,
          () => `replace(${e()}, 'a', 'Q')`,
          () => `trim(${e()})`,
        ])();
      case 'date':
        return this.r.pick([
          () => `(${e()} + ${this.r.int(-40, 40)})`,
          () => `coalesce(${e()}, ${this.literal(refs, 'date')})`,
          () => `CASE WHEN ${this.predicate(refs, d, false)} THEN ${e()} ELSE ${e()} END`,
        ])();
      case 'bool':
        return this.predicate(refs, d, false);
    }
  }

  /** A random predicate over `refs`; `subqueries` allows IN / EXISTS / scalar subqueries. */
  predicate(refs: readonly Ref[], depth = 0, subqueries = true): string {
    const d = depth + 1;
    const kind = () => this.kindIn(refs, ['int', 'num', 'str', 'date']);
    const choices: (() => string)[] = [
      () => {
        const k = kind();
        return `${this.expr(refs, k, d)} ${this.r.pick(['=', '<>', '<', '<=', '>', '>=', '<>', '<', '>'])} ${this.r.chance(0.6) ? this.literal(refs, k) : this.expr(refs, k, d)}`;
      },
      () => `${this.expr(refs, this.kindIn(refs), d)} IS ${this.r.chance(0.5) ? 'NOT ' : ''}NULL`,
      () => {
        const k = kind();
        const [a, b] = [this.literal(refs, k), this.literal(refs, k)];
        return `${this.expr(refs, k, d)} ${this.r.chance(0.2) ? 'NOT ' : ''}BETWEEN ${a} AND ${b}`;
      },
      () => {
        const k = kind();
        const list = Array.from({ length: this.r.int(1, 4) }, () => (this.r.chance(0.1) ? 'NULL' : this.literal(refs, k)));
        return `${this.expr(refs, k, d)} ${this.r.chance(0.25) ? 'NOT ' : ''}IN (${list.join(', ')})`;
      },
      () => `${this.expr(refs, 'str', d)} ${this.r.chance(0.2) ? 'NOT ' : ''}LIKE '${this.r.pick(LIKE_PATTERNS)}'`,
      () => {
        const k = kind();
        return `${this.expr(refs, k, d)} IS ${this.r.chance(0.5) ? 'NOT ' : ''}DISTINCT FROM ${this.literal(refs, k)}`;
      },
    ];
    if (this.refsOf(refs, 'bool').length > 0) choices.push(() => this.expr(refs, 'bool', 2));
    if (depth < 2) {
      choices.push(
        () => `(${this.predicate(refs, d, subqueries)} AND ${this.predicate(refs, d, subqueries)})`,
        () => `(${this.predicate(refs, d, subqueries)} OR ${this.predicate(refs, d, subqueries)})`,
        () => `NOT (${this.predicate(refs, d, subqueries)})`,
      );
    }
    if (subqueries && depth < 2) choices.push(() => this.subqueryPredicate(refs));
    return this.r.pick(choices)();
  }

  /** `x [NOT] IN (SELECT ...)`, `[NOT] EXISTS (correlated)`, or a comparison with a scalar subquery. */
  private subqueryPredicate(refs: readonly Ref[]): string {
    const t = this.r.pick(this.schema.tables);
    const a = `q${this.alias++}`;
    const inner = t.columns.map((col) => ({ sql: `${a}.${col.name}`, col }));
    const where = this.r.chance(0.5) ? ` WHERE ${this.predicate(inner, 1, false)}` : '';
    switch (this.r.int(0, 3)) {
      case 0: {
        const k = this.r.pick(['int', 'str', 'date'] as Kind[]);
        const ins = this.refsOf(inner, k);
        if (ins.length === 0) return this.predicate(refs, 2, false);
        const corr = this.r.chance(0.25) ? `${where === '' ? ' WHERE ' : `${where} AND `}${this.correlation(inner, refs)}` : where;
        return `${this.expr(refs, k, 1)} ${this.r.chance(0.3) ? 'NOT ' : ''}IN (SELECT ${this.r.pick(ins).sql} FROM ${t.name} AS ${a}${corr})`;
      }
      case 1: {
        const extra = this.r.chance(0.6) ? ` AND ${this.predicate(inner, 1, false)}` : '';
        return `${this.r.chance(0.3) ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${t.name} AS ${a} WHERE ${this.correlation(inner, refs)}${extra})`;
      }
      case 2: {
        const k = this.r.pick(['int', 'num'] as Kind[]);
        const ins = this.refsOf(inner, k);
        if (ins.length === 0) return this.predicate(refs, 2, false);
        const agg = this.r.pick(['min', 'max', 'avg', 'sum']);
        return `${this.expr(refs, k, 1)} ${this.r.pick(['<', '>=', '='])} (SELECT ${agg}(${this.r.pick(ins).sql}) FROM ${t.name} AS ${a}${where})`;
      }
      default: {
        // A correlated count: never NULL, one row per outer row.
        return `(SELECT count(*) FROM ${t.name} AS ${a} WHERE ${this.correlation(inner, refs)}${where.replace(' WHERE', ' AND')}) ${this.r.pick(['>', '=', '<'])} ${this.r.int(0, 3)}`;
      }
    }
  }

  /** A correlated scalar subquery: an aggregate of another table's rows with the same key. */
  private scalarSubquery(refs: readonly Ref[]): string {
    const t = this.r.pick(this.schema.tables);
    const a = `q${this.alias++}`;
    const inner = t.columns.map((col) => ({ sql: `${a}.${col.name}`, col }));
    const extra = this.r.chance(0.4) ? ` AND ${this.predicate(inner, 1, false)}` : '';
    return `(SELECT ${this.aggregateExpr(inner)} FROM ${t.name} AS ${a} WHERE ${this.correlation(inner, refs)}${extra})`;
  }

  /**
   * How a subquery refers to the outer row: mostly key equality, sometimes equality of other
   * columns of a kind, an inequality, or two conditions.
   */
  private correlation(inner: readonly Ref[], outer: readonly Ref[]): string {
    const key = () => `${inner[0].sql} = ${this.r.pick(outer.filter((x) => x.col.name.startsWith('k'))).sql}`;
    const other = () => {
      const k = this.r.pick(['int', 'num', 'str', 'date'] as Kind[]);
      const is = this.refsOf(inner, k);
      const os = this.refsOf(outer, k);
      if (is.length === 0 || os.length === 0) return key();
      return `${this.r.pick(is).sql} ${this.r.pick(['=', '=', '<', '>=', '<>'])} ${this.r.pick(os).sql}`;
    };
    return this.r.pick([key, key, other, () => `${key()} AND ${other()}`, () => `(${key()} OR ${other()})`])();
  }

  /** An aggregate; a number when `numeric` (min and max of text would be compared with a number). */
  private aggregateExpr(refs: readonly Ref[], numeric = false): string {
    const any = () => this.expr(refs, this.kindIn(refs, ['int', 'num', 'str', 'date']), 1);
    const number = () => this.expr(refs, this.kindIn(refs, ['int', 'num']), 1);
    return this.r.pick([
      () => 'count(*)',
      () => `count(${any()})`,
      () => `sum(${number()})`,
      () => `min(${numeric ? number() : any()})`,
      () => `max(${numeric ? number() : any()})`,
      () => `avg(${number()})`,
      () => `count(DISTINCT ${any()})`,
      () => `sum(DISTINCT ${this.expr(refs, 'int', 1)})`,
    ])();
  }

  private orderLimit(n: number): string {
    const keys = Array.from({ length: n }, (_, i) => `${i + 1}${this.r.chance(0.3) ? ' DESC' : ''}${this.r.chance(0.2) ? ' NULLS FIRST' : ''}`);
    return ` ORDER BY ${keys.join(', ')} LIMIT ${this.r.int(1, 30)}${this.r.chance(0.3) ? ` OFFSET ${this.r.int(0, 10)}` : ''}`;
  }

  private projection(): { sql: string; ordered: boolean } {
    const f = this.from();
    const items = Array.from({ length: this.r.int(1, 4) }, (_, i) => `${this.r.chance(0.1) ? this.scalarSubquery(f.refs) : this.expr(f.refs, this.kindIn(f.refs))} AS x${i}`);
    let sql = `SELECT ${this.r.chance(0.15) ? 'DISTINCT ' : ''}${items.join(', ')} FROM ${f.sql}`;
    if (this.r.chance(0.6)) sql += ` WHERE ${this.predicate(f.refs)}`;
    const ordered = this.r.chance(0.3);
    if (ordered) sql += this.orderLimit(items.length);
    return { sql, ordered };
  }

  private aggregate(): { sql: string; ordered: boolean } {
    const f = this.from();
    const groups = Array.from({ length: this.r.int(0, 3) }, () => this.expr(f.refs, this.kindIn(f.refs), 1));
    const aggs = Array.from({ length: this.r.int(1, 3) }, () => this.aggregateExpr(f.refs));
    const items = [...groups, ...aggs].map((e, i) => `${e} AS x${i}`);
    let sql = `SELECT ${items.join(', ')} FROM ${f.sql}`;
    if (this.r.chance(0.6)) sql += ` WHERE ${this.predicate(f.refs)}`;
    if (groups.length > 0) sql += ` GROUP BY ${groups.map((_, i) => i + 1).join(', ')}`;
    if (this.r.chance(0.3)) {
      const agg = this.aggregateExpr(f.refs, true);
      sql += ` HAVING ${agg} ${this.r.pick(['>', '<=', '<>', 'IS NOT NULL AND 1 ='])} ${this.r.int(0, 5)}`;
    }
    const ordered = this.r.chance(0.3);
    if (ordered) sql += this.orderLimit(items.length);
    return { sql, ordered };
  }

  private setOperation(): string {
    const kinds = Array.from({ length: this.r.int(1, 3) }, () => this.r.pick(KINDS));
    const side = () => {
      const f = this.from(3);
      const items = kinds.map((k, i) => `${this.expr(f.refs, k)} AS x${i}`);
      return `SELECT ${items.join(', ')} FROM ${f.sql}${this.r.chance(0.7) ? ` WHERE ${this.predicate(f.refs)}` : ''}`;
    };
    const op = this.r.pick(['UNION', 'UNION ALL', 'EXCEPT', 'INTERSECT', 'EXCEPT ALL', 'INTERSECT ALL']);
    return `${side()} ${op} ${side()}`;
  }

  private window(): string {
    const f = this.from(3);
    const items = Array.from({ length: this.r.int(1, 3) }, () => this.expr(f.refs, this.kindIn(f.refs)));
    const part = this.r.chance(0.7) ? `PARTITION BY ${items[0]} ` : '';
    const windows: string[] = [];
    for (let i = 0, n = this.r.int(1, 3); i < n; i++) {
      const key = this.r.pick(items);
      windows.push(
        this.r.pick([
          () => `row_number() OVER (${part}ORDER BY ${items.join(', ')})`,
          () => `rank() OVER (${part}ORDER BY ${key}${this.r.chance(0.3) ? ' DESC' : ''})`,
          () => `dense_rank() OVER (${part}ORDER BY ${key})`,
          () => `sum(${this.expr(f.refs, this.r.pick(['int', 'num'] as Kind[]), 1)}) OVER (${part}${this.r.chance(0.5) ? `ORDER BY ${key}` : ''})`,
          () => `count(*) OVER (${part}${this.r.chance(0.5) ? `ORDER BY ${key}` : ''})`,
          () => `min(${this.expr(f.refs, this.r.pick(['int', 'str'] as Kind[]), 1)}) OVER (${part})`,
        ])(),
      );
    }
    const cols = [...items, ...windows].map((e, i) => `${e} AS x${i}`);
    return `SELECT ${cols.join(', ')} FROM ${f.sql}${this.r.chance(0.6) ? ` WHERE ${this.predicate(f.refs)}` : ''}`;
  }

  /**
   * Ternary logic partitioning (TLP): a query and its three parts by a random predicate p
   * (`WHERE p`, `WHERE NOT p`, `WHERE (p) IS NULL`), which must add up to the whole.
   * `parts` has `{where}` where each part's filter goes.
   */
  partition(): { whole: string; parts: string; combine: 'rows' | 'aggregates'; aggs: string[] } {
    this.alias = 0;
    const f = this.from(3);
    const p = this.predicate(f.refs);
    const filter = (w: string) => (w === '' ? '' : ` WHERE ${w}`);
    const three = (part: (w: string) => string, op: string) => [part(p), part(`NOT (${p})`), part(`(${p}) IS NULL`)].join(` ${op} `);
    const items = () => Array.from({ length: this.r.int(1, 3) }, (_, i) => `${this.expr(f.refs, this.kindIn(f.refs))} AS x${i}`).join(', ');
    const shape = this.r.int(0, 3);
    if (shape === 0) {
      const list = items();
      const part = (w: string) => `SELECT ${list} FROM ${f.sql}${filter(w)}`;
      return { whole: part(''), parts: three(part, 'UNION ALL'), combine: 'rows', aggs: [] };
    }
    if (shape === 1) {
      // DISTINCT: the parts' UNION (which removes duplicates across them) is the whole's DISTINCT.
      const list = items();
      const part = (w: string) => `SELECT DISTINCT ${list} FROM ${f.sql}${filter(w)}`;
      return { whole: part(''), parts: three(part, 'UNION'), combine: 'rows', aggs: [] };
    }
    if (shape === 2) {
      // HAVING: every group lands in exactly one of HAVING p, NOT p, p IS NULL for a predicate on
      // the group's aggregates and keys.
      const g = this.expr(f.refs, this.kindIn(f.refs), 1);
      const agg = this.aggregateExpr(f.refs, true);
      const hp = this.r.pick([`${agg} > ${this.r.int(0, 5)}`, `${agg} IS NULL`, `${g} ${this.r.pick(['IS NOT NULL', 'IS NULL'])} OR ${agg} < ${this.r.int(0, 50)}`]);
      const base = `SELECT ${g} AS x0, count(*) AS x1, ${this.aggregateExpr(f.refs)} AS x2 FROM ${f.sql} GROUP BY 1`;
      const parts = [hp, `NOT (${hp})`, `(${hp}) IS NULL`].map((h) => `${base} HAVING ${h}`).join(' UNION ALL ');
      return { whole: base, parts, combine: 'rows', aggs: [] };
    }
    // Aggregates that add up over the parts: count and sum add, min and max take the extreme.
    const aggs = Array.from({ length: this.r.int(1, 3) }, () => this.r.pick(['count', 'sum', 'min', 'max']));
    const args = aggs.map((a) => (a === 'count' ? (this.r.chance(0.5) ? '*' : this.expr(f.refs, this.kindIn(f.refs), 1)) : this.expr(f.refs, this.kindIn(f.refs, ['int', 'num']), 1)));
    const list = aggs.map((a, i) => `${a}(${args[i]}) AS x${i}`).join(', ');
    const part = (w: string) => `SELECT ${list} FROM ${f.sql}${filter(w)}`;
    return { whole: part(''), parts: three(part, 'UNION ALL'), combine: 'aggregates', aggs };
  }
}
