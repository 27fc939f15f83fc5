/**
 * Runs random queries over random schemas on Strata and on DuckDB and compares the results
 * (`compareWithDuckDb`), and checks ternary logic partitioning on Strata alone (`checkPartitions`).
 * Used by the short run in `npm test` and the long run `npm run bench -- differential`.
 */
import { StrataError } from '../../engine/errors.js';
import { Database } from '../../sql/database.js';
import { openDuckDb, resultDifference, type Row, strataRows } from '../helpers/duckdb-oracle.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { QueryGenerator } from './random-query.js';
import { randomSchema, type Schema } from './random-schema.js';

export interface Mismatch {
  readonly seed: number;
  readonly sql: string;
  /** What differed: a row, a count, or Strata's error. */
  readonly detail: string;
}

export interface DifferentialReport {
  /** Queries both engines were asked. */
  queries: number;
  /** Queries DuckDB rejected (not compared). */
  skipped: number;
  mismatches: Mismatch[];
  /** Queries DuckDB answered and Strata rejected as not implemented, by message. */
  notImplemented: Map<string, number>;
  /** Query partitioning checks run, and those whose parts did not add up (in `mismatches` too). */
  partitions: number;
  partitionMismatches: number;
  /** Partition checks whose whole query Strata rejected (not_implemented or an error DuckDB might share). */
  partitionSkipped: number;
  /** Queries that took Strata more than 2 s (reported by the long run, never asserted). */
  slow: { sql: string; ms: number }[];
}

export function emptyReport(): DifferentialReport {
  return { queries: 0, skipped: 0, mismatches: [], notImplemented: new Map(), partitions: 0, partitionMismatches: 0, partitionSkipped: 0, slow: [] };
}

async function loadStrata(schema: Schema): Promise<Database> {
  const db = await Database.open();
  for (const s of schema.sql) await db.exec(s);
  return db;
}

function errorText(e: unknown): string {
  return e instanceof StrataError ? `${e.code}: ${e.message}` : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** A not_implemented message with its details (names, positions) blurred, to count kinds of gaps. */
function gapKey(e: StrataError): string {
  return e.message.replace(/\(line \d+, column \d+\)/, '').replace(/\b[qtck]\d+(_\d+)?\b/g, '?').trim();
}

/** The first rows of a result, for a mismatch report. */
export function formatRows(rows: Row[], max = 8): string {
  const shown = rows.slice(0, max).map((r) => JSON.stringify(r));
  return `${rows.length} row(s)${rows.length > 0 ? ': ' + shown.join(' ') : ''}${rows.length > max ? ' ...' : ''}`;
}

/**
 * One random schema from `seed`, loaded into Strata and DuckDB, and `count` random queries on
 * both (stopping early at `deadline`, a Date.now() value). Adds to `report`.
 */
export async function compareWithDuckDb(seed: number, count: number, report: DifferentialReport, deadline = Infinity): Promise<void> {
  const r = new SeededRandom(seed);
  const schema = randomSchema(r);
  const db = await loadStrata(schema);
  const duck = await openDuckDb();
  try {
    for (const s of schema.sql) await duck.exec(s);
    const gen = new QueryGenerator(r, schema);
    for (let i = 0; i < count && Date.now() < deadline; i++) {
      const { sql, ordered } = gen.query();
      report.queries++;
      let expected: Row[];
      try {
        expected = await duck.rows(sql);
      } catch {
        report.skipped++;
        continue;
      }
      let got: Row[];
      const started = Date.now();
      try {
        got = await strataRows(db, sql);
        if (Date.now() - started > 2000) report.slow.push({ sql, ms: Date.now() - started });
      } catch (e) {
        if (e instanceof StrataError && e.code === 'not_implemented') {
          const key = gapKey(e);
          report.notImplemented.set(key, (report.notImplemented.get(key) ?? 0) + 1);
        } else report.mismatches.push({ seed, sql, detail: `Strata failed (DuckDB gave ${formatRows(expected)}): ${errorText(e)}` });
        continue;
      }
      const diff = resultDifference(got, expected, ordered);
      if (diff !== null) report.mismatches.push({ seed, sql, detail: `${diff}\n  Strata: ${formatRows(got)}\n  DuckDB: ${formatRows(expected)}` });
    }
  } finally {
    duck.close();
    await db.close();
  }
}

/**
 * Ternary logic partitioning on Strata alone: for `count` random predicates p over one random
 * schema, the rows (or count / sum / min / max) of `WHERE p`, `WHERE NOT p` and `WHERE p IS NULL`
 * add up to those of the unfiltered query.
 */
export async function checkPartitions(seed: number, count: number, report: DifferentialReport, deadline = Infinity): Promise<void> {
  const r = new SeededRandom(seed);
  const schema = randomSchema(r);
  const db = await loadStrata(schema);
  try {
    const gen = new QueryGenerator(r, schema);
    for (let i = 0; i < count && Date.now() < deadline; i++) {
      const t = gen.partition();
      report.partitions++;
      let whole: Row[];
      try {
        whole = await strataRows(db, t.whole);
      } catch {
        // An expression that fails on the data (an overflow, a bad cast) fails the parts too.
        report.partitionSkipped++;
        continue;
      }
      let parts: Row[];
      try {
        parts = await strataRows(db, t.parts);
      } catch (e) {
        report.partitionMismatches++;
        report.mismatches.push({ seed, sql: `${t.parts}\n  whole: ${t.whole}`, detail: `partitions failed, the whole did not: ${errorText(e)}` });
        continue;
      }
      const combined = t.combine === 'rows' ? parts : [combineAggregates(parts, t.aggs)];
      const diff = resultDifference(combined, whole, false);
      if (diff !== null) {
        report.partitionMismatches++;
        report.mismatches.push({ seed, sql: `${t.parts}\n  whole: ${t.whole}`, detail: `partitions do not add up: ${diff}\n  parts: ${formatRows(parts)}\n  whole: ${formatRows(whole)}` });
      }
    }
  } finally {
    await db.close();
  }
}

/** count and sum add up over the three part rows (NULL sums skipped), min and max take the extreme. */
function combineAggregates(parts: Row[], aggs: readonly string[]): Row {
  return aggs.map((agg, c) => {
    const vals = parts.map((p) => p[c]).filter((v): v is number => v !== null).map(Number);
    if (agg === 'count') return vals.reduce<number>((s, v) => s + Number(v), 0);
    if (vals.length === 0) return null;
    if (agg === 'sum') return vals.reduce<number>((s, v) => s + Number(v), 0);
    const better = (a: number, b: number) => ((agg === 'min' ? b < a : b > a) ? b : a);
    return vals.reduce(better);
  });
}

/** The report as text: figures, then each mismatch with its SQL. */
export function formatReport(report: DifferentialReport): string {
  const lines = [
    `queries: ${report.queries}, skipped (DuckDB rejected): ${report.skipped}, mismatches: ${report.mismatches.length - report.partitionMismatches}, not_implemented: ${[...report.notImplemented.values()].reduce((a, b) => a + b, 0)}`,
    `partition checks: ${report.partitions}, mismatches: ${report.partitionMismatches}, skipped (whole query failed): ${report.partitionSkipped}`,
  ];
  for (const q of report.slow) lines.push(`  slow on Strata (${q.ms} ms): ${q.sql}`);
  for (const [k, n] of report.notImplemented) lines.push(`  not_implemented ×${n}: ${k}`);
  for (const m of report.mismatches) lines.push(`MISMATCH (schema seed ${m.seed}): ${m.sql}\n  ${m.detail}`);
  return lines.join('\n');
}
