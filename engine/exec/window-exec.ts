/** Physical window operator: materializes its input, sorts once per window spec, appends one column per window call. */
import { allocData, type DataType } from '../types/data-type.js';
import { Batch, VECTOR_SIZE } from '../vector/batch.js';
import { ColumnBuilder } from '../vector/column-builder.js';
import { Vector } from '../vector/vector.js';
import type { ExecOperator } from './operator.js';
import { frameAggregate, partitionAggregate } from './window/frame-aggregates.js';
import { computeFrames } from './window/window-frames.js';
import { type WindowOrder, windowOrder } from './window/window-order.js';
import { coversPartition, orderSignature, type WindowFunctionSpec } from './window/window-spec.js';
import { rankFunction } from './window/rank-functions.js';
import { frameValueSources, gatherSources, lagLeadSources } from './window/value-functions.js';

export type { WindowFunctionSpec } from './window/window-spec.js';

/** Largest input the buffers are sized for up front; beyond it they grow as rows arrive. */
const MAX_PRESIZE_ROWS = 1 << 24;

const RANKING = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile']);

/**
 * Window functions. Consumes the whole input (a pipeline breaker) into one column per input
 * column, then for each distinct (PARTITION BY, ORDER BY) of its calls sorts a row permutation
 * once and finds partition and peer boundaries; each call is computed over sorted positions
 * (see window/) and scattered back to input order. Emits the first `passThrough` input columns
 * followed by one column per call, rows in input order.
 */
export class WindowExec implements ExecOperator {
  private output: Vector[] | null = null;
  private rows = 0;
  private pos = 0;

  constructor(
    private readonly input: ExecOperator,
    private readonly specs: readonly WindowFunctionSpec[],
    private readonly inputTypes: readonly DataType[],
    private readonly passThrough: number,
    /** Expected input rows (the planner's estimate), to size the buffers once. */
    private readonly expectedRows = VECTOR_SIZE,
  ) {}

  next(): Batch | null {
    if (this.output === null) this.consume();
    if (this.pos >= this.rows) return null;
    const start = this.pos;
    const end = Math.min(this.rows, start + VECTOR_SIZE);
    this.pos = end;
    return new Batch(
      (this.output as Vector[]).map((v) => v.slice(start, end)),
      end - start,
      null,
    );
  }

  close(): void {
    this.input.close?.();
  }

  private consume(): void {
    const capacity = Math.max(VECTOR_SIZE, Math.min(MAX_PRESIZE_ROWS, Math.ceil(this.expectedRows)));
    const builders = this.inputTypes.map((t) => new ColumnBuilder(t, capacity));
    let n = 0;
    for (let b = this.input.next(); b !== null; b = this.input.next()) {
      for (let c = 0; c < builders.length; c++) builders[c].appendVector(b.columns[c], b.sel, b.length);
      n += b.length;
    }
    const columns = builders.map((b) => b.finish());
    const results = new Array<Vector>(this.specs.length);
    // One sort per distinct (partition, order) spec, shared by its calls and dropped after them.
    const bySignature = new Map<string, number[]>();
    this.specs.forEach((spec, i) => {
      const key = orderSignature(spec);
      bySignature.set(key, [...(bySignature.get(key) ?? []), i]);
    });
    for (const calls of bySignature.values()) {
      const first = this.specs[calls[0]];
      const order = windowOrder(columns, first.partitionCols, first.orderKeys, n);
      // Computed by sorted position, then put back in input order.
      for (const i of calls) results[i] = scatter(evaluate(this.specs[i], columns, order), order.perm);
    }
    this.rows = n;
    this.output = [...columns.slice(0, this.passThrough), ...results];
  }
}

/** A vector by sorted position put back in input order: row `perm[j]` gets value j. */
function scatter(sorted: Vector, perm: Int32Array): Vector {
  const n = perm.length;
  const src = sorted.data;
  const data = allocData(sorted.type, n);
  for (let j = 0; j < n; j++) data[perm[j]] = src[j];
  let validity: Uint8Array | null = null;
  if (sorted.validity !== null) {
    const v = sorted.validity;
    validity = new Uint8Array(n);
    for (let j = 0; j < n; j++) validity[perm[j]] = v[j];
  }
  return new Vector(sorted.type, data, validity, sorted.dict, n);
}

/** One call's result by sorted position. */
function evaluate(spec: WindowFunctionSpec, columns: readonly Vector[], order: WindowOrder): Vector {
  const args = spec.argCols.map((c) => columns[c]);
  if (RANKING.has(spec.fn)) return rankFunction(spec.fn, order, args[0] ?? null);
  switch (spec.fn) {
    case 'lag':
    case 'lead': {
      const src = lagLeadSources(spec.fn, args[0], args[1] ?? null, order, spec.ignoreNulls);
      return gatherSources(args[0], src, args[2] ?? null, order);
    }
    case 'first_value':
    case 'last_value':
    case 'nth_value': {
      const frames = computeFrames(spec.frame, columns, order);
      const src = frameValueSources(spec.fn, args[0], args[1] ?? null, order, frames, spec.ignoreNulls);
      return gatherSources(args[0], src, null, order);
    }
    default:
      break;
  }
  if (coversPartition(spec)) return partitionAggregate(spec, args, order);
  return frameAggregate(spec, args, order, computeFrames(spec.frame, columns, order));
}
