/** Delete vectors: which rows of a segment (or memtable) are deleted, their file format and their use in scans. */
import { StrataError } from '../engine/errors.js';
import { crc32 } from './compression/crc32.js';

/**
 * One byte per row, 1 = deleted. Never modified in place once published: a DELETE makes a copy
 * (copy-on-write), so a scan that captured the previous vector keeps its snapshot.
 *
 * File `segments/N.del`:
 * ```
 * | magic "STRATDEL" (8) | row count of the segment u32 | deleted count u32 | CRC-32 of rows u32 | 0 u32 | deleted row numbers u32 x count |
 * ```
 */
export type DeleteVector = Uint8Array;

const MAGIC = 'STRATDEL';
const HEADER = 24;

export function encodeDeleteVector(del: DeleteVector): Uint8Array {
  let count = 0;
  for (let i = 0; i < del.length; i++) count += del[i];
  const out = new Uint8Array(HEADER + count * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, del.length, true);
  dv.setUint32(12, count, true);
  let at = HEADER;
  for (let i = 0; i < del.length; i++) {
    if (del[i] === 0) continue;
    dv.setUint32(at, i, true);
    at += 4;
  }
  dv.setUint32(16, crc32(out, HEADER), true);
  return out;
}

export function decodeDeleteVector(bytes: Uint8Array, file: string): DeleteVector {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new StrataError('corrupt', `${file}: not a delete vector file`);
  const rows = dv.getUint32(8, true);
  const count = dv.getUint32(12, true);
  if (bytes.length !== HEADER + count * 4 || crc32(bytes, HEADER) !== dv.getUint32(16, true)) {
    throw new StrataError('corrupt', `${file}: delete vector file is damaged (length or checksum)`);
  }
  const del = new Uint8Array(rows);
  for (let k = 0; k < count; k++) {
    const r = dv.getUint32(HEADER + k * 4, true);
    if (r >= rows) throw new StrataError('corrupt', `${file}: deleted row ${r} is past the segment's ${rows} rows`);
    del[r] = 1;
  }
  return del;
}

/** A copy of `del` (or a fresh vector of `rows` rows) with `rowIds` set. */
export function withDeleted(del: DeleteVector | undefined, rows: number, rowIds: ArrayLike<number>): DeleteVector {
  const out = new Uint8Array(rows);
  if (del !== undefined) out.set(del.subarray(0, Math.min(rows, del.length)));
  for (let i = 0; i < rowIds.length; i++) out[rowIds[i]] = 1;
  return out;
}

export function deletedCount(del: DeleteVector | undefined): number {
  if (del === undefined) return 0;
  let n = 0;
  for (let i = 0; i < del.length; i++) n += del[i];
  return n;
}

/** True when any of rows [from, from + n) is deleted. */
export function anyDeleted(del: DeleteVector, from: number, n: number): boolean {
  let any = 0;
  const end = Math.min(del.length, from + n);
  for (let i = from; i < end; i++) any |= del[i];
  return any !== 0;
}

/**
 * The selection of live rows among rows [from, from + n) of a deleted-rows vector, as offsets
 * relative to `from`; null when none is deleted (the batch stays dense).
 */
export function liveSelection(del: DeleteVector | undefined, from: number, n: number): Int32Array | null {
  if (del === undefined || !anyDeleted(del, from, n)) return null;
  const end = Math.min(del.length, from + n);
  const sel = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    sel[m] = i;
    m += from + i < end ? 1 - del[from + i] : 1;
  }
  return sel.subarray(0, m);
}
