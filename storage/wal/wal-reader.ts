/** WAL reader: yields the intact records of the log files, and reports a torn or corrupt tail. */
import * as path from 'node:path';
import { crc32 } from '../compression/crc32.js';
import type { FileSystem } from '../io/file-system.js';
import { FRAME_HEADER_BYTES, WAL_HEADER_BYTES, WAL_MAGIC, WAL_VERSION, walFileNumber } from './wal-format.js';

/** What recovery dropped: the records after the first damaged one, which were never acknowledged. */
export interface WalTail {
  /** File holding the first damaged record, and the offset where the intact log ends. */
  file: string;
  offset: number;
  /** Bytes dropped (from `offset` to the end of the log, later files included). */
  droppedBytes: number;
  /** Later log files dropped whole. */
  droppedFiles: string[];
  reason: string;
}

export interface WalScan {
  records: { file: string; payload: Uint8Array }[];
  tail: WalTail | null;
  /** Number of the last file read (the writer continues after it), or null when there is none. */
  lastFile: number | null;
}

/** Log files in `walDir` numbered `from` or higher, oldest first. */
export function walFiles(fsys: FileSystem, walDir: string, from: number): { n: number; file: string }[] {
  if (!fsys.exists(walDir)) return [];
  return fsys
    .readdir(walDir)
    .map((f) => ({ n: walFileNumber(f), file: path.join(walDir, f) }))
    .filter((x): x is { n: number; file: string } => x.n !== null && x.n >= from)
    .sort((a, b) => a.n - b.n);
}

/** Reads every intact record of the files numbered `from` or higher, stopping at the first damaged one. */
export function readWal(fsys: FileSystem, walDir: string, from: number): WalScan {
  const files = walFiles(fsys, walDir, from);
  const records: WalScan['records'] = [];
  let tail: WalTail | null = null;
  for (let i = 0; i < files.length && tail === null; i++) {
    const { file } = files[i];
    const bytes = fsys.readFile(file);
    const damaged = (offset: number, reason: string): WalTail => {
      const later = files.slice(i + 1).map((f) => f.file);
      let dropped = bytes.length - offset;
      for (const f of later) dropped += fsys.size(f);
      return { file, offset, droppedBytes: dropped, droppedFiles: later, reason };
    };
    // A file cut before its header was complete holds no records (a crash right after creating it).
    if (bytes.length < WAL_HEADER_BYTES) {
      tail = damaged(0, 'incomplete file header');
      break;
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (new TextDecoder().decode(bytes.subarray(0, 8)) !== WAL_MAGIC || dv.getUint32(8, true) !== WAL_VERSION) {
      tail = damaged(0, 'not a Strata WAL file of a known version');
      break;
    }
    let at = WAL_HEADER_BYTES;
    while (at < bytes.length) {
      if (at + FRAME_HEADER_BYTES > bytes.length) {
        tail = damaged(at, 'torn record header');
        break;
      }
      const len = dv.getUint32(at, true);
      const crc = dv.getUint32(at + 4, true);
      const end = at + FRAME_HEADER_BYTES + len;
      // Writers never log an empty record, and zeroed bytes (a classic torn write) would pass
      // the CRC as one: the CRC of no bytes is 0.
      if (len === 0) {
        tail = damaged(at, 'empty record (zeroed bytes)');
        break;
      }
      if (end > bytes.length) {
        tail = damaged(at, `torn record (${len} bytes announced, ${bytes.length - at - FRAME_HEADER_BYTES} present)`);
        break;
      }
      const payload = bytes.subarray(at + FRAME_HEADER_BYTES, end);
      if (crc32(payload) !== crc) {
        tail = damaged(at, 'record checksum mismatch');
        break;
      }
      records.push({ file, payload });
      at = end;
    }
  }
  return { records, tail, lastFile: files.length === 0 ? null : files[files.length - 1].n };
}
