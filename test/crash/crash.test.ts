import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { runCrashTest } from './crash-driver.js';

const tempDir = useTempDirs('strata-crash-');

describe('crash test', () => {
  it('holds exactly the acknowledged writes after SIGKILL at random moments', async () => {
    const report = await runCrashTest(tempDir(), 7, 10, 300);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ iterations: 10, rowsLost: 0, failedOpens: 0 });
    // The workload got somewhere: several operations were acknowledged across the kills.
    expect(report.acknowledged).toBeGreaterThan(10);
  }, 60_000);
});
