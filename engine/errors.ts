/** StrataError: the one error type users see, with a stable code and, for SQL, a position. */

/**
 * Stable error codes. Tools match on `code`, never on message text.
 * - `syntax`: the SQL text does not parse (line, column, expected tokens).
 * - `binder`: an unknown or ambiguous name, a wrong type, a misuse of an aggregate.
 * - `catalog`: a table or view that exists / does not exist when it must.
 * - `conversion`: a value that cannot be cast (`CAST('x' AS INTEGER)`).
 * - `execution`: a runtime failure such as a scalar subquery returning more than one row.
 * - `constraint`: a NOT NULL violation.
 * - `io`, `corrupt`: storage failures.
 * - `read_only`: a write to a database opened read-only.
 * - `transaction`: BEGIN / COMMIT / ROLLBACK misuse, or a statement in an aborted transaction.
 * - `not_implemented`: valid SQL that Strata does not support yet.
 * - `internal`: a bug; the message says so.
 */
export type ErrorCode =
  | 'syntax'
  | 'binder'
  | 'catalog'
  | 'conversion'
  | 'execution'
  | 'constraint'
  | 'io'
  | 'corrupt'
  | 'read_only'
  | 'transaction'
  | 'not_implemented'
  /** Stopped by the caller (a progress handler, Ctrl-C in the shell). */
  | 'interrupted'
  | 'internal';

/** A position in SQL text; line and column are 1-based. */
export interface SourcePos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export class StrataError extends Error {
  readonly code: ErrorCode;
  readonly line?: number;
  readonly column?: number;
  readonly offset?: number;
  /** For syntax errors: the token kinds that would have been accepted. */
  readonly expected?: readonly string[];

  constructor(code: ErrorCode, message: string, pos?: SourcePos | null, expected?: readonly string[]) {
    super(pos ? `${message} (line ${pos.line}, column ${pos.column})` : message);
    this.name = 'StrataError';
    this.code = code;
    if (pos) {
      this.line = pos.line;
      this.column = pos.column;
      this.offset = pos.offset;
    }
    if (expected) this.expected = expected;
  }
}

export function bindError(message: string, pos?: SourcePos | null): StrataError {
  return new StrataError('binder', message, pos);
}

export function execError(message: string): StrataError {
  return new StrataError('execution', message);
}

export function notImplemented(message: string, pos?: SourcePos | null): StrataError {
  return new StrataError('not_implemented', message, pos);
}

/** The closest candidate by edit distance, for "did you mean" hints; null if none is close. */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestDist = Math.max(2, Math.floor(lower.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
