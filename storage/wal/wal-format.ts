/** WAL file format: a 16-byte header, then length-prefixed, CRC-checked records. */
import { crc32 } from '../compression/crc32.js';

/**
 * ```
 * file:    | magic "STRATWAL" (8) | version u32 LE | reserved u32 | record | record | ...
 * record:  | payload length u32 LE | CRC-32 of payload u32 LE | payload (wal-record.ts) |
 * ```
 * A record is one committed statement or transaction. A crash while appending leaves a torn
 * last record, which the reader detects by length or CRC and drops.
 */
export const WAL_MAGIC = 'STRATWAL';
export const WAL_VERSION = 1;
export const WAL_HEADER_BYTES = 16;
export const FRAME_HEADER_BYTES = 8;

export function walHeader(): Uint8Array {
  const h = new Uint8Array(WAL_HEADER_BYTES);
  h.set(new TextEncoder().encode(WAL_MAGIC), 0);
  new DataView(h.buffer).setUint32(8, WAL_VERSION, true);
  return h;
}

/** The record bytes for `payload` (one write, so a record is torn only at the log's end). */
export function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, payload.length, true);
  dv.setUint32(4, crc32(payload), true);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/** `dir/wal/000042.wal` for file number 42. */
export function walFileName(n: number): string {
  return `${String(n).padStart(6, '0')}.wal`;
}

/** The number of a WAL file name, or null for other files. */
export function walFileNumber(name: string): number | null {
  const m = /^(\d+)\.wal$/.exec(name);
  return m === null ? null : Number(m[1]);
}
