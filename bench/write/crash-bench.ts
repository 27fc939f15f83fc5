/** `npm run bench -- crash [--iterations N] [--seed N] [--max-kill-ms N]`: the long crash test (SIGKILL a writer, reopen, compare with what it acknowledged). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runCrashTest } from '../../test/crash/crash-driver.js';

export async function runCrashBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { iterations: { type: 'string' }, seed: { type: 'string' }, 'max-kill-ms': { type: 'string' } } });
  const iterations = Number(values.iterations ?? 100);
  const seed = Number(values.seed ?? 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-crash-bench-'));
  const started = performance.now();
  try {
    const r = await runCrashTest(dir, seed, iterations, Number(values['max-kill-ms'] ?? 600));
    console.log(`crash test: seed ${seed}, ${r.iterations} iterations in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  acknowledged operations:        ${r.acknowledged}`);
    console.log(`  acknowledged rows lost:         ${r.rowsLost}`);
    console.log(`  databases that failed to open:  ${r.failedOpens}`);
    console.log(`  in-flight operation durable:    ${r.inFlightDurable} (allowed: it committed before its acknowledgment was sent)`);
    console.log(`  reopens that dropped a torn log tail: ${r.tornTails}`);
    for (const e of r.errors) console.log(`  ERROR ${e}`);
    return r.rowsLost === 0 && r.failedOpens === 0 && r.errors.length === 0 ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
