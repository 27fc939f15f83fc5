/** JoinOutputBuffer: collects the few matches of many probe batches into full-size dense join output batches. */
import { allocData, type DataType, type TypedArray } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { Vector } from '../vector/vector.js';

/**
 * A selective join (a star's dimension keeping 1 fact row in 25) matches a few dozen rows per
 * 2,048-row probe batch. Emitting each as its own batch costs a dozen typed-array allocations
 * per probe batch here and in every operator above; measured on SSB Q4.1, allocation and GC
 * took more time than the joins. This buffer copies matched pairs (probe columns gathered by
 * probe row, build columns by build row) into arrays of VECTOR_SIZE rows and hands them out
 * when full, so operators above see about one batch per VECTOR_SIZE matches.
 *
 * String columns are codes into their vector's dictionary; a probe batch whose dictionaries
 * differ from the buffered rows' (stored tables have one per row group) closes the current batch.
 */
export class JoinOutputBuffer {
  private data: TypedArray[] = [];
  private validity: (Uint8Array | null)[] = [];
  private dicts: (string[] | null)[] = [];
  private count = 0;

  constructor(
    private readonly leftTypes: readonly DataType[],
    private readonly rightTypes: readonly DataType[],
    /** Per right column, the left column holding equal values on every pair (join keys), or -1. */
    private readonly rightFromLeft: Int32Array,
  ) {}

  /** Rows held. */
  get size(): number {
    return this.count;
  }

  /** Bytes of the arrays being filled. */
  get byteSize(): number {
    let b = 0;
    for (const d of this.data) b += d.byteLength;
    for (const v of this.validity) b += v === null ? 0 : v.byteLength;
    return b;
  }

  /**
   * Adds `m` pairs (probe physical row `rows[i]` of `left`, build row `build[i]` of `right`);
   * returns the previously held rows as a batch when the new ones do not fit with them, else null.
   */
  add(left: readonly Vector[], rows: Int32Array, right: readonly Vector[], build: Int32Array, m: number): Batch | null {
    let out: Batch | null = null;
    if (this.count > 0 && (this.count + m > VECTOR_SIZE || !this.sameDicts(left, right))) out = this.take();
    if (this.count === 0) this.start(left, right);
    const nl = left.length;
    for (let c = 0; c < nl; c++) this.gather(c, left[c], rows, m);
    for (let c = 0; c < right.length; c++) {
      if (this.rightFromLeft[c] < 0) this.gather(nl + c, right[c], build, m);
    }
    this.count += m;
    return out;
  }

  /** The held rows as a dense batch (null when none); the buffer starts over empty. */
  take(): Batch | null {
    const n = this.count;
    if (n === 0) return null;
    const nl = this.leftTypes.length;
    const cols: Vector[] = [];
    const types = [...this.leftTypes, ...this.rightTypes];
    for (let c = 0; c < types.length; c++) {
      const l = c >= nl ? this.rightFromLeft[c - nl] : -1;
      const src = l >= 0 ? l : c;
      const v = this.validity[src];
      cols.push(new Vector(types[c], this.data[src].subarray(0, n), v === null ? null : v.subarray(0, n), this.dicts[src], n));
    }
    this.count = 0;
    return new Batch(cols, n, null);
  }

  private start(left: readonly Vector[], right: readonly Vector[]): void {
    const types = [...this.leftTypes, ...this.rightTypes];
    const vectors = [...left, ...right];
    this.data = types.map((t) => allocData(t, VECTOR_SIZE));
    this.validity = types.map(() => null);
    this.dicts = vectors.map((v) => v.dict);
  }

  private sameDicts(left: readonly Vector[], right: readonly Vector[]): boolean {
    const nl = left.length;
    for (let c = 0; c < nl; c++) if (left[c].dict !== this.dicts[c]) return false;
    for (let c = 0; c < right.length; c++) if (right[c].dict !== this.dicts[nl + c]) return false;
    return true;
  }

  /** Appends `src[at[i]]` for i < m to buffered column `c`. */
  private gather(c: number, src: Vector, at: Int32Array, m: number): void {
    const base = this.count;
    const out = this.data[c];
    const data = src.data;
    for (let i = 0; i < m; i++) out[base + i] = data[at[i]];
    const sv = src.validity;
    let validity = this.validity[c];
    if (sv === null && validity === null) return;
    if (validity === null) {
      // First NULL-able rows in this column: the rows before them were all valid.
      validity = new Uint8Array(VECTOR_SIZE);
      validity.fill(1, 0, base);
      this.validity[c] = validity;
    }
    if (sv === null) validity.fill(1, base, base + m);
    else for (let i = 0; i < m; i++) validity[base + i] = sv[at[i]];
  }
}
