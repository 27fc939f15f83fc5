/** Tests of ColumnBuilder's string translation: whole dictionaries, and a few rows of a large one. */
import { describe, expect, it } from 'vitest';
import { VARCHAR } from '../types/data-type.js';
import { ColumnBuilder } from './column-builder.js';
import { Vector } from './vector.js';

const dict = Array.from({ length: 1000 }, (_, i) => `v${i}`);

function rows(codes: (number | null)[], d: string[] = dict): Vector {
  return new Vector(VARCHAR, Int32Array.from(codes.map((c) => c ?? 0)), Uint8Array.from(codes.map((c) => (c === null ? 0 : 1))), d, codes.length);
}

function values(v: Vector): (string | number | null)[] {
  return Array.from({ length: v.length }, (_, i) => v.get(i));
}

describe('ColumnBuilder strings', () => {
  it('appends a few rows of a large dictionary with only their strings in its dictionary', () => {
    const b = new ColumnBuilder(VARCHAR);
    b.appendVector(rows([10, 500, null, 10]), null, 4);
    b.appendVector(rows([999, 3, 500, 10]), Int32Array.from([2, 0]), 2);
    // 2,000 rows of 1,000 entries: still under 4 per entry.
    b.appendVector(rows(Array.from({ length: 2000 }, (_, i) => (i % 2) * 999)), null, 2000);
    const v = b.finish();
    expect(values(v).slice(0, 8)).toEqual(['v10', 'v500', null, 'v10', 'v500', 'v999', 'v0', 'v999']);
    expect(v.dict).toEqual(['v10', 'v500', 'v0', 'v999']);
  });

  it('mixes sparse and whole translations of one dictionary, and follows a dictionary that grew', () => {
    const grown = dict.slice(0, 8);
    const b = new ColumnBuilder(VARCHAR);
    b.appendVector(rows([7, 1], grown), null, 2);
    // 40 rows: more than 4 per entry of the 8-entry dictionary, so the whole of it is translated.
    b.appendVector(rows(Array(40).fill(2), grown), null, 40);
    grown.push('late', 'later');
    b.appendVector(rows([9, 8, 1, 2, 3, 4, 5, 6], grown), null, 8);
    b.appendVector(rows([700]), null, 1);
    expect(values(b.finish())).toEqual(['v7', 'v1', ...Array(40).fill('v2'), 'later', 'late', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v700']);
  });
});
