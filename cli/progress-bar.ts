/**
 * The progress bar the shell draws on stderr for statements and loads that run longer than a
 * moment: share done, rows, speed and an estimate of the time left, on one line redrawn in place.
 */
import type { ProgressSnapshot } from './session/worker-session.js';

/** A statement shows no bar before this many milliseconds. */
export const PROGRESS_DELAY_MS = 500;
const REDRAW_MS = 100;
const BAR_CELLS = 24;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

/** One line of progress for `p` after `elapsedMs`; `width` is the terminal width. */
export function progressLine(p: ProgressSnapshot, elapsedMs: number, width: number): string {
  const byBytes = p.bytesTotal > 0;
  const done = byBytes ? p.bytesDone : p.rowsDone;
  const total = byBytes ? p.bytesTotal : p.rowsTotal;
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const eighths = Math.round(fraction * BAR_CELLS * 8);
  const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  const parts = [`▕${bar.padEnd(BAR_CELLS)}▏ ${String(Math.floor(fraction * 100)).padStart(3)}%`];
  parts.push(total > 0 && !byBytes ? `${count(p.rowsDone)} / ${count(p.rowsTotal)} rows` : `${count(p.rowsDone)} rows`);
  const seconds = elapsedMs / 1000;
  if (byBytes && seconds > 0) parts.push(`${(p.bytesDone / 1e6 / seconds).toFixed(1)} MB/s`);
  if (fraction > 0.01 && fraction < 1) parts.push(`${duration((seconds / fraction) * (1 - fraction))} left`);
  const line = parts.join('  ');
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 1)) : line;
}

/** Draws the progress of a running request on a terminal stream until stopped. */
export class ProgressBar {
  private timer: NodeJS.Timeout | null = null;
  private shown = false;
  private readonly started = performance.now();

  constructor(
    private readonly source: () => ProgressSnapshot,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Starts redrawing (only on a terminal). */
  start(): this {
    if (this.stream.isTTY !== true) return this;
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
    return this;
  }

  private draw(): void {
    const elapsed = performance.now() - this.started;
    if (elapsed < PROGRESS_DELAY_MS) return;
    const p = this.source();
    if (p.rowsTotal === 0 && p.bytesTotal === 0 && p.rowsDone === 0) return;
    this.stream.write(`\r\x1b[2K${progressLine(p, elapsed, this.stream.columns || 80)}`);
    this.shown = true;
  }

  /** Stops and erases the bar. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
