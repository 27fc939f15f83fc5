/** WAL records: the physical effect of one committed statement or transaction, as bytes and back. */
import { StrataError } from '../../engine/errors.js';
import { type DataType, physicalKind } from '../../engine/types/data-type.js';
import { Vector } from '../../engine/vector/vector.js';
import { type ColumnHeader, decodeHeader, encodeHeader, type OpHeader } from './wal-header.js';

/**
 * One change to one table. Only physical effects are logged (never SQL text), so replay does not
 * re-evaluate random() or now():
 * - `append`: rows added to the table's memtable, dense vectors in table column order;
 * - `delete`: rows marked deleted, per segment file (manifest-relative) by row number, and in the
 *   memtable by offset (the memtable is rebuilt by replaying appends in order, so offsets agree);
 * - `segment`: a bulk append written straight to a new segment file (already fsynced).
 * DDL is not logged: a statement that changes the catalog commits with a full checkpoint.
 */
export type WalOp =
  | { op: 'append'; table: string; vectors: Vector[]; rows: number }
  | { op: 'delete'; table: string; segments: { file: string; rows: Uint32Array }[]; memRows: Uint32Array }
  | { op: 'segment'; table: string; file: string };

/**
 * Payload layout: `| header length u32 | header (wal-header.ts) | pad to 8 | blobs |`. The header
 * lists the ops; the blobs are their arrays in order (per appended column: data, then validity;
 * per delete: each segment's row numbers, then the memtable offsets), each padded to 8 bytes so
 * that they can be viewed as typed arrays after a copy.
 */
export function encodeOps(ops: readonly WalOp[]): Uint8Array {
  const headers: OpHeader[] = [];
  const blobs: Uint8Array[] = [];
  const bytesOf = (a: ArrayBufferView, n: number, width: number): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, n * width);
  for (const o of ops) {
    if (o.op === 'append') {
      const cols = o.vectors.map((v): ColumnHeader => {
        const kind = physicalKind(v.type);
        const k = kind === 'str' ? 'i32' : kind;
        blobs.push(bytesOf(v.data, o.rows, k === 'f64' ? 8 : k === 'i32' ? 4 : 1));
        if (v.validity !== null) blobs.push(bytesOf(v.validity, o.rows, 1));
        return { k, v: v.validity !== null, d: kind === 'str' ? (v.dict as string[]) : null };
      });
      headers.push({ op: 'append', table: o.table, rows: o.rows, cols });
    } else if (o.op === 'delete') {
      for (const s of o.segments) blobs.push(bytesOf(s.rows, s.rows.length, 4));
      blobs.push(bytesOf(o.memRows, o.memRows.length, 4));
      headers.push({ op: 'delete', table: o.table, segs: o.segments.map((s) => ({ file: s.file, n: s.rows.length })), mem: o.memRows.length });
    } else {
      headers.push(o);
    }
  }
  const head = encodeHeader(headers);
  const pad8 = (n: number): number => (n + 7) & ~7;
  let size = pad8(4 + head.length);
  for (const b of blobs) size += pad8(b.length);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let at = pad8(4 + head.length);
  for (const b of blobs) {
    out.set(b, at);
    at += pad8(b.length);
  }
  return out;
}

/** Decodes a payload; `types` gives a table's column types (for the vectors' logical types). */
export function decodeOps(payload: Uint8Array, types: (table: string) => DataType[]): WalOp[] {
  if (payload.length < 4) throw new StrataError('corrupt', `WAL record of ${payload.length} bytes is shorter than its header`);
  const headLen = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(0, true);
  if (4 + headLen > payload.length) throw new StrataError('corrupt', 'WAL record is shorter than its header says');
  const headers = decodeHeader(payload.subarray(4, 4 + headLen));
  let at = (4 + headLen + 7) & ~7;
  const take = (bytes: number): ArrayBuffer => {
    if (at + bytes > payload.length) throw new StrataError('corrupt', 'WAL record is shorter than its header says');
    // A copy gives an aligned buffer of its own (the payload may be shared and unaligned).
    const buf = payload.slice(at, at + bytes).buffer;
    at += (bytes + 7) & ~7;
    return buf;
  };
  return headers.map((h): WalOp => {
    if (h.op === 'append') {
      const ts = types(h.table);
      if (ts.length !== h.cols.length) throw new StrataError('corrupt', `WAL append to ${h.table} has ${h.cols.length} columns, the table has ${ts.length}`);
      const vectors = h.cols.map((c, i) => {
        const data = c.k === 'f64' ? new Float64Array(take(h.rows * 8)) : c.k === 'i32' ? new Int32Array(take(h.rows * 4)) : new Uint8Array(take(h.rows));
        const validity = c.v ? new Uint8Array(take(h.rows)) : null;
        return new Vector(ts[i], data, validity, c.d, h.rows);
      });
      return { op: 'append', table: h.table, vectors, rows: h.rows };
    }
    if (h.op === 'delete') {
      const segments = h.segs.map((s) => ({ file: s.file, rows: new Uint32Array(take(s.n * 4)) }));
      return { op: 'delete', table: h.table, segments, memRows: new Uint32Array(take(h.mem * 4)) };
    }
    return h;
  });
}
