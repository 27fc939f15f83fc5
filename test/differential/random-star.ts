/** A random star schema and random star-join queries, for comparing Strata's results with DuckDB's. */
import { SeededRandom } from '../helpers/seeded-random.js';

const COLORS = ['red', 'green', 'blue', 'ivory', 'plum', 'tan'];
const REGIONS = ['AMERICA', 'ASIA', 'EUROPE', 'AFRICA'];

/**
 * DDL and INSERT statements for tables fact, dim_a, dim_b, dim_c with some NULLs, and dim_r, a
 * sub-dimension of dim_b (a snowflake arm: `b_r = r_key`).
 */
export function starSchemaSql(seed: number, factRows: number): string[] {
  const r = new SeededRandom(seed);
  const out = [
    'CREATE TABLE dim_a (a_key INTEGER, a_color VARCHAR, a_size INTEGER)',
    'CREATE TABLE dim_b (b_key INTEGER, b_region VARCHAR, b_rank INTEGER)',
    'CREATE TABLE dim_c (c_key INTEGER, c_day DATE, c_year INTEGER)',
    'CREATE TABLE dim_r (r_key INTEGER, r_name VARCHAR, r_zone INTEGER)',
    'CREATE TABLE fact (f_a INTEGER, f_b INTEGER, f_c INTEGER, f_qty INTEGER, f_price DECIMAL(12,2), f_rate DOUBLE, f_note VARCHAR)',
  ];
  const values = (rows: string[][]) => rows.map((x) => `(${x.join(', ')})`).join(', ');
  const nul = (p: number, v: string) => (r.chance(p) ? 'NULL' : v);
  out.push(`INSERT INTO dim_a VALUES ${values(Array.from({ length: 40 }, (_, i) => [String(i), nul(0.05, `'${r.pick(COLORS)}'`), String(r.int(1, 50))]))}`);
  out.push(`INSERT INTO dim_b VALUES ${values(Array.from({ length: 25 }, (_, i) => [String(i * 2), `'${r.pick(REGIONS)}'`, nul(0.1, String(r.int(1, 5)))]))}`);
  out.push(
    `INSERT INTO dim_c VALUES ${values(
      Array.from({ length: 60 }, (_, i) => {
        const y = 1992 + (i % 7);
        const m = 1 + (i % 12);
        return [String(i), `DATE '${y}-${String(m).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}'`, String(y)];
      }),
    )}`,
  );
  const facts: string[][] = [];
  for (let i = 0; i < factRows; i++) {
    facts.push([
      nul(0.02, String(r.int(0, 45))), // some keys have no dimension row
      String(r.int(0, 50)),
      String(r.int(0, 59)),
      nul(0.05, String(r.int(1, 50))),
      String((r.int(100, 1000000) / 100).toFixed(2)),
      String(r.int(0, 1000) / 8),
      nul(0.1, `'${r.pick(COLORS)}-${r.int(0, 30)}'`),
    ]);
  }
  for (let i = 0; i < facts.length; i += 500) out.push(`INSERT INTO fact VALUES ${values(facts.slice(i, i + 500))}`);
  // Drawn last so the tables above keep the rows they had before dim_r existed.
  out.push(`INSERT INTO dim_r VALUES ${values(Array.from({ length: 6 }, (_, i) => [String(i), `'${r.pick(REGIONS)}'`, nul(0.2, String(r.int(1, 3)))]))}`);
  out.push(`ALTER TABLE dim_b ADD COLUMN b_r INTEGER`);
  for (let i = 0; i < 25; i++) out.push(`UPDATE dim_b SET b_r = ${nul(0.1, String(r.int(0, 7)))} WHERE b_key = ${i * 2}`);
  return out;
}

const DIMS = [
  { table: 'dim_a', key: 'a_key', fk: 'f_a', cols: ['a_color', 'a_size'], preds: ["a_color = 'red'", "a_color IN ('blue', 'tan')", 'a_size < 20', 'a_size BETWEEN 10 AND 30', "a_color LIKE '%e%'"] },
  { table: 'dim_b', key: 'b_key', fk: 'f_b', cols: ['b_region', 'b_rank'], preds: ["b_region = 'ASIA'", 'b_rank >= 3', 'b_rank IS NULL', "b_region <> 'EUROPE'"] },
  { table: 'dim_c', key: 'c_key', fk: 'f_c', cols: ['c_year', 'c_day'], preds: ['c_year = 1995', 'c_year BETWEEN 1993 AND 1996', "c_day < DATE '1994-06-01'", 'extract(month FROM c_day) = 3'] },
];
const FACT_PREDS = ['f_qty < 25', 'f_qty BETWEEN 5 AND 40', 'f_price > 5000', 'f_rate <= 60', "f_note LIKE 'red%'", 'f_note IS NOT NULL', 'f_qty IS NULL'];
const AGGS = ['count(*)', 'count(f_qty)', 'sum(f_qty)', 'sum(f_price)', 'min(f_price)', 'max(f_rate)', 'avg(f_qty)', 'count(DISTINCT f_a)', 'sum(f_price * f_qty)', 'min(f_note)', 'max(f_note)'];

/** dim_r, joined to dim_b (not to the fact table): makes the dim_b arm of a star a snowflake. */
const SUB_DIM = { table: 'dim_r', key: 'r_key', fk: 'b_r', cols: ['r_name', 'r_zone'], preds: ["r_name = 'ASIA'", 'r_zone < 3', "r_name <> 'AFRICA'", 'r_zone IS NULL'] };

/**
 * A random star query: 1-3 dimensions (inner or left join), dim_b sometimes with its
 * sub-dimension dim_r, filters, grouping, aggregates, ORDER BY.
 */
export function randomStarQuery(r: SeededRandom): string {
  const dims = DIMS.filter(() => r.chance(0.6));
  if (dims.length === 0) dims.push(r.pick(DIMS));
  const comma = r.chance(0.4);
  const joins = dims.map((d) => {
    const type = !comma && r.chance(0.2) ? 'LEFT JOIN' : 'JOIN';
    return { d, sql: `${type} ${d.table} ON ${d.fk} = ${d.key}` };
  });
  if (dims.some((d) => d.table === 'dim_b') && r.chance(0.4)) {
    dims.push(SUB_DIM);
    joins.push({ d: SUB_DIM, sql: `JOIN ${SUB_DIM.table} ON ${SUB_DIM.fk} = ${SUB_DIM.key}` });
  }
  const where: string[] = [];
  for (const d of dims) if (r.chance(0.6)) where.push(r.pick(d.preds));
  if (r.chance(0.5)) where.push(r.pick(FACT_PREDS));
  const joinConds = comma ? dims.map((d) => `${d.fk} = ${d.key}`) : [];
  const groups = dims.filter(() => r.chance(0.6)).map((d) => r.pick(d.cols));
  if (r.chance(0.2)) groups.push('f_qty % 3');
  const aggs = Array.from({ length: r.int(1, 3) }, () => r.pick(AGGS));
  const select = [...groups, ...aggs].map((e, i) => `${e} AS x${i}`);
  let sql = `SELECT ${select.join(', ')} FROM fact ${comma ? ', ' + dims.map((d) => d.table).join(', ') : joins.map((j) => j.sql).join(' ')}`;
  const filter = where.length > 0 ? `(${where.join(r.chance(0.8) ? ' AND ' : ' OR ')})` : null;
  const conds = filter === null ? joinConds : [...joinConds, filter];
  if (conds.length > 0) sql += ` WHERE ${conds.join(' AND ')}`;
  if (groups.length > 0) sql += ` GROUP BY ${groups.join(', ')}`;
  if (groups.length > 0 && r.chance(0.3)) sql += ' HAVING count(*) > 2';
  return sql;
}
