/** Test helpers for the block codec: seeded data sets of every shape and kind, and exact comparisons of decoded blocks. */
import { decodeBlock, encodeBlock } from './block-codec.js';
import { type BlockHeader, readBlockHeader } from './block-header.js';
import type { BlockKind, BlockValues } from './block-input.js';
import { allocValues } from './byte-views.js';
import type { EncodingId } from './codec.js';
import type { CompressionId } from '../compression/compression.js';
import { type BlockPredicate, predicateMatches } from './predicate.js';
import { selectBlock } from './select-encoded.js';

/** The (kind, integral) combinations every encoding is tested on. */
export const KIND_CASES: readonly { kind: BlockKind; integral: boolean; label: string }[] = [
  { kind: 'u8', integral: true, label: 'u8' },
  { kind: 'i32', integral: true, label: 'i32' },
  { kind: 'f64', integral: true, label: 'integral f64' },
  { kind: 'f64', integral: false, label: 'f64' },
];

/** Seeded xorshift32 returning floats in [0, 1), so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** One test block: values, optional validity, row count. */
export interface TestBlock {
  readonly name: string;
  readonly kind: BlockKind;
  readonly integral: boolean;
  readonly values: BlockValues;
  readonly validity: Uint8Array | null;
  readonly n: number;
}

/** Builds a block of `kind` from a generator of row values; `nullRate` sprinkles NULLs (seeded). */
export function makeBlock(
  name: string,
  kind: BlockKind,
  n: number,
  gen: (i: number) => number,
  options: { integral?: boolean; nullRate?: number; seed?: number } = {},
): TestBlock {
  const values = allocValues(kind, n);
  for (let i = 0; i < n; i++) values[i] = gen(i);
  let validity: Uint8Array | null = null;
  const rate = options.nullRate ?? 0;
  if (rate > 0) {
    const r = rng(options.seed ?? 7);
    validity = new Uint8Array(n);
    for (let i = 0; i < n; i++) validity[i] = r() < rate ? 0 : 1;
  }
  return { name, kind, integral: options.integral ?? kind !== 'f64', values, validity, n };
}

const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;

/**
 * The standard battery of blocks of one kind: empty, one value, all NULL, long runs, a run of the
 * maximum block length, few / many distinct values, random data, negatives, extremes (int32
 * limits, integers near 2^53, NaN, ±Infinity, -0), sorted data, NULLs sprinkled.
 */
export function standardBlocks(kind: BlockKind, integral: boolean, seed = 1): TestBlock[] {
  const r = rng(seed);
  const o = { integral };
  const int = (lo: number, hi: number) => () => lo + Math.floor(r() * (hi - lo + 1));
  const blocks: TestBlock[] = [
    makeBlock('empty', kind, 0, () => 0, o),
    makeBlock('one value', kind, 1, () => 1, o),
    makeBlock('all NULL', kind, 100, () => 0, { ...o, nullRate: 1 }),
    makeBlock('constant, 65,536 rows (a run at the length limit)', kind, 65_536, () => 1, o),
    makeBlock('long runs', kind, 10_000, (i) => Math.floor(i / 777) % 2, o),
    makeBlock('5 distinct values', kind, 5_000, int(0, 4), o),
    makeBlock('long runs with NULLs', kind, 10_000, (i) => Math.floor(i / 1000) % 2, { ...o, nullRate: 0.3, seed: seed + 1 }),
    makeBlock('random 0/1 with NULLs', kind, 8_192, int(0, 1), { ...o, nullRate: 0.1, seed: seed + 2 }),
  ];
  if (kind === 'u8') {
    blocks.push(makeBlock('random bytes', kind, 8_192, int(0, 255), o));
    blocks.push(makeBlock('16 distinct bytes', kind, 8_192, int(100, 115), o));
    return blocks;
  }
  blocks.push(
    makeBlock('random 0..1000', kind, 8_192, int(0, 1000), o),
    makeBlock('16 distinct', kind, 8_192, int(-8, 7), o),
    makeBlock('17 distinct', kind, 8_192, int(-8, 8), o),
    makeBlock('negative numbers', kind, 8_192, int(-5000, -1000), o),
    makeBlock('sorted with steps 0/1', kind, 8_192, (i) => 19_000 + Math.floor(i / 3000), o),
    makeBlock('sorted with gaps', kind, 8_192, (i) => -100_000 + 37 * i + (i % 5), o),
    makeBlock('random with NULLs at both ends', kind, 1_000, int(-50, 50), { ...o, nullRate: 0.5, seed: seed + 3 }),
    makeBlock('200 distinct, 65,536 rows', kind, 65_536, int(0, 199), o),
  );
  if (kind === 'i32') {
    blocks.push(
      makeBlock('int32 min and max', kind, 4_096, (i) => (i % 3 === 0 ? I32_MIN : i % 3 === 1 ? I32_MAX : 0), o),
      makeBlock('random full int32 range', kind, 8_192, int(I32_MIN, I32_MAX), o),
      makeBlock('65,536 distinct', kind, 65_536, (i) => (i * 7919) % 65_536, o),
    );
  } else {
    const near = 2 ** 53;
    blocks.push(
      makeBlock('integers near +2^53', kind, 4_096, int(near - 1_000_000, near), o),
      makeBlock('integers near -2^53', kind, 4_096, int(-near, -near + 1000), o),
      makeBlock('integers at ±2^53', kind, 4_096, (i) => (i % 2 === 0 ? near : -near), o),
      makeBlock('65,536 distinct', kind, 65_536, (i) => ((i * 7919) % 65_536) * 1_000_003, o),
    );
    if (!integral) {
      blocks.push(
        makeBlock('random doubles', kind, 8_192, () => (r() - 0.5) * 1e6, o),
        makeBlock('NaN, ±Infinity, -0', kind, 5_000, (i) => [NaN, Infinity, -Infinity, -0, 0, 1.5][i % 6], o),
        makeBlock('runs of NaN and -0', kind, 5_000, (i) => [NaN, -0, 0][Math.floor(i / 400) % 3], o),
        makeBlock('all NaN', kind, 300, () => NaN, o),
      );
    }
  }
  return blocks;
}

/**
 * Null if `decoded[0, n)` matches `block` exactly (bit-exact for doubles, via Object.is; NULL
 * slots must hold 0), else a message naming the first difference. With `zeroSignLost`, -0 may
 * come back as 0 (integer encodings of integral doubles).
 */
export function compareDecoded(
  block: TestBlock,
  decoded: { values: BlockValues; validity: Uint8Array | null; n: number },
  zeroSignLost = false,
): string | null {
  if (decoded.n !== block.n) return `row count ${decoded.n}, expected ${block.n}`;
  const hasNulls = block.validity !== null && block.validity.subarray(0, block.n).includes(0);
  if (hasNulls !== (decoded.validity !== null)) return `validity ${decoded.validity === null ? 'missing' : 'unexpected'}`;
  for (let i = 0; i < block.n; i++) {
    const valid = block.validity === null || block.validity[i] !== 0;
    if (decoded.validity !== null && decoded.validity[i] !== (valid ? 1 : 0)) return `validity of row ${i} is ${decoded.validity[i]}`;
    const want = valid ? block.values[i] : 0;
    const got = decoded.values[i];
    if (!Object.is(got, want) && !(zeroSignLost && got === 0 && want === 0)) return `row ${i}: got ${String(got)}, expected ${String(want)}`;
  }
  return null;
}

/** Random predicates over the value range of `block` (bounds drawn from its values and around them). */
export function randomPredicates(block: TestBlock, count: number, seed: number): BlockPredicate[] {
  const r = rng(seed);
  const pick = (): number => {
    if (block.n === 0 || r() < 0.15) return [0, 1, -1, 1000, -0.5, 2.5, Infinity, -Infinity, NaN][Math.floor(r() * 9)];
    return block.values[Math.floor(r() * block.n)];
  };
  const preds: BlockPredicate[] = [];
  for (let k = 0; k < count; k++) {
    if (r() < 0.4) {
      const values: number[] = [];
      const m = 1 + Math.floor(r() * 12);
      for (let j = 0; j < m; j++) values.push(pick());
      preds.push({ kind: 'in', values });
    } else {
      let lo: number | null = r() < 0.2 ? null : pick();
      let hi: number | null = r() < 0.2 ? null : pick();
      if (lo !== null && hi !== null && lo > hi) [lo, hi] = [hi, lo];
      preds.push({ kind: 'range', lo, hi, loInclusive: r() < 0.5, hiInclusive: r() < 0.5 });
    }
  }
  return preds;
}

/**
 * Encodes `block` forcing encoding `id` (and optionally a compression), decodes it into a new
 * array and into a reused longer array full of garbage, and compares both with the input.
 */
export function roundTripForced(
  block: TestBlock,
  id: EncodingId,
  forceCompression?: CompressionId,
): { bytes: Uint8Array; header: BlockHeader; error: string | null } {
  const bytes = encodeBlock(block.kind, block.values, block.validity, block.n, { integral: block.integral, forceEncoding: id, forceCompression });
  const header = readBlockHeader(bytes);
  const zeroSignLost = header.encoding === 'bitpack' || header.encoding === 'delta';
  let error = compareDecoded(block, decodeBlock(bytes), zeroSignLost);
  if (error === null) {
    const out = allocValues(block.kind, block.n + 5).fill(77);
    const validity = new Uint8Array(block.n + 5).fill(9);
    const decoded = decodeBlock(bytes, out, { validity });
    if (decoded.values !== out) error = 'decode did not write into the given array';
    else error = compareDecoded(block, decoded, zeroSignLost);
    if (error !== null) error = `decoding into a reused array: ${error}`;
  }
  return { bytes, header, error: error === null ? null : `${block.name} (${block.kind}, ${header.encoding}): ${error}` };
}

/** The block's values with NULL slots filled from the previous valid value, as encoders see them. */
export function filledValues(block: TestBlock): number[] {
  const out: number[] = [];
  let first = 0;
  while (block.validity !== null && first < block.n && block.validity[first] === 0) first++;
  let prev = first < block.n ? block.values[first] : 0;
  for (let i = 0; i < block.n; i++) {
    if (block.validity === null || block.validity[i] !== 0) prev = block.values[i];
    out.push(prev);
  }
  return out;
}

/** Distinct values of the filled block, bit-exact (-0 differs from 0). */
export function distinctCount(block: TestBlock): number {
  return new Set(filledValues(block).map((v) => (Object.is(v, -0) ? '-0' : String(v)))).size;
}

/**
 * Null if `selectBlock(bytes, pred)` equals the predicate evaluated row by row on the decoded
 * block (NULL rows never matching) for every predicate, else a message naming the first mismatch.
 */
export function selectMismatch(bytes: Uint8Array, preds: readonly BlockPredicate[]): string | null {
  const decoded = decodeBlock(bytes);
  const reused = new Uint8Array(decoded.n + 3).fill(5);
  for (const pred of preds) {
    const mask = selectBlock(bytes, pred);
    if (mask === null) return `selectBlock gave up on ${JSON.stringify(pred)}`;
    const again = selectBlock(bytes, pred, reused);
    if (again !== reused) return 'selectBlock did not write into the given mask';
    for (let i = 0; i < decoded.n; i++) {
      const valid = decoded.validity === null || decoded.validity[i] === 1;
      const want = valid && predicateMatches(pred, decoded.values[i]) ? 1 : 0;
      if (mask[i] !== want || reused[i] !== want) {
        return `${JSON.stringify(pred)} on row ${i} (value ${decoded.values[i]}, valid ${valid}): got ${mask[i]}, expected ${want}`;
      }
    }
  }
  return null;
}
