import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../test/helpers/seeded-random.js';
import type { AggregateOptions, WindowFn } from '../plan/logical-plan.js';
import { BIGINT, type DataType, DOUBLE, INTEGER, VARCHAR } from '../types/data-type.js';
import { type Cell, drain, ValuesSource } from './test-helpers.js';
import { WindowExec } from './window-exec.js';
import type { FrameBoundSpec, FrameSpec, WindowFunctionSpec } from './window/window-spec.js';

// Input columns: 0 id (unique, input order), 1 p (partition, NULLs), 2 o (order key, ties, NULLs),
// 3 v (value, NULLs), 4 s (string, NULLs).
const TYPES: DataType[] = [INTEGER, INTEGER, INTEGER, INTEGER, VARCHAR];

function rows(n: number, seed: number): Cell[][] {
  const r = new SeededRandom(seed);
  const out: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    out.push([
      i,
      r.chance(0.05) ? null : r.int(0, 6),
      r.chance(0.05) ? null : r.int(0, Math.max(3, n >> 3)),
      r.chance(0.1) ? null : r.int(-20, 100),
      r.chance(0.1) ? null : r.pick(['ant', 'bee', 'cat', 'dog', 'eel']),
    ]);
  }
  return out;
}

const b = (kind: FrameBoundSpec['kind'], offset: number | null = null): FrameBoundSpec => ({ kind, offset, offsetCol: -1 });
const WHOLE: FrameSpec = { units: 'rows', start: b('unbounded_preceding'), end: b('unbounded_following') };
const RUNNING: FrameSpec = { units: 'range', start: b('unbounded_preceding'), end: b('current_row') };

function spec(fn: WindowFn, argCols: number[], frame: FrameSpec, outputType: DataType, options?: AggregateOptions, distinct = false): WindowFunctionSpec {
  return {
    fn,
    argCols,
    distinct,
    ignoreNulls: false,
    partitionCols: [1],
    // ORDER BY o (NULLS LAST), with id as a tie breaker only for ROWS-sensitive functions.
    orderKeys: [{ col: 2, desc: false, nullsFirst: false }],
    frame,
    outputType,
    ...(options ? { options } : {}),
  };
}

// --- a naive reference: partitions, order and frames computed row by row from the definitions ---

function cmpNullsLast(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a as number) < (b as number) ? -1 : 1;
}

function reference(s: WindowFunctionSpec, data: Cell[][]): Cell[] {
  const out: Cell[] = new Array(data.length).fill(null);
  const parts = new Map<string, number[]>();
  data.forEach((row, i) => {
    const key = JSON.stringify(s.partitionCols.map((c) => row[c]));
    parts.set(key, [...(parts.get(key) ?? []), i]);
  });
  for (const members of parts.values()) {
    const sorted = [...members].sort((x, y) => {
      for (const k of s.orderKeys) {
        const c = cmpNullsLast(data[x][k.col], data[y][k.col]);
        if (c !== 0) return k.desc ? -c : c;
      }
      return x - y;
    });
    const peer = (x: number, y: number) => s.orderKeys.every((k) => data[x][k.col] === data[y][k.col]);
    sorted.forEach((row, j) => {
      const [lo, hi] = frameOf(s.frame, sorted, j, peer, data, s);
      const frame = sorted.slice(lo, Math.max(lo, hi));
      const vals = frame.map((r) => data[r][s.argCols[0]]).filter((v) => v !== null) as number[];
      let v: Cell = null;
      switch (s.fn) {
        case 'row_number':
          v = j + 1;
          break;
        case 'rank':
          v = sorted.findIndex((r) => peer(r, row)) + 1;
          break;
        case 'count_star':
          v = frame.length;
          break;
        case 'count':
          v = vals.length;
          break;
        case 'sum':
          v = vals.length > 0 ? vals.reduce((a, c) => a + c, 0) : null;
          break;
        case 'min':
          v = vals.length > 0 ? (typeof vals[0] === 'string' ? [...vals].sort()[0] : Math.min(...vals)) : null;
          break;
        case 'max':
          v = vals.length > 0 ? (typeof vals[0] === 'string' ? [...vals].sort().at(-1)! : Math.max(...vals)) : null;
          break;
        case 'median': {
          const sv = [...vals].sort((x, y) => x - y);
          const pos = (sv.length - 1) * 0.5;
          v = sv.length > 0 ? sv[Math.floor(pos)] + (sv[Math.ceil(pos)] - sv[Math.floor(pos)]) * (pos - Math.floor(pos)) : null;
          break;
        }
        case 'string_agg':
          v = vals.length > 0 ? (vals as unknown as string[]).join(',') : null;
          break;
        case 'lag':
          v = j >= 1 ? data[sorted[j - 1]][s.argCols[0]] : null;
          break;
        case 'first_value':
          v = frame.length > 0 ? data[frame[0]][s.argCols[0]] : null;
          break;
        default:
          throw new Error(`no reference for ${s.fn}`);
      }
      out[row] = v;
    });
  }
  return out;
}

function frameOf(f: FrameSpec, sorted: number[], j: number, peer: (x: number, y: number) => boolean, data: Cell[][], s: WindowFunctionSpec): [number, number] {
  const n = sorted.length;
  const peerStart = () => sorted.findIndex((r) => peer(r, sorted[j]));
  const peerEnd = () => n - [...sorted].reverse().findIndex((r) => peer(r, sorted[j]));
  const rangeIdx = (delta: number, start: boolean) => {
    const key = data[sorted[j]][s.orderKeys[0].col];
    if (key === null) return start ? peerStart() : peerEnd();
    const target = (key as number) + delta;
    const ok = (r: number) => data[r][s.orderKeys[0].col] !== null;
    const idx = sorted.findIndex((r) => ok(r) && (start ? (data[r][s.orderKeys[0].col] as number) >= target : (data[r][s.orderKeys[0].col] as number) > target));
    if (idx >= 0) return idx;
    return sorted.findIndex((r) => !ok(r)) >= 0 ? sorted.findIndex((r) => !ok(r)) : n;
  };
  const one = (bd: FrameBoundSpec, start: boolean): number => {
    const off = bd.offset ?? 0;
    switch (bd.kind) {
      case 'unbounded_preceding':
        return 0;
      case 'unbounded_following':
        return n;
      case 'current_row':
        if (f.units === 'rows') return start ? j : j + 1;
        return start ? peerStart() : peerEnd();
      default: {
        const sign = bd.kind === 'preceding' ? -1 : 1;
        if (f.units === 'rows') return Math.min(n, Math.max(0, start ? j + sign * off : j + sign * off + 1));
        return rangeIdx(sign * off, start);
      }
    }
  };
  return [one(f.start, true), one(f.end, false)];
}

function run(specs: WindowFunctionSpec[], data: Cell[][]): Cell[][] {
  const op = new WindowExec(new ValuesSource(TYPES, data, { batchSize: 1000, withSel: true }), specs, TYPES, TYPES.length, data.length);
  return drain(op);
}

describe('WindowExec', () => {
  // 300 rows take the comparator sort, 20000 the radix sort; both must match the reference.
  for (const n of [300, 20_000]) {
    const data = rows(n, n);
    const cases: [string, WindowFunctionSpec][] = [
      ['rank', spec('rank', [], RUNNING, BIGINT)],
      ['running count(*)', spec('count_star', [], RUNNING, BIGINT)],
      ['running sum', spec('sum', [3], RUNNING, BIGINT)],
      ['sum over ROWS 2 PRECEDING AND 1 FOLLOWING', spec('sum', [3], { units: 'rows', start: b('preceding', 2), end: b('following', 1) }, BIGINT)],
      ['count over RANGE 3 PRECEDING AND 2 FOLLOWING', spec('count', [3], { units: 'range', start: b('preceding', 3), end: b('following', 2) }, BIGINT)],
      ['min over a sliding ROWS frame (deque)', spec('min', [3], { units: 'rows', start: b('preceding', 3), end: b('current_row') }, INTEGER)],
      ['max over a RANGE frame (deque)', spec('max', [3], { units: 'range', start: b('preceding', 5), end: b('following', 1) }, INTEGER)],
      ['max of strings over ROWS', spec('max', [4], { units: 'rows', start: b('preceding', 1), end: b('following', 1) }, VARCHAR)],
      ['whole-partition sum', spec('sum', [3], WHOLE, BIGINT)],
    ];
    if (n <= 300) {
      // Per-row fallback aggregates are O(n x frame): checked on the small input.
      cases.push(['median over ROWS (per-row states)', spec('median', [3], { units: 'rows', start: b('preceding', 2), end: b('following', 2) }, DOUBLE)]);
      cases.push(['string_agg over ROWS', spec('string_agg', [4], { units: 'rows', start: b('preceding', 1), end: b('current_row') }, VARCHAR, { separator: ',' })]);
    }
    for (const [name, s] of cases) {
      it(`${name}, ${n} rows`, () => {
        const got = run([s], data);
        expect(got.map((r) => r.slice(0, 5))).toEqual(data);
        const want = reference(s, data);
        const col = got.map((r) => r[5]);
        if (s.outputType === DOUBLE) col.forEach((v, i) => expect(v === null ? null : Math.round((v as number) * 1e6)).toEqual(want[i] === null ? null : Math.round((want[i] as number) * 1e6)));
        else expect(col).toEqual(want);
      });
    }
  }

  it('row_number, lag and first_value follow the order with a unique tie breaker', () => {
    const data = rows(500, 9);
    const withId = (s: WindowFunctionSpec): WindowFunctionSpec => ({ ...s, orderKeys: [...s.orderKeys, { col: 0, desc: false, nullsFirst: false }] });
    const specs = [
      withId(spec('row_number', [], RUNNING, BIGINT)),
      withId(spec('lag', [3], RUNNING, INTEGER)),
      withId(spec('first_value', [4], { units: 'rows', start: b('preceding', 2), end: b('current_row') }, VARCHAR)),
    ];
    const got = run(specs, data);
    specs.forEach((s, i) => expect(got.map((r) => r[5 + i])).toEqual(reference(s, data)));
  });

  it('computes several calls and shares one sort per (partition, order)', () => {
    const data = rows(200, 4);
    const got = run([spec('rank', [], RUNNING, BIGINT), spec('sum', [3], WHOLE, BIGINT), { ...spec('count_star', [], WHOLE, BIGINT), partitionCols: [] }], data);
    expect(got.every((r) => r[7] === 200)).toBe(true);
    expect(got.map((r) => r[5])).toEqual(reference(spec('rank', [], RUNNING, BIGINT), data));
  });

  it('returns nothing for an empty input', () => {
    expect(run([spec('row_number', [], RUNNING, BIGINT)], [])).toEqual([]);
  });
});
