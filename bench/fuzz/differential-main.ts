/**
 * `npm run bench -- differential --minutes N [--seed S]`: random schemas and queries on Strata and
 * DuckDB, and query partitioning checks on Strata, for N minutes; prints queries run, skipped,
 * mismatches (each with its SQL and both results) and not_implemented counts.
 */
import { parseArgs } from 'node:util';
import { checkPartitions, compareWithDuckDb, emptyReport, formatReport } from '../../test/differential/differential-run.js';

export async function runDifferential(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { minutes: { type: 'string' }, seed: { type: 'string' }, queries: { type: 'string' } } });
  const minutes = Number(values.minutes ?? '1');
  let seed = Number(values.seed ?? Date.now() % 1_000_000_007);
  const perSchema = Number(values.queries ?? '300');
  console.log(`differential run: ${minutes} min from seed ${seed}, ${perSchema} queries per schema`);
  const deadline = Date.now() + minutes * 60_000;
  const report = emptyReport();
  let schemas = 0;
  while (Date.now() < deadline) {
    await compareWithDuckDb(seed, perSchema, report, deadline);
    await checkPartitions(seed, Math.ceil(perSchema / 3), report, deadline);
    schemas++;
    seed++;
  }
  console.log(`${schemas} schema(s)`);
  console.log(formatReport(report));
  return report.mismatches.length === 0 ? 0 : 1;
}
