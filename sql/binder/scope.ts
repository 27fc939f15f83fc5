/** Scope: the names visible while binding one query level, and how they resolve to column ids. */
import { bindError, closestName, type SourcePos } from '../../engine/errors.js';
import type { DataType } from '../../engine/types/data-type.js';

export interface ScopeColumn {
  readonly name: string;
  readonly cid: number;
  readonly type: DataType;
}

export interface ScopeRelation {
  /** The alias (or table name) qualifying these columns; '' for an unnamed subquery. */
  readonly alias: string;
  readonly columns: ScopeColumn[];
}

export interface Resolved {
  readonly cid: number;
  readonly type: DataType;
  readonly name: string;
  /** True when the column belongs to an enclosing query (a correlated reference). */
  readonly outer: boolean;
}

/**
 * The relations of one FROM clause plus a link to the enclosing query's scope. Resolving a name
 * that is only found in an enclosing scope records it as a correlated column of this scope and
 * of every scope in between, so each subquery level knows which outer values it needs.
 */
export class Scope {
  readonly relations: ScopeRelation[] = [];
  /** Columns merged by `JOIN ... USING (c)`: an unqualified `c` means this column. */
  readonly merged = new Map<string, ScopeColumn>();
  /** Outer column ids this scope (a subquery) reads. */
  readonly correlated = new Map<number, DataType>();

  constructor(readonly parent: Scope | null = null) {}

  add(rel: ScopeRelation): void {
    this.relations.push(rel);
  }

  /** All columns in FROM order (for `*`). */
  allColumns(): ScopeColumn[] {
    return this.relations.flatMap((r) => r.columns);
  }

  private findLocal(table: string | null, name: string, pos: SourcePos): ScopeColumn | null {
    const lname = name.toLowerCase();
    if (table === null) {
      const m = this.merged.get(lname);
      if (m) return m;
    }
    let found: ScopeColumn | null = null;
    let foundIn: string | null = null;
    let tableSeen = false;
    for (const rel of this.relations) {
      if (table !== null && rel.alias.toLowerCase() !== table.toLowerCase()) continue;
      tableSeen = true;
      for (const c of rel.columns) {
        if (c.name.toLowerCase() !== lname) continue;
        if (found !== null && found.cid !== c.cid) {
          if (table !== null && foundIn === rel.alias) continue;
          throw bindError(`Ambiguous reference to column name "${name}" (use "${foundIn}.${name}" or "${rel.alias}.${name}")`, pos);
        }
        found = c;
        foundIn = rel.alias;
      }
    }
    if (table !== null && !tableSeen) return null;
    return found;
  }

  /** Whether some relation here or in an enclosing scope is called `table`. */
  hasTable(table: string): boolean {
    const t = table.toLowerCase();
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      if (s.relations.some((r) => r.alias.toLowerCase() === t)) return true;
    }
    return false;
  }

  /** Resolves `[table.]name` here, then in enclosing scopes; throws a binder error if unknown. */
  resolve(table: string | null, name: string, pos: SourcePos): Resolved {
    const r = this.tryResolve(table, name, pos);
    if (r !== null) return r;
    if (table !== null && !this.hasTable(table)) {
      const hint = closestName(table, this.allAliases());
      throw bindError(`Referenced table "${table}" not found in FROM clause${hint ? `; did you mean "${hint}"?` : ''}`, pos);
    }
    const hint = closestName(name, this.allNames());
    const full = table !== null ? `${table}.${name}` : name;
    throw bindError(`Referenced column "${full}" not found in FROM clause${hint ? `; did you mean "${hint}"?` : ''}`, pos);
  }

  tryResolve(table: string | null, name: string, pos: SourcePos): Resolved | null {
    const path: Scope[] = [];
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const c = s.findLocal(table, name, pos);
      if (c !== null) {
        const outer = path.length > 0;
        for (const inner of path) inner.correlated.set(c.cid, c.type);
        return { cid: c.cid, type: c.type, name: c.name, outer };
      }
      path.push(s);
    }
    return null;
  }

  private allNames(): string[] {
    const out: string[] = [];
    for (let s: Scope | null = this; s !== null; s = s.parent) for (const c of s.allColumns()) out.push(c.name);
    return out;
  }

  private allAliases(): string[] {
    const out: string[] = [];
    for (let s: Scope | null = this; s !== null; s = s.parent) for (const r of s.relations) out.push(r.alias);
    return out;
  }
}
