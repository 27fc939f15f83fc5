/** Unit tests for ValuesExec: replay, empty and oversized batches. */
import { describe, expect, it } from 'vitest';
import { INTEGER, VARCHAR } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { batchOf, drain } from './test-helpers.js';
import { ValuesExec } from './values-exec.js';

describe('ValuesExec', () => {
  it('replays batches in order, skipping empty ones', () => {
    const a = batchOf([INTEGER, VARCHAR], [[1, 'x'], [2, null]]);
    const empty = batchOf([INTEGER, VARCHAR], []);
    const b = batchOf([INTEGER, VARCHAR], [[3, 'y']]);
    expect(drain(new ValuesExec([a, empty, b]))).toEqual([
      [1, 'x'],
      [2, null],
      [3, 'y'],
    ]);
    expect(drain(new ValuesExec([]))).toEqual([]);
  });

  it('cuts batches larger than VECTOR_SIZE and keeps zero-column batches', () => {
    const n = VECTOR_SIZE + 10;
    const big = batchOf([INTEGER], Array.from({ length: n }, (_, i) => [i]));
    const op = new ValuesExec([big]);
    expect(op.next()?.length).toBe(VECTOR_SIZE);
    expect(op.next()?.length).toBe(10);
    expect(op.next()).toBeNull();
    expect(drain(new ValuesExec([new Batch([], 3)]))).toEqual([[], [], []]);
  });
});
