/** Test utilities for the join operators: a row-at-a-time reference join and predicate builders. */
import { Batch } from '../vector/batch.js';
import type { JoinType } from './join-pairs.js';
import { type Cell, drainBatch } from './test-helpers.js';

/** A residual/predicate over candidate rows written as a JS function of the joined row (NULL → false). */
export function rowPredicate(fn: (row: Cell[]) => boolean | null): (b: Batch) => Uint8Array {
  return (b: Batch) => {
    const rows = drainBatch(b);
    const out = new Uint8Array(b.length);
    for (let k = 0; k < rows.length; k++) out[k] = fn(rows[k]) === true ? 1 : 0;
    return out;
  };
}

/**
 * The join computed the obvious way: every left row against every right row, keys equal when
 * non-NULL and `===`, then the residual on the concatenated row.
 */
export function referenceJoin(
  left: Cell[][],
  right: Cell[][],
  leftKeys: number[],
  rightKeys: number[],
  joinType: JoinType,
  residual: ((row: Cell[]) => boolean | null) | null,
  leftWidth: number,
  rightWidth: number,
): Cell[][] {
  const out: Cell[][] = [];
  const rightMatched = new Array<boolean>(right.length).fill(false);
  const nullsL = new Array<Cell>(leftWidth).fill(null);
  const nullsR = new Array<Cell>(rightWidth).fill(null);
  for (const l of left) {
    let matched = false;
    for (let ri = 0; ri < right.length; ri++) {
      const r = right[ri];
      let keysEqual = true;
      for (let i = 0; i < leftKeys.length; i++) {
        const a = l[leftKeys[i]];
        const b = r[rightKeys[i]];
        if (a === null || b === null || a !== b) keysEqual = false;
      }
      if (!keysEqual) continue;
      const joined = [...l, ...r];
      if (residual !== null && residual(joined) !== true) continue;
      matched = true;
      rightMatched[ri] = true;
      if (joinType !== 'semi' && joinType !== 'anti') out.push(joined);
    }
    if (matched && joinType === 'semi') out.push(l);
    if (!matched && joinType === 'anti') out.push(l);
    if (!matched && (joinType === 'left' || joinType === 'full')) out.push([...l, ...nullsR]);
  }
  if (joinType === 'right' || joinType === 'full') {
    for (let ri = 0; ri < right.length; ri++) if (!rightMatched[ri]) out.push([...nullsL, ...right[ri]]);
  }
  return out;
}
