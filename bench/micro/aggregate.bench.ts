/**
 * Hash aggregate kernels: `sum(INTEGER)` grouped by an INTEGER key with few groups (the
 * year x brand groups of SSB Q2.1) and with many, against a dense array indexed by key.
 */
import { HashAggregateExec } from '../../engine/exec/hash-aggregate-exec.js';
import type { ExecOperator } from '../../engine/exec/operator.js';
import { ValuesExec } from '../../engine/exec/values-exec.js';
import { BIGINT, INTEGER } from '../../engine/types/data-type.js';
import { Batch, VECTOR_SIZE } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';
import { type KernelCase, randomInts } from './micro-harness.js';

function toBatches(cols: readonly Vector[], n: number): Batch[] {
  const out: Batch[] = [];
  for (let s = 0; s < n; s += VECTOR_SIZE) {
    const e = Math.min(n, s + VECTOR_SIZE);
    out.push(new Batch(cols.map((c) => c.slice(s, e)), e - s));
  }
  return out;
}

function drainRows(op: ExecOperator): number {
  let rows = 0;
  for (let b = op.next(); b !== null; b = op.next()) rows += b.length;
  return rows;
}

/** The aggregate cases over `rows` generated rows. */
export function aggregateCases(rows: number): KernelCase[] {
  const revenue = randomInts(rows, 0, 10_000_000, 11);
  return [280, 100_000].map((groups): KernelCase => {
    const keys = randomInts(rows, 0, groups - 1, groups);
    const batches = toBatches([new Vector(INTEGER, keys, null, null, rows), new Vector(INTEGER, revenue, null, null, rows)], rows);
    const spec = [{ kind: 'sum' as const, argCol: 1, distinct: false, outputType: BIGINT }];
    return {
      name: `HashAggregateExec: sum(int) by int key, ${groups} groups`,
      rows,
      kernel: () => drainRows(new HashAggregateExec(new ValuesExec(batches), [0], spec, [INTEGER, INTEGER])),
      baselineName: 'Float64Array of sums indexed by key',
      baseline: () => {
        const sums = new Float64Array(groups);
        for (let i = 0; i < rows; i++) sums[keys[i]] += revenue[i];
        let n = 0;
        for (let g = 0; g < groups; g++) n += sums[g] !== 0 ? 1 : 0;
        return n;
      },
    };
  });
}
