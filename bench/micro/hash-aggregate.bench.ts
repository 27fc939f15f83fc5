/** Micro-benchmark of the hash aggregate and hash join operators on 6M generated rows, against plain-loop baselines. */
import { HashAggregateExec } from '../../engine/exec/hash-aggregate-exec.js';
import { HashJoinExec } from '../../engine/exec/hash-join-exec.js';
import type { ExecOperator } from '../../engine/exec/operator.js';
import { ValuesExec } from '../../engine/exec/values-exec.js';
import { BIGINT, DOUBLE, INTEGER } from '../../engine/types/data-type.js';
import { Batch, VECTOR_SIZE } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';

// Run: npx tsc -p . && node dist/bench/micro/hash-aggregate.bench.js [rows]
const ROWS = Number(process.argv[2] ?? 6_000_000);
const REPEAT = 7;
/** Warm-up runs: V8 needs a few runs of a 6M-row loop to reach its optimizing tier. */
const WARMUP = 4;

/** Seeded xorshift so runs are comparable across commits. */
function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function randomKeys(n: number, distinct: number, seed: number): Int32Array {
  const r = rng(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * distinct);
  return out;
}

function randomDoubles(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 10000) / 100;
  return out;
}

/** Cuts whole columns into VECTOR_SIZE batches of zero-copy views, as a storage scan would hand out. */
function toBatches(cols: Vector[], n: number): Batch[] {
  const out: Batch[] = [];
  for (let s = 0; s < n; s += VECTOR_SIZE) {
    const e = Math.min(n, s + VECTOR_SIZE);
    out.push(new Batch(cols.map((c) => c.slice(s, e)), e - s));
  }
  return out;
}

function drainCount(op: ExecOperator): number {
  let rows = 0;
  for (let b = op.next(); b !== null; b = op.next()) rows += b.length;
  return rows;
}

/** Median wall time of `fn` over REPEAT runs after WARMUP runs. */
function time(fn: () => number): { ms: number; result: number } {
  let result = 0;
  for (let i = 0; i < WARMUP; i++) result = fn();
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

function report(name: string, rows: number, r: { ms: number; result: number }): void {
  const mrows = rows / r.ms / 1000;
  console.log(`${name.padEnd(48)} ${r.ms.toFixed(1).padStart(8)} ms  ${mrows.toFixed(1).padStart(7)} M rows/s  (result ${r.result})`);
}

const values = randomDoubles(ROWS, 99);
const valueVec = new Vector(DOUBLE, values, null, null, ROWS);

for (const distinct of [1_000, 100_000]) {
  const keys = randomKeys(ROWS, distinct, distinct);
  const batches = toBatches([new Vector(INTEGER, keys, null, null, ROWS), valueVec], ROWS);
  const spec = [{ kind: 'sum' as const, argCol: 1, distinct: false, outputType: DOUBLE }];
  report(
    `group by int (${distinct} keys), sum(double)`,
    ROWS,
    time(() => drainCount(new HashAggregateExec(new ValuesExec(batches), [0], spec, [INTEGER, DOUBLE]))),
  );
  report(
    `  baseline: dense array indexed by key`,
    ROWS,
    time(() => {
      const sums = new Float64Array(distinct);
      for (let i = 0; i < ROWS; i++) sums[keys[i]] += values[i];
      return sums.length;
    }),
  );
  const countSpec = [
    { kind: 'count_star' as const, argCol: -1, distinct: false, outputType: BIGINT },
    ...spec,
    { kind: 'min' as const, argCol: 1, distinct: false, outputType: DOUBLE },
  ];
  report(
    `group by int (${distinct} keys), count/sum/min`,
    ROWS,
    time(() => drainCount(new HashAggregateExec(new ValuesExec(batches), [0], countSpec, [INTEGER, DOUBLE]))),
  );
}

// Keys spread over the int32 range force the hashed (open-addressing) path instead of the direct array.
for (const distinct of [1_000, 100_000]) {
  const dense = randomKeys(ROWS, distinct, distinct);
  const keys = new Int32Array(ROWS);
  for (let i = 0; i < ROWS; i++) keys[i] = Math.imul(dense[i], 0x9e3779b1);
  const batches = toBatches([new Vector(INTEGER, keys, null, null, ROWS), valueVec], ROWS);
  const spec = [{ kind: 'sum' as const, argCol: 1, distinct: false, outputType: DOUBLE }];
  report(
    `group by sparse int (${distinct} keys, hashed), sum`,
    ROWS,
    time(() => drainCount(new HashAggregateExec(new ValuesExec(batches), [0], spec, [INTEGER, DOUBLE]))),
  );
}

{
  const BUILD = 100_000;
  const buildKeys = new Int32Array(BUILD);
  for (let i = 0; i < BUILD; i++) buildKeys[i] = i;
  // Shuffle so the build side is not in key order.
  const r = rng(5);
  for (let i = BUILD - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = buildKeys[i];
    buildKeys[i] = buildKeys[j];
    buildKeys[j] = t;
  }
  const buildPayload = randomKeys(BUILD, 1000, 6);
  const buildBatches = toBatches(
    [new Vector(INTEGER, buildKeys, null, null, BUILD), new Vector(INTEGER, buildPayload, null, null, BUILD)],
    BUILD,
  );
  const probeKeys = randomKeys(ROWS, BUILD, 7);
  const probeBatches = toBatches([new Vector(INTEGER, probeKeys, null, null, ROWS), valueVec], ROWS);
  const types = [INTEGER, DOUBLE];
  const buildTypes = [INTEGER, INTEGER];
  report(
    `hash join ${ROWS} probe x ${BUILD} build (inner)`,
    ROWS,
    time(() =>
      drainCount(
        new HashJoinExec(new ValuesExec(probeBatches), new ValuesExec(buildBatches), [0], [0], 'inner', null, types, buildTypes),
      ),
    ),
  );
  report(
    `hash join + sum(double) group by build payload`,
    ROWS,
    time(() => {
      const join = new HashJoinExec(new ValuesExec(probeBatches), new ValuesExec(buildBatches), [0], [0], 'inner', null, types, buildTypes);
      const spec = [{ kind: 'sum' as const, argCol: 1, distinct: false, outputType: DOUBLE }];
      return drainCount(new HashAggregateExec(join, [3], spec, [...types, ...buildTypes]));
    }),
  );
  report(
    `  baseline: dense array lookup by key`,
    ROWS,
    time(() => {
      const pos = new Int32Array(BUILD);
      for (let i = 0; i < BUILD; i++) pos[buildKeys[i]] = i;
      let hits = 0;
      for (let i = 0; i < ROWS; i++) hits += buildPayload[pos[probeKeys[i]]] >= 0 ? 1 : 0;
      return hits;
    }),
  );
}
