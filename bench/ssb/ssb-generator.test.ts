import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NATIONS } from './ssb-domains.js';
import { generateSsb, retailPrice, type SsbChunk, ssbCardinalities, ssbTableRows } from './ssb-generator.js';
import { SSB_TABLES, type SsbTableName, ssbTable } from './ssb-schema.js';
import { readTbl } from './tbl-reader.js';
import { writeSsbTbl } from './tbl-writer.js';

const SF = 0.01;

/** Every table's columns as whole arrays (chunks concatenated). */
type Tables = Record<SsbTableName, Record<string, (number | string)[]>>;

function collect(chunks: Iterable<[SsbTableName, SsbChunk, number]>): Tables {
  const out = Object.fromEntries(SSB_TABLES.map((t) => [t, {}])) as Tables;
  for (const [table, columns, n] of chunks) {
    for (const [name, values] of Object.entries(columns)) {
      const target = (out[table][name] ??= []);
      for (let i = 0; i < n; i++) target.push(values[i]);
    }
  }
  return out;
}

function generate(sf: number, seed: number, chunkRows?: number): Tables {
  const chunks: [SsbTableName, SsbChunk, number][] = [];
  generateSsb({ sf, seed, chunkRows }, (t, c, n) => chunks.push([t, c, n]));
  return collect(chunks);
}

/** A hash of all values, columns taken in name order (generator and reader order columns differently). */
function digest(tables: Tables): string {
  const h = createHash('sha256');
  for (const t of SSB_TABLES) for (const c of Object.keys(tables[t]).sort()) h.update(`${t}.${c}:${JSON.stringify(tables[t][c])}`);
  return h.digest('hex');
}

const data = generate(SF, 1);
const rowsOf = (t: SsbTableName): number => data[t][ssbTable(t).columns[0].name].length;
const col = (t: SsbTableName, c: string): (number | string)[] => data[t][c];
const ints = (t: SsbTableName, c: string): number[] => col(t, c) as number[];
const strs = (t: SsbTableName, c: string): string[] => col(t, c) as string[];
const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];

describe('SSB generator', () => {
  it('is deterministic for a seed and independent of the chunk size', () => {
    expect(digest(generate(SF, 1, 777))).toBe(digest(data));
    expect(digest(generate(SF, 2))).not.toBe(digest(data));
  });

  it('produces the columns of schema.sql for every table', () => {
    for (const t of SSB_TABLES) expect(Object.keys(data[t]).sort()).toEqual(ssbTable(t).columns.map((c) => c.name).sort());
  });

  it('has the SSB cardinalities', () => {
    expect(ssbCardinalities(0.01)).toEqual({ customer: 300, supplier: 20, part: 2000, date: 2556, orders: 15000 });
    expect(ssbCardinalities(1)).toMatchObject({ customer: 30000, supplier: 2000, part: 200000, orders: 1500000 });
    expect([2, 4, 10].map((sf) => ssbCardinalities(sf).part)).toEqual([400000, 600000, 800000]);
    const rows = ssbTableRows(SF, 1);
    for (const t of SSB_TABLES) expect(rowsOf(t)).toBe(rows[t]);
    // 1-7 lines per order: about 4 x 15,000.
    expect(rows.lineorder / 15000).toBeGreaterThan(3.9);
    expect(rows.lineorder / 15000).toBeLessThan(4.1);
  });

  it('draws lineorder values from the SSB domains', () => {
    expect(range(ints('lineorder', 'lo_quantity'))).toEqual([1, 50]);
    expect(range(ints('lineorder', 'lo_discount'))).toEqual([0, 10]);
    expect(range(ints('lineorder', 'lo_tax'))).toEqual([0, 8]);
    expect(range(ints('lineorder', 'lo_linenumber'))).toEqual([1, 7]);
    expect(new Set(strs('lineorder', 'lo_shipmode')).size).toBe(7);
    expect(new Set(strs('lineorder', 'lo_orderpriority')).size).toBe(5);
    const card = ssbCardinalities(SF);
    expect(ints('lineorder', 'lo_custkey').every((k) => k >= 1 && k <= card.customer && k % 3 !== 0)).toBe(true);
    expect(range(ints('lineorder', 'lo_partkey'))[1]).toBeLessThanOrEqual(card.part);
    expect(range(ints('lineorder', 'lo_suppkey'))).toEqual([1, card.supplier]);
    const dates = new Set(ints('date', 'd_datekey'));
    const lo = data.lineorder;
    for (let i = 0; i < lo.lo_orderkey.length; i++) {
      const [pk, qty, disc, ext, rev, cost] = ['lo_partkey', 'lo_quantity', 'lo_discount', 'lo_extendedprice', 'lo_revenue', 'lo_supplycost'].map((c) => lo[c][i] as number);
      if (ext !== qty * retailPrice(pk) || rev !== Math.floor((ext * (100 - disc)) / 100) || cost !== Math.floor((6 * retailPrice(pk)) / 10)) {
        throw new Error(`row ${i}: prices do not follow dbgen's formulas`);
      }
      if (!dates.has(lo.lo_orderdate[i] as number) || !dates.has(lo.lo_commitdate[i] as number)) throw new Error(`row ${i}: date outside the date table`);
    }
    expect(range(ints('lineorder', 'lo_orderdate'))[1]).toBeLessThanOrEqual(19980802);
  });

  it('selects realistic fractions for the SSB predicates', () => {
    const lo = data.lineorder;
    const n = lo.lo_orderkey.length;
    let q11 = 0;
    for (let i = 0; i < n; i++) {
      const d = lo.lo_discount[i] as number;
      if (Math.floor((lo.lo_orderdate[i] as number) / 10000) === 1993 && d >= 1 && d <= 3 && (lo.lo_quantity[i] as number) < 25) q11++;
    }
    // Q1.1: 1/7 of the years (orders stop in August 1998) x 3/11 discounts x 24/50 quantities, about 1.9%.
    expect(q11 / n).toBeGreaterThan(0.016);
    expect(q11 / n).toBeLessThan(0.022);
    const categories = strs('part', 'p_category');
    expect(categories.filter((c) => c === 'MFGR#12').length / categories.length).toBeCloseTo(1 / 25, 1);
  });

  it('builds dimension values the way dbgen does', () => {
    const region = new Map(NATIONS);
    for (const t of ['customer', 'supplier'] as const) {
      const p = t[0];
      const [nations, regions, cities, phones] = ['nation', 'region', 'city', 'phone'].map((c) => strs(t, `${p}_${c}`));
      nations.forEach((nation, i) => {
        expect(regions[i]).toBe(region.get(nation));
        expect(cities[i]).toMatch(/^[A-Z ]{9}[0-9]$/);
        expect(cities[i].slice(0, 9)).toBe(nation.slice(0, 9).padEnd(9));
        expect(phones[i]).toMatch(/^(1[0-9]|2[0-9]|3[0-4])-[0-9]{3}-[0-9]{3}-[0-9]{4}$/);
      });
    }
    expect(new Set(strs('customer', 'c_region')).size).toBe(5);
    strs('part', 'p_brand1').forEach((brand, i) => {
      expect(brand).toMatch(/^MFGR#[1-5][1-5]([1-9]|[1-3][0-9]|40)$/);
      expect(brand.startsWith(strs('part', 'p_category')[i])).toBe(true);
      expect(strs('part', 'p_category')[i].startsWith(strs('part', 'p_mfgr')[i])).toBe(true);
    });
    expect(range(ints('part', 'p_size'))).toEqual([1, 50]);
  });

  it('has one row per day of 1992-01-01 .. 1998-12-30 in date', () => {
    const keys = ints('date', 'd_datekey');
    expect([keys[0], keys[keys.length - 1]]).toEqual([19920101, 19981230]);
    expect(new Set(ints('date', 'd_yearmonthnum')).size).toBe(84);
    const i = keys.indexOf(19940205);
    expect([col('date', 'd_date')[i], col('date', 'd_dayofweek')[i], col('date', 'd_yearmonth')[i], col('date', 'd_weeknuminyear')[i]]).toEqual([
      'February 5, 1994',
      'Saturday',
      'Feb1994',
      6,
    ]);
    // Q1.3's week 6 of 1994 is seven days.
    expect(keys.filter((_, j) => ints('date', 'd_year')[j] === 1994 && ints('date', 'd_weeknuminyear')[j] === 6)).toHaveLength(7);
  });
});

describe('.tbl round trip', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ssb-tbl-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back exactly what the writer wrote, in dbgen line format', () => {
    const files = writeSsbTbl(dir, { sf: SF, seed: 1 });
    expect(files.map((f) => f.table)).toEqual([...SSB_TABLES]);
    const chunks: [SsbTableName, SsbChunk, number][] = [];
    for (const f of files) {
      const { rows, bytes } = readTbl(f.file, ssbTable(f.table).columns, (c, n) => chunks.push([f.table, c, n]), { chunkRows: 4096, blockBytes: 65536 });
      expect(rows).toBe(f.rows);
      expect(bytes).toBe(f.bytes);
    }
    expect(digest(collect(chunks))).toBe(digest(data));
  });
});
