/** ParseCache: parsed statements by SQL text, so a query sent again skips the lexer and parser. */
import type { Statement } from '../ast/ast.js';
import { parseSql } from './parse.js';

/** Distinct texts kept; the oldest goes first (a Map iterates in insertion order). */
const ENTRIES = 256;
/** Longer texts are not kept: bulk INSERT ... VALUES scripts are parsed once anyway and would crowd out queries. */
const MAX_TEXT = 4096;

/**
 * Parsing was a third of a small query's time (SSB Q3.3 answered from a 198-row cube: about
 * 0.3 of 0.9 ms), and dashboards send the same texts again and again. The statements are
 * frozen when cached: binding and planning read the AST and never write it, and the freeze
 * turns any write that might creep in into an error rather than a change seen by the next run.
 */
export class ParseCache {
  private readonly entries = new Map<string, Statement[]>();

  parse(text: string): Statement[] {
    if (text.length > MAX_TEXT) return parseSql(text);
    const hit = this.entries.get(text);
    if (hit !== undefined) {
      // Most recently used last.
      this.entries.delete(text);
      this.entries.set(text, hit);
      return hit;
    }
    const stmts = parseSql(text);
    deepFreeze(stmts);
    if (this.entries.size >= ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(text, stmts);
    return stmts;
  }
}

function deepFreeze(x: unknown): void {
  if (x === null || typeof x !== 'object' || Object.isFrozen(x)) return;
  Object.freeze(x);
  for (const v of Object.values(x as object)) deepFreeze(v);
}
