/** Per-operator metrics for EXPLAIN ANALYZE: rows out, time, and for scans the blocks read and skipped. */
import { emptyScanStats, type RuntimeKeyFilter, type ScanStats } from '../../storage/table-data.js';
import type { Batch } from '../vector/batch.js';
import type { ExecOperator } from './operator.js';

export interface OperatorMetrics {
  rows: number;
  batches: number;
  /** Inclusive time in next() (children included), milliseconds. */
  ms: number;
  scan: ScanStats | null;
  /** The runtime filters pushed into this scan (their rowsRemoved counters). */
  runtimeFilters: RuntimeKeyFilter[] | null;
}

/** Metrics keyed by physical plan node; present on the environment only while analyzing. */
export class ExecMetrics {
  private readonly byNode = new Map<object, OperatorMetrics>();

  of(node: object): OperatorMetrics {
    let m = this.byNode.get(node);
    if (m === undefined) {
      m = { rows: 0, batches: 0, ms: 0, scan: null, runtimeFilters: null };
      this.byNode.set(node, m);
    }
    return m;
  }

  scanStats(node: object): ScanStats {
    const m = this.of(node);
    m.scan ??= emptyScanStats();
    return m.scan;
  }

  get(node: object): OperatorMetrics | undefined {
    return this.byNode.get(node);
  }
}

/** Wraps an operator to count its output and time. */
export class MeteredOperator implements ExecOperator {
  constructor(
    private readonly inner: ExecOperator,
    private readonly m: OperatorMetrics,
  ) {}

  next(): Batch | null {
    const t = performance.now();
    const b = this.inner.next();
    this.m.ms += performance.now() - t;
    if (b !== null) {
      this.m.rows += b.length;
      this.m.batches++;
    }
    return b;
  }

  close(): void {
    this.inner.close?.();
  }
}

/** The EXPLAIN ANALYZE annotation of one operator: rows, time, and for scans what storage did. */
export function formatMetrics(m: OperatorMetrics): string {
  let out = `rows=${m.rows}, time=${m.ms.toFixed(2)}ms`;
  const s = m.scan;
  if (s !== null) {
    out += `, blocks_read=${s.blocksRead}, blocks_skipped=${s.blocksSkipped}`;
    if (s.blocksEliminated > 0) out += `, blocks_eliminated=${s.blocksEliminated}`;
    out += `, bytes_read=${s.bytesRead}, bytes_decoded=${s.bytesDecoded}, rows_from_memory=${s.rowsFromMemory}`;
  }
  if (m.runtimeFilters !== null && m.runtimeFilters.length > 0) {
    out += `, runtime_filters=[${m.runtimeFilters.map((f) => `${f.label}: removed ${f.rowsRemoved}`).join('; ')}]`;
  }
  return ` [${out}]`;
}
