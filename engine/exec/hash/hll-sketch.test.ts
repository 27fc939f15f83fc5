import { describe, expect, it } from 'vitest';
import { StrataError } from '../../errors.js';
import { BIGINT, DOUBLE, INTEGER, VARCHAR } from '../../types/data-type.js';
import { Vector } from '../../vector/vector.js';
import { HllAggregateState, mergeSketches, mergeSketchRuns, sketchEstimate } from './hll-aggregate-state.js';
import { HLL_M, numberUpdate, registerIndex, registerRank, SPARSE_P, stringUpdate } from './hll-sketch.js';

const STANDARD_ERROR = 1.04 / Math.sqrt(HLL_M);

/** A single-group state fed the integers [from, to) (one group, in batches of 2048). */
function sketchOf(from: number, to: number, output: 'estimate' | 'sketch' = 'sketch'): HllAggregateState {
  const s = new HllAggregateState('values', output);
  s.resize(1);
  const gids = new Int32Array(2048);
  for (let start = from; start < to; start += 2048) {
    const n = Math.min(2048, to - start);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = start + i;
    s.update(gids, new Vector(BIGINT, data, null, null, n), null, n);
  }
  return s;
}

const textOf = (s: HllAggregateState): string | null => s.finish(1).get(0) as string | null;

/** Sketch text decoded into a state and encoded again. */
function reencoded(text: string): string {
  const s = new HllAggregateState('sketches', 'sketch');
  s.resize(1);
  s.update(new Int32Array(1), new Vector(VARCHAR, new Int32Array(1), null, [text], 1), null, 1);
  return textOf(s)!;
}

describe('HyperLogLog sketch', () => {
  it('estimates within a few standard errors from 0 to 1M distinct values (exact when small)', () => {
    const errors: Record<number, number> = {};
    for (const n of [0, 1, 10, 100, 256, 257, 1000, 100_000, 1_000_000]) {
      const estimate = sketchOf(0, n, 'estimate').finish(1).get(0) as number;
      // Up to 256 values the sketch is sparse (2^25 buckets): exact unless two values share a bucket.
      if (n <= 256) expect(estimate).toBe(n);
      else {
        errors[n] = Math.abs(estimate - n) / n;
        expect(errors[n]).toBeLessThan(3 * STANDARD_ERROR);
      }
    }
    // The same values in another physical form (INTEGER in an Int32Array, DOUBLE) hash the same.
    const s = new HllAggregateState('values', 'estimate');
    s.resize(1);
    const ints = Int32Array.from({ length: 1000 }, (_, i) => i - 500);
    s.update(new Int32Array(1000), new Vector(INTEGER, ints, null, null, 1000), null, 1000);
    s.update(new Int32Array(1000), new Vector(DOUBLE, Float64Array.from(ints), null, null, 1000), null, 1000);
    expect(Math.abs((s.finish(1).get(0) as number) - 1000)).toBeLessThan(1000 * 3 * STANDARD_ERROR);
    expect(numberUpdate(-0)).toBe(numberUpdate(0));
    expect(numberUpdate(2 ** 40)).not.toBe(numberUpdate(2 ** 40 + 1));
    // An update's dense register: index below HLL_M, rank 1..53.
    for (let v = 0; v < 1000; v++) {
      const u = numberUpdate(v);
      expect(u >>> 6).toBeLessThan(2 ** SPARSE_P);
      expect(registerIndex(u)).toBeLessThan(HLL_M);
      expect(registerRank(u)).toBeGreaterThanOrEqual(1);
      expect(registerRank(u)).toBeLessThanOrEqual(53);
    }
  });

  it('merges losslessly: the union of two sketches is the sketch of the union', () => {
    for (const [a, b] of [
      [100, 150],
      [3000, 5000],
      [40_000, 90_000],
    ]) {
      const left = sketchOf(0, a);
      const right = sketchOf(a / 2, b);
      const union = sketchOf(0, b);
      expect(mergeSketches(textOf(left), textOf(right))).toBe(textOf(union));
      left.mergeFrom(right, new Int32Array([0]), 1);
      expect(textOf(left)).toBe(textOf(union));
      expect(sketchEstimate(textOf(left)!)).toBe(sketchOf(0, b, 'estimate').finish(1).get(0));
    }
    expect(mergeSketches(null, 'HMs')).toBe('HMs');
    expect(mergeSketches(null, null)).toBe(null);
    // Runs of stored sketches (the compaction merge): [a, b], [NULL], [c].
    const texts = [textOf(sketchOf(0, 100)), textOf(sketchOf(50, 400)), null, textOf(sketchOf(7, 8))];
    const codes = new Int32Array([0, 1, 0, 3]);
    const runs = mergeSketchRuns(new Vector(VARCHAR, codes, new Uint8Array([1, 1, 0, 1]), texts as string[], 4), new Int32Array([0, 2, 3, 4]), 3);
    expect([runs.get(0), runs.get(1), runs.get(2)]).toEqual([textOf(sketchOf(0, 400)), null, textOf(sketchOf(7, 8))]);
  });

  it('stays sparse for few distinct values and turns dense as it grows, whatever the order of merges', () => {
    const sparse = textOf(sketchOf(0, 256))!;
    expect(sparse.startsWith('HMs')).toBe(true);
    expect(sparse.length).toBe(3 + 6 * 256);
    // The 257th value makes it dense; with few nonzero registers the text lists them.
    const listed = textOf(sketchOf(0, 257))!;
    expect(listed.startsWith('HMr')).toBe(true);
    const dense = textOf(sketchOf(0, 5000))!;
    expect(dense.startsWith('HMd')).toBe(true);
    expect(dense.length).toBe(3 + HLL_M);
    for (const text of [sparse, listed, dense]) expect(reencoded(text)).toBe(text);
    // Two sparse halves whose union crosses the threshold give the dense sketch of the whole.
    expect(mergeSketches(textOf(sketchOf(0, 200)), textOf(sketchOf(150, 300)))).toBe(textOf(sketchOf(0, 300)));
    expect(mergeSketches(textOf(sketchOf(0, 200)), textOf(sketchOf(100, 250)))).toBe(textOf(sketchOf(0, 250)));
  });

  it('keeps groups with few distinct values small', () => {
    const groups = 100_000;
    const s = new HllAggregateState('values', 'sketch');
    s.resize(groups);
    const gids = Int32Array.from({ length: groups }, (_, i) => i);
    const data = Float64Array.from({ length: groups }, (_, i) => i % 7);
    s.update(gids, new Vector(BIGINT, data, null, null, groups), null, groups);
    // Per group: 16 bytes of metadata plus a 2-slot table (8 bytes), with the arena's slack.
    expect(s.byteSize / groups).toBeLessThan(40);
    expect(s.finish(groups).get(3)).toBe(textOf(sketchOf(3, 4)));
  });

  it('hashes strings once per dictionary entry, skips NULLs, and unions sketch texts', () => {
    const dict = ['a', 'b', 'c', 'a'.repeat(100)];
    const s = new HllAggregateState('values', 'sketch');
    s.resize(2);
    const codes = new Int32Array([0, 1, 2, 3, 0, 1]);
    const validity = new Uint8Array([1, 1, 1, 1, 0, 1]);
    s.update(new Int32Array([0, 0, 0, 1, 1, 1]), new Vector(VARCHAR, codes, validity, dict, 6), null, 6);
    const out = s.finish(2);
    expect(sketchEstimate(out.get(0) as string)).toBe(3);
    expect(sketchEstimate(out.get(1) as string)).toBe(2);
    expect(stringUpdate('a')).not.toBe(stringUpdate('b'));

    const union = new HllAggregateState('sketches', 'estimate');
    union.resize(1);
    union.update(new Int32Array(2), out, null, 2);
    expect(union.finish(1).get(0)).toBe(4);
  });

  it('rejects text that is not a sketch', () => {
    for (const bad of ['', 'hello', 'HMx', 'HMsAAAAA', 'HAsAAAAAB', 'HMsAAAAA!', 'HMrAAA', 'HMd' + 'A'.repeat(10), 'HMs' + '_'.repeat(6)]) {
      expect(() => sketchEstimate(bad)).toThrow(StrataError);
    }
  });
});
