/** AggregateHashTable: group keys to dense group ids plus one typed-array state per aggregate; mergeable. */
import type { DataType } from '../../types/data-type.js';
import { VECTOR_SIZE } from '../../vector/batch.js';
import type { Vector } from '../../vector/vector.js';
import { type AggregateSpec, type AggregateState, createAggregateState } from './aggregate-states.js';
import { KeyHashTable } from './key-hash-table.js';

/**
 * The partial state of a GROUP BY: a {@link KeyHashTable} assigning group ids in first-seen
 * order, and per aggregate a state whose arrays are indexed by group id. With no group columns
 * there is exactly one group (id 0) from the start, so an empty input still yields one row.
 *
 * Tables built over disjoint parts of the input (e.g. one per row group, in parallel later) combine
 * with {@link merge}; the result is the same as if one table had seen all rows, groups of `this`
 * first.
 */
export class AggregateHashTable {
  private readonly keys: KeyHashTable | null;
  private readonly states: AggregateState[];
  private groups: number;
  private ids = new Int32Array(VECTOR_SIZE);

  constructor(
    readonly groupTypes: readonly DataType[],
    readonly aggs: readonly AggregateSpec[],
    readonly argTypes: readonly (DataType | null)[],
    /** Types of the second arguments (arg_min's key, string_agg's ORDER BY key); null where none. */
    readonly arg2Types: readonly (DataType | null)[] = [],
  ) {
    // Group keys of dimension attributes are small integers (string codes, years): pack them.
    this.keys = groupTypes.length === 0 ? null : new KeyHashTable(groupTypes, { packed: true });
    this.states = aggs.map((a, i) => createAggregateState(a, argTypes[i], arg2Types[i] ?? null));
    this.groups = this.keys === null ? 1 : 0;
    for (const s of this.states) s.resize(this.groups);
  }

  /** Number of groups so far. */
  get groupCount(): number {
    return this.groups;
  }

  /** Bytes held by keys and states. */
  get byteSize(): number {
    let b = this.ids.byteLength + (this.keys === null ? 0 : this.keys.byteSize);
    for (const s of this.states) b += s.byteSize;
    return b;
  }

  /**
   * Folds `n` live rows in: `groupVectors` are the key columns, `argVectors[i]` the argument of
   * aggregate i (null for count_star), `arg2Vectors[i]` its second argument if it has one; live
   * row k is physical row `sel[k]` (k when `sel` is null).
   */
  addBatch(
    groupVectors: readonly Vector[],
    argVectors: readonly (Vector | null)[],
    sel: Int32Array | null,
    n: number,
    arg2Vectors?: readonly (Vector | null)[],
  ): void {
    if (n === 0) return;
    if (this.ids.length < n) this.ids = new Int32Array(n);
    // With no keys the ids array stays all zeros: every row belongs to group 0.
    if (this.keys !== null) {
      this.keys.findOrInsert(groupVectors, sel, n, this.ids);
      if (this.keys.size !== this.groups) {
        this.groups = this.keys.size;
        for (const s of this.states) s.resize(this.groups);
      }
    }
    for (let i = 0; i < this.states.length; i++) this.states[i].update(this.ids, argVectors[i], sel, n, arg2Vectors?.[i] ?? null);
  }

  /** Folds another table over the same group types and aggregates into this one. */
  merge(other: AggregateHashTable): void {
    const otherGroups = other.groups;
    const map = new Int32Array(otherGroups);
    if (this.keys !== null && other.keys !== null) {
      const keyVectors = other.groupTypes.map((_, c) => (other.keys as KeyHashTable).keyVector(c));
      for (let start = 0; start < otherGroups; start += VECTOR_SIZE) {
        const end = Math.min(otherGroups, start + VECTOR_SIZE);
        this.keys.findOrInsert(
          keyVectors.map((v) => v.slice(start, end)),
          null,
          end - start,
          map.subarray(start, end),
        );
      }
      this.groups = this.keys.size;
      for (const s of this.states) s.resize(this.groups);
    }
    for (let i = 0; i < this.states.length; i++) this.states[i].mergeFrom(other.states[i], map, otherGroups);
  }

  /**
   * A table grouped by the key columns `keep` (positions in this table's keys) whose states are
   * this table's states merged per coarser group: the roll-up step of GROUPING SETS / ROLLUP /
   * CUBE, and of deriving a coarser cuboid from a finer one. `keep` empty gives the grand total
   * (one group, even when this table is empty).
   */
  rollUp(keep: readonly number[]): AggregateHashTable {
    const out = new AggregateHashTable(
      keep.map((c) => this.groupTypes[c]),
      this.aggs,
      this.argTypes,
      this.arg2Types,
    );
    const groups = this.groups;
    const map = new Int32Array(groups);
    if (out.keys !== null && this.keys !== null) {
      const keyVectors = keep.map((c) => (this.keys as KeyHashTable).keyVector(c));
      for (let start = 0; start < groups; start += VECTOR_SIZE) {
        const end = Math.min(groups, start + VECTOR_SIZE);
        out.keys.findOrInsert(
          keyVectors.map((v) => v.slice(start, end)),
          null,
          end - start,
          map.subarray(start, end),
        );
      }
      out.groups = out.keys.size;
      for (const s of out.states) s.resize(out.groups);
    }
    for (let i = 0; i < out.states.length; i++) out.states[i].mergeFrom(this.states[i], map, groups);
    return out;
  }

  /** Group key columns then one column per aggregate, each of `groupCount` rows in group-id order. */
  finish(): Vector[] {
    const out: Vector[] = [];
    if (this.keys !== null) for (let c = 0; c < this.groupTypes.length; c++) out.push(this.keys.keyVector(c));
    for (const s of this.states) out.push(s.finish(this.groups));
    return out;
  }
}
