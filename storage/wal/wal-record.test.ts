import { describe, expect, it } from 'vitest';
import { DOUBLE, INTEGER, VARCHAR } from '../../engine/types/data-type.js';
import { Vector } from '../../engine/vector/vector.js';
import { decodeOps, encodeOps, type WalOp } from './wal-record.js';

describe('WAL records', () => {
  it('round-trips appends (with NULLs and strings), deletes and bulk segments', () => {
    const ops: WalOp[] = [
      {
        op: 'append',
        table: 't',
        rows: 3,
        vectors: [
          new Vector(INTEGER, Int32Array.from([1, 2, 3, 99]), Uint8Array.from([1, 0, 1, 1]), null, 3),
          new Vector(DOUBLE, Float64Array.from([0.5, -1, 1e300]), null, null, 3),
          new Vector(VARCHAR, Int32Array.from([1, 0, 1]), null, ['a', 'ü'], 3),
        ],
      },
      { op: 'delete', table: 't', segments: [{ file: 'segments/000001.seg', rows: Uint32Array.from([0, 7, 4_000_000]) }], memRows: Uint32Array.from([2]) },
      { op: 'segment', table: 'u', file: 'segments/000002.seg' },
    ];
    const back = decodeOps(encodeOps(ops), () => [INTEGER, DOUBLE, VARCHAR]);
    expect(back).toHaveLength(3);
    const a = back[0] as Extract<WalOp, { op: 'append' }>;
    expect(a.rows).toBe(3);
    expect([...a.vectors[0].data]).toEqual([1, 2, 3]);
    expect([...(a.vectors[0].validity as Uint8Array)]).toEqual([1, 0, 1]);
    expect([...a.vectors[1].data]).toEqual([0.5, -1, 1e300]);
    expect(a.vectors[1].validity).toBeNull();
    expect([...a.vectors[2].data].map((c) => a.vectors[2].dict?.[c])).toEqual(['ü', 'a', 'ü']);
    expect(back[1]).toEqual(ops[1]);
    expect(back[2]).toEqual(ops[2]);
  });

  it('rejects an append whose column count does not match the table', () => {
    const bytes = encodeOps([{ op: 'append', table: 't', rows: 1, vectors: [new Vector(INTEGER, Int32Array.from([1]), null, null, 1)] }]);
    expect(() => decodeOps(bytes, () => [INTEGER, INTEGER])).toThrow(/has 1 columns, the table has 2/);
  });
});
