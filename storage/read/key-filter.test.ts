/** Unit tests for runtime key filter kernels: mask and selection forms agree with a plain reference. */
import { describe, expect, it } from 'vitest';
import { BIGINT, INTEGER } from '../../engine/types/data-type.js';
import { Vector } from '../../engine/vector/vector.js';
import { keyFilterMask, keyFilterSelect } from './key-filter.js';

const keys = [5, 7, 9, 12, 3, 7, 100, -1, 8, 9];
const valid = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1];
// Keys 5..12, of which 7, 9 and 12 join.
const bits = new Uint8Array(8);
bits[2] = bits[4] = bits[7] = 1;
const reference = (i: number, withBits: boolean): boolean =>
  valid[i] === 1 && keys[i] >= 5 && keys[i] <= 12 && (!withBits || [7, 9, 12].includes(keys[i]));

describe('runtime key filters', () => {
  for (const withBits of [true, false]) {
    it(`select rows by key range${withBits ? ' and bitmap' : ''}, never NULL keys`, () => {
      const f = { min: 5, max: 12, bits: withBits ? bits : null };
      const expected = keys.map((_, i) => i).filter((i) => reference(i, withBits));
      for (const [type, data] of [
        [INTEGER, Int32Array.from(keys)],
        [BIGINT, Float64Array.from(keys)],
      ] as const) {
        const v = new Vector(type, data, Uint8Array.from(valid), null, keys.length);
        const out = new Int32Array(keys.length);
        const m = keyFilterSelect(f, v, null, keys.length, out);
        expect(Array.from(out.subarray(0, m))).toEqual(expected);
        // Through a selection vector of the odd rows.
        const sel = Int32Array.from([1, 3, 5, 7, 9]);
        const m2 = keyFilterSelect(f, v, sel, sel.length, out);
        expect(Array.from(out.subarray(0, m2))).toEqual(expected.filter((i) => i % 2 === 1));
        const mask = new Uint8Array(keys.length).fill(1);
        mask[2] = 0;
        const live = keyFilterMask(f, data, Uint8Array.from(valid), keys.length, mask);
        const masked = expected.filter((i) => i !== 2);
        expect(live).toBe(masked.length);
        expect(Array.from(mask)).toEqual(keys.map((_, i) => (masked.includes(i) ? 1 : 0)));
      }
    });
  }
});
