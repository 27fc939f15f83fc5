/** The block encoding contract (one record of named phases per encoding), the registry of encodings, and the choice of the smallest. */
import type { BlockInput, BlockKind, BlockValues } from './block-input.js';
import { bitmapEncoding } from './bitmap-encoding.js';
import { bitpackEncoding } from './bitpack-encoding.js';
import { deltaEncoding } from './delta-encoding.js';
import { dictionaryEncoding } from './dictionary-encoding.js';
import { plainEncoding } from './plain-encoding.js';
import type { BlockPredicate } from './predicate.js';
import { rleEncoding } from './rle-encoding.js';

/**
 * An encoding, by its stable name: what `PRAGMA force_encoding` takes and `storage_info()` reports.
 * - `plain`: the values as stored in memory.
 * - `rle`: runs of equal values (sorted and low-cardinality columns).
 * - `dictionary`: distinct values plus bit-packed indexes (low-cardinality numbers).
 * - `bitmap`: one bitmap per distinct value, at most {@link BITMAP_MAX_VALUES}; `=` / `IN` become bitwise ORs.
 * - `bitpack`: frame of reference plus bit-packing (integers whose range fits 32 bits).
 * - `delta`: first value plus bit-packed, frame-of-reference deltas (sorted or near-sorted integers).
 */
export type EncodingId = 'plain' | 'rle' | 'dictionary' | 'bitmap' | 'bitpack' | 'delta';

export { BITMAP_MAX_VALUES } from './bitmap-encoding.js';
export type { CompressionId } from '../compression/compression.js';

/**
 * One encoding: a record of phases, as DuckDB's compression functions (analyze, compress, scan,
 * select) but with named members. Payloads are byte arrays in a layout drawn in each encoding's
 * file; multi-byte fields are little-endian, and every section is aligned to its element size
 * relative to the payload start, which block-codec keeps 8-byte aligned in memory.
 */
export interface Encoding {
  readonly id: EncodingId;
  /** The byte written in block headers; stable across versions, never reused. */
  readonly code: number;
  /** Whether the encoding can store values of `kind` (`integral`: the f64 values are integers). */
  supports(kind: BlockKind, integral: boolean): boolean;
  /**
   * The exact payload size `encode` would produce for `input`, or null when the encoding cannot
   * store this block (range too wide, too many distinct values, not integral...) or, as an
   * optimization, cannot produce fewer than `budget` bytes (the best size found so far; pass
   * Infinity for a real estimate).
   */
  analyze(input: BlockInput, budget: number): number | null;
  /** Encodes the block; only called after `analyze` returned a size, which the payload has. */
  encode(input: BlockInput): Uint8Array;
  /**
   * Decodes `n` values into `out[0, n)` (an array of `kind`, length >= n). NULL slots receive
   * whatever the encoder stored (block-codec zeroes them). Throws StrataError('corrupt') when the
   * payload's size disagrees with its own fields.
   */
  decode(payload: Uint8Array, n: number, kind: BlockKind, out: BlockValues): void;
  /**
   * Evaluates `pred` on the encoded values, writing `out[i]` = 1 / 0 for i < n without NULL
   * handling (block-level selection clears NULL rows). Absent when the encoding cannot do better
   * than decoding.
   */
  select?(payload: Uint8Array, n: number, kind: BlockKind, pred: BlockPredicate, out: Uint8Array): void;
}

/**
 * Every encoding, in the order `chooseEncoding` tries them. Order matters twice: on equal sizes
 * the earlier one wins (bitmap before bitpack, for its faster `=` / `IN`), and the encodings
 * whose `analyze` is a formula over the block statistics come first so that dictionary, which
 * must count distinct values, gets a small budget and stops counting early.
 */
export const ENCODINGS: readonly Encoding[] = [
  plainEncoding,
  rleEncoding,
  bitmapEncoding,
  bitpackEncoding,
  deltaEncoding,
  dictionaryEncoding,
];

const BY_CODE: (Encoding | undefined)[] = [];
for (const e of ENCODINGS) {
  if (BY_CODE[e.code] !== undefined) throw new Error(`encodings ${e.id} and ${BY_CODE[e.code]!.id} share header code ${e.code}`);
  BY_CODE[e.code] = e;
}

/** Every encoding id (for validating `PRAGMA force_encoding` values). */
export const ENCODING_IDS: readonly EncodingId[] = ENCODINGS.map((e) => e.id);

/** The encoding named `id`. */
export function encodingById(id: EncodingId): Encoding {
  return ENCODINGS.find((e) => e.id === id)!;
}

/** The encoding with header byte `code`, or null if no encoding has it. */
export function encodingByCode(code: number): Encoding | null {
  return BY_CODE[code] ?? null;
}

/**
 * The encoding to use for `input` and its payload size: `forced` when it supports the block
 * (otherwise it is ignored, as DuckDB ignores an inapplicable forced compression), else the
 * smallest `analyze` estimate. Plain always applies, so there is always an answer.
 */
export function chooseEncoding(input: BlockInput, forced?: EncodingId): { encoding: Encoding; size: number } {
  if (forced !== undefined) {
    const e = encodingById(forced);
    if (e.supports(input.kind, input.integral)) {
      const size = e.analyze(input, Infinity);
      if (size !== null) return { encoding: e, size };
    }
  }
  let best = plainEncoding as Encoding;
  let bestSize = plainEncoding.analyze(input, Infinity)!;
  for (const e of ENCODINGS) {
    if (e === plainEncoding || !e.supports(input.kind, input.integral)) continue;
    const size = e.analyze(input, bestSize);
    if (size !== null && size < bestSize) {
      best = e;
      bestSize = size;
    }
  }
  return { encoding: best, size: bestSize };
}

/**
 * The encodings that can store `input`, smallest `analyze` estimate first, keeping those within
 * `slack` times the smallest (at most `limit`). LZ4 is applied after encoding and can reorder
 * them (a delta block of tiny deltas compresses well; a bit-packed one does not), so the block
 * codec compresses each of these candidates and keeps the smallest result.
 */
export function rankEncodings(input: BlockInput, limit: number, slack: number): { encoding: Encoding; size: number }[] {
  const { encoding, size } = chooseEncoding(input);
  const out = [{ encoding, size }];
  for (const e of ENCODINGS) {
    if (e === encoding || !e.supports(input.kind, input.integral)) continue;
    const s = e.analyze(input, size * slack + 1);
    if (s !== null && s <= size * slack) out.push({ encoding: e, size: s });
  }
  out.sort((a, b) => a.size - b.size);
  return out.slice(0, limit);
}
