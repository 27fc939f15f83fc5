/**
 * Hash join kernels in the star-join shape: build on a dimension's unique keys (200,000 parts,
 * shuffled), then probe with the fact table's foreign keys; against a dense position array.
 */
import { HashJoinExec } from '../../engine/exec/hash-join-exec.js';
import type { ExecOperator } from '../../engine/exec/operator.js';
import { ValuesExec } from '../../engine/exec/values-exec.js';
import { INTEGER } from '../../engine/types/data-type.js';
import { Batch, VECTOR_SIZE } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';
import { type KernelCase, randomInts, seededRandom } from './micro-harness.js';

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

/** The join cases: `rows` probe rows against a 200,000-row build side. */
export function joinCases(rows: number): KernelCase[] {
  const build = 200_000;
  const buildKeys = new Int32Array(build);
  for (let i = 0; i < build; i++) buildKeys[i] = i + 1;
  const r = seededRandom(5);
  for (let i = build - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = buildKeys[i];
    buildKeys[i] = buildKeys[j];
    buildKeys[j] = t;
  }
  const payload = randomInts(build, 0, 999, 6);
  const buildBatches = toBatches([new Vector(INTEGER, buildKeys, null, null, build), new Vector(INTEGER, payload, null, null, build)], build);
  const probeKeys = randomInts(rows, 1, build, 7);
  const probeBatches = toBatches([new Vector(INTEGER, probeKeys, null, null, rows)], rows);
  const types = [INTEGER];
  const buildTypes = [INTEGER, INTEGER];
  const denseBuild = (): Int32Array => {
    const pos = new Int32Array(build + 1).fill(-1);
    for (let i = 0; i < build; i++) pos[buildKeys[i]] = i;
    return pos;
  };
  // A star's selective dimension: 1 part in 25 survives its filter (SSB Q2.1's p_category).
  const kept = buildKeys.filter((_, i) => i % 25 === 0);
  const keptBatches = toBatches([new Vector(INTEGER, kept, null, null, kept.length), new Vector(INTEGER, payload.subarray(0, kept.length), null, null, kept.length)], kept.length);
  return [
    {
      name: `HashJoinExec build: ${build} unique keys (empty probe)`,
      rows: build,
      kernel: () => drainRows(new HashJoinExec(new ValuesExec([]), new ValuesExec(buildBatches), [0], [0], 'inner', null, types, buildTypes)) + build,
      baselineName: 'dense position array by key',
      baseline: () => denseBuild().length - 1,
    },
    {
      name: `HashJoinExec build + probe: ${rows} probe rows`,
      rows,
      kernel: () => drainRows(new HashJoinExec(new ValuesExec(probeBatches), new ValuesExec(buildBatches), [0], [0], 'inner', null, types, buildTypes)),
      baselineName: 'dense array build + lookup loop',
      baseline: () => {
        const p = denseBuild();
        let hits = 0;
        for (let i = 0; i < rows; i++) hits += p[probeKeys[i]] >= 0 ? 1 : 0;
        return hits;
      },
    },
    {
      // The key bitmap (one byte per key) is read first; only matches look up their build row.
      name: `HashJoinExec build + probe: ${rows} probe rows, ${kept.length} of ${build} keys built`,
      rows,
      kernel: () => drainRows(new HashJoinExec(new ValuesExec(probeBatches), new ValuesExec(keptBatches), [0], [0], 'inner', null, types, buildTypes)),
      baselineName: 'dense position array build + lookup loop',
      baseline: () => {
        const p = new Int32Array(build + 1).fill(-1);
        for (let i = 0; i < kept.length; i++) p[kept[i]] = i;
        let hits = 0;
        for (let i = 0; i < rows; i++) hits += p[probeKeys[i]] >= 0 ? 1 : 0;
        return hits;
      },
    },
  ];
}
