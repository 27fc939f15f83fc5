/** Tests of the segment scan: predicates evaluated on encoded blocks equal the same filter on decoded values, runtime key filters, late materialization. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INTEGER, VARCHAR } from '../../engine/types/data-type.js';
import { Batch } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';
import type { EncodingId } from '../encoding/codec.js';
import { NodeFileSystem } from '../io/file-system.js';
import { emptyScanStats, type RuntimeKeyFilter, type ScanOptions, type ScanPredicate, TableData } from '../table-data.js';
import { BlockCache } from './block-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const N = 5000;
const WORDS = ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape'];

/** Deterministic rows: k sorted with runs, v random small ints with NULLs, s strings with NULLs. */
function makeRows(): { k: number[]; v: (number | null)[]; s: (string | null)[] } {
  let seed = 42;
  const rnd = (m: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % m;
  const k: number[] = [];
  const v: (number | null)[] = [];
  const s: (string | null)[] = [];
  for (let i = 0; i < N; i++) {
    k.push(Math.floor(i / 7));
    v.push(rnd(10) === 0 ? null : rnd(50) - 10);
    s.push(rnd(12) === 0 ? null : WORDS[rnd(WORDS.length)]);
  }
  return { k, v, s };
}

function vectorOf(values: (number | null)[]): Vector {
  const data = new Int32Array(values.length);
  const valid = new Uint8Array(values.length);
  values.forEach((x, i) => {
    data[i] = x ?? 0;
    valid[i] = x === null ? 0 : 1;
  });
  return new Vector(INTEGER, data, valid, null, values.length);
}

function stringVector(values: (string | null)[]): Vector {
  const dict = [...new Set(values.filter((x): x is string => x !== null))];
  const data = new Int32Array(values.length);
  const valid = new Uint8Array(values.length);
  values.forEach((x, i) => {
    data[i] = x === null ? 0 : dict.indexOf(x);
    valid[i] = x === null ? 0 : 1;
  });
  return new Vector(VARCHAR, data, valid, dict, values.length);
}

/** A table of the rows above flushed to one segment, every block in `encoding` (or the automatic choice). */
function storedTable(encoding: EncodingId | undefined, cache: BlockCache): TableData {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-scan-'));
  dirs.push(dir);
  let next = 0;
  const data = new TableData('t', [INTEGER, INTEGER, VARCHAR], ['k', 'v', 's'], {
    fsys: new NodeFileSystem(),
    cache,
    newSegmentPath: () => path.join(dir, `${next++}.seg`),
    writeOptions: () => ({ blockRows: 512, rowGroupRows: 2048, forceEncoding: encoding }),
  });
  const rows = makeRows();
  data.append(new Batch([vectorOf(rows.k), vectorOf(rows.v), stringVector(rows.s)], N));
  data.flush();
  return data;
}

/** Every live row of a scan of all three columns, as [k, v, s]. */
function collect(data: TableData, options: ScanOptions): unknown[][] {
  const out: unknown[][] = [];
  for (const b of data.scan([0, 1, 2], options)) {
    for (let j = 0; j < b.length; j++) {
      const i = b.rowIndex(j);
      out.push(b.columns.map((c) => (c.isNull(i) ? null : c.dict !== null ? c.dict[c.data[i]] : c.data[i])));
    }
  }
  return out;
}

function matches(p: ScanPredicate, x: unknown): boolean {
  if (x === null) return false;
  if (p.kind === 'in') return p.values.includes(x as number | string);
  const lo = p.lo === null || (p.loInclusive ? (x as number) >= (p.lo as number) : (x as number) > (p.lo as number));
  const hi = p.hi === null || (p.hiInclusive ? (x as number) <= (p.hi as number) : (x as number) < (p.hi as number));
  return lo && hi;
}

const PREDICATES: ScanPredicate[][] = [
  [{ column: 1, kind: 'range', lo: 0, hi: 9, loInclusive: true, hiInclusive: false }],
  [{ column: 1, kind: 'in', values: [3, -10, 39] }],
  [{ column: 0, kind: 'range', lo: 100, hi: 130, loInclusive: false, hiInclusive: true }],
  [{ column: 2, kind: 'in', values: ['fig', 'kiwi'] }],
  [{ column: 2, kind: 'range', lo: 'banana', hi: 'date', loInclusive: true, hiInclusive: true }],
  [
    { column: 1, kind: 'range', lo: null, hi: 5, loInclusive: false, hiInclusive: true },
    { column: 2, kind: 'range', lo: 'c', hi: null, loInclusive: true, hiInclusive: false },
  ],
  [{ column: 1, kind: 'in', values: [1000] }],
];

describe('segment scan', () => {
  for (const encoding of [undefined, 'plain', 'rle', 'dictionary', 'bitmap', 'bitpack', 'delta'] as const) {
    it(`filters on ${encoding ?? 'automatically chosen'} blocks exactly as on decoded values, cold and cached`, () => {
      const cache = new BlockCache(64 * 1024 * 1024);
      const data = storedTable(encoding, cache);
      const all = collect(data, {});
      expect(all.length).toBe(N);
      for (const preds of PREDICATES) {
        const expected = all.filter((row) => preds.every((p) => matches(p, row[p.column])));
        // Cold: predicates run on the encoded blocks and only matching rows come back.
        cache.clear();
        expect(collect(data, { predicates: preds }), JSON.stringify(preds)).toEqual(expected);
        // Warm: fully cached blocks come back whole (the scan operator's compiled filter is
        // faster on decoded values); zone maps still prune, and no matching row is lost.
        const warm = collect(data, { predicates: preds });
        expect(warm.length).toBeLessThanOrEqual(N);
        expect(warm.filter((row) => preds.every((p) => matches(p, row[p.column]))), JSON.stringify(preds)).toEqual(expected);
        // Half warm: k cached, v and s not: predicates on k run on decoded values, the others encoded.
        cache.clear();
        for (const b of data.scan([0])) expect(b.length).toBeGreaterThan(0);
        expect(collect(data, { predicates: preds }), JSON.stringify(preds)).toEqual(expected);
      }
      data.close();
    });
  }

  it('applies runtime key filters by zone map and by key bitmap, counting the rows removed', () => {
    const data = storedTable(undefined, new BlockCache(0));
    const bits = new Uint8Array(11);
    bits[0] = 1; // k = 100
    bits[10] = 1; // k = 110
    const f: RuntimeKeyFilter = { column: 0, min: 100, max: 110, bits, label: 'k IN keys(d)', rowsRemoved: 0 };
    const stats = emptyScanStats();
    const rows = collect(data, { runtimeFilters: [f], stats });
    expect(rows.map((r) => r[0])).toEqual([...Array(7).fill(100), ...Array(7).fill(110)]);
    // k = i / 7 is sorted: only the one 512-row block holding k 100..110 passes its zone map.
    expect(stats.blocksRead).toBe(1);
    expect(stats.blocksSkipped).toBe(Math.ceil(N / 512) - 1);
    expect(f.rowsRemoved).toBe(512 - 14);
    data.close();
  });

  it('decodes the other columns only for blocks with live rows (late materialization)', () => {
    const data = storedTable('bitpack', new BlockCache(0));
    const full = emptyScanStats();
    collect(data, { stats: full });
    expect(full.blocksRead).toBe(Math.ceil(N / 512));
    // k = 3.5 and 100.5 lie inside two blocks' zone maps, but no row holds them: the predicate
    // runs on the bit-packed offsets and nothing is decoded at all.
    const none = emptyScanStats();
    expect(collect(data, { predicates: [{ column: 0, kind: 'in', values: [3.5, 100.5] }], stats: none })).toEqual([]);
    expect(none.blocksRead).toBe(2);
    expect(none.blocksEliminated).toBe(2);
    expect(none.bytesDecoded).toBe(0);
    // k = 3: one block read and decoded (three columns of 512 rows, plus validity).
    const one = emptyScanStats();
    expect(collect(data, { predicates: [{ column: 0, kind: 'in', values: [3] }], stats: one }).length).toBe(7);
    expect(one.blocksRead).toBe(1);
    expect(one.bytesDecoded).toBeLessThanOrEqual(3 * 512 * 5);
    expect(one.bytesDecoded * 5).toBeLessThan(full.bytesDecoded);
    data.close();
  });
});
