import { describe, expect, it } from 'vitest';
import { BIGINT, type DataType, DATE, decimalType, DOUBLE, INTEGER, TIMESTAMP, VARCHAR } from '../../types/data-type.js';
import { HashAggregateExec } from '../hash-aggregate-exec.js';
import { batchOf, type Cell, drain, ValuesSource } from '../test-helpers.js';
import { AggregateHashTable } from './aggregate-hash-table.js';
import { type AggregateSpec, aggregateOutputType } from './aggregate-states.js';

// Input: 0 g (VARCHAR), 1 x (INTEGER), 2 d (DECIMAL(6,2)), 3 s (VARCHAR), 4 day (DATE).
const TYPES: DataType[] = [VARCHAR, INTEGER, decimalType(6, 2), VARCHAR, DATE];
const ROWS: Cell[][] = [
  ['a', 1, 110, 'k', 0],
  ['a', 2, 160, 'b', 2],
  ['a', 4, 225, null, 1],
  ['a', 10, null, 'z', 31],
  ['b', 7, 300, 'q', -1],
  ['b', null, 450, 'q', null],
  ['c', null, null, null, null],
];

function run(aggs: AggregateSpec[]): Cell[][] {
  return drain(new HashAggregateExec(new ValuesSource(TYPES, ROWS, { batchSize: 3, withSel: true }), [0], aggs, TYPES));
}

const spec = (kind: AggregateSpec['kind'], argCol: number, extra: Partial<AggregateSpec> = {}): AggregateSpec => ({
  kind,
  argCol,
  distinct: false,
  outputType: aggregateOutputType(kind, TYPES[argCol]),
  ...extra,
});

describe('extended aggregate states', () => {
  it('computes variance and standard deviation (sample and population)', () => {
    const out = run([spec('var_samp', 1), spec('var_pop', 1), spec('stddev_samp', 2), spec('stddev_pop', 1)]);
    expect(out[0][1]).toBeCloseTo(16.25, 10);
    expect(out[0][2]).toBeCloseTo(12.1875, 10);
    expect(out[0][3]).toBeCloseTo(Math.sqrt(((1.1 - 1.65) ** 2 + (1.6 - 1.65) ** 2 + (2.25 - 1.65) ** 2) / 2), 10);
    expect(out[1].slice(1)).toEqual([null, 0, expect.closeTo(1.0606601717798212, 10), 0]);
    expect(out[2].slice(1)).toEqual([null, null, null, null]);
  });

  it('computes median and quantiles like DuckDB (decimals rounded down, dates as timestamps)', () => {
    const out = run([
      spec('median', 1, { options: { fraction: 0.5 } }),
      spec('median', 2, { options: { fraction: 0.5 } }),
      spec('quantile_disc', 1, { options: { fraction: 0.3 } }),
      spec('quantile_cont', 1, { options: { fraction: 0.25 } }),
      spec('median', 4, { options: { fraction: 0.5 } }),
      spec('quantile_disc', 3, { options: { fraction: 0.5 } }),
    ]);
    expect(aggregateOutputType('median', DATE)).toEqual(TIMESTAMP);
    expect(aggregateOutputType('median', INTEGER)).toEqual(DOUBLE);
    expect(out[0]).toEqual(['a', 3, 160, 2, 1.75, 1.5 * 86_400_000_000, 'k']);
    expect(out[1]).toEqual(['b', 7, 375, 7, 7, -86_400_000_000, 'q']);
    expect(out[2]).toEqual(['c', null, null, null, null, null, null]);
  });

  it('joins strings in input order or by a key, skipping NULLs', () => {
    const out = run([
      spec('string_agg', 3, { options: { separator: '-' } }),
      spec('string_agg', 3, { arg2Col: 1, options: { separator: ',', orderDesc: true, orderNullsFirst: false } }),
      spec('string_agg', 3, { arg2Col: 3, options: { separator: '', orderDesc: false, orderNullsFirst: false } }),
    ]);
    expect(out).toEqual([
      ['a', 'k-b-z', 'z,b,k', 'bkz'],
      ['b', 'q-q', 'q,q', 'qq'],
      ['c', null, null, null],
    ]);
  });

  it('picks arg_min/arg_max skipping rows with a NULL value or key, first row on ties', () => {
    const out = run([
      spec('arg_min', 3, { arg2Col: 1, outputType: VARCHAR }),
      spec('arg_max', 1, { arg2Col: 3, outputType: INTEGER }),
      spec('arg_max', 0, { arg2Col: 4, outputType: VARCHAR }),
    ]);
    expect(out).toEqual([
      ['a', 'k', 10, 'a'],
      ['b', 'q', 7, 'b'],
      ['c', null, null, null],
    ]);
  });

  it('estimates distinct counts and merges sketches', () => {
    const types = [INTEGER];
    const left = new AggregateHashTable([], [{ kind: 'approx_count_distinct', argCol: 0, distinct: false, outputType: BIGINT }], types);
    const right = new AggregateHashTable([], [{ kind: 'approx_count_distinct', argCol: 0, distinct: false, outputType: BIGINT }], types);
    const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => [from + i]);
    for (let start = 0; start < 30_000; start += 1000) {
      const b = batchOf(types, rows(start, start + 1000));
      left.addBatch([], [b.columns[0]], null, b.length);
      const c = batchOf(types, rows(start + 15_000, start + 16_000));
      right.addBatch([], [c.columns[0]], null, c.length);
    }
    left.merge(right);
    const estimate = left.finish()[0].data[0];
    expect(Math.abs(estimate - 45_000) / 45_000).toBeLessThan(0.05);
  });

  it('rolls value lists and sketches up through AggregateHashTable.rollUp', () => {
    const t = new AggregateHashTable(
      [VARCHAR, INTEGER],
      [spec('median', 1, { options: { fraction: 0.5 } }), spec('string_agg', 3, { options: { separator: '' } }), spec('var_pop', 1)],
      [INTEGER, VARCHAR, INTEGER],
    );
    const b = batchOf(TYPES, ROWS);
    t.addBatch([b.columns[0], b.columns[1]], [b.columns[1], b.columns[3], b.columns[1]], null, b.length);
    const total = t.rollUp([]).finish();
    expect([total[0].get(0), total[1].get(0), total[2].get(0)]).toEqual([4, 'kbzqq', expect.closeTo(10.96, 10)]);
  });
});
