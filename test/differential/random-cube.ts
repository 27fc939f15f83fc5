/** Random data cubes over the random star schema of random-star.ts, and random aggregate queries a cube may or may not answer. */
import type { SeededRandom } from '../helpers/seeded-random.js';

interface Dim {
  readonly table: string;
  readonly key: string;
  readonly fk: string;
  readonly cols: readonly string[];
  readonly preds: readonly string[];
}

const DIMS: readonly Dim[] = [
  { table: 'dim_a', key: 'a_key', fk: 'f_a', cols: ['a_color', 'a_size'], preds: ["a_color = 'red'", "a_color IN ('blue', 'tan')", 'a_size < 20', 'a_color IS NULL'] },
  { table: 'dim_b', key: 'b_key', fk: 'f_b', cols: ['b_region', 'b_rank'], preds: ["b_region = 'ASIA'", 'b_rank >= 3', 'b_rank IS NULL', "b_region <> 'EUROPE'"] },
  { table: 'dim_c', key: 'c_key', fk: 'f_c', cols: ['c_year', 'c_day'], preds: ['c_year = 1995', 'c_year BETWEEN 1993 AND 1996', "c_day < DATE '1994-06-01'"] },
];
/** Measures a cube stores (all mergeable). */
const MEASURES = ['count(*)', 'count(f_qty)', 'sum(f_qty)', 'sum(f_price)', 'min(f_price)', 'max(f_rate)', 'avg(f_qty)', 'sum(f_price * f_qty)', 'min(f_note)'];
/** Aggregates a query asks for: the measures, some derived from others (avg from sum and count), and some no cube answers. */
const QUERY_AGGS = [...MEASURES, 'avg(f_price)', 'count(DISTINCT f_a)', 'max(f_qty)', 'sum(f_rate)'];
/** Filters on fact columns: never cube dimensions, so a query with one is answered from the base tables. */
const FACT_PREDS = ['f_qty < 25', 'f_note IS NOT NULL'];

/** A random cube definition and what queries need to know to match it. */
export interface RandomCube {
  readonly sql: string;
  readonly dims: readonly Dim[];
  readonly columns: readonly string[];
  readonly where: string | null;
}

export function randomCube(r: SeededRandom, name: string): RandomCube {
  // Some cubes are over the fact table alone, grouped by foreign keys (a date-grain cube).
  const factOnly = r.chance(0.15);
  const dims = factOnly ? [] : DIMS.filter(() => r.chance(0.6));
  if (!factOnly && dims.length === 0) dims.push(r.pick(DIMS));
  const columns = [...new Set(dims.flatMap((d) => d.cols.filter(() => r.chance(0.6))))];
  // Key dimensions: a dimension table's key (or the fact's foreign key, equal to it by the join)
  // determines that table's attributes, which queries may then group and filter by.
  for (const d of DIMS) {
    if (dims.includes(d) ? r.chance(0.3) : r.chance(factOnly ? 0.6 : 0.2)) columns.push(dims.includes(d) && r.chance(0.5) ? d.key : d.fk);
  }
  if (columns.length === 0) columns.push(dims.length > 0 ? dims[0].cols[0] : DIMS[0].fk);
  if (r.chance(0.15)) columns.push('f_qty % 3');
  const measures = [...new Set(Array.from({ length: r.int(2, 6) }, () => r.pick(MEASURES)))];
  const where = dims.length > 0 && r.chance(0.3) ? r.pick(r.pick(dims).preds) : null;
  const grouping = r.pick(['', 'ROLLUP', 'CUBE', 'SETS']);
  let groupBy = columns.join(', ');
  if (grouping === 'ROLLUP' || grouping === 'CUBE') groupBy = `${grouping} (${groupBy})`;
  if (grouping === 'SETS') groupBy = `GROUPING SETS ((${groupBy}), ${columns.length > 1 ? `(${columns[0]}), ` : ''}())`;
  const from = ['fact', ...dims.map((d) => `JOIN ${d.table} ON ${d.fk} = ${d.key}`)].join(' ');
  const select = [...columns.map((c, i) => `${c} AS g${i}`), ...measures.map((m, i) => `${m} AS m${i}`)];
  const sql = `CREATE MATERIALIZED VIEW ${name} AS SELECT ${select.join(', ')} FROM ${from}${where === null ? '' : ` WHERE ${where}`} GROUP BY ${groupBy}`;
  return { sql, dims, columns, where };
}

/**
 * A query over the cube's join graph (written as comma joins or JOIN ... ON, keys either way
 * round): mostly answerable (groups and filters over the cube's columns, the cube's WHERE), and
 * sometimes not (another aggregate, a fact filter, a missing WHERE or dimension).
 */
export function randomCubeQuery(r: SeededRandom, cube: RandomCube): string {
  const dims = r.chance(0.9) ? [...cube.dims] : DIMS.filter(() => r.chance(0.6));
  if (dims.length === 0) dims.push(...cube.dims);
  const flip = (d: Dim) => (r.chance(0.5) ? `${d.fk} = ${d.key}` : `${d.key} = ${d.fk}`);
  const comma = r.chance(0.4);
  const where: string[] = comma ? dims.map(flip) : [];
  const reads = (d: Dim, sql: string) => d.cols.some((c) => sql.includes(c)) || sql.includes(d.key);
  const inQuery = (sql: string) => dims.some((d) => reads(d, sql)) || !DIMS.some((d) => reads(d, sql));
  if (cube.where !== null && inQuery(cube.where) && r.chance(0.9)) where.push(cube.where);
  for (const d of dims) {
    const usable = d.preds.filter((p) => d.cols.some((c) => p.includes(c) && cube.columns.includes(c)));
    if (usable.length > 0 && r.chance(0.4)) where.push(r.pick(usable));
  }
  if (r.chance(0.1)) where.push(r.pick(FACT_PREDS));
  const groups = cube.columns.filter((c) => inQuery(c) && r.chance(0.5));
  if (dims.length > 0 && r.chance(0.05)) groups.push(r.pick(r.pick(dims).cols));
  const aggs = [...new Set(Array.from({ length: r.int(1, 3) }, () => r.pick(QUERY_AGGS)))];
  const select = [...groups.map((g, i) => `${g} AS x${i}`), ...aggs.map((a, i) => `${a} AS y${i}`)];
  const from = comma ? ['fact', ...dims.map((d) => d.table)].join(', ') : ['fact', ...dims.map((d) => `JOIN ${d.table} ON ${flip(d)}`)].join(' ');
  let sql = `SELECT ${select.join(', ')} FROM ${from}`;
  if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
  if (groups.length > 0) sql += r.chance(0.15) ? ` GROUP BY ROLLUP (${groups.join(', ')})` : ` GROUP BY ${groups.join(', ')}`;
  return sql;
}

/** dim_r, a sub-dimension of dim_b (`b_r = r_key`): a snowflake arm a query may add to a dim_b it joins back. */
const SUB_DIM: Dim = { table: 'dim_r', key: 'r_key', fk: 'b_r', cols: ['r_name', 'r_zone'], preds: ["r_name = 'ASIA'", 'r_zone < 3', 'r_zone IS NULL'] };

/**
 * A query reading attributes of dimension tables the cube holds a key of (its key or the fact's
 * foreign key): those tables are joined to the cube's tables whether or not they are in the
 * cube's join graph (dim_b sometimes with dim_r behind it), grouped and filtered by their
 * attributes besides the cube's own columns and WHERE. Sometimes with a fact filter or an
 * aggregate no cube answers, so the fallback is compared too.
 */
export function randomDeterminedQuery(r: SeededRandom, cube: RandomCube): string {
  const keyed = DIMS.filter((d) => cube.columns.includes(d.fk) || cube.columns.includes(d.key));
  if (keyed.length === 0) return randomCubeQuery(r, cube);
  const extra = keyed.filter((d) => !cube.dims.includes(d) && r.chance(0.8));
  const joined = [...cube.dims, ...extra];
  const attrs = joined.filter((d) => keyed.includes(d));
  if (joined.some((d) => d.table === 'dim_b') && r.chance(0.3)) {
    joined.push(SUB_DIM);
    if (attrs.some((d) => d.table === 'dim_b')) attrs.push(SUB_DIM);
  }
  const comma = r.chance(0.4);
  const cond = (d: Dim) => (r.chance(0.5) ? `${d.fk} = ${d.key}` : `${d.key} = ${d.fk}`);
  const where: string[] = comma ? joined.map(cond) : [];
  if (cube.where !== null && r.chance(0.95)) where.push(cube.where);
  for (const d of attrs) if (r.chance(0.35)) where.push(r.pick(d.preds));
  if (r.chance(0.05)) where.push(r.pick(FACT_PREDS));
  const groups = [...cube.columns.filter(() => r.chance(0.25)), ...attrs.flatMap((d) => d.cols.filter(() => r.chance(0.4)))];
  const aggs = [...new Set(Array.from({ length: r.int(1, 3) }, () => r.pick(r.chance(0.9) ? MEASURES : QUERY_AGGS)))];
  const select = [...groups.map((g, i) => `${g} AS x${i}`), ...aggs.map((a, i) => `${a} AS y${i}`)];
  const from = comma ? ['fact', ...joined.map((d) => d.table)].join(', ') : ['fact', ...joined.map((d) => `JOIN ${d.table} ON ${cond(d)}`)].join(' ');
  let sql = `SELECT ${select.join(', ')} FROM ${from}`;
  if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
  if (groups.length > 0) sql += r.chance(0.15) ? ` GROUP BY ROLLUP (${groups.join(', ')})` : ` GROUP BY ${groups.join(', ')}`;
  return sql;
}
