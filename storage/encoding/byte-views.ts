/** Typed views over payload bytes, element sizes per value kind, and the reusable scratch arrays of the decoders. */
import { StrataError } from '../../engine/errors.js';
import type { BlockKind, BlockValues } from './block-input.js';

/** Bytes per value of each kind. */
export const ELEMENT_BYTES: Readonly<Record<BlockKind, number>> = { u8: 1, i32: 4, f64: 8 };

// The block format is little-endian and decoders read it through typed-array views, which use
// the platform's byte order; every platform Node runs on today is little-endian.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new StrataError('internal', 'storage blocks require a little-endian platform');
}

/** Rounds `x` up to a multiple of `a` (a power of two). */
export function alignUp(x: number, a: number): number {
  return (x + a - 1) & ~(a - 1);
}

/** A new zeroed array for `n` values of `kind`. */
export function allocValues(kind: BlockKind, n: number): BlockValues {
  return kind === 'u8' ? new Uint8Array(n) : kind === 'i32' ? new Int32Array(n) : new Float64Array(n);
}

/** The kind whose layout `values` has. */
export function kindOfValues(values: BlockValues): BlockKind {
  return values instanceof Int32Array ? 'i32' : values instanceof Float64Array ? 'f64' : 'u8';
}

/**
 * A zero-copy view of `count` values of `kind` at `bytes[offset]`. Payload sections are laid out
 * aligned to their element size and payloads are 8-byte aligned (block-codec copies a misaligned
 * block once), so a misaligned view here is a bug, not bad data.
 */
export function valuesView(kind: BlockKind, bytes: Uint8Array, offset: number, count: number): BlockValues {
  const at = bytes.byteOffset + offset;
  if (kind === 'u8') return new Uint8Array(bytes.buffer, at, count);
  if ((at & (ELEMENT_BYTES[kind] - 1)) !== 0) throw new StrataError('internal', `misaligned ${kind} view at byte ${at}`);
  return kind === 'i32' ? new Int32Array(bytes.buffer, at, count) : new Float64Array(bytes.buffer, at, count);
}

/** A zero-copy Int32 view of `count` words at `bytes[offset]` (bit-packed sections). */
export function wordsView(bytes: Uint8Array, offset: number, count: number): Int32Array {
  return valuesView('i32', bytes, offset, count) as Int32Array;
}

/** Copies `count` values of `src` into `dst` at byte `offset` (little-endian, as typed arrays store them). */
export function writeValues(dst: Uint8Array, offset: number, src: BlockValues, count: number): void {
  const size = count * src.BYTES_PER_ELEMENT;
  dst.set(new Uint8Array(src.buffer, src.byteOffset, size), offset);
}

/** Throws StrataError('corrupt') unless an encoding's payload has exactly the size its fields imply. */
export function expectPayloadSize(encoding: string, payload: Uint8Array, expected: number): void {
  if (payload.length !== expected) {
    throw new StrataError('corrupt', `${encoding} payload is ${payload.length} bytes, its fields imply ${expected}`);
  }
}

// Scratch arrays reused across calls so that a scan decoding block after block allocates nothing.
// Decoding is synchronous and no decoder calls another, so one set per kind is enough.
let scratchU8 = new Uint8Array(0);
let scratchI32 = new Int32Array(0);
let scratchF64 = new Float64Array(0);
let scratchIds = new Int32Array(0);

/** A reusable array of at least `n` values of `kind`; its contents are garbage and only valid until the next call. */
export function scratchValues(kind: BlockKind, n: number): BlockValues {
  if (kind === 'u8') return scratchU8.length >= n ? scratchU8 : (scratchU8 = new Uint8Array(grow(n)));
  if (kind === 'i32') return scratchI32.length >= n ? scratchI32 : (scratchI32 = new Int32Array(grow(n)));
  return scratchF64.length >= n ? scratchF64 : (scratchF64 = new Float64Array(grow(n)));
}

/** A reusable Int32Array of at least `n` entries for unpacked indexes (separate from {@link scratchValues}). */
export function scratchIndexes(n: number): Int32Array {
  return scratchIds.length >= n ? scratchIds : (scratchIds = new Int32Array(grow(n)));
}

function grow(n: number): number {
  return Math.max(n, 1024);
}
