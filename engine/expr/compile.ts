/** Expression compiler: turns a bound expression into one generated JavaScript loop over a batch. */
import type { QueryProgress } from '../exec/query-progress.js';
import { execError, StrataError } from '../errors.js';
import { type DataType, physicalKind, allocData } from '../types/data-type.js';
import type { Batch } from '../vector/batch.js';
import type { ExecMetrics } from '../exec/metrics.js';
import type { ScanOptions } from '../../storage/table-data.js';
import { StringInterner } from '../vector/string-interner.js';
import { Vector } from '../vector/vector.js';
import { compileLike, likeMatch } from './functions/string-functions.js';
import { type BoundExpr, type ConstValue, columnsOf, forEachChild, type SubqueryExpr, hasSideEffectsOrSubquery } from './expr.js';

/**
 * What a running expression can reach besides its input batch: the values of outer columns
 * (for correlated subqueries) and a way to run a subquery.
 */
export interface ExecEnv {
  readonly outer: Map<number, ConstValue>;
  /** Set while running EXPLAIN ANALYZE. */
  readonly metrics: ExecMetrics | null;
  /** Runs `q` with the given correlated values (same order as `q.correlated`) and returns its value. */
  runSubquery(q: SubqueryExpr, args: ConstValue[] | null, probe: ConstValue): number | string | null;
  /**
   * The options of each table scan of the running plan, by physical plan node, published when the
   * scan is created so that a join above it can add runtime filters before the first batch.
   */
  readonly scanOptions?: Map<object, ScanOptions>;
  /** Rows read by the table scans, with the caller's handler (which can stop the query); null when nobody asked. */
  readonly progress?: QueryProgress | null;
}

/** Maps a plan column id to its position in the input batch. */
export type Layout = ReadonlyMap<number, number>;

export interface CompiledExpr {
  readonly type: DataType;
  /** Evaluates over the live rows of `batch`; the result is dense (row k = live row k). */
  evaluate(batch: Batch, env: ExecEnv): Vector;
  /** The generated source, for EXPLAIN VERBOSE and debugging. */
  readonly source: string;
}

export interface CompiledPredicate {
  /** Writes the physical indexes of rows where the predicate is TRUE into `out`; returns how many. */
  select(batch: Batch, env: ExecEnv, out: Int32Array): number;
  readonly source: string;
}

/** An all-valid byte map, grown on demand, read in place of a missing validity array. */
let ONES = new Uint8Array(4096).fill(1);
function ones(n: number): Uint8Array {
  if (ONES.length < n) ONES = new Uint8Array(Math.max(n, ONES.length * 2)).fill(1);
  return ONES;
}

function overflow(): never {
  throw new StrataError('execution', 'Out of Range Error: integer overflow');
}

type Kernel = (
  cols: Vector[],
  sel: Int32Array | null,
  n: number,
  env: ExecEnv,
  outData: any,
  outValid: Uint8Array,
  intern: StringInterner | null,
  ones: (n: number) => Uint8Array,
  K: unknown[],
) => number;

/** Per-compilation state: emitted lines, hoisted declarations and the runtime constant pool. */
class CodeGen {
  readonly hoist: string[] = [];
  readonly decls: string[] = [];
  readonly consts: unknown[] = [];
  private nextVar = 0;
  private readonly colVars = new Map<number, number>();

  constructor(
    private readonly layout: Layout,
    /** False while compiling a dictionary lookup table itself (no recursion into another LUT). */
    readonly allowLut: boolean,
    /**
     * True for the kernel variant used when no input column has NULLs: column null flags become
     * the constant `false`, so V8 drops the NULL logic, and AND/OR of cheap operands turn into
     * branch-free bitwise operations.
     */
    readonly nullFree: boolean,
  ) {}

  /** Input positions the kernel reads (to decide per batch whether the null-free variant applies). */
  positions(): number[] {
    return [...this.colVars.keys()];
  }

  fresh(type: DataType): string {
    const id = this.nextVar++;
    this.decls.push(`let v${id} = ${physicalKind(type) === 'str' ? "''" : '0'}, n${id} = false;`);
    return String(id);
  }

  constant(value: unknown): string {
    this.consts.push(value);
    return `K[${this.consts.length - 1}]`;
  }

  /** Hoists the arrays of input column `pos` once per batch. */
  column(pos: number, str: boolean): number {
    let c = this.colVars.get(pos);
    if (c === undefined) {
      c = pos;
      this.colVars.set(pos, c);
      this.hoist.push(`const d${c} = cols[${pos}].data, m${c} = cols[${pos}].validity || ones(cols[${pos}].length);`);
      if (str) this.hoist.push(`const s${c} = cols[${pos}].dict;`);
    }
    return c;
  }

  position(cid: number): number | undefined {
    return this.layout.get(cid);
  }
}

interface Gen {
  code: string[];
  /** JS expression of the value (valid only when not null). */
  v: string;
  /** JS expression that is true when the value is NULL. */
  n: string;
}

function lit(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : Object.is(v, -0) ? '-0' : String(v);
}

/** Evaluates a deterministic subexpression of one string column once per dictionary entry. */
class DictionaryLut {
  private cache = new WeakMap<string[], { len: number; vec: Vector }>();
  constructor(
    private readonly compiled: CompiledExpr,
    private readonly colType: DataType,
  ) {}

  /** Result vector with one entry per dictionary code plus a last entry for NULL input. */
  get(dict: string[], env: ExecEnv): Vector {
    const hit = this.cache.get(dict);
    if (hit !== undefined && hit.len === dict.length) return hit.vec;
    const n = dict.length + 1;
    const codes = new Int32Array(n);
    for (let i = 0; i < dict.length; i++) codes[i] = i;
    const validity = new Uint8Array(n).fill(1);
    validity[dict.length] = 0;
    const input = new Vector(this.colType, codes, validity, dict, n);
    const vec = this.compiled.evaluate({ columns: [input], length: n, sel: null } as unknown as Batch, env);
    this.cache.set(dict, { len: dict.length, vec });
    return vec;
  }
}

function gen(e: BoundExpr, g: CodeGen): Gen {
  // A subexpression reading exactly one string column (and nothing volatile) is evaluated per
  // dictionary entry once and then looked up by code: `s LIKE '%x%'` costs one load per row.
  if (g.allowLut && e.kind !== 'column' && e.kind !== 'const' && !hasSideEffectsOrSubquery(e) && !hasOuter(e)) {
    const cols = columnsOf(e);
    if (cols.size === 1) {
      const cid = [...cols][0];
      const pos = g.position(cid);
      const colType = findColumnType(e, cid);
      if (pos !== undefined && colType !== null && colType.id === 'varchar') {
        const sub = compileExpr(e, new Map([[cid, 0]]), false);
        const lut = new DictionaryLut(sub, colType);
        const c = g.column(pos, true);
        const L = g.constant(lut);
        const id = g.fresh(e.type);
        g.hoist.push(`const L${id} = ${L}.get(s${c}, env), Ld${id} = L${id}.data, Lm${id} = L${id}.validity || ones(L${id}.length), Ls${id} = L${id}.dict, Lnull${id} = s${c}.length;`);
        const idx = g.nullFree ? `d${c}[i]` : `(m${c}[i] === 0 ? Lnull${id} : d${c}[i])`;
        const str = physicalKind(e.type) === 'str';
        return {
          code: [
            `{ const li = ${idx}; n${id} = Lm${id}[li] === 0; v${id} = ${str ? `Ls${id}[Ld${id}[li]]` : `Ld${id}[li]`}; }`,
          ],
          v: `v${id}`,
          n: `n${id}`,
        };
      }
    }
  }
  switch (e.kind) {
    case 'column': {
      const pos = g.position(e.cid);
      if (pos === undefined) {
        // Not in this batch: a column of an enclosing query row, supplied through env.outer.
        return genOuter(e.cid, e.type, g);
      }
      const str = physicalKind(e.type) === 'str';
      const c = g.column(pos, str);
      return { code: [], v: str ? `s${c}[d${c}[i]]` : `d${c}[i]`, n: g.nullFree ? 'false' : `(m${c}[i] === 0)` };
    }
    case 'outer':
      return genOuter(e.cid, e.type, g);
    case 'const': {
      if (e.value === null) return { code: [], v: physicalKind(e.type) === 'str' ? "''" : '0', n: 'true' };
      if (typeof e.value === 'number') return { code: [], v: lit(e.value), n: 'false' };
      return { code: [], v: g.constant(e.value), n: 'false' };
    }
    case 'param':
      throw new StrataError('internal', 'unbound parameter reached the compiler');
    case 'op':
      // Comparisons produce 0/1 with `+(a < b)`, not `a < b ? 1 : 0`: V8 compiles the ternary to
      // a branch, which on unsorted data mispredicts; measured 7.5x slower on a 4-term filter.
      return genOp(e, g);
    case 'and':
    case 'or':
      return genLogic(e.kind, e.args, g);
    case 'not': {
      const a = gen(e.arg, g);
      const id = g.fresh(e.type);
      return { code: [...a.code, `n${id} = ${a.n}; v${id} = +!(${a.v});`], v: `v${id}`, n: `n${id}` };
    }
    case 'is_null': {
      const a = gen(e.arg, g);
      const id = g.fresh(e.type);
      return { code: [...a.code, `v${id} = (${a.n}) ? ${e.not ? 0 : 1} : ${e.not ? 1 : 0};`], v: `v${id}`, n: 'false' };
    }
    case 'is_distinct': {
      const a = gen(e.args[0], g);
      const b = gen(e.args[1], g);
      const id = g.fresh(e.type);
      const distinct = `((${a.n}) !== (${b.n}) || (!(${a.n}) && ${a.v} !== ${b.v}))`;
      return { code: [...a.code, ...b.code, `v${id} = ${distinct} ? ${e.not ? 0 : 1} : ${e.not ? 1 : 0};`], v: `v${id}`, n: 'false' };
    }
    case 'cast': {
      const a = gen(e.arg, g);
      const F = g.constant(e.impl);
      const id = g.fresh(e.type);
      return {
        code: [
          ...a.code,
          `if (${a.n}) { n${id} = true; } else { const r = ${F}(${a.v}); if (r === null || r === undefined) { n${id} = true; } else { n${id} = false; v${id} = ${e.type.id === 'boolean' ? '+!!r' : 'r'}; } }`,
        ],
        v: `v${id}`,
        n: `n${id}`,
      };
    }
    case 'call': {
      const args = e.args.map((a) => gen(a, g));
      const F = g.constant(e.impl);
      const id = g.fresh(e.type);
      const code = args.flatMap((a) => a.code);
      const callArgs = args.map((a) => (e.propagatesNulls ? a.v : `((${a.n}) ? null : ${a.v})`)).join(', ');
      const conv = e.type.id === 'boolean' ? '+!!r' : 'r';
      const body = `{ const r = ${F}(${callArgs}); if (r === null || r === undefined) { n${id} = true; } else { n${id} = false; v${id} = ${conv}; } }`;
      if (e.propagatesNulls && args.length > 0) {
        code.push(`if (${args.map((a) => a.n).join(' || ')}) { n${id} = true; } else ${body}`);
      } else {
        code.push(body);
      }
      return { code, v: `v${id}`, n: `n${id}` };
    }
    case 'case': {
      const id = g.fresh(e.type);
      const elseG = gen(e.else, g);
      let code = [...elseG.code, `n${id} = ${elseG.n}; v${id} = ${elseG.v};`].join('\n');
      for (let w = e.whens.length - 1; w >= 0; w--) {
        const c = gen(e.whens[w].when, g);
        const t = gen(e.whens[w].then, g);
        code = `${c.code.join('\n')}\nif (!(${c.n}) && ${c.v}) { ${t.code.join('\n')}\n n${id} = ${t.n}; v${id} = ${t.v}; } else { ${code} }`;
      }
      return { code: [code], v: `v${id}`, n: `n${id}` };
    }
    case 'coalesce': {
      const id = g.fresh(e.type);
      let code = `n${id} = true;`;
      for (let k = e.args.length - 1; k >= 0; k--) {
        const a = gen(e.args[k], g);
        code = `${a.code.join('\n')}\nif (!(${a.n})) { n${id} = false; v${id} = ${a.v}; } else { ${code} }`;
      }
      return { code: [code], v: `v${id}`, n: `n${id}` };
    }
    case 'in_list':
      return genInList(e, g);
    case 'like': {
      const a = gen(e.arg, g);
      const id = g.fresh(e.type);
      const neg = e.not ? '!' : '';
      if (e.pattern.kind === 'const') {
        if (e.pattern.value === null) return { code: [], v: '0', n: 'true' };
        const M = g.constant(compileLike(e.pattern.value as string, e.escape, e.caseInsensitive));
        return { code: [...a.code, `n${id} = ${a.n}; if (!n${id}) v${id} = +(${neg}${M}(${a.v}));`], v: `v${id}`, n: `n${id}` };
      }
      const p = gen(e.pattern, g);
      const LM = g.constant(likeMatch);
      return {
        code: [
          ...a.code,
          ...p.code,
          `n${id} = (${a.n}) || (${p.n}); if (!n${id}) v${id} = +(${neg}${LM}(${a.v}, ${p.v}, ${JSON.stringify(e.escape)}, ${e.caseInsensitive}));`,
        ],
        v: `v${id}`,
        n: `n${id}`,
      };
    }
    case 'subquery':
      return genSubquery(e, g);
  }
}

function hasOuter(e: BoundExpr): boolean {
  if (e.kind === 'outer') return true;
  let found = false;
  const visit = (x: BoundExpr) => {
    if (found) return;
    if (x.kind === 'outer') found = true;
    else forEachChild(x, visit);
  };
  forEachChild(e, visit);
  return found;
}


function findColumnType(e: BoundExpr, cid: number): DataType | null {
  if (e.kind === 'column' && e.cid === cid) return e.type;
  let found: DataType | null = null;
  forEachChild(e, (c) => {
    if (found === null) found = findColumnType(c, cid);
  });
  return found;
}

function genOuter(cid: number, type: DataType, g: CodeGen): Gen {
  const id = g.fresh(type);
  g.hoist.push(`const o${id} = env.outer.get(${cid});`);
  const nul = `(o${id} === null || o${id} === undefined)`;
  return { code: [], v: `o${id}`, n: nul };
}

function genOp(e: Extract<BoundExpr, { kind: 'op' }>, g: CodeGen): Gen {
  const id = g.fresh(e.type);
  const a = gen(e.args[0], g);
  if (e.op === 'neg') {
    return { code: [...a.code, `n${id} = ${a.n}; v${id} = -(${a.v});`], v: `v${id}`, n: `n${id}` };
  }
  const b = gen(e.args[1], g);
  const code = [...a.code, ...b.code, `n${id} = (${a.n}) || (${b.n});`];
  const argType = e.args[0].type.id;
  const intLike = argType === 'integer' || argType === 'bigint';
  let calc: string;
  switch (e.op) {
    case '=':
      calc = `v${id} = +(${a.v} === ${b.v});`;
      break;
    case '<>':
      calc = `v${id} = +(${a.v} !== ${b.v});`;
      break;
    case '<':
    case '<=':
    case '>':
    case '>=':
      calc = `v${id} = +(${a.v} ${e.op} ${b.v});`;
      break;
    case '/':
      // Division by zero gives NULL (as in DuckDB and SQLite); integers truncate toward zero.
      calc = `if (${b.v} === 0) { n${id} = true; } else { v${id} = ${intLike ? `Math.trunc(${a.v} / ${b.v})` : `${a.v} / ${b.v}`}; }`;
      break;
    case '%':
      calc = `if (${b.v} === 0) { n${id} = true; } else { v${id} = ${a.v} % ${b.v}; }`;
      break;
    default:
      calc = `v${id} = ${a.v} ${e.op} ${b.v};`;
  }
  const resultId = e.type.id;
  if (resultId === 'integer' && (e.op === '+' || e.op === '-' || e.op === '*')) {
    calc += ` if (v${id} > 2147483647 || v${id} < -2147483648) ovf();`;
  } else if ((resultId === 'bigint' || resultId === 'decimal') && (e.op === '+' || e.op === '-' || e.op === '*')) {
    calc += ` if (v${id} > 9007199254740991 || v${id} < -9007199254740991) ovf();`;
  }
  code.push(`if (!n${id}) { ${calc} }`);
  return { code, v: `v${id}`, n: `n${id}` };
}

/** Three-valued AND / OR, evaluating later operands only when the result is still open. */
function genLogic(kind: 'and' | 'or', args: BoundExpr[], g: CodeGen): Gen {
  if (args.every((a) => isCheap(a) && !mayBeNull(a, g.nullFree))) {
    // Operands that cannot fail or be NULL: evaluate all of them and combine branch-free.
    const parts = args.map((a) => gen(a, g));
    const id = g.fresh({ id: 'boolean' });
    return {
      code: [...parts.flatMap((p) => p.code), `v${id} = ${parts.map((p) => p.v).join(kind === 'and' ? ' & ' : ' | ')};`],
      v: `v${id}`,
      n: 'false',
    };
  }
  const id = g.fresh({ id: 'boolean' });
  // decisive: the value that settles the result (false for AND, true for OR).
  const decisive = kind === 'and' ? 0 : 1;
  let code = `n${id} = sawNull${id}; v${id} = sawNull${id} ? 0 : ${1 - decisive};`;
  for (let k = args.length - 1; k >= 0; k--) {
    const a = gen(args[k], g);
    code = `${a.code.join('\n')}\nif (!(${a.n}) && (${a.v} ? 1 : 0) === ${decisive}) { n${id} = false; v${id} = ${decisive}; } else { if (${a.n}) sawNull${id} = true; ${code} }`;
  }
  return { code: [`let sawNull${id} = false;`, code], v: `v${id}`, n: `n${id}` };
}

/** True when evaluating `e` cannot throw and costs a few instructions (safe to evaluate eagerly). */
function isCheap(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'column':
    case 'const':
      return true;
    case 'op':
      return e.type.id === 'boolean' && e.args.every(isCheap);
    case 'and':
    case 'or':
      return e.args.every(isCheap);
    case 'not':
    case 'is_null':
      return isCheap(e.arg);
    case 'in_list':
      return isCheap(e.arg) && e.list.every((x) => x.kind === 'const');
    default:
      return false;
  }
}

/** Whether `e` can be NULL, given whether input columns can. */
function mayBeNull(e: BoundExpr, nullFree: boolean): boolean {
  switch (e.kind) {
    case 'column':
      return !nullFree;
    case 'const':
      return e.value === null;
    case 'is_null':
    case 'is_distinct':
      return false;
    case 'op':
      return e.op === '/' || e.op === '%' || e.args.some((a) => mayBeNull(a, nullFree));
    case 'and':
    case 'or':
      return e.args.some((a) => mayBeNull(a, nullFree));
    case 'not':
      return mayBeNull(e.arg, nullFree);
    case 'in_list':
      return mayBeNull(e.arg, nullFree) || e.list.some((x) => mayBeNull(x, nullFree));
    default:
      return true;
  }
}

function genInList(e: Extract<BoundExpr, { kind: 'in_list' }>, g: CodeGen): Gen {
  const a = gen(e.arg, g);
  const id = g.fresh(e.type);
  const consts = e.list.filter((x) => x.kind === 'const') as Extract<BoundExpr, { kind: 'const' }>[];
  const others = e.list.filter((x) => x.kind !== 'const');
  const hasNullConst = consts.some((c) => c.value === null);
  const S = g.constant(new Set(consts.filter((c) => c.value !== null).map((c) => c.value)));
  const [yes, no] = e.not ? [0, 1] : [1, 0];
  // SQL semantics: found → TRUE; not found but a NULL in the list → NULL; otherwise FALSE.
  const checks = others.map((x) => {
    const o = gen(x, g);
    return `if (!found${id}) { ${o.code.join('\n')}\n if (${o.n}) sawNull${id} = true; else if (${o.v} === ${a.v}) found${id} = true; }`;
  });
  const code = [
    ...a.code,
    `n${id} = false;`,
    `if (${a.n}) { n${id} = true; } else {`,
    `  let found${id} = ${S}.has(${a.v}), sawNull${id} = ${hasNullConst};`,
    ...checks,
    `  if (found${id}) v${id} = ${yes}; else if (sawNull${id}) n${id} = true; else v${id} = ${no};`,
    '}',
  ];
  return { code, v: `v${id}`, n: `n${id}` };
}

function genSubquery(e: SubqueryExpr, g: CodeGen): Gen {
  const id = g.fresh(e.type);
  const Q = g.constant(e);
  const code: string[] = [];
  let args = 'null';
  if (e.correlated.length > 0) {
    const parts = e.correlated.map((cid, k) => {
      const type = e.correlatedTypes[k];
      const c = gen({ kind: 'column', cid, type, name: '' }, g);
      code.push(...c.code);
      return `((${c.n}) ? null : ${c.v})`;
    });
    args = `[${parts.join(', ')}]`;
  }
  let probe = 'null';
  if (e.arg !== null) {
    const a = gen(e.arg, g);
    code.push(...a.code);
    probe = `((${a.n}) ? null : ${a.v})`;
  }
  code.push(
    `{ const r = env.runSubquery(${Q}, ${args}, ${probe}); if (r === null) { n${id} = true; } else { n${id} = false; v${id} = r; } }`,
  );
  return { code, v: `v${id}`, n: `n${id}` };
}

function kernelSource(g: CodeGen, body: Gen, mode: 'value' | 'predicate', resultType: DataType): string {
  const str = physicalKind(resultType) === 'str';
  const value = str ? `intern.intern(${body.v})` : body.v;
  // Predicates compact branch-free: always write the index, advance only on TRUE (values are 0/1).
  const store =
    mode === 'predicate'
      ? body.n === 'false'
        ? `outData[m] = i; m += ${body.v};`
        : `outData[m] = i; m += (${body.n}) ? 0 : ${body.v};`
      : body.n === 'false'
        ? `outValid[k] = 1; outData[k] = ${value};`
        : `if (${body.n}) { outValid[k] = 0; } else { outValid[k] = 1; outData[k] = ${value}; }`;
  return [
    'let m = 0;',
    ...g.hoist,
    ...g.decls,
    'for (let k = 0; k < n; k++) {',
    '  const i = sel === null ? k : sel[k];',
    ...body.code.map((l) => '  ' + l),
    '  ' + store,
    '}',
    'return m;',
  ].join('\n');
}

/**
 * Kernels by source text. The constant pool is an argument, not a closure, so the same query
 * shape (`x >= 5 AND y <= 35` with other constants inlined the same way) reuses one function
 * whose optimized code V8 keeps: compiling afresh per query cost 4-5x on a 6M-row filter
 * (the new function ran cold in the interpreter and baseline tiers for most of the scan).
 */
const kernelCache = new Map<string, Kernel>();
const KERNEL_CACHE_LIMIT = 2000;

function buildKernel(source: string): Kernel {
  let k = kernelCache.get(source);
  if (k === undefined) {
    const factory = new Function('ovf', `return function kernel(cols, sel, n, env, outData, outValid, intern, ones, K) {\n${source}\n};`);
    k = factory(overflow) as Kernel;
    if (kernelCache.size >= KERNEL_CACHE_LIMIT) kernelCache.clear();
    kernelCache.set(source, k);
  }
  return k;
}

/** The NULL-aware kernel and the null-free one, chosen per batch by the inputs' validity. */
class DualKernel {
  private readonly nullable: Kernel;
  private readonly nullFree: Kernel;
  private readonly nullableConsts: unknown[];
  private readonly nullFreeConsts: unknown[];
  private readonly positions: number[];
  readonly source: string;

  constructor(e: BoundExpr, layout: Layout, allowLut: boolean, mode: 'value' | 'predicate') {
    const g = new CodeGen(layout, allowLut, false);
    const body = gen(e, g);
    this.source = kernelSource(g, body, mode, e.type);
    this.nullable = buildKernel(this.source);
    this.nullableConsts = g.consts;
    const gf = new CodeGen(layout, allowLut, true);
    const bodyF = gen(e, gf);
    this.nullFree = buildKernel(kernelSource(gf, bodyF, mode, e.type));
    this.nullFreeConsts = gf.consts;
    this.positions = g.positions();
  }

  /** Runs the variant that fits the batch's validity. */
  run(cols: Vector[], sel: Int32Array | null, n: number, env: ExecEnv, outData: any, outValid: Uint8Array, intern: StringInterner | null): number {
    const ps = this.positions;
    for (let k = 0; k < ps.length; k++) {
      if (cols[ps[k]].validity !== null) return this.nullable(cols, sel, n, env, outData, outValid, intern, ones, this.nullableConsts);
    }
    return this.nullFree(cols, sel, n, env, outData, outValid, intern, ones, this.nullFreeConsts);
  }
}

/**
 * Compiles `e` against an input layout. Plain column references and constants skip code
 * generation (a column is passed through without copying when the batch has no selection).
 */
export function compileExpr(e: BoundExpr, layout: Layout, allowLut = true): CompiledExpr {
  if (e.kind === 'column' && layout.has(e.cid)) {
    const pos = layout.get(e.cid) as number;
    return {
      type: e.type,
      source: `column ${pos}`,
      evaluate(batch: Batch): Vector {
        const v = batch.columns[pos];
        if (batch.sel === null) return v.length === batch.length ? v : v.slice(0, batch.length);
        return v.gather(batch.sel, batch.length);
      },
    };
  }
  if (e.kind === 'const') {
    const value = e.value;
    const type = e.type.id === 'null' ? ({ id: 'integer' } as DataType) : e.type;
    return {
      type: e.type,
      source: `const ${String(value)}`,
      evaluate(batch: Batch): Vector {
        const n = batch.length;
        if (value === null) return Vector.nulls(e.type, n);
        const data = allocData(type, n);
        if (typeof value === 'string') return new Vector(e.type, data, null, [value], n);
        data.fill(value as number);
        return new Vector(e.type, data, null, null, n);
      },
    };
  }
  const kernels = new DualKernel(e, layout, allowLut, 'value');
  const str = physicalKind(e.type) === 'str';
  return {
    type: e.type,
    source: kernels.source,
    evaluate(batch: Batch, env: ExecEnv): Vector {
      const n = batch.length;
      const data = allocData(e.type, n);
      const valid = new Uint8Array(n);
      const intern = str ? new StringInterner() : null;
      kernels.run(batch.columns, batch.sel, n, env, data, valid, intern);
      let hasNull = false;
      for (let k = 0; k < n; k++) {
        if (valid[k] === 0) {
          hasNull = true;
          break;
        }
      }
      return new Vector(e.type, data, hasNull ? valid : null, intern !== null ? intern.dict : null, n);
    },
  };
}

/** Compiles a boolean expression into a selection kernel (NULL counts as false). */
export function compilePredicate(e: BoundExpr, layout: Layout): CompiledPredicate {
  const kernels = new DualKernel(e, layout, true, 'predicate');
  return {
    source: kernels.source,
    select(batch: Batch, env: ExecEnv, out: Int32Array): number {
      return kernels.run(batch.columns, batch.sel, batch.length, env, out, ONES, null);
    },
  };
}

/** Evaluates a column-free expression once (constant folding, LIMIT values). */
export function evaluateConstant(e: BoundExpr, env: ExecEnv): ConstValue {
  const c = compileExpr(e, new Map());
  const v = c.evaluate({ columns: [], length: 1, sel: null } as unknown as Batch, env);
  if (v.validity !== null && v.validity[0] === 0) return null;
  return v.dict !== null ? v.dict[v.data[0]] : v.data[0];
}

/** An environment with no outer row and no subquery support (for constant folding). */
export const EMPTY_ENV: ExecEnv = {
  outer: new Map(),
  metrics: null,
  runSubquery() {
    throw execError('subquery evaluated outside a query');
  },
};
