/** Predicate evaluation on encoded blocks (per run, per dictionary entry, per bitmap) and the min/max zone-map test. */
import { StrataError } from '../../engine/errors.js';
import { type BlockHeader, readBlockHeader, readVerifiedBlockHeader } from './block-header.js';
import { loadPayload, unpackValidity } from './block-codec.js';
import { encodingById } from './codec.js';
import type { BlockPredicate } from './predicate.js';

export type { BlockPredicate } from './predicate.js';

/** Options of {@link selectBlock}. */
export interface SelectBlockOptions {
  /** Check the CRC first (default true); see `DecodeBlockOptions.verify`. */
  readonly verify?: boolean;
}

/**
 * Zone-map test: false when no row of the block can satisfy `pred`, judging by the header alone
 * (null count, min, max). True means "maybe". A block with no valid non-NaN value matches nothing,
 * since NaN matches no predicate (see {@link BlockPredicate}).
 */
export function blockMayMatch(header: Pick<BlockHeader, 'rowCount' | 'nullCount' | 'min' | 'max'>, pred: BlockPredicate): boolean {
  const { min, max } = header;
  if (header.nullCount >= header.rowCount || min !== min || max !== max) return false;
  if (pred.kind === 'in') {
    for (const v of pred.values) if (v >= min && v <= max) return true;
    return false;
  }
  if (pred.lo !== null && (pred.loInclusive ? max < pred.lo : max <= pred.lo)) return false;
  if (pred.hi !== null && (pred.hiInclusive ? min > pred.hi : min >= pred.hi)) return false;
  // A NaN bound compares false above and must not pass as "maybe everything".
  return pred.lo === null || pred.lo === pred.lo ? pred.hi === null || pred.hi === pred.hi : false;
}

/** Whether every valid row of the block satisfies `pred`, judging by the header alone. */
function blockAllMatch(header: BlockHeader, pred: BlockPredicate): boolean {
  const { min, max } = header;
  if (header.hasNaN || min !== min) return false;
  if (pred.kind === 'in') {
    if (min !== max) return false;
    for (const v of pred.values) if (v === min) return true;
    return false;
  }
  const loOk = pred.lo === null || (pred.loInclusive ? min >= pred.lo : min > pred.lo);
  const hiOk = pred.hi === null || (pred.hiInclusive ? max <= pred.hi : max < pred.hi);
  return loOk && hiOk;
}

/**
 * Evaluates `pred` on the block at the start of `bytes` without decoding it where the encoding
 * allows: once per run (rle), once per dictionary entry then a gather per row (dictionary), as an
 * OR of bitmaps (bitmap), on frame-of-reference offsets while unpacking (bitpack), or by a plain
 * loop over the values (plain; delta decodes into scratch first). The header's min and max
 * settle whole blocks first: none can match, or every valid row does.
 *
 * Returns a byte mask of the block's rows, 1 = the row matches (NULL rows never do), written into
 * `out` when given (length >= rows), or null when the encoding cannot evaluate predicates (the
 * caller then decodes and evaluates normally). Throws StrataError('corrupt') like `decodeBlock`.
 */
export function selectBlock(bytes: Uint8Array, pred: BlockPredicate, out?: Uint8Array | null, options: SelectBlockOptions = {}): Uint8Array | null {
  const header = options.verify === false ? readBlockHeader(bytes) : readVerifiedBlockHeader(bytes);
  const n = header.rowCount;
  const encoding = encodingById(header.encoding);
  if (encoding.select === undefined) return null;
  if (out && out.length < n) throw new StrataError('internal', `selection target holds ${out.length} rows, block has ${n}`);
  const mask = out ?? new Uint8Array(n);
  if (!blockMayMatch(header, pred)) {
    mask.fill(0, 0, n);
    return mask;
  }
  if (blockAllMatch(header, pred)) {
    if (header.nullCount > 0) unpackValidity(bytes, header, mask);
    else mask.fill(1, 0, n);
    return mask;
  }
  encoding.select(loadPayload(bytes, header), n, header.kind, pred, mask);
  if (header.nullCount > 0) {
    // NULL slots hold a neighbour's value, which may have matched.
    const at = header.payloadOffset - header.validityBytes;
    for (let i = 0; i < n; i++) mask[i] &= (bytes[at + (i >>> 3)] >>> (i & 7)) & 1;
  }
  return mask;
}
