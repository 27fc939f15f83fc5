/** Renders an {@link SsbReport} as Markdown: query times and ratios, load/size/memory, result checks, slow-query plans. */
import type { EngineSummary, SsbReport } from './ssb-report.js';

const ms = (v: number | null): string => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function sizeCell(e: EngineSummary): string {
  if (e.dbBytes !== null) return mb(e.dbBytes);
  return e.storage === 'in-memory' ? 'in-memory (no file)' : '—';
}

function checkCell(report: SsbReport, id: string): string {
  const mine = report.checks.filter((c) => c.query === id && c.engine === 'strata');
  if (mine.length === 0) return report.checks.length === 0 ? 'not checked' : '—';
  const c = mine[0];
  if (c.status === 'match') return 'equal';
  if (c.status === 'ties-reordered') return 'equal (ties reordered)';
  return `**${c.status.toUpperCase()}**`;
}

/** The report as a Markdown document. */
export function renderMarkdown(report: SsbReport): string {
  const out: string[] = [];
  const d = report.data;
  const what = d.source === 'generated' ? `generated SF ${d.sf} (seed ${d.seed})` : `dbgen files from \`${d.dir}\``;
  out.push(`# Star Schema Benchmark: ${what}`, '');
  out.push(
    `${report.createdAt.slice(0, 19).replace('T', ' ')} UTC · ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGB} GB · Node ${report.machine.node}` +
      (report.strataCommit !== null ? ` · Strata ${report.strataCommit}` : '') +
      ` · load average ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(' → ')}`,
    '',
    `Data: ${mb(d.bytes)} of \`.tbl\` text, ${(d.rows.lineorder ?? 0).toLocaleString('en-US')} lineorder rows. ` +
      `Each query: ${report.settings.warmup} warm-up run(s), then the median and p95 of ${report.settings.runs} timed runs (wall time to a materialized result). ` +
      `Ratio = Strata median / DuckDB median (below 1 means Strata is faster).`,
    '',
  );

  const strata = report.engines.find((e) => e.key === 'strata');
  const others = report.engines.filter((e) => e.key !== 'strata');
  const header = ['query', 'rows'];
  const align = ['---', '---:'];
  const column = (title: string, alignment: string): void => {
    header.push(title);
    align.push(alignment);
  };
  if (strata !== undefined) {
    column(`${strata.label} median ms`, '---:');
    column('p95', '---:');
  }
  for (const o of others) {
    column(`${o.label} median ms`, '---:');
    column('p95', '---:');
    if (strata !== undefined) column(`ratio vs ${o.label}`, '---:');
  }
  if (strata !== undefined && others.length > 0) column('result', '---');
  out.push(`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`);
  for (const id of report.queries) {
    const rowsOf = (e: EngineSummary | undefined): number | null => e?.queries.find((q) => q.id === id)?.rows ?? null;
    const rows = rowsOf(others[0]) ?? rowsOf(strata);
    const cells = [id, rows === null ? '—' : String(rows)];
    const timeCells = (e: EngineSummary): string[] => {
      const q = e.queries.find((x) => x.id === id);
      if (q?.error !== null && q?.error !== undefined) return ['error', '—'];
      return [ms(q?.medianMs ?? null), ms(q?.p95Ms ?? null)];
    };
    if (strata !== undefined) cells.push(...timeCells(strata));
    for (const o of others) {
      cells.push(...timeCells(o));
      if (strata !== undefined) cells.push(ratio(report.ratios.find((r) => r.against === o.key)?.perQuery[id]));
    }
    if (strata !== undefined && others.length > 0) cells.push(checkCell(report, id));
    out.push(`| ${cells.join(' | ')} |`);
  }
  const geo = ['**geomean**', ''];
  if (strata !== undefined) geo.push(`**${ms(strata.geomeanMs)}**`, '');
  for (const o of others) {
    geo.push(`**${ms(o.geomeanMs)}**`, '');
    if (strata !== undefined) geo.push(`**${ratio(report.ratios.find((r) => r.against === o.key)?.geomean)}**`);
  }
  if (strata !== undefined && others.length > 0) geo.push('');
  out.push(`| ${geo.join(' | ')} |`, '');

  out.push('## Load, size and memory', '');
  out.push('| engine | threads | load | load MB/s | persist | on-disk size | RSS after load | peak RSS |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const e of report.engines) {
    out.push(
      `| ${e.label} ${e.version} | ${e.threads} | ${e.load.seconds.toFixed(2)} s | ${e.load.mbPerSec.toFixed(1)} | ` +
        `${e.persistSeconds === null ? '—' : `${e.persistSeconds.toFixed(2)} s`} | ${sizeCell(e)} | ${mb(e.rssAfterLoadBytes)} | ${mb(e.peakRssBytes)} |`,
    );
  }
  out.push(
    '',
    'Load: parsing the `.tbl` files into the tables (Strata: streaming parser + `appendColumns`; DuckDB: `COPY`), MB = 10^6 bytes of text. ' +
      'Persist: DuckDB `CHECKPOINT` of its database file. Strata runs in memory unless `--strata-disk` is given (then every append is durable when it returns). ' +
      'Peak RSS: `maxRSS` of each engine’s own worker process (Node runtime included).',
    '',
  );

  const failures = report.engines.filter((e) => e.fatal !== null);
  const bad = report.checks.filter((c) => c.status === 'mismatch' || c.status === 'error');
  const notes = report.checks.filter((c) => c.status === 'ties-reordered');
  out.push('## Result checks', '');
  if (report.checks.length === 0) out.push('Not checked: DuckDB did not run.');
  else if (bad.length === 0 && failures.length === 0) {
    const reference = report.engines.find((e) => e.key === report.checks[0].against)?.label ?? report.checks[0].against;
    out.push(`All ${report.queries.length} queries return the same rows on every engine run as on ${reference}.`);
  }
  for (const f of failures) out.push(`- **${f.label} failed**: ${f.fatal}`);
  for (const c of bad) out.push(`- **${c.query}** (${c.engine} vs ${c.against}): ${c.status}: ${c.detail ?? ''}`);
  for (const c of notes) out.push(`- ${c.query} (${c.engine}): ${c.detail ?? ''}`);
  out.push('');

  if (report.slowQueries.length > 0) {
    out.push(`## Queries more than 3× slower than DuckDB at the same thread count`, '');
    for (const s of report.slowQueries) {
      out.push(`### ${s.id}: ${s.ratio.toFixed(1)}×`, '', '```', s.explain ?? '(no EXPLAIN)', '```', '');
    }
  }
  return out.join('\n');
}
