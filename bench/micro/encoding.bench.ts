/** Micro-benchmark of the block codec on SSB-lineorder-shaped columns: encode / decode / select throughput and size of each encoding, against a plain copy. */
import { decodeBlock, encodeBlock, readBlockHeader } from '../../storage/encoding/block-codec.js';
import type { BlockKind, BlockValues } from '../../storage/encoding/block-input.js';
import { allocValues } from '../../storage/encoding/byte-views.js';
import { ENCODING_IDS, encodingById, type EncodingId } from '../../storage/encoding/codec.js';
import { type BlockPredicate, selectValues } from '../../storage/encoding/predicate.js';
import { selectBlock } from '../../storage/encoding/select-encoded.js';

// Run: npx tsc -p . && node dist/bench/micro/encoding.bench.js [rows] [blockRows] [column-name-filter]
const ROWS = Number(process.argv[2] ?? 6_000_000);
const BLOCK_ROWS = Number(process.argv[3] ?? 8192);
const FILTER = process.argv[4] ?? '';
/** Decode and select are fast: more runs for a stable median. Encode is slower and less critical. */
const REPEAT = 7;
const WARMUP = 3;
const ENCODE_REPEAT = 3;
const ENCODE_WARMUP = 1;

/** Seeded xorshift so runs are comparable across commits. */
function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

interface Column {
  readonly name: string;
  readonly kind: BlockKind;
  readonly integral: boolean;
  readonly values: BlockValues;
  /** A typical pushed-down predicate, for the select measurement. */
  readonly pred: BlockPredicate;
}

/** Columns shaped like SSB lineorder at SF 1 (sorted by orderdate, as a stored fact table would be). */
function lineorderColumns(n: number): Column[] {
  const r = rng(42);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const orderdate = new Int32Array(n);
  // 2,406 order days (1992-01-01 .. 1998-08-02) as days since 1970, sorted: ~2,500 rows per day.
  for (let i = 0; i < n; i++) orderdate[i] = 8035 + Math.floor((i * 2406) / n);
  const discount = Int32Array.from({ length: n }, () => int(0, 10));
  const quantity = Int32Array.from({ length: n }, () => int(1, 50));
  const extendedprice = new Float64Array(n);
  const revenue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // DECIMAL(15,2) as scaled integers: quantity x part retail price (900.00 .. 2,099.00).
    extendedprice[i] = quantity[i] * int(90_000, 209_900);
    revenue[i] = Math.floor((extendedprice[i] * (100 - discount[i])) / 100);
  }
  const supplycost = Float64Array.from({ length: n }, () => int(54_000, 125_940));
  const custkey = Int32Array.from({ length: n }, () => int(1, 30_000));
  const partkey = Int32Array.from({ length: n }, () => int(1, 200_000));
  const priority = Int32Array.from({ length: n }, () => int(0, 4));
  const shipmode = Int32Array.from({ length: n }, () => int(0, 6));
  const tax = Float64Array.from({ length: n }, () => r() * 0.08 + r() / 2 ** 40);
  const returned = Uint8Array.from({ length: n }, () => (r() < 0.25 ? 1 : 0));
  const range = (lo: number, hi: number): BlockPredicate => ({ kind: 'range', lo, hi, loInclusive: true, hiInclusive: true });
  return [
    { name: 'lo_orderdate (sorted DATE)', kind: 'i32', integral: true, values: orderdate, pred: range(8401, 8765) },
    { name: 'lo_discount (0..10)', kind: 'i32', integral: true, values: discount, pred: range(1, 3) },
    { name: 'lo_quantity (1..50)', kind: 'i32', integral: true, values: quantity, pred: range(1, 24) },
    { name: 'lo_extendedprice (DECIMAL)', kind: 'f64', integral: true, values: extendedprice, pred: range(0, 2_000_000) },
    { name: 'lo_revenue (DECIMAL)', kind: 'f64', integral: true, values: revenue, pred: range(0, 2_000_000) },
    { name: 'lo_supplycost (DECIMAL)', kind: 'f64', integral: true, values: supplycost, pred: range(60_000, 70_000) },
    { name: 'lo_custkey (random 1..30000)', kind: 'i32', integral: true, values: custkey, pred: range(1000, 2000) },
    { name: 'lo_partkey (random 1..200000)', kind: 'i32', integral: true, values: partkey, pred: range(1000, 2000) },
    { name: 'lo_orderpriority (5 codes)', kind: 'i32', integral: true, values: priority, pred: { kind: 'in', values: [1, 3] } },
    { name: 'lo_shipmode (7 codes)', kind: 'i32', integral: true, values: shipmode, pred: { kind: 'in', values: [2] } },
    { name: 'tax ratio (random DOUBLE)', kind: 'f64', integral: false, values: tax, pred: range(0.01, 0.02) },
    { name: 'returned (BOOLEAN, 25% true)', kind: 'u8', integral: true, values: returned, pred: { kind: 'in', values: [1] } },
  ];
}

/** Median wall time of `fn` in ms. */
function time(fn: () => void, repeat = REPEAT, warmup = WARMUP): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function encodeColumn(c: Column, forceEncoding?: EncodingId, forceCompression?: 'none' | 'lz4'): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (let s = 0; s < ROWS; s += BLOCK_ROWS) {
    const n = Math.min(BLOCK_ROWS, ROWS - s);
    blocks.push(encodeBlock(c.kind, c.values.subarray(s, s + n), null, n, { integral: c.integral, forceEncoding, forceCompression }));
  }
  return blocks;
}

/** Per-block decode into one reused buffer, as a scan does. */
function decodeAll(blocks: Uint8Array[], out: BlockValues): number {
  let rows = 0;
  for (const b of blocks) rows += decodeBlock(b, out).n;
  return rows;
}

function fmtRate(rows: number, ms: number, bytesPerRow: number): string {
  const mrows = rows / ms / 1000;
  const mb = (rows * bytesPerRow) / ms / 1000;
  return `${ms.toFixed(1).padStart(7)} ms ${mrows.toFixed(0).padStart(5)} Mrow/s ${mb.toFixed(0).padStart(5)} MB/s`;
}

function mix(blocks: Uint8Array[]): string {
  const counts = new Map<string, number>();
  for (const b of blocks) {
    const h = readBlockHeader(b);
    const key = h.compression === 'lz4' ? `${h.encoding}+lz4` : h.encoding;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, v]) => (counts.size === 1 ? k : `${k}:${v}`)).join(' ');
}

function storedBytes(blocks: Uint8Array[]): number {
  let s = 0;
  for (const b of blocks) s += b.length;
  return s;
}

console.log(`block codec: ${ROWS.toLocaleString('en')} rows, ${BLOCK_ROWS}-row blocks; median of ${REPEAT} (encode ${ENCODE_REPEAT}); rates in raw column bytes`);
for (const c of lineorderColumns(ROWS)) {
  if (!c.name.includes(FILTER)) continue;
  const width = c.values.BYTES_PER_ELEMENT;
  const raw = ROWS * width;
  const out = allocValues(c.kind, BLOCK_ROWS);
  console.log(`\n${c.name}: ${c.kind}${c.kind === 'f64' && c.integral ? ' integral' : ''}, ${(raw / 1e6).toFixed(1)} MB raw`);
  const head = `  ${'variant'.padEnd(22)} ${'blocks'.padEnd(22)} ${'size'.padStart(6)}   ${'encode'.padEnd(36)} ${'decode'.padEnd(36)}`;
  console.log(head);

  // Baseline: copying the typed array block by block (what a decode can at best approach).
  const copyMs = time(() => {
    for (let s = 0; s < ROWS; s += BLOCK_ROWS) out.set(c.values.subarray(s, Math.min(ROWS, s + BLOCK_ROWS)));
  });
  console.log(`  ${'copy (baseline)'.padEnd(22)} ${''.padEnd(22)} ${'1.000'.padStart(6)}   ${''.padEnd(36)} ${fmtRate(ROWS, copyMs, width)}`);

  const variants: { label: string; force?: EncodingId; compression?: 'none' | 'lz4' }[] = [{ label: 'auto' }];
  for (const id of ENCODING_IDS) {
    if (encodingById(id).supports(c.kind, c.integral)) variants.push({ label: `${id}`, force: id, compression: 'none' });
  }
  let autoBlocks: Uint8Array[] = [];
  for (const v of variants) {
    let blocks: Uint8Array[] = [];
    const encMs = time(() => (blocks = encodeColumn(c, v.force, v.compression)), ENCODE_REPEAT, ENCODE_WARMUP);
    if (v.force !== undefined && !blocks.some((b) => readBlockHeader(b).encoding === v.force)) {
      console.log(`  ${v.label.padEnd(22)} does not apply (falls back to ${mix(blocks)})`);
      continue;
    }
    if (v.label === 'auto') autoBlocks = blocks;
    const decMs = time(() => decodeAll(blocks, out));
    const ratio = storedBytes(blocks) / raw;
    console.log(`  ${v.label.padEnd(22)} ${mix(blocks).slice(0, 22).padEnd(22)} ${ratio.toFixed(3).padStart(6)}   ${fmtRate(ROWS, encMs, width)} ${fmtRate(ROWS, decMs, width)}`);
  }
  // Decode without the CRC check, to show its share.
  const noCrcMs = time(() => {
    for (const b of autoBlocks) decodeBlock(b, out, { verify: false });
  });
  console.log(`  ${'auto, no CRC check'.padEnd(22)} ${''.padEnd(22)} ${''.padStart(6)}   ${''.padEnd(36)} ${fmtRate(ROWS, noCrcMs, width)}`);

  // Select: a typical predicate on the encoded blocks, against decode-then-filter and a plain loop.
  const mask = new Uint8Array(BLOCK_ROWS);
  let matched = 0;
  for (const b of autoBlocks) {
    const m = selectBlock(b, c.pred, mask)!;
    for (let i = 0; i < readBlockHeader(b).rowCount; i++) matched += m[i];
  }
  const selMs = time(() => {
    for (const b of autoBlocks) selectBlock(b, c.pred, mask);
  });
  const decodeSelMs = time(() => {
    for (const b of autoBlocks) {
      const d = decodeBlock(b, out);
      selectValues(c.pred, d.values, d.n, mask);
    }
  });
  const plainSelMs = time(() => {
    for (let s = 0; s < ROWS; s += BLOCK_ROWS) {
      const n = Math.min(BLOCK_ROWS, ROWS - s);
      selectValues(c.pred, c.values.subarray(s, s + n), n, mask);
    }
  });
  const sel = `${((100 * matched) / ROWS).toFixed(1)}% match`;
  console.log(`  select ${JSON.stringify(c.pred).slice(0, 60)} (${sel})`);
  console.log(`    ${'selectBlock (encoded)'.padEnd(28)} ${fmtRate(ROWS, selMs, width)}`);
  console.log(`    ${'decodeBlock + plain loop'.padEnd(28)} ${fmtRate(ROWS, decodeSelMs, width)}`);
  console.log(`    ${'plain loop on raw (baseline)'.padEnd(28)} ${fmtRate(ROWS, plainSelMs, width)}`);
}
