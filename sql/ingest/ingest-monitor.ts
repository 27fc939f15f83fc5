/**
 * The hook through which a host (the shell) watches and cancels long loads and exports: the
 * loaders report progress to the current {@link IngestMonitor} between chunks, and a monitor
 * cancels by throwing from `progress`.
 */

/** Progress of a load or export. */
export interface IngestProgress {
  /** Input bytes consumed so far (compressed bytes for gzip files). */
  readonly bytesDone: number;
  /** Total input bytes (file sizes); 0 when unknown. */
  readonly bytesTotal: number;
  readonly rows: number;
  /** Rows expected in total when known (exports, Parquet); 0 when unknown. */
  readonly rowsTotal: number;
}

export interface IngestMonitor {
  /** Called between chunks; throwing (e.g. an interrupt error) stops the load, which then changes nothing. */
  progress(p: IngestProgress): void;
}

let current: IngestMonitor | null = null;

/** Installs the monitor that loads and exports of this thread report to (null: none). */
export function setIngestMonitor(m: IngestMonitor | null): void {
  current = m;
}

/** Reports progress to the installed monitor, if any. */
export function reportIngestProgress(p: IngestProgress): void {
  current?.progress(p);
}
