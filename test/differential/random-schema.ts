/**
 * A random schema (2-5 tables of INTEGER, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE and BOOLEAN
 * columns) and random data with NULLs, duplicates and skew, as SQL statements that load it the
 * same way into Strata and into DuckDB.
 */
import type { SeededRandom } from '../helpers/seeded-random.js';

/** The kind of a column or expression, as the query generator reasons about it. */
export type Kind = 'int' | 'num' | 'str' | 'date' | 'bool';

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly kind: Kind;
  /** A few values of the column's domain (as SQL literals), for predicates that match some rows. */
  readonly samples: readonly string[];
}

export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly rows: number;
}

export interface Schema {
  readonly tables: readonly Table[];
  /** CREATE TABLE and INSERT statements. */
  readonly sql: readonly string[];
}

/** Words sharing prefixes and letters, so that LIKE patterns and joins on text match some rows. */
export const WORDS = ['a', 'ab', 'abc', 'b', 'ba', 'bca', 'c', 'ca', 'cab', 'x-1', 'x-2', 'X', 'zz', ''];

/** A value generator: the SQL literal of one random value of a column. */
type Gen = (r: SeededRandom) => string;

interface ColumnKind {
  readonly type: string;
  readonly kind: Kind;
  /** Builds a value generator with a random domain (small domains make duplicates and join matches), and the exact type. */
  readonly domain: (r: SeededRandom) => Gen | { type: string; gen: Gen };
}

/** DECIMAL types: at most 15 digits, so sums of two and products with small constants stay within Strata's 18. */
const DECIMALS: readonly [number, number][] = [
  [5, 2],
  [9, 2],
  [12, 3],
  [15, 4],
];

const KINDS: readonly ColumnKind[] = [
  { type: 'INTEGER', kind: 'int', domain: (r) => intDomain(r, r.pick([5, 20, 100, 1000])) },
  { type: 'BIGINT', kind: 'int', domain: (r) => intDomain(r, r.pick([20, 100000, 10_000_000])) },
  { type: 'DOUBLE', kind: 'num', domain: (r) => {
    const span = r.pick([4, 100, 1e4]);
    // Multiples of 1/8: exact in binary, so sums agree closely between engines.
    return (q) => String(q.int(-span * 8, span * 8) / 8);
  } },
  { type: 'DECIMAL', kind: 'num', domain: (r) => {
    const [p, sc] = r.pick(DECIMALS);
    const max = Math.min(10 ** (p - sc) - 1, 1e5);
    const scale = 10 ** sc;
    return { type: `DECIMAL(${p},${sc})`, gen: (q) => (q.int(-max * scale, max * scale) / scale).toFixed(sc) };
  } },
  { type: 'VARCHAR', kind: 'str', domain: (r) => {
    const words = WORDS.filter(() => r.chance(0.6));
    if (words.length === 0) words.push('ab');
    return (q) => `'${q.pick(words)}'`;
  } },
  { type: 'DATE', kind: 'date', domain: (r) => {
    const start = Date.UTC(r.int(1990, 2030), 0, 1);
    const days = r.pick([10, 400, 5000]);
    return (q) => `DATE '${new Date(start + q.int(0, days) * 86_400_000).toISOString().slice(0, 10)}'`;
  } },
  { type: 'BOOLEAN', kind: 'bool', domain: () => (q) => (q.chance(0.5) ? 'TRUE' : 'FALSE') },
];

function intDomain(r: SeededRandom, span: number): Gen {
  const lo = r.chance(0.3) ? -span : 0;
  return (q) => String(q.int(lo, span));
}

function makeColumn(r: SeededRandom, name: string, kinds: readonly ColumnKind[], skew = true): { column: Column; gen: Gen } {
  const k = r.pick(kinds);
  const d = k.domain(r);
  const type = typeof d === 'function' ? k.type : d.type;
  const base = typeof d === 'function' ? d : d.gen;
  // Skew: a hot value taking a large share of the rows; NULLs at a column-specific rate.
  const hot = base(r);
  const hotShare = skew ? r.pick([0, 0, 0.3, 0.7]) : 0;
  const nullShare = r.pick([0, 0.05, 0.2, 0.5]);
  const gen: Gen = (q) => (q.chance(nullShare) ? 'NULL' : q.chance(hotShare) ? hot : base(q));
  const samples = [hot, ...Array.from({ length: 4 }, () => base(r))];
  return { column: { name, type, kind: k.kind, samples }, gen };
}

/** A random schema of 2-5 tables with `minRows`-`maxRows` rows each. */
export function randomSchema(r: SeededRandom, minRows = 200, maxRows = 2000): Schema {
  const tables: Table[] = [];
  const sql: string[] = [];
  const nTables = r.int(2, 5);
  for (let t = 0; t < nTables; t++) {
    const name = `t${t}`;
    // Every table has an INTEGER key first, so that any two tables join on it; 1-3 rows a key
    // value keep joins of five tables small (so no skew on keys).
    const rows = r.int(minRows, maxRows);
    const keySpan = Math.max(5, Math.round(rows / r.int(1, 3)));
    const key: ColumnKind = { type: 'INTEGER', kind: 'int', domain: () => (q) => String(q.int(0, keySpan)) };
    const cols = [makeColumn(r, `k${t}`, [key], false)];
    const n = r.int(2, 6);
    for (let c = 0; c < n; c++) cols.push(makeColumn(r, `c${t}_${c}`, KINDS));
    tables.push({ name, columns: cols.map((c) => c.column), rows });
    sql.push(`CREATE TABLE ${name} (${cols.map((c) => `${c.column.name} ${c.column.type}`).join(', ')})`);
    const values: string[] = [];
    for (let i = 0; i < rows; i++) {
      // Duplicates: some rows repeat an earlier row exactly.
      values.push(values.length > 0 && r.chance(0.05) ? r.pick(values) : `(${cols.map((c) => c.gen(r)).join(', ')})`);
    }
    for (let i = 0; i < values.length; i += 500) sql.push(`INSERT INTO ${name} VALUES ${values.slice(i, i + 500).join(', ')}`);
  }
  return { tables, sql };
}
