/** Physical ORDER BY ... LIMIT operator: keeps only the best limit + offset rows while streaming its input. */
import { type DataType, physicalKind } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { ColumnBuilder } from '../vector/column-builder.js';
import type { Vector } from '../vector/vector.js';
import type { ExecOperator } from './operator.js';
import { CLS_NULLS_FIRST, CLS_NULLS_LAST, nanClass, normalClass, type SortKey, sortedPermutation } from '../vector/sort-keys.js';

/** The K-th best row's value of one key, as the cut-off for incoming rows. */
interface Cutoff {
  cls: number;
  num: number;
  str: string;
}

/**
 * Top-N sort: the result of ORDER BY keys LIMIT limit OFFSET offset, without sorting the whole
 * input. Candidates are buffered in ColumnBuilders (in input order); when the buffer holds
 * K + max(K, 8 * VECTOR_SIZE) rows (K = limit + offset) it is sorted and cut back to the best K.
 * The K-th row then becomes a cut-off: incoming rows that do not sort strictly before it are
 * dropped before being buffered (a tie loses, since the cut-off row came first and the sort is
 * stable). On random input almost every row is dropped by that test, which costs one numeric
 * compare per row and key (strings compare through a per-dictionary table built once).
 */
export class TopNExec implements ExecOperator {
  private readonly k: number;
  private builders: ColumnBuilder[] | null = null;
  private types: DataType[] = [];
  private size = 0;
  private cutoff: Cutoff[] | null = null;
  /** Bumped whenever the cut-off changes, invalidating string compare tables. */
  private cutoffVersion = 0;
  private readonly strDict: (readonly string[] | null)[];
  private readonly strLen: number[];
  private readonly strVersion: number[];
  private readonly strCmp: Int8Array[];
  private status = new Int8Array(VECTOR_SIZE);
  private keepSel = new Int32Array(VECTOR_SIZE);
  private columns: Vector[] | null = null;
  private perm: Int32Array | null = null;
  private pos = 0;
  private end = 0;

  constructor(
    private readonly input: ExecOperator,
    readonly keys: readonly SortKey[],
    readonly limit: number,
    readonly offset: number,
  ) {
    this.k = Math.max(0, limit) + Math.max(0, offset);
    this.strDict = keys.map(() => null);
    this.strLen = keys.map(() => -1);
    this.strVersion = keys.map(() => -1);
    this.strCmp = keys.map(() => new Int8Array(0));
  }

  next(): Batch | null {
    if (this.perm === null) this.consume();
    if (this.pos >= this.end) return null;
    const start = this.pos;
    const stop = Math.min(this.end, start + VECTOR_SIZE);
    this.pos = stop;
    const rows = (this.perm as Int32Array).subarray(start, stop);
    const cols = (this.columns as Vector[]).map((v) => v.gather(rows, stop - start));
    return new Batch(cols, stop - start, null);
  }

  close(): void {
    this.input.close?.();
  }

  private consume(): void {
    if (this.k === 0) {
      this.input.close?.();
      this.columns = [];
      this.perm = new Int32Array(0);
      return;
    }
    const flushAt = this.k + Math.max(this.k, 8 * VECTOR_SIZE);
    for (let b = this.input.next(); b !== null; b = this.input.next()) {
      if (this.builders === null) {
        this.types = b.columns.map((v) => v.type);
        this.builders = this.types.map((t) => new ColumnBuilder(t, VECTOR_SIZE));
      }
      let sel = b.sel;
      let n = b.length;
      if (this.cutoff !== null) {
        n = this.filterBetter(b);
        if (n === 0) continue;
        sel = this.keepSel;
      }
      for (let c = 0; c < this.builders.length; c++) this.builders[c].appendVector(b.columns[c], sel, n);
      this.size += n;
      if (this.size >= flushAt) this.compact();
    }
    const cols = this.builders === null ? [] : this.builders.map((bl) => bl.finish());
    this.columns = cols;
    this.perm = sortedPermutation(cols, this.keys, this.size);
    this.pos = Math.min(this.size, this.offset);
    this.end = Math.min(this.size, this.k);
  }

  /** Sorts the buffer, keeps the best K rows (re-buffered in input order) and records the cut-off. */
  private compact(): void {
    const cols = (this.builders as ColumnBuilder[]).map((b) => b.finish());
    const perm = sortedPermutation(cols, this.keys, this.size);
    const keep = Math.min(this.k, this.size);
    // Keeping buffer order = input order lets the next sort break ties by index.
    const kept = perm.slice(0, keep).sort();
    this.builders = this.types.map((t, c) => {
      const nb = new ColumnBuilder(t, Math.max(keep * 2, VECTOR_SIZE));
      nb.appendVector(cols[c], kept, keep);
      return nb;
    });
    this.size = keep;
    if (keep === this.k) {
      const worst = perm[keep - 1];
      this.cutoff = this.keys.map((key) => cutoffOf(cols[key.col], worst, key));
      this.cutoffVersion++;
    }
  }

  /** Writes to `keepSel` the physical rows of `b` that sort strictly before the cut-off; returns their count. */
  private filterBetter(b: Batch): number {
    const n = b.length;
    if (this.status.length < n) {
      this.status = new Int8Array(n);
      this.keepSel = new Int32Array(n);
    }
    const status = this.status;
    status.fill(0, 0, n);
    const sel = b.sel;
    const cutoff = this.cutoff as Cutoff[];
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i];
      const v = b.columns[key.col];
      const cut = cutoff[i];
      const nullCls = key.nullsFirst ? CLS_NULLS_FIRST : CLS_NULLS_LAST;
      const normal = normalClass(key.desc);
      const nan = nanClass(key.desc);
      const dir = key.desc ? -1 : 1;
      const validity = v.validity;
      const data = v.data;
      const isStr = physicalKind(v.type) === 'str';
      const cmp = isStr ? this.stringCompare(i, v.dict ?? [], cut.str) : null;
      for (let k = 0; k < n; k++) {
        if (status[k] !== 0) continue;
        const row = sel === null ? k : sel[k];
        let cls = normal;
        let x = 0;
        if (validity !== null && validity[row] === 0) cls = nullCls;
        else {
          x = data[row];
          if (x !== x) cls = nan;
        }
        if (cls !== cut.cls) {
          status[k] = cls < cut.cls ? -1 : 1;
        } else if (cls === normal) {
          const c = cmp !== null ? cmp[x] : x < cut.num ? -1 : x > cut.num ? 1 : 0;
          status[k] = c * dir;
        }
      }
    }
    const out = this.keepSel;
    let m = 0;
    for (let k = 0; k < n; k++) {
      out[m] = sel === null ? k : sel[k];
      m += status[k] < 0 ? 1 : 0;
    }
    return m;
  }

  /** Per code of `dict`: -1 / 0 / 1 as the string sorts before / equal / after the cut-off string. */
  private stringCompare(keyIdx: number, dict: readonly string[], cut: string): Int8Array {
    if (this.strDict[keyIdx] === dict && this.strLen[keyIdx] === dict.length && this.strVersion[keyIdx] === this.cutoffVersion) {
      return this.strCmp[keyIdx];
    }
    const out = new Int8Array(dict.length);
    for (let c = 0; c < dict.length; c++) out[c] = dict[c] < cut ? -1 : dict[c] > cut ? 1 : 0;
    this.strDict[keyIdx] = dict;
    this.strLen[keyIdx] = dict.length;
    this.strVersion[keyIdx] = this.cutoffVersion;
    this.strCmp[keyIdx] = out;
    return out;
  }
}

/** The cut-off value of `key` at `row` of a materialized column. */
function cutoffOf(v: Vector, row: number, key: SortKey): Cutoff {
  if (v.validity !== null && v.validity[row] === 0) {
    return { cls: key.nullsFirst ? CLS_NULLS_FIRST : CLS_NULLS_LAST, num: 0, str: '' };
  }
  if (v.dict !== null) return { cls: normalClass(key.desc), num: 0, str: v.dict[v.data[row]] };
  const x = v.data[row];
  if (x !== x) return { cls: nanClass(key.desc), num: 0, str: '' };
  return { cls: normalClass(key.desc), num: x, str: '' };
}
