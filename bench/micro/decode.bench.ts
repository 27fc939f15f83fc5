/**
 * Decode kernels: every storage encoding (`storage/encoding/codec.ts`) decoding a column of
 * SSB-like INTEGER values block by block, against a plain copy loop of the same values; and the
 * in-memory dictionary VARCHAR vectors turned into JS strings (what `QueryResult.rowArrays()`
 * does per cell) against a `dict[codes[i]]` loop.
 */
import { VARCHAR } from '../../engine/types/data-type.js';
import { Vector } from '../../engine/vector/vector.js';
import { cellValue } from '../../sql/query-result.js';
import { prepareBlockInput } from '../../storage/encoding/block-input.js';
import { ENCODINGS, type EncodingId } from '../../storage/encoding/codec.js';
import { BLOCK_ROWS } from '../../storage/write/segment-writer.js';
import { type KernelCase, randomInts } from './micro-harness.js';

/** A column whose shape suits `id` (the shape the encoding exists for, taken from SSB columns). */
function columnFor(id: EncodingId, rows: number): { what: string; values: Int32Array } {
  switch (id) {
    case 'rle': {
      // lo_orderdate of a table sorted by date: runs of about 2,500 equal values.
      const v = randomInts(rows, 0, 2405, 31).sort();
      return { what: 'sorted dates (long runs)', values: v.map((d) => 19920101 + d) };
    }
    case 'bitmap':
      return { what: 'lo_discount 0-10', values: randomInts(rows, 0, 10, 32) };
    case 'bitpack':
      return { what: 'lo_quantity 1-50', values: randomInts(rows, 1, 50, 33) };
    case 'delta': {
      // lo_orderkey: ascending with small gaps.
      const gaps = randomInts(rows, 0, 3, 34);
      const v = new Int32Array(rows);
      for (let i = 1; i < rows; i++) v[i] = v[i - 1] + gaps[i];
      return { what: 'ascending keys, gaps 0-3', values: v };
    }
    case 'dictionary': {
      const distinct = randomInts(200, -2_000_000_000, 2_000_000_000, 35);
      return { what: '200 distinct wide-range values', values: randomInts(rows, 0, 199, 36).map((i) => distinct[i]) };
    }
    case 'plain':
      return { what: 'uniform over the int32 range', values: randomInts(rows, -2_000_000_000, 2_000_000_000, 37) };
  }
}

function encodingCases(rows: number): KernelCase[] {
  const cases: KernelCase[] = [];
  const out = new Int32Array(BLOCK_ROWS);
  for (const encoding of ENCODINGS) {
    if (!encoding.supports('i32', true)) continue;
    const { what, values } = columnFor(encoding.id, rows);
    const blocks: { payload: Uint8Array; start: number; n: number }[] = [];
    for (let start = 0; start < rows; start += BLOCK_ROWS) {
      const n = Math.min(BLOCK_ROWS, rows - start);
      const input = prepareBlockInput('i32', values.subarray(start, start + n), null, n, 0, true);
      if (encoding.analyze(input, Infinity) === null) break;
      blocks.push({ payload: encoding.encode(input), start, n });
    }
    if (blocks.length * BLOCK_ROWS < rows) {
      console.log(`(skipped ${encoding.id}: it does not apply to ${what})`);
      continue;
    }
    const bytes = blocks.reduce((s, b) => s + b.payload.length, 0);
    cases.push({
      name: `${encoding.id} decode: ${what}, ${((8 * bytes) / rows).toFixed(1)} bits/value`,
      rows,
      kernel: () => {
        let check = 0;
        for (const b of blocks) {
          encoding.decode(b.payload, b.n, 'i32', out);
          check = (check + out[0] + out[b.n - 1]) | 0;
        }
        return check;
      },
      baselineName: 'copy loop from a plain Int32Array',
      baseline: () => {
        let check = 0;
        for (const b of blocks) {
          for (let i = 0; i < b.n; i++) out[i] = values[b.start + i];
          check = (check + out[0] + out[b.n - 1]) | 0;
        }
        return check;
      },
    });
  }
  return cases;
}

function dictionaryVectorCase(rows: number): KernelCase {
  const dict = Array.from({ length: 1000 }, (_, i) => `Brand#${i}`);
  const codes = randomInts(rows, 0, dict.length - 1, 22);
  const strings = new Vector(VARCHAR, codes, null, dict, rows);
  const out = new Array<string>(rows);
  return {
    name: 'VARCHAR dictionary vector to JS strings (cellValue)',
    rows,
    kernel: () => {
      let len = 0;
      for (let i = 0; i < rows; i++) {
        const s = cellValue(strings, i) as string;
        out[i] = s;
        len += s.length;
      }
      return len;
    },
    baselineName: 'dict[codes[i]] loop',
    baseline: () => {
      let len = 0;
      for (let i = 0; i < rows; i++) {
        const s = dict[codes[i]];
        out[i] = s;
        len += s.length;
      }
      return len;
    },
  };
}

/** The decode cases over `rows` generated rows. */
export function decodeCases(rows: number): KernelCase[] {
  return [...encodingCases(rows), dictionaryVectorCase(rows)];
}
