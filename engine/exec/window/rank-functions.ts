/** Ranking window functions: row_number, rank, dense_rank, percent_rank, cume_dist, ntile. */
import { StrataError } from '../../errors.js';
import { BIGINT, DOUBLE } from '../../types/data-type.js';
import { Vector } from '../../vector/vector.js';
import type { WindowOrder } from './window-order.js';

/** Evaluates a ranking function; the result is indexed by sorted position. */
export function rankFunction(fn: string, order: WindowOrder, buckets: Vector | null): Vector {
  const n = order.n;
  const out = new Float64Array(n);
  const { partitionStarts: ps, partitionOf, peerStarts, peerOf } = order;
  let validity: Uint8Array | null = null;
  switch (fn) {
    case 'row_number':
      for (let j = 0; j < n; j++) out[j] = j - ps[partitionOf[j]] + 1;
      break;
    case 'rank':
      for (let j = 0; j < n; j++) out[j] = peerStarts[peerOf[j]] - ps[partitionOf[j]] + 1;
      break;
    case 'dense_rank':
      for (let j = 0; j < n; j++) out[j] = peerOf[j] - peerOf[ps[partitionOf[j]]] + 1;
      break;
    case 'percent_rank':
      for (let j = 0; j < n; j++) {
        const p = partitionOf[j];
        const size = ps[p + 1] - ps[p];
        out[j] = size <= 1 ? 0 : (peerStarts[peerOf[j]] - ps[p]) / (size - 1);
      }
      return new Vector(DOUBLE, out, null, null, n);
    case 'cume_dist':
      for (let j = 0; j < n; j++) {
        const p = partitionOf[j];
        out[j] = (peerStarts[peerOf[j] + 1] - ps[p]) / (ps[p + 1] - ps[p]);
      }
      return new Vector(DOUBLE, out, null, null, n);
    case 'ntile': {
      const b = buckets as Vector;
      for (let j = 0; j < n; j++) {
        const row = order.perm[j];
        if (b.validity !== null && b.validity[row] === 0) {
          validity ??= new Uint8Array(n).fill(1);
          validity[j] = 0;
          continue;
        }
        const k = b.data[row];
        if (!(k > 0)) throw new StrataError('execution', 'Argument for ntile must be greater than zero');
        const p = partitionOf[j];
        out[j] = ntileBucket(j - ps[p], ps[p + 1] - ps[p], k);
      }
      break;
    }
    default:
      throw new StrataError('internal', `not a ranking window function: ${fn}`);
  }
  return new Vector(BIGINT, out, validity, null, n);
}

/**
 * The 1-based bucket of row `i` (0-based) among `size` rows split into `k` buckets whose sizes
 * differ by at most one, larger buckets first.
 */
function ntileBucket(i: number, size: number, k: number): number {
  if (k >= size) return i + 1;
  const small = Math.floor(size / k);
  const large = size % k;
  const inLarge = large * (small + 1);
  return i < inLarge ? Math.floor(i / (small + 1)) + 1 : large + Math.floor((i - inLarge) / small) + 1;
}
