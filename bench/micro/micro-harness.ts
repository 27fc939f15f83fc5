/**
 * Runs kernel micro-benchmarks with tinybench, each engine kernel beside a plain-loop baseline
 * doing the same work on bare typed arrays, and prints median times, throughput and the ratio.
 */
import { Bench } from 'tinybench';

/** One kernel measured against its baseline. Both functions return a checksum, printed for a sanity look. */
export interface KernelCase {
  readonly name: string;
  /** Rows each call processes (for M rows/s). */
  readonly rows: number;
  readonly kernel: () => number;
  readonly baselineName: string;
  readonly baseline: () => number;
}

/** Seeded xorshift32 in [0, 1), so data is the same across runs and commits. */
export function seededRandom(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** `n` integers uniform in [lo, hi]. */
export function randomInts(n: number, lo: number, hi: number, seed: number): Int32Array {
  const r = seededRandom(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + Math.floor(r() * (hi - lo + 1));
  return out;
}

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (v: number, digits = 1): string => v.toFixed(digits).padStart(9);

/** Runs `cases` (kernel and baseline of each) and prints one line per kernel. */
export async function runKernelCases(title: string, cases: readonly KernelCase[]): Promise<void> {
  console.log(`\n## ${title}\n`);
  console.log(`${pad('kernel', 66)} ${'median ms'.padStart(9)} ${'M rows/s'.padStart(9)}   ${pad('plain-loop baseline', 42)} ${'median ms'.padStart(9)} ${'ratio'.padStart(7)}`);
  for (const c of cases) {
    // Warm-up iterations let V8 reach its optimizing tier before samples count.
    const bench = new Bench({ time: 400, iterations: 7, warmupIterations: 3, warmupTime: 100 });
    let kernelSum = 0;
    let baselineSum = 0;
    bench.add('kernel', () => {
      kernelSum = c.kernel();
    });
    bench.add('baseline', () => {
      baselineSum = c.baseline();
    });
    await bench.run();
    const [k, b] = bench.tasks.map((t) => t.result?.latency.p50 ?? NaN);
    console.log(
      `${pad(c.name, 66)} ${num(k, 2)} ${num(c.rows / k / 1000)}   ${pad(c.baselineName, 42)} ${num(b, 2)} ${(k / b).toFixed(2).padStart(6)}×` +
        (kernelSum !== baselineSum ? `   (checksums differ: ${kernelSum} vs ${baselineSum})` : ''),
    );
  }
}
