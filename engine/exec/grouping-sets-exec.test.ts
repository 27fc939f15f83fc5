import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../test/helpers/seeded-random.js';
import { BIGINT, type DataType, DOUBLE, INTEGER, VARCHAR } from '../types/data-type.js';
import { GroupingSetsExec } from './grouping-sets-exec.js';
import { HashAggregateExec } from './hash-aggregate-exec.js';
import type { AggregateSpec } from './hash/aggregate-states.js';
import { type Cell, drain, sortedRows, ValuesSource } from './test-helpers.js';

// Input: 0 a (VARCHAR), 1 b (INTEGER), 2 c (INTEGER), 3 x (INTEGER).
const TYPES: DataType[] = [VARCHAR, INTEGER, INTEGER, INTEGER];
const AGGS: AggregateSpec[] = [
  { kind: 'count_star', argCol: -1, distinct: false, outputType: BIGINT },
  { kind: 'sum', argCol: 3, distinct: false, outputType: BIGINT },
  { kind: 'min', argCol: 0, distinct: false, outputType: VARCHAR },
  { kind: 'count', argCol: 3, distinct: true, outputType: BIGINT },
  { kind: 'median', argCol: 3, distinct: false, outputType: DOUBLE, options: { fraction: 0.5 } },
];

function data(n: number): Cell[][] {
  const r = new SeededRandom(n);
  return Array.from({ length: n }, () => [
    r.chance(0.1) ? null : r.pick(['x', 'y', 'z']),
    r.chance(0.1) ? null : r.int(0, 4),
    r.int(0, 2),
    r.chance(0.2) ? null : r.int(0, 30),
  ]);
}

/** One plain GROUP BY per set: the group columns of the set, NULL for the others, then the aggregates. */
function perSet(rows: Cell[][], set: number[]): Cell[][] {
  const out = drain(new HashAggregateExec(new ValuesSource(TYPES, rows), set, AGGS, TYPES));
  return out.map((r) => [...[0, 1, 2].map((g) => (set.includes(g) ? r[set.indexOf(g)] : null)), ...r.slice(set.length)]);
}

describe('GroupingSetsExec', () => {
  const sets = [[0, 1, 2], [0, 1], [0], [], [2, 1], [1]];

  it('matches one GROUP BY per set, for ROLLUP and CUBE-like sets, with GROUPING() values', () => {
    const rows = data(3000);
    const op = new GroupingSetsExec(new ValuesSource(TYPES, rows, { batchSize: 500, withSel: true }), [VARCHAR, INTEGER, INTEGER], AGGS, [...TYPES], sets, [[0, 1, 2], [1]], BIGINT);
    const got = drain(op);
    const want: Cell[][] = [];
    for (const s of sets) {
      const bits = [0, 1, 2].reduce((acc, g) => acc * 2 + (s.includes(g) ? 0 : 1), 0);
      for (const r of perSet(rows, s)) want.push([...r, bits, s.includes(1) ? 0 : 1]);
    }
    const round = (rs: Cell[][]) => sortedRows(rs.map((r) => r.map((v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v))));
    expect(round(got)).toEqual(round(want));
  });

  it('emits the grand total row on an empty input', () => {
    const op = new GroupingSetsExec(new ValuesSource(TYPES, []), [VARCHAR, INTEGER, INTEGER], AGGS, [...TYPES], [[0], []], [], BIGINT);
    expect(drain(op)).toEqual([[null, null, null, 0, null, null, 0, null]]);
  });
});
