/**
 * Filter kernels: the compiled predicate of SSB Q1.1 (`lo_discount BETWEEN 1 AND 3 AND
 * lo_quantity < 25`) over 2048-row batches, alone and inside FilterExec, and a string equality
 * on a dictionary-encoded column (`p_category = 'MFGR#12'`), each against a plain loop.
 */
import { FilterExec } from '../../engine/exec/filter-exec.js';
import type { ExecOperator } from '../../engine/exec/operator.js';
import { ValuesExec } from '../../engine/exec/values-exec.js';
import { compilePredicate, EMPTY_ENV } from '../../engine/expr/compile.js';
import type { BoundExpr } from '../../engine/expr/expr.js';
import { BOOLEAN, INTEGER, VARCHAR } from '../../engine/types/data-type.js';
import { Batch, VECTOR_SIZE } from '../../engine/vector/batch.js';
import { Vector } from '../../engine/vector/vector.js';
import { type KernelCase, randomInts } from './micro-harness.js';

const col = (cid: number, type = INTEGER): BoundExpr => ({ kind: 'column', cid, type, name: `c${cid}` });
const int = (v: number): BoundExpr => ({ kind: 'const', value: v, type: INTEGER });
const op = (o: '<' | '<=' | '>=' | '=', a: BoundExpr, b: BoundExpr): BoundExpr => ({ kind: 'op', op: o, args: [a, b], type: BOOLEAN });

/** Whole columns cut into VECTOR_SIZE batches of zero-copy views, as a table scan hands them out. */
function toBatches(cols: readonly Vector[], n: number): Batch[] {
  const out: Batch[] = [];
  for (let s = 0; s < n; s += VECTOR_SIZE) {
    const e = Math.min(n, s + VECTOR_SIZE);
    out.push(new Batch(cols.map((c) => c.slice(s, e)), e - s));
  }
  return out;
}

function drainRows(op: ExecOperator): number {
  let rows = 0;
  for (let b = op.next(); b !== null; b = op.next()) rows += b.length;
  return rows;
}

/** The filter cases over `rows` generated rows. */
export function filterCases(rows: number): KernelCase[] {
  const discount = randomInts(rows, 0, 10, 1);
  const quantity = randomInts(rows, 1, 50, 2);
  const batches = toBatches([new Vector(INTEGER, discount, null, null, rows), new Vector(INTEGER, quantity, null, null, rows)], rows);
  const q11 = compilePredicate(
    { kind: 'and', type: BOOLEAN, args: [op('>=', col(0), int(1)), op('<=', col(0), int(3)), op('<', col(1), int(25))] },
    new Map([
      [0, 0],
      [1, 1],
    ]),
  );
  const sel = new Int32Array(VECTOR_SIZE);
  const out = new Int32Array(rows);
  const plainQ11 = (): number => {
    let m = 0;
    for (let i = 0; i < rows; i++) {
      const d = discount[i];
      out[m] = i;
      m += +(d >= 1) & +(d <= 3) & +(quantity[i] < 25);
    }
    return m;
  };

  const categories = Array.from({ length: 25 }, (_, i) => `MFGR#${Math.floor(i / 5) + 1}${(i % 5) + 1}`);
  const codes = randomInts(rows, 0, 24, 3);
  const catBatches = toBatches([new Vector(VARCHAR, codes, null, categories, rows)], rows);
  const catPred = compilePredicate(op('=', col(0, VARCHAR), { kind: 'const', value: 'MFGR#12', type: VARCHAR }), new Map([[0, 0]]));
  return [
    {
      name: 'Q1.1 predicate, compiled, 2048-row batches',
      rows,
      kernel: () => {
        let m = 0;
        for (const b of batches) m += q11.select(b, EMPTY_ENV, sel);
        return m;
      },
      baselineName: 'one branch-free loop over the arrays',
      baseline: plainQ11,
    },
    {
      name: 'Q1.1 predicate in FilterExec over ValuesExec',
      rows,
      kernel: () => drainRows(new FilterExec(new ValuesExec(batches), q11, EMPTY_ENV)),
      baselineName: 'one branch-free loop over the arrays',
      baseline: plainQ11,
    },
    {
      name: "p_category = 'MFGR#12' on dictionary codes",
      rows,
      kernel: () => {
        let m = 0;
        for (const b of catBatches) m += catPred.select(b, EMPTY_ENV, sel);
        return m;
      },
      baselineName: 'code comparison loop (code looked up once)',
      baseline: () => {
        const code = categories.indexOf('MFGR#12');
        let m = 0;
        for (let i = 0; i < rows; i++) {
          out[m] = i;
          m += +(codes[i] === code);
        }
        return m;
      },
    },
  ];
}
