/** `npm run bench -- fuzz --minutes N`: the long SQL fuzzing run; every failing input is saved as a regression test. */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFiles, fuzzCorpus } from '../../test/fuzz/sql-fuzz-run.js';
import { repoRoot } from '../ssb/ssb-schema.js';

export async function runFuzz(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { minutes: { type: 'string' }, seed: { type: 'string' } } });
  const minutes = Number(values.minutes ?? '1');
  let seed = Number(values.seed ?? Date.now() % 1_000_000_007);
  const root = repoRoot();
  const files = corpusFiles([path.join(root, 'test/sql'), path.join(root, '../shared/sqllogictest')]);
  const deadline = Date.now() + minutes * 60_000;
  const outDir = path.join(root, 'test/fuzz/regressions');
  mkdirSync(outDir, { recursive: true });
  let inputs = 0;
  let saved = 0;
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    const report = fuzzCorpus(files, seed++, 2000, deadline);
    inputs += report.inputs;
    for (const f of report.failures) {
      // One regression per distinct reason (first line), named by a hash of the input.
      const key = f.reason.split('\n')[0].replace(/\d+/g, 'N');
      if (seen.has(key)) continue;
      seen.add(key);
      const name = `sql-${createHash('sha1').update(f.sql).digest('hex').slice(0, 10)}.sql`;
      writeFileSync(path.join(outDir, name), `-- corpus: ${path.relative(root, f.file)}\n-- found: ${f.reason.split('\n')[0]}\n${f.sql}\n`);
      saved++;
      console.log(`${name}: ${f.reason.split('\n')[0]}`);
    }
  }
  console.log(`${inputs.toLocaleString('en-US')} inputs in ${minutes} min; ${saved} new failing input(s) saved under test/fuzz/regressions/`);
  return saved === 0 ? 0 : 1;
}
