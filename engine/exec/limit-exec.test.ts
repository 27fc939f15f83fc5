/** Unit tests for LimitExec: offset/limit across batches, early close, zero-copy slices. */
import { describe, expect, it } from 'vitest';
import { INTEGER } from '../types/data-type.js';
import { LimitExec } from './limit-exec.js';
import { type Cell, drain, ValuesSource } from './test-helpers.js';

const rows: Cell[][] = Array.from({ length: 10 }, (_, i) => [i]);

describe('LimitExec', () => {
  it('skips the offset then returns at most limit rows across batches', () => {
    expect(drain(new LimitExec(new ValuesSource([INTEGER], rows, { batchSize: 3 }), 4, 2))).toEqual([[2], [3], [4], [5]]);
    expect(drain(new LimitExec(new ValuesSource([INTEGER], rows, { batchSize: 3, withSel: true }), 4, 2))).toEqual([
      [2],
      [3],
      [4],
      [5],
    ]);
  });

  it('passes everything after the offset without a limit', () => {
    expect(drain(new LimitExec(new ValuesSource([INTEGER], rows, { batchSize: 4 }), null, 7))).toEqual([[7], [8], [9]]);
    expect(drain(new LimitExec(new ValuesSource([INTEGER], rows), null, 20))).toEqual([]);
  });

  it('closes the input and stops pulling once the limit is reached', () => {
    const src = new ValuesSource([INTEGER], rows, { batchSize: 2 });
    const op = new LimitExec(src, 3, 0);
    expect(drain(op)).toEqual([[0], [1], [2]]);
    expect(src.pulled).toBe(2);
    expect(src.closed).toBe(true);
  });

  it('returns nothing for LIMIT 0 without reading the input', () => {
    const src = new ValuesSource([INTEGER], rows);
    expect(drain(new LimitExec(src, 0, 0))).toEqual([]);
    expect(src.pulled).toBe(0);
    expect(src.closed).toBe(true);
  });

  it('does not copy: a dense partial batch is a view of the input columns', () => {
    const src = new ValuesSource([INTEGER], rows);
    const b = new LimitExec(src, 5, 3).next();
    expect(b?.length).toBe(5);
    expect(b?.columns[0].data.byteOffset).toBe(3 * 4);
  });
});
