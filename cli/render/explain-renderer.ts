/** EXPLAIN results as the shell shows them: each plan as an indented tree under its name, not as table cells. */
import type { RenderableResult } from './table-renderer.js';

/** Renders the `explain_key` / `explain_value` rows of an EXPLAIN result. */
export function renderExplain(result: RenderableResult): string {
  const out: string[] = [];
  for (let r = 0; r < result.numRows; r++) {
    const key = String(result.getValue(r, 0));
    const value = String(result.getValue(r, 1) ?? '');
    const title = key.replace(/_/g, ' ');
    out.push(`┌─ ${title} ${'─'.repeat(Math.max(0, 40 - title.length))}`);
    for (const line of value.split('\n')) out.push(`│ ${line}`);
    out.push('└' + '─'.repeat(43));
  }
  return out.join('\n') + '\n';
}
