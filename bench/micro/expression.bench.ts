/**
 * Measures the expression strategy and the batch size: a generated fused kernel (what the
 * engine uses) against an interpreter that runs one typed-array loop per operator, at several
 * batch sizes. Run: `npm run build && node dist/bench/micro/expression.bench.js`.
 */
import { compilePredicate, EMPTY_ENV } from '../../engine/expr/compile.js';
import type { BoundExpr } from '../../engine/expr/expr.js';
import { BOOLEAN, INTEGER } from '../../engine/types/data-type.js';
import { Batch } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';

const N = 6_000_000;
const cols = [0, 1, 2, 3].map((c) => {
  const a = new Int32Array(N);
  let s = 12345 + c;
  for (let i = 0; i < N; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    a[i] = s % 100;
  }
  return a;
});

const col = (cid: number): BoundExpr => ({ kind: 'column', cid, type: INTEGER, name: `c${cid}` });
const k = (v: number): BoundExpr => ({ kind: 'const', value: v, type: INTEGER });
// (c0 * c1 + c2 > 100) AND (c3 < 50)
const pred: BoundExpr = {
  kind: 'and',
  type: BOOLEAN,
  args: [
    { kind: 'op', op: '>', type: BOOLEAN, args: [{ kind: 'op', op: '+', type: INTEGER, args: [{ kind: 'op', op: '*', type: INTEGER, args: [col(0), col(1)] }, col(2)] }, k(100)] },
    { kind: 'op', op: '<', type: BOOLEAN, args: [col(3), k(50)] },
  ],
};
const layout = new Map([
  [0, 0],
  [1, 1],
  [2, 2],
  [3, 3],
]);

function runCompiled(batchSize: number): number {
  const p = compilePredicate(pred, layout);
  const out = new Int32Array(batchSize);
  let total = 0;
  for (let start = 0; start < N; start += batchSize) {
    const end = Math.min(N, start + batchSize);
    const vs = cols.map((a) => new Vector(INTEGER, a.subarray(start, end), null, null, end - start));
    total += p.select(new Batch(vs, end - start), EMPTY_ENV, out);
  }
  return total;
}

/** One loop per operator over the batch, materializing each intermediate (a classic vectorized interpreter). */
function runInterpreted(batchSize: number): number {
  const t1 = new Float64Array(batchSize);
  const t2 = new Uint8Array(batchSize);
  const t3 = new Uint8Array(batchSize);
  const out = new Int32Array(batchSize);
  let total = 0;
  for (let start = 0; start < N; start += batchSize) {
    const n = Math.min(N, start + batchSize) - start;
    const [a, b, c, d] = cols.map((x) => x.subarray(start, start + n));
    for (let i = 0; i < n; i++) t1[i] = a[i] * b[i];
    for (let i = 0; i < n; i++) t1[i] = t1[i] + c[i];
    for (let i = 0; i < n; i++) t2[i] = t1[i] > 100 ? 1 : 0;
    for (let i = 0; i < n; i++) t3[i] = d[i] < 50 ? 1 : 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      out[m] = i;
      m += t2[i] & t3[i];
    }
    total += m;
  }
  return total;
}

function time(label: string, f: () => number): void {
  f(); // warm-up (also compiles)
  const times: number[] = [];
  let r = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    r = f();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  console.log(`${label.padEnd(28)} median ${times[3].toFixed(1)} ms  (${r} rows)`);
}

for (const size of [512, 1024, 2048, 4096, 16384]) {
  time(`compiled, batch ${size}`, () => runCompiled(size));
  time(`interpreted, batch ${size}`, () => runInterpreted(size));
}
