/** Aggregating merge: the rows of a sorted run that share a key combined into one row, column by column, by a table's merge rule. */
import { allocData, type DataType, physicalKind } from '../../engine/types/data-type.js';
import { rankDictionary } from '../../engine/vector/sort-keys.js';
import { Vector } from '../../engine/vector/vector.js';
import { mergeSketchRuns } from '../../engine/exec/hash/hll-aggregate-state.js';

/**
 * How rows of a table with equal keys combine, as the manifest keeps it (by column name). A cube
 * table (`__cube_<v>`) carries one: its key is the grouping set id and the dimensions, and every
 * measure part merges the way queries re-aggregate it, so a merged table answers every query
 * exactly as the unmerged one (queries still re-aggregate; merging only removes rows).
 */
export interface MergeRuleSpec {
  /** Key columns, a prefix of the table's sort key (so equal keys are neighbours after sorting). NULL equals NULL. */
  readonly key: readonly string[];
  /** Every other column: how two of its values combine (`sum`, `min`, `max`, or a kind added by {@link registerMergeKind}). */
  readonly parts: Readonly<Record<string, string>>;
}

/** Combines the values of each run of equal-key rows into one value. */
export interface ColumnMerger {
  /** Whether columns of type `t` can be merged this way (a rule naming another type is not used). */
  accepts(t: DataType): boolean;
  /**
   * `v` holds the run's rows (dense, no selection); group g is rows [starts[g], starts[g + 1]),
   * `starts[groups]` is the row count. Returns one value of `v`'s type per group.
   */
  merge(v: Vector, starts: Int32Array, groups: number): Vector;
}

/** A merge rule resolved against a table's columns: what the flush and compaction apply. */
export interface MergeRule {
  /** Table column indexes of the key. */
  readonly key: readonly number[];
  /** Per table column: its merger; null for key columns. */
  readonly mergers: readonly (ColumnMerger | null)[];
}

/**
 * sum of sums and counts: NULL + x = x, all NULL stays NULL, exactly what `sum` over the stored
 * values computes. Values are float64 (BIGINT, DECIMAL as scaled integers, DOUBLE), added in row
 * order like the aggregate does; integers and scaled decimals are exact below 2^53 in any order.
 */
const sumMerger: ColumnMerger = {
  accepts: (t) => physicalKind(t) === 'f64' && t.id !== 'timestamp',
  merge(v, starts, groups) {
    const d = v.data as Float64Array;
    const valid = v.validity;
    const out = new Float64Array(groups);
    let validity: Uint8Array | null = null;
    for (let g = 0; g < groups; g++) {
      const end = starts[g + 1];
      let s = 0;
      let any = valid === null ? 1 : 0;
      if (valid === null) {
        for (let i = starts[g]; i < end; i++) s += d[i];
      } else {
        for (let i = starts[g]; i < end; i++) {
          if (valid[i] === 0) continue;
          s += d[i];
          any = 1;
        }
      }
      if (any === 1) out[g] = s;
      else (validity ??= new Uint8Array(groups).fill(1))[g] = 0;
    }
    return new Vector(v.type, out, validity, null, groups);
  },
};

/**
 * min or max of the non-NULL values (NULL when there are none). Numbers compare like the min/max
 * aggregate (NaN is larger than every number); strings by value, through the ranks of their
 * dictionary so the loop compares integers.
 */
function extremeMerger(isMax: boolean): ColumnMerger {
  return {
    accepts: () => true,
    merge(v, starts, groups) {
      const str = physicalKind(v.type) === 'str';
      const d = v.data;
      const valid = v.validity;
      // Strings: compare ranks (equal strings have equal ranks) and keep the winner's code.
      const rank = str ? rankDictionary(v.dict as string[]).rank : null;
      const out = allocData(v.type, groups);
      let validity: Uint8Array | null = null;
      for (let g = 0; g < groups; g++) {
        const end = starts[g + 1];
        let best = -1;
        for (let i = starts[g]; i < end; i++) {
          if (valid !== null && valid[i] === 0) continue;
          if (best < 0) {
            best = i;
            continue;
          }
          const x = rank === null ? d[i] : rank[d[i]];
          const cur = rank === null ? d[best] : rank[d[best]];
          // NaN: it beats everything for max and loses to everything for min.
          if (isMax ? x > cur || (x !== x && cur === cur) : x < cur || (cur !== cur && x === x)) best = i;
        }
        if (best >= 0) out[g] = d[best];
        else (validity ??= new Uint8Array(groups).fill(1))[g] = 0;
      }
      return new Vector(v.type, out, validity, str ? v.dict : null, groups);
    },
  };
}

/**
 * The merge kinds by name. Another kind of stored part (e.g. an approximate-distinct sketch whose
 * merge is a function of two stored values) registers its own merger here; a rule naming a kind
 * that is not registered is not applied at all, so such a table keeps every row.
 */
const mergeKinds = new Map<string, ColumnMerger>([
  ['sum', sumMerger],
  ['min', extremeMerger(false)],
  ['max', extremeMerger(true)],
  // approx_count_distinct's HyperLogLog sketches (VARCHAR text): their union, as hll_union computes it.
  ['hll_sketch', { accepts: (t) => t.id === 'varchar', merge: mergeSketchRuns }],
]);

/** Adds a merge kind (a part type whose two values combine into one); a rule may then name it. */
export function registerMergeKind(kind: string, merger: ColumnMerger): void {
  mergeKinds.set(kind, merger);
}

/**
 * Resolves `spec` against a table's columns and sort key (column indexes), or null when it cannot
 * be applied safely: a key that is not a prefix of the sort key, a column without a kind (e.g.
 * added by ALTER TABLE), an unknown kind, or a kind that does not accept the column's type.
 */
export function resolveMergeRule(spec: MergeRuleSpec, columnNames: readonly string[], types: readonly DataType[], sortKey: readonly number[]): MergeRule | null {
  // The manifest is trusted JSON, but a rule of the wrong shape must not merge anything.
  if (!Array.isArray(spec.key) || typeof spec.parts !== 'object' || spec.parts === null) return null;
  const index = (name: string): number => columnNames.findIndex((c) => c.toLowerCase() === name.toLowerCase());
  const key = spec.key.map(index);
  if (key.length === 0 || key.length > sortKey.length || key.some((k, i) => k < 0 || sortKey[i] !== k)) return null;
  const byName = new Map(Object.entries(spec.parts).map(([c, kind]) => [c.toLowerCase(), kind]));
  const mergers: (ColumnMerger | null)[] = [];
  for (let c = 0; c < columnNames.length; c++) {
    if (key.includes(c)) {
      mergers.push(null);
      continue;
    }
    const m = mergeKinds.get(byName.get(columnNames[c].toLowerCase()) ?? '');
    if (m === undefined || !m.accepts(types[c])) return null;
    mergers.push(m);
  }
  return { key, mergers };
}

/** Sets flags[i] = 1 where row i's value of `v` differs from row i - 1's (NULL equals NULL, NaN equals NaN). */
function markChanges(v: Vector, n: number, flags: Uint8Array): void {
  const valid = v.validity;
  const rank = physicalKind(v.type) === 'str' ? rankDictionary(v.dict as string[]).rank : null;
  const d = v.data;
  for (let i = 1; i < n; i++) {
    if (flags[i] === 1) continue;
    const vi = valid === null ? 1 : valid[i];
    if (vi !== (valid === null ? 1 : valid[i - 1])) flags[i] = 1;
    else if (vi === 1) {
      const a = rank === null ? d[i] : rank[d[i]];
      const b = rank === null ? d[i - 1] : rank[d[i - 1]];
      if (a !== b && (a === a || b === b)) flags[i] = 1;
    }
  }
}

/**
 * Combines neighbouring rows with equal keys of `columns` (n dense rows sorted by at least the
 * rule's key) into one row each: the key of the group's first row, every other column merged by
 * its kind. Returns the input itself when no two neighbours share a key.
 */
export function mergeEqualKeys(rule: MergeRule, columns: readonly Vector[], n: number): { columns: Vector[]; rows: number } {
  if (n < 2) return { columns: [...columns], rows: n };
  const flags = new Uint8Array(n);
  flags[0] = 1;
  for (const k of rule.key) markChanges(columns[k], n, flags);
  let groups = 0;
  for (let i = 0; i < n; i++) groups += flags[i];
  if (groups === n) return { columns: [...columns], rows: n };
  const starts = new Int32Array(groups + 1);
  for (let i = 0, g = 0; i < n; i++) if (flags[i] === 1) starts[g++] = i;
  starts[groups] = n;
  const firsts = starts.subarray(0, groups);
  const out = columns.map((v, c) => {
    const m = rule.mergers[c];
    return m === null ? v.gather(firsts, groups) : m.merge(v, starts, groups);
  });
  return { columns: out, rows: groups };
}
