/** Compression ids (the general-purpose byte compression applied to a block payload after encoding). */
import { StrataError } from '../../engine/errors.js';
import { lz4Compress, lz4Decompress } from './lz4.js';

/**
 * A compression method, by its stable name (also what `PRAGMA force_compression` takes and
 * `storage_info()` reports). `none` stores the encoded payload as is.
 */
export type CompressionId = 'none' | 'lz4';

/** Every compression id, in header-code order: the code written in a block header is the index. */
export const COMPRESSION_IDS: readonly CompressionId[] = ['none', 'lz4'];

/** The header byte for `id`. */
export function compressionCode(id: CompressionId): number {
  return id === 'none' ? 0 : 1;
}

/** The id for a header byte, or null if the byte names no known compression. */
export function compressionFromCode(code: number): CompressionId | null {
  return COMPRESSION_IDS[code] ?? null;
}

/** Compresses an encoded payload with `id` into a new array. */
export function compressPayload(id: CompressionId, payload: Uint8Array): Uint8Array {
  return id === 'none' ? payload : lz4Compress(payload);
}

/**
 * Restores the encoded payload of `length` bytes from `stored` into `dst[0, length)`.
 * Throws StrataError('corrupt') when the stored bytes do not decompress to exactly `length` bytes.
 */
export function decompressPayload(id: CompressionId, stored: Uint8Array, dst: Uint8Array, length: number): void {
  if (id === 'none') {
    if (stored.length !== length) throw new StrataError('corrupt', `stored payload is ${stored.length} bytes, expected ${length}`);
    dst.set(stored);
    return;
  }
  lz4Decompress(stored, dst, length);
}
