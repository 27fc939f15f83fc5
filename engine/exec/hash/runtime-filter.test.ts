/** Unit tests for the runtime key filters a join builds: range, byte and bit forms, order of application. */
import { describe, expect, it } from 'vitest';
import { keyFilterSelect } from '../../../storage/read/key-filter.js';
import { INTEGER } from '../../types/data-type.js';
import { vectorOf } from '../test-helpers.js';
import { addRuntimeFilter, buildRuntimeFilter } from './runtime-filter.js';

describe('buildRuntimeFilter', () => {
  const keys = vectorOf(INTEGER, [40, 7, null, 33, 7, 100]);

  it('records min, max and the present keys as bytes and bits, NULLs left out', () => {
    const f = buildRuntimeFilter(keys, 2, 'k IN keys(d)');
    expect(f).not.toBeNull();
    const { min, max, bits, bitset } = f!;
    expect([min, max]).toEqual([7, 100]);
    const present = (v: number) => [bits![v - min], (bitset![(v - min) >>> 5] >>> ((v - min) & 31)) & 1];
    for (const v of [7, 33, 40, 100]) expect(present(v)).toEqual([1, 1]);
    for (const v of [8, 32, 99]) expect(present(v)).toEqual([0, 0]);
    expect(buildRuntimeFilter(vectorOf(INTEGER, [null, null]), 0, '')).toBeNull();
  });

  it('selects the same rows with the bit form as with the byte form, with and without a selection', () => {
    const f = buildRuntimeFilter(keys, 0, '')!;
    const probe = vectorOf(INTEGER, [7, 8, -5, 100, 101, 33, 2_000_000_000, 40, 6]);
    const expected = [0, 3, 5, 7];
    for (const form of [f, { ...f, bitset: null }]) {
      const out = new Int32Array(9);
      expect([...out.subarray(0, keyFilterSelect(form, probe, null, 9, out))]).toEqual(expected);
      const sel = Int32Array.from([1, 3, 4, 7]);
      expect([...out.subarray(0, keyFilterSelect(form, probe, sel, 4, out))]).toEqual([3, 7]);
    }
  });

  it('keeps a scan\'s filters ordered from the most selective', () => {
    const list = [buildRuntimeFilter(keys, 0, 'a')!, buildRuntimeFilter(keys, 1, 'b')!, buildRuntimeFilter(keys, 2, 'c')!];
    const filters: typeof list = [];
    addRuntimeFilter(filters, list[0], 0.5);
    addRuntimeFilter(filters, list[1], 0.04);
    addRuntimeFilter(filters, list[2], 0.2);
    expect(filters.map((f) => f.label)).toEqual(['b', 'c', 'a']);
  });
});
