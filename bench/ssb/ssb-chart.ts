/** Renders the per-query median times of an {@link SsbReport} as an SVG grouped bar chart (log scale). */
import type { SsbReport } from './ssb-report.js';

const COLORS = ['#3b6fb6', '#e08a2c', '#6aa84f', '#a64d79'];
const WIDTH = 960;
const HEIGHT = 440;
const MARGIN = { top: 56, right: 20, bottom: 48, left: 64 };

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The chart as SVG text: one group of bars per query, one bar per engine run. */
export function renderChart(report: SsbReport): string {
  const engines = report.engines;
  const values = engines.flatMap((e) => e.queries.map((q) => q.medianMs)).filter((v): v is number => v !== null && v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...values, 1))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values, 10))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (v: number): number => MARGIN.top + plotH * (1 - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
  const groupW = plotW / Math.max(1, report.queries.length);
  const barW = (groupW * 0.8) / Math.max(1, engines.length);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
  );
  const d = report.data;
  const title = `SSB ${d.source === 'generated' ? `SF ${d.sf}` : d.dir}: median query time (ms, log scale)`;
  parts.push(`<text x="${MARGIN.left}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    const yy = y(v).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${v >= 1 ? v.toFixed(0) : v}</text>`);
  }
  report.queries.forEach((id, qi) => {
    const x0 = MARGIN.left + qi * groupW + groupW * 0.1;
    engines.forEach((e, ei) => {
      const q = e.queries.find((x) => x.id === id);
      const x = x0 + ei * barW;
      if (q?.medianMs === null || q?.medianMs === undefined) {
        parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${MARGIN.top + plotH - 4}" text-anchor="middle" fill="#c00">×</text>`);
        return;
      }
      const top = y(Math.max(q.medianMs, lo));
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(MARGIN.top + plotH - top).toFixed(1)}" fill="${COLORS[ei % COLORS.length]}">` +
          `<title>${escapeXml(`${e.label} ${id}: ${q.medianMs.toFixed(1)} ms`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${(x0 + groupW * 0.4).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="middle">${escapeXml(id)}</text>`);
  });
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  let lx = MARGIN.left;
  engines.forEach((e, ei) => {
    const label = `${e.label}${e.geomeanMs !== null ? ` (geomean ${e.geomeanMs.toFixed(1)} ms)` : ''}`;
    parts.push(`<rect x="${lx}" y="34" width="12" height="12" fill="${COLORS[ei % COLORS.length]}"/>`);
    parts.push(`<text x="${lx + 16}" y="44">${escapeXml(label)}</text>`);
    lx += 28 + label.length * 7; // no text metrics in SVG: about 7 px per character at 12 px
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
