/** Seeded random streams for the SSB generator: one independent stream per generated column. */

/** Mixes two 32-bit integers into a well-spread 32-bit seed (the murmur3 finalizer). */
function mixSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A mulberry32 generator. Each column of each table draws from its own stream (like dbgen's
 * per-column seeds), so a column's values depend only on the seed and the row, never on how
 * rows are cut into chunks or which other columns are generated.
 */
export class RandomStream {
  private state: number;

  constructor(seed: number, stream: number) {
    this.state = mixSeed(seed, stream);
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.nextU32() * ((hi - lo + 1) / 4294967296));
  }

  /** A uniform element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.nextU32() * (items.length / 4294967296))];
  }
}
