/**
 * `npm run bench -- micro [names] [--rows N]`: runs the tinybench kernel suites (filter,
 * aggregate, join, decode), each kernel beside its plain-loop baseline. The older stand-alone
 * scripts run by name too: `expression`, `hash-aggregate` and `encoding` (the block codec).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { aggregateCases } from './aggregate.bench.js';
import { decodeCases } from './decode.bench.js';
import { filterCases } from './filter.bench.js';
import { joinCases } from './join.bench.js';
import { type KernelCase, runKernelCases } from './micro-harness.js';

const SUITES: Record<string, { title: string; cases: (rows: number) => KernelCase[] }> = {
  filter: { title: 'Filter', cases: filterCases },
  aggregate: { title: 'Hash aggregate', cases: aggregateCases },
  join: { title: 'Hash join', cases: joinCases },
  decode: { title: 'Decode', cases: decodeCases },
};

/** Stand-alone scripts (not tinybench) that print their own tables. */
const SCRIPTS: Record<string, string> = {
  expression: './expression.bench.js',
  'hash-aggregate': './hash-aggregate.bench.js',
  encoding: './encoding.bench.js',
};

/** Entry of the `micro` subcommand; returns the exit code. */
export async function runMicro(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { rows: { type: 'string' } }, allowPositionals: true });
  const rows = Number(values.rows ?? 6_000_000);
  const names = positionals.length > 0 ? positionals : Object.keys(SUITES);
  const unknown = names.filter((n) => !(n in SUITES) && !(n in SCRIPTS));
  if (unknown.length > 0) {
    console.error(`unknown micro-benchmark ${unknown.join(', ')}; have ${[...Object.keys(SUITES), ...Object.keys(SCRIPTS)].join(', ')}`);
    return 2;
  }
  console.log(`# Kernel micro-benchmarks (${rows.toLocaleString('en-US')} rows; median of tinybench samples)`);
  for (const name of names) {
    const suite = SUITES[name];
    if (suite !== undefined) {
      await runKernelCases(suite.title, suite.cases(rows));
    } else {
      console.log(`\n## ${name} (stand-alone script)\n`);
      const r = spawnSync(process.execPath, [fileURLToPath(new URL(SCRIPTS[name], import.meta.url))], { stdio: 'inherit' });
      if (r.status !== 0) return r.status ?? 1;
    }
  }
  return 0;
}
