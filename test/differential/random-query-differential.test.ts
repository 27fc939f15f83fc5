import { describe, expect, it } from 'vitest';
import { checkPartitions, compareWithDuckDb, emptyReport, formatReport } from './differential-run.js';

/**
 * Random schemas, data and queries on Strata and DuckDB (the short, deterministic run; the long
 * one is `npm run bench -- differential --minutes N`), and query partitioning on Strata alone.
 * A query DuckDB rejects is skipped; Strata's not_implemented is counted, not failed.
 */
describe('differential: random schemas and queries vs DuckDB', () => {
  it('agrees with DuckDB on 200 random queries over two random schemas', async () => {
    const report = emptyReport();
    for (const seed of [1, 2]) await compareWithDuckDb(seed, 100, report);
    expect(report.mismatches.length, formatReport(report)).toBe(0);
    // The run means something only if most queries were compared.
    expect(report.skipped + [...report.notImplemented.values()].reduce((a, b) => a + b, 0)).toBeLessThan(report.queries / 5);
  }, 120_000);

  it('partitions by WHERE p, NOT p and p IS NULL add up to the whole on 150 random predicates', async () => {
    const report = emptyReport();
    for (const seed of [4, 5, 6]) await checkPartitions(seed, 50, report);
    expect(report.mismatches.length, formatReport(report)).toBe(0);
    expect(report.partitionSkipped).toBeLessThan(report.partitions / 5);
  }, 120_000);
});
