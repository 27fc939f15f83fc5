/**
 * `npm run bench -- <command>`: the benchmark entry point.
 *
 *   ssb [options]       the Star Schema Benchmark against DuckDB (see bench/README.md)
 *   ssb-gen [options]   write the generated SSB data as dbgen-style .tbl files
 *   micro [names]       kernel micro-benchmarks (tinybench) beside plain-loop baselines
 *   write [options]     the LSM write path against DuckDB (bulk load, single-row inserts, compaction)
 *   crash [options]     the long crash test: SIGKILL a writer many times, check what survives
 *   fuzz --minutes N    the long SQL fuzzing run (failing inputs become regression tests)
 *   cube [options]      SSB answered from data cubes against the base tables and DuckDB
 *   distinct [options]  approx_count_distinct against count(DISTINCT) and DuckDB, and as a cube measure
 *   differential --minutes N   random schemas and queries against DuckDB, and query partitioning
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run bench -- <command> [options]

commands:
  ssb        Star Schema Benchmark, Strata against DuckDB (--help for options)
  ssb-gen    write SSB .tbl files: --sf N [--seed N] --out DIR
  cube       SSB from materialized data cubes vs base tables and DuckDB 1T: [--sf N] [--runs N] [--inserts N]
  distinct   approx_count_distinct vs count(DISTINCT) and DuckDB 1T, and from a cube: [--sf N] [--runs N]
  micro      kernel micro-benchmarks; optionally name some: filter, aggregate, join, decode,
             expression, hash-aggregate, encoding
  write      write path against DuckDB: [--sf N] [--inserts N] [--batches N] [--cube-inserts N]
             [--only bulk,inserts,batches,cube] (cube: single-row INSERTs maintaining a stored cube)
  crash      crash test: [--iterations N] [--seed N] [--max-kill-ms N]
  fuzz       long SQL fuzzing run: --minutes N [--seed N]; saves failing inputs under test/fuzz/regressions/
  differential  random schemas and queries vs DuckDB, plus query partitioning: --minutes N [--seed N] [--queries per-schema]`;

async function ssbGen(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { sf: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  if (values.out === undefined || values.sf === undefined) {
    console.error('usage: npm run bench -- ssb-gen --sf N [--seed N] --out DIR');
    return 2;
  }
  const { writeSsbTbl } = await import('./ssb/tbl-writer.js');
  const started = performance.now();
  const files = writeSsbTbl(path.resolve(values.out), { sf: Number(values.sf), seed: values.seed === undefined ? undefined : Number(values.seed) });
  for (const f of files) console.log(`${f.file}: ${f.rows.toLocaleString('en-US')} rows, ${(f.bytes / 1e6).toFixed(1)} MB`);
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'ssb':
      return (await import('./ssb/ssb-runner.js')).runSsb(rest);
    case 'ssb-gen':
      return ssbGen(rest);
    case 'cube':
      return (await import('./cube/cube-bench.js')).runCubeBench(rest);
    case 'distinct':
      return (await import('./cube/distinct-bench.js')).runDistinctBench(rest);
    case 'micro':
      return (await import('./micro/micro-main.js')).runMicro(rest);
    case 'write':
      return (await import('./write/write-bench.js')).runWriteBench(rest);
    case 'crash':
      return (await import('./write/crash-bench.js')).runCrashBench(rest);
    case 'fuzz':
      return (await import('./fuzz/fuzz-main.js')).runFuzz(rest);
    case 'differential':
      return (await import('./fuzz/differential-main.js')).runDifferential(rest);
    default:
      console.error(USAGE);
      return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    // A mistyped option is the user's error: say which and show the commands, not a stack trace.
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      console.error(`${(e as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  },
);
