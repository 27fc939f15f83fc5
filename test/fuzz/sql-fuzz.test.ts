/** SQL fuzzing: mutants of the sqllogictest corpora and generated expressions either run or fail with a positioned StrataError, never a crash or an internal error. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, fuzzCorpus, replayRegression } from './sql-fuzz-run.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('SQL mutation fuzzer', () => {
  it('answers or rejects properly every mutant of the test corpora (deterministic seed)', () => {
    const files = corpusFiles([path.join(ROOT, 'test/sql'), path.join(ROOT, '../shared/sqllogictest')]);
    expect(files.length).toBeGreaterThan(5);
    const report = fuzzCorpus(files, 20261127, 250);
    expect(report.inputs).toBeGreaterThan(1000);
    // Print what failed (first 20) so a failing run says what to fix.
    expect(report.failures.slice(0, 20)).toEqual([]);
  }, 300_000);

  // Inputs the long run (`npm run bench -- fuzz --minutes N`) found, kept as regression tests.
  const dir = path.join(ROOT, 'test/fuzz/regressions');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql'))) {
    it(`still handles the saved input ${f}`, () => {
      expect(replayRegression(ROOT, readFileSync(path.join(dir, f), 'utf8'))).toEqual({ ok: true });
    });
  }
});
