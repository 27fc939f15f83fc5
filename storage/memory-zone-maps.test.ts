/** Tests of in-memory zone maps: a scan of buffered rows skips zones, yet returns every row that passes its predicates and runtime filters. */
import { describe, expect, it } from 'vitest';
import { DOUBLE, INTEGER, VARCHAR } from '../engine/types/data-type.js';
import { Batch } from '../engine/vector/batch.js';
import { Vector } from '../engine/vector/vector.js';
import { ZONE_ROWS } from './memory-zone-maps.js';
import { emptyScanStats, type RuntimeKeyFilter, type ScanPredicate, TableData } from './table-data.js';

const WORDS = ['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'kiwi'];

/** Column values of the test rows: id, k (sorted, runs), v (random, NULLs), d (doubles with NaN, NULLs), s (strings in sorted runs, NULLs). */
interface Rows {
  id: number[];
  k: number[];
  v: (number | null)[];
  d: (number | null)[];
  s: (string | null)[];
}

function makeRows(from: number, n: number, seed: number): Rows {
  const rnd = (m: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % m;
  const r: Rows = { id: [], k: [], v: [], d: [], s: [] };
  for (let i = from; i < from + n; i++) {
    r.id.push(i);
    r.k.push(Math.floor(i / 7));
    r.v.push(rnd(10) === 0 ? null : rnd(50) - 10);
    // Zones 3 and 4 of the table hold a NaN, zone 6 only NULLs.
    const zone = Math.floor(i / ZONE_ROWS);
    r.d.push(zone === 6 || rnd(15) === 0 ? null : (zone === 3 || zone === 4) && rnd(40) === 0 ? NaN : i / 10);
    r.s.push(rnd(20) === 0 ? null : WORDS[Math.floor((i / 1500) % WORDS.length)]);
  }
  return r;
}

function batchOf(r: Rows): Batch {
  const n = r.id.length;
  const num = (type: typeof INTEGER, values: (number | null)[]): Vector => {
    const data = type === DOUBLE ? new Float64Array(n) : new Int32Array(n);
    const valid = new Uint8Array(n);
    values.forEach((x, i) => {
      data[i] = x ?? 0;
      valid[i] = x === null ? 0 : 1;
    });
    return new Vector(type, data, valid, null, n);
  };
  // A dictionary in reverse order: codes do not follow string order.
  const dict = [...WORDS].reverse();
  const codes = new Int32Array(n);
  const valid = new Uint8Array(n);
  r.s.forEach((x, i) => {
    codes[i] = x === null ? 0 : dict.indexOf(x);
    valid[i] = x === null ? 0 : 1;
  });
  return new Batch([num(INTEGER, r.id), num(INTEGER, r.k), num(INTEGER, r.v), num(DOUBLE, r.d), new Vector(VARCHAR, codes, valid, dict, n)], n);
}

/** SQL order of non-NULL values: NaN above every number. */
function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number' && (Number.isNaN(a) || Number.isNaN(b))) return (Number.isNaN(a) ? 1 : 0) - (Number.isNaN(b) ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

function passes(p: ScanPredicate, x: number | string | null): boolean {
  if (x === null) return false;
  if (p.kind === 'in') return p.values.some((v) => compare(x, v) === 0);
  if (p.lo !== null && (p.loInclusive ? compare(x, p.lo) < 0 : compare(x, p.lo) <= 0)) return false;
  if (p.hi !== null && (p.hiInclusive ? compare(x, p.hi) > 0 : compare(x, p.hi) >= 0)) return false;
  return true;
}

const COLUMNS = [0, 1, 2, 3, 4];

/** Row ids a scan returns (live rows of its batches). */
function scanIds(t: TableData, predicates: ScanPredicate[], runtimeFilters: RuntimeKeyFilter[] = []) {
  const stats = emptyScanStats();
  const ids: number[] = [];
  for (const b of t.scan(COLUMNS, { predicates, runtimeFilters, stats })) {
    for (let k = 0; k < b.length; k++) ids.push(b.columns[0].data[b.rowIndex(k)]);
  }
  return { ids: new Set(ids), count: ids.length, stats };
}

function tableOf(...parts: Rows[]): TableData {
  const t = new TableData('t', [INTEGER, INTEGER, INTEGER, DOUBLE, VARCHAR], ['id', 'k', 'v', 'd', 's'], null);
  for (const r of parts) t.append(batchOf(r));
  return t;
}

const range = (column: number, lo: number | string | null, hi: number | string | null, loInclusive = true, hiInclusive = true): ScanPredicate => ({ column, kind: 'range', lo, hi, loInclusive, hiInclusive });

describe('in-memory zone maps', () => {
  // 1,000 + 1 + 3,500 + 499 rows: appends of uneven sizes, an incomplete last zone.
  const parts = [makeRows(0, 1000, 1), makeRows(1000, 1, 2), makeRows(1001, 3500, 3), makeRows(4501, 499, 4)];
  const all: Rows = { id: [], k: [], v: [], d: [], s: [] };
  for (const p of parts) for (const key of Object.keys(all) as (keyof Rows)[]) (all[key] as unknown[]).push(...p[key]);
  const valueOf = (column: number, i: number): number | string | null => [all.id, all.k, all.v, all.d, all.s][column][i];

  const cases: { name: string; preds: ScanPredicate[]; skips: boolean }[] = [
    { name: 'k = const', preds: [{ column: 1, kind: 'in', values: [300] }], skips: true },
    { name: 'k IN list', preds: [{ column: 1, kind: 'in', values: [5, 400, 9999] }], skips: true },
    { name: 'k range', preds: [range(1, 100, 120, false, true)], skips: true },
    { name: 'k open ranges', preds: [range(1, null, 37, true, false), range(1, 2, null, false, false)], skips: true },
    { name: 'v random', preds: [range(2, 38, null)], skips: false },
    { name: 'd above', preds: [range(3, 450, null, false, false)], skips: true },
    { name: 'd below', preds: [range(3, null, 10)], skips: true },
    { name: 'd = NaN-free const', preds: [{ column: 3, kind: 'in', values: [100.1] }], skips: true },
    { name: 'd IN with NaN', preds: [{ column: 3, kind: 'in', values: [NaN] }], skips: false },
    { name: 'd above infinity (only NaN)', preds: [range(3, Infinity, null, false, false)], skips: true },
    { name: 's = const', preds: [{ column: 4, kind: 'in', values: ['cherry'] }], skips: true },
    { name: 's range', preds: [range(4, 'banana', 'date', false, true)], skips: true },
    { name: 's absent', preds: [{ column: 4, kind: 'in', values: ['zzz'] }], skips: true },
    { name: 'mixed', preds: [range(1, 50, 600), { column: 4, kind: 'in', values: ['apple', 'elder'] }], skips: true },
    { name: 'type mismatch is not used', preds: [{ column: 4, kind: 'in', values: [3] }, range(1, 'a', null)], skips: false },
  ];

  for (const c of cases) {
    it(`returns every passing row: ${c.name}`, () => {
      const t = tableOf(...parts);
      const expected = all.id.filter((i) => c.preds.every((p) => passes(p, valueOf(p.column, i))));
      const got = scanIds(t, c.preds);
      for (const i of expected) expect(got.ids.has(i), `row ${i}`).toBe(true);
      // Rows come back once each, with their own values.
      expect(got.ids.size).toBe(got.count);
      if (c.skips) {
        expect(got.stats.blocksSkipped).toBeGreaterThan(0);
        expect(got.count).toBeLessThan(all.id.length);
      } else {
        expect(got.stats.blocksSkipped).toBe(0);
      }
    });
  }

  it('skips zones by runtime filter key range; all-NULL zones pass no predicate', () => {
    const t = tableOf(...parts);
    const filter: RuntimeKeyFilter = { column: 1, min: 200, max: 210, bits: null, label: 'k IN keys', rowsRemoved: 0 };
    const got = scanIds(t, [], [filter]);
    for (let i = 0; i < all.id.length; i++) if (all.k[i] >= 200 && all.k[i] <= 210) expect(got.ids.has(i)).toBe(true);
    expect(got.count).toBeLessThanOrEqual(2 * ZONE_ROWS);
    const nulls = scanIds(t, [range(3, null, null)]);
    for (let i = 6 * ZONE_ROWS; i < 7 * ZONE_ROWS; i++) expect(nulls.ids.has(i)).toBe(false);
  });

  it('follows appends and rollbacks', () => {
    const t = tableOf(parts[0]);
    const pred: ScanPredicate[] = [{ column: 1, kind: 'in', values: [400] }];
    // No k = 400 in the first 1,000 rows: only the incomplete last zone is read.
    const tail = 1000 - 3 * ZONE_ROWS;
    expect(scanIds(t, pred).count).toBe(tail);
    const saved = t.saveState();
    for (const p of parts.slice(1)) t.append(batchOf(p));
    const after = scanIds(t, pred);
    for (let i = 2800; i < 2807; i++) expect(after.ids.has(i)).toBe(true);
    expect(after.count).toBeLessThan(all.id.length);
    t.restoreState(saved);
    expect(scanIds(t, pred).count).toBe(tail);
    // Other rows at the same positions after the rollback: zones computed before must not be used.
    const other = makeRows(1000, 4000, 5);
    other.k = other.k.map(() => 400);
    t.append(batchOf(other));
    const again = scanIds(t, pred);
    for (let i = 1000; i < 5000; i++) expect(again.ids.has(i), `row ${i}`).toBe(true);
  });

  it('keeps deleted rows deleted in the zones it reads', () => {
    const t = tableOf(...parts);
    const flags = new Uint8Array(all.id.length);
    for (let i = 2100; i < 2107; i++) flags[i] = 1; // k = 300
    t.deleteLive(flags);
    const got = scanIds(t, [{ column: 1, kind: 'in', values: [300] }]);
    for (let i = 2100; i < 2107; i++) expect(got.ids.has(i)).toBe(false);
    // The zone of k = 300 (less its deleted rows) and the incomplete last zone.
    expect(got.count).toBe(ZONE_ROWS - 7 + (all.id.length % ZONE_ROWS));
  });
});
