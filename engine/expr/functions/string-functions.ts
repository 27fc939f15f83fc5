/** String scalar functions and LIKE/regex matching, with character (code point) semantics as in DuckDB. */
import { createHash } from 'node:crypto';
import { StrataError } from '../../errors.js';
import { BIGINT, BOOLEAN, INTEGER, VARCHAR, type DataType } from '../../types/data-type.js';
import { argCastAllowed } from '../../types/cast.js';
import type { ResolvedScalarFunction, ScalarFunctionDef } from './scalar-function.js';

type Impl = (...a: any[]) => any;

function sig(argTypes: DataType[], returnType: DataType, impl: Impl): ResolvedScalarFunction {
  return { argTypes, returnType, impl };
}

/** VARCHAR and bare NULL are text arguments; other types need an explicit cast, as in DuckDB. */
function isText(t: DataType): boolean {
  return t.id === 'varchar' || t.id === 'null';
}

/** An integer parameter (a length, a position): INTEGER/BIGINT/NULL, or a string literal that reads as one. */
function isIntParam(t: DataType, c: unknown): boolean {
  return t.id === 'integer' || t.id === 'bigint' || t.id === 'null' || argCastAllowed(t, BIGINT, c);
}

function strError(msg: string): StrataError {
  return new StrataError('execution', msg);
}

// ---------------------------------------------------------------------------------------------
// Code points. JS strings are UTF-16; SQL counts characters. Strings without surrogates (nearly all) take
// the plain UTF-16 path, the rest go through an array of code points.

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** Number of code points in `s[0 .. end)`. */
function codePointCount(s: string, end: number): number {
  let n = end;
  for (let i = 0; i < end - 1; i++) {
    if (isHigh(s.charCodeAt(i))) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The number of characters (code points) in a string. */
export function charLength(s: string): number {
  return codePointCount(s, s.length);
}

/** Characters `[start, end)` of `s` by code point index (indexes already clamped to [0, length]). */
function cpSlice(s: string, start: number, end: number): string {
  if (start >= end) return '';
  if (!hasSurrogates(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join('');
}

// Range results of substrRange, kept in module variables so that substr allocates nothing but its result.
let rangeStart = 0;
let rangeEnd = 0;

/**
 * DuckDB's substring range over `size` characters: a positive offset is 1-based, a negative one counts
 * from the end, offset 0 starts one before the first character; a negative length takes the characters
 * before the start. The result is clamped to the string.
 */
function substrRange(size: number, offset: number, length: number): void {
  let start = offset > 0 ? offset - 1 : offset < 0 ? size + offset : -1;
  let end: number;
  if (length >= 0) end = start + length;
  else {
    end = start;
    start += length;
  }
  if (start < 0) start = 0;
  if (end > size) end = size;
  if (start > size) start = size;
  if (end < start) end = start;
  rangeStart = start;
  rangeEnd = end;
}

/** substr(s, start[, length]) with DuckDB semantics (1-based; see substrRange). */
export function substr(s: string, offset: number, length: number = Infinity): string {
  if (!hasSurrogates(s)) {
    substrRange(s.length, offset, length);
    return s.slice(rangeStart, rangeEnd);
  }
  const cps = Array.from(s);
  substrRange(cps.length, offset, length);
  return cps.slice(rangeStart, rangeEnd).join('');
}

/** left(s, n): the first n characters; negative n drops the last -n characters. */
function left(s: string, n: number): string {
  const len = hasSurrogates(s) ? charLength(s) : s.length;
  return cpSlice(s, 0, n >= 0 ? Math.min(n, len) : Math.max(len + n, 0));
}

/** right(s, n): the last n characters; negative n drops the first -n characters. */
function right(s: string, n: number): string {
  const len = hasSurrogates(s) ? charLength(s) : s.length;
  return cpSlice(s, n >= 0 ? Math.max(len - n, 0) : Math.min(-n, len), len);
}

function reverse(s: string): string {
  if (s.length < 2) return s;
  if (!hasSurrogates(s)) {
    let r = '';
    for (let i = s.length - 1; i >= 0; i--) r += s[i];
    return r;
  }
  return Array.from(s).reverse().join('');
}

function repeat(s: string, n: number): string {
  if (n <= 0 || s.length === 0) return '';
  if (s.length * n > 1 << 28) throw strError('repeat: result is too large');
  return s.repeat(n);
}

function pad(s: string, n: number, fill: string, atStart: boolean): string {
  if (n <= 0) return '';
  const len = charLength(s);
  if (len >= n) return cpSlice(s, 0, n);
  if (fill.length === 0) throw strError(`Insufficient padding in ${atStart ? 'LPAD' : 'RPAD'}.`);
  const need = n - len;
  const fillLen = charLength(fill);
  const padText = cpSlice(fill.repeat(Math.ceil(need / fillLen)), 0, need);
  return atStart ? padText + s : s + padText;
}

/** 1-based character position of `needle` in `s`, 0 if absent (strpos/position/instr). */
function strpos(s: string, needle: string): number {
  const i = s.indexOf(needle);
  return i < 0 ? 0 : codePointCount(s, i) + 1;
}

function replace(s: string, from: string, to: string): string {
  if (from.length === 0 || s.indexOf(from) < 0) return s;
  return s.split(from).join(to);
}

/**
 * split_part(s, delimiter, n): the n-th field (1-based; negative counts from the end); '' when out of range.
 * An empty delimiter splits into characters, as in DuckDB.
 */
function splitPart(s: string, d: string, n: number): string {
  if (n === 0) return '';
  if (d.length === 0) {
    const cps = Array.from(s);
    const i = n > 0 ? n - 1 : cps.length + n;
    return i >= 0 && i < cps.length ? cps[i] : '';
  }
  if (n > 0) {
    let start = 0;
    for (let k = 1; k < n; k++) {
      const i = s.indexOf(d, start);
      if (i < 0) return '';
      start = i + d.length;
    }
    const e = s.indexOf(d, start);
    return s.slice(start, e < 0 ? s.length : e);
  }
  let end = s.length;
  for (let k = -1; k > n; k--) {
    const i = end - d.length < 0 ? -1 : s.lastIndexOf(d, end - d.length);
    if (i < 0) return '';
    end = i;
  }
  const i = end - d.length < 0 ? -1 : s.lastIndexOf(d, end - d.length);
  return s.slice(i < 0 ? 0 : i + d.length, end);
}

function ascii(s: string): number {
  return s.length === 0 ? 0 : s.codePointAt(0)!;
}

function chr(n: number): string {
  if (!(n >= 0 && n <= 0x10ffff)) throw strError(`Invalid UTF8 Codepoint ${n}`);
  return String.fromCodePoint(n);
}

function md5(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------
// trim

function trimSpaces(s: string, leading: boolean, trailing: boolean): string {
  let a = 0;
  let b = s.length;
  if (leading) while (a < b && s.charCodeAt(a) === 32) a++;
  if (trailing) while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Removes any of the characters of `chars` from the chosen ends (DuckDB's trim(s, chars)). */
function trimChars(s: string, chars: string, leading: boolean, trailing: boolean): string {
  if (chars.length === 0 || s.length === 0) return s;
  if (!hasSurrogates(s) && !hasSurrogates(chars)) {
    let a = 0;
    let b = s.length;
    if (leading) while (a < b && chars.indexOf(s[a]) >= 0) a++;
    if (trailing) while (b > a && chars.indexOf(s[b - 1]) >= 0) b--;
    return s.slice(a, b);
  }
  const set = new Set(Array.from(chars));
  const cps = Array.from(s);
  let a = 0;
  let b = cps.length;
  if (leading) while (a < b && set.has(cps[a])) a++;
  if (trailing) while (b > a && set.has(cps[b - 1])) b--;
  return cps.slice(a, b).join('');
}

function trimFunction(name: string, leading: boolean, trailing: boolean): ScalarFunctionDef {
  return {
    name,
    resolve(args) {
      if (args.length === 1 && isText(args[0])) {
        return sig([VARCHAR], VARCHAR, (s: string) => trimSpaces(s, leading, trailing));
      }
      if (args.length === 2 && isText(args[0]) && isText(args[1])) {
        return sig([VARCHAR, VARCHAR], VARCHAR, (s: string, c: string) => trimChars(s, c, leading, trailing));
      }
      return null;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// LIKE

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

function escapeRegex(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}

/**
 * Compiles a LIKE pattern into a matcher: `%` is any run of characters, `_` exactly one character,
 * `escape` (none by default, as in DuckDB) makes the next character literal. Patterns without `_` avoid
 * regular expressions: exact match, prefix, suffix, contains, or an in-order search for the pieces.
 * `caseInsensitive` is ILIKE (both sides lower-cased).
 */
export function compileLike(pattern: string, escape: string | null, caseInsensitive: boolean): (s: string) => boolean {
  if (escape !== null && escape.length > 1) {
    throw strError('Invalid escape string. Escape string must be empty or one character.');
  }
  const esc = escape === null || escape.length === 0 ? -1 : escape.charCodeAt(0);
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  // Tokens: literal strings, and the wildcards as the numbers 0 (%) and 1 (_).
  const tokens: (string | 0 | 1)[] = [];
  let lit = '';
  let hasUnderscore = false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === esc) {
      if (i + 1 >= p.length) throw strError('Like pattern must not end with escape character!');
      lit += p[++i];
    } else if (c === 37 /* % */ || c === 95 /* _ */) {
      if (lit.length > 0) tokens.push(lit);
      lit = '';
      if (c === 95) {
        hasUnderscore = true;
        tokens.push(1);
      } else if (tokens[tokens.length - 1] !== 0) {
        tokens.push(0);
      }
    } else {
      lit += p[i];
    }
  }
  if (lit.length > 0) tokens.push(lit);
  const m = hasUnderscore ? regexLike(tokens, caseInsensitive) : segmentLike(tokens);
  return caseInsensitive && !hasUnderscore ? (s: string) => m(s.toLowerCase()) : m;
}

function regexLike(tokens: (string | 0 | 1)[], ci: boolean): (s: string) => boolean {
  let src = '^';
  for (const t of tokens) src += t === 0 ? '.*' : t === 1 ? '.' : escapeRegex(t);
  const re = new RegExp(src + '$', ci ? 'isu' : 'su');
  return (s: string) => re.test(s);
}

function segmentLike(tokens: (string | 0 | 1)[]): (s: string) => boolean {
  if (tokens.length === 0) return (s: string) => s.length === 0;
  if (tokens.length === 1) {
    const t = tokens[0];
    return t === 0 ? () => true : (s: string) => s === t;
  }
  const anchoredStart = tokens[0] !== 0;
  const anchoredEnd = tokens[tokens.length - 1] !== 0;
  const segs = tokens.filter((t): t is string => typeof t === 'string');
  if (segs.length === 1) {
    const seg = segs[0];
    if (anchoredStart) return (s: string) => s.startsWith(seg);
    if (anchoredEnd) return (s: string) => s.endsWith(seg);
    return (s: string) => s.includes(seg);
  }
  const first = anchoredStart ? segs[0] : '';
  const last = anchoredEnd ? segs[segs.length - 1] : '';
  const middle = segs.slice(anchoredStart ? 1 : 0, anchoredEnd ? segs.length - 1 : segs.length);
  const minLen = first.length + last.length;
  return (s: string) => {
    if (s.length < minLen) return false;
    if (anchoredStart && !s.startsWith(first)) return false;
    if (anchoredEnd && !s.endsWith(last)) return false;
    let pos = first.length;
    const limit = s.length - last.length;
    for (let k = 0; k < middle.length; k++) {
      const seg = middle[k];
      const j = s.indexOf(seg, pos);
      if (j < 0 || j + seg.length > limit) return false;
      pos = j + seg.length;
    }
    return true;
  };
}

const likeCache = new Map<string, (s: string) => boolean>();

/** LIKE with a pattern that varies per row; compiled patterns are cached (the cache is dropped when it grows past 256). */
export function likeMatch(s: string, pattern: string, escape: string | null, caseInsensitive: boolean): boolean {
  const key = (caseInsensitive ? 'i' : 'c') + (escape === null ? '' : escape) + '\u0000' + pattern;
  let m = likeCache.get(key);
  if (m === undefined) {
    if (likeCache.size >= 256) likeCache.clear();
    m = compileLike(pattern, escape, caseInsensitive);
    likeCache.set(key, m);
  }
  return m(s);
}

function likeFunction(name: string, ci: boolean, withEscape: boolean): ScalarFunctionDef {
  const n = withEscape ? 3 : 2;
  return {
    name,
    resolve(args, c) {
      if (args.length !== n || !args.every(isText)) return null;
      const types = args.map(() => VARCHAR);
      if (typeof c[1] === 'string' && (!withEscape || typeof c[2] === 'string')) {
        const m = compileLike(c[1], withEscape ? (c[2] as string) : null, ci);
        return sig(types, BOOLEAN, (s: string) => m(s));
      }
      return sig(types, BOOLEAN, withEscape
        ? (s: string, p: string, e: string) => likeMatch(s, p, e, ci)
        : (s: string, p: string) => likeMatch(s, p, null, ci));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Regular expressions (JavaScript's engine; RE2's inline `(?i)` and `(?P<name>...)` are translated).

/**
 * Compiles a SQL regex with DuckDB's option letters: i (case-insensitive), c (case-sensitive), s (dot matches
 * newline), m/n/p (multi-line), l (literal), g (global, for regexp_replace). `anchored` wraps it for full-match.
 */
export function compileRegex(pattern: string, options: string, anchored: boolean): RegExp {
  let flags = '';
  let src = pattern;
  let literal = false;
  for (const o of options) {
    switch (o) {
      case 'i': if (!flags.includes('i')) flags += 'i'; break;
      case 'c': flags = flags.replace('i', ''); break;
      case 's': if (!flags.includes('s')) flags += 's'; break;
      case 'm': case 'n': case 'p': if (!flags.includes('m')) flags += 'm'; break;
      case 'g': if (!flags.includes('g')) flags += 'g'; break;
      case 'l': literal = true; break;
      default: throw strError(`Unrecognized Regex option ${o}`);
    }
  }
  if (literal) src = escapeRegex(src);
  else {
    const inline = /^\(\?([a-z]+)\)/.exec(src);
    if (inline !== null && /^[ims]+$/.test(inline[1])) {
      for (const f of inline[1]) if (!flags.includes(f)) flags += f;
      src = src.slice(inline[0].length);
    }
    src = src.replace(/\(\?P</g, '(?<');
  }
  if (anchored) src = `^(?:${src})$`;
  try {
    return new RegExp(src, flags + 'u');
  } catch {
    try {
      return new RegExp(src, flags);
    } catch (e) {
      throw strError(`Invalid regular expression '${pattern}': ${(e as Error).message}`);
    }
  }
}

const regexCache = new Map<string, RegExp>();

function cachedRegex(pattern: string, options: string, anchored: boolean): RegExp {
  const key = options + (anchored ? '^' : '') + '\u0000' + pattern;
  let re = regexCache.get(key);
  if (re === undefined) {
    if (regexCache.size >= 256) regexCache.clear();
    re = compileRegex(pattern, options, anchored);
    regexCache.set(key, re);
  }
  return re;
}

/** RE2 replacement syntax (`\1`, `\0`, `$` literal) to JavaScript's (`$1`, `$&`, `$$`). */
function toJsReplacement(r: string): string {
  return r.replace(/\$|\\(\d|\\)/g, (m, g: string | undefined) =>
    m === '$' ? '$$' : g === '\\' ? '\\' : g === '0' ? '$&' : '$' + g,
  );
}

/** regexp_matches(s, pattern[, options]) / regexp_full_match: a regex function whose pattern may be constant. */
function regexPredicate(name: string, anchored: boolean): ScalarFunctionDef {
  return {
    name,
    resolve(args, c) {
      if ((args.length !== 2 && args.length !== 3) || !args.every(isText)) return null;
      const types = args.map(() => VARCHAR);
      const optsConst = args.length === 2 ? '' : c[2];
      if (typeof c[1] === 'string' && typeof optsConst === 'string') {
        const re = compileRegex(c[1], optsConst.replace('g', ''), anchored);
        return sig(types, BOOLEAN, (s: string) => re.test(s));
      }
      return sig(types, BOOLEAN, (s: string, p: string, o?: string) =>
        cachedRegex(p, (o ?? '').replace('g', ''), anchored).test(s),
      );
    },
  };
}

/** regexp_replace(s, pattern, replacement[, options]): first match only unless options contain 'g'. */
const regexpReplace: ScalarFunctionDef = {
  name: 'regexp_replace',
  resolve(args, c) {
    if ((args.length !== 3 && args.length !== 4) || !args.every(isText)) return null;
    const types = args.map(() => VARCHAR);
    const optsConst = args.length === 3 ? '' : c[3];
    if (typeof c[1] === 'string' && typeof optsConst === 'string') {
      const re = compileRegex(c[1], optsConst, false);
      if (typeof c[2] === 'string') {
        const rep = toJsReplacement(c[2]);
        return sig(types, VARCHAR, (s: string) => s.replace(re, rep));
      }
      return sig(types, VARCHAR, (s: string, _p: string, r: string) => s.replace(re, toJsReplacement(r)));
    }
    return sig(types, VARCHAR, (s: string, p: string, r: string, o?: string) =>
      s.replace(cachedRegex(p, o ?? '', false), toJsReplacement(r)),
    );
  },
};

/** regexp_extract(s, pattern[, group]): the match (or the group), '' if there is none, as in DuckDB. */
const regexpExtract: ScalarFunctionDef = {
  name: 'regexp_extract',
  resolve(args, c) {
    if (args.length !== 2 && args.length !== 3) return null;
    if (!isText(args[0]) || !isText(args[1]) || (args.length === 3 && !isIntParam(args[2], c[2]))) return null;
    const types = args.length === 3 ? [VARCHAR, VARCHAR, BIGINT] : [VARCHAR, VARCHAR];
    const extract = (re: RegExp, s: string, g: number): string => {
      const m = re.exec(s);
      return m === null ? '' : (m[g] ?? '');
    };
    if (typeof c[1] === 'string') {
      const re = compileRegex(c[1], '', false);
      return sig(types, VARCHAR, (s: string, _p: string, g?: number) => extract(re, s, g ?? 0));
    }
    return sig(types, VARCHAR, (s: string, p: string, g?: number) => extract(cachedRegex(p, '', false), s, g ?? 0));
  },
};

// ---------------------------------------------------------------------------------------------
// Registration helpers

type ParamKind = 's' | 'i';

/** A function with fixed parameters: 's' text, 'i' integer. `ret` is its result type. */
function fixed(name: string, params: ParamKind[] | ParamKind[][], ret: DataType, impl: Impl): ScalarFunctionDef {
  const overloads = (Array.isArray(params[0]) ? params : [params]) as ParamKind[][];
  return {
    name,
    resolve(args, c) {
      for (const ps of overloads) {
        if (ps.length !== args.length) continue;
        let ok = true;
        for (let i = 0; i < ps.length && ok; i++) ok = ps[i] === 's' ? isText(args[i]) : isIntParam(args[i], c[i]);
        if (ok) return sig(ps.map((p) => (p === 's' ? VARCHAR : BIGINT)), ret, impl);
      }
      return null;
    },
  };
}

function variadicConcat(parts: number): Impl {
  switch (parts) {
    case 1:
      return (a: string | null) => a ?? '';
    case 2:
      return (a: string | null, b: string | null) => (a ?? '') + (b ?? '');
    case 3:
      return (a: string | null, b: string | null, c: string | null) => (a ?? '') + (b ?? '') + (c ?? '');
    default:
      return (...v: (string | null)[]) => {
        let r = '';
        for (let i = 0; i < v.length; i++) if (v[i] !== null) r += v[i];
        return r;
      };
  }
}

/** concat(...): every argument is converted to VARCHAR and NULLs are skipped (never NULL itself). */
const concat: ScalarFunctionDef = {
  name: 'concat',
  propagatesNulls: false,
  resolve(args) {
    if (args.length === 0) return null;
    return sig(args.map(() => VARCHAR), VARCHAR, variadicConcat(args.length));
  },
};

/** concat_ws(separator, ...): NULL if the separator is NULL, otherwise the non-NULL arguments joined. */
const concatWs: ScalarFunctionDef = {
  name: 'concat_ws',
  propagatesNulls: false,
  resolve(args) {
    if (args.length < 2 || !isText(args[0])) return null;
    return sig(args.map(() => VARCHAR), VARCHAR, (sep: string | null, ...v: (string | null)[]) => {
      if (sep === null) return null;
      let r = '';
      let first = true;
      for (let i = 0; i < v.length; i++) {
        if (v[i] === null) continue;
        if (!first) r += sep;
        r += v[i];
        first = false;
      }
      return r;
    });
  },
};

/** `a || b`: NULL-propagating concatenation; non-text operands are converted to VARCHAR as in DuckDB. */
const concatOperator: ScalarFunctionDef = {
  name: '||',
  resolve(args) {
    if (args.length !== 2) return null;
    return sig([VARCHAR, VARCHAR], VARCHAR, (a: string, b: string) => a + b);
  },
};

function translate(s: string, from: string, to: string): string {
  const f = Array.from(from);
  const t = Array.from(to);
  let r = '';
  for (const ch of s) {
    const i = f.indexOf(ch);
    if (i < 0) r += ch;
    else if (i < t.length) r += t[i];
  }
  return r;
}

/** The string functions, registered by scalar-function.ts. */
export const STRING_FUNCTIONS: ScalarFunctionDef[] = [
  fixed('lower', ['s'], VARCHAR, (s: string) => s.toLowerCase()),
  fixed('upper', ['s'], VARCHAR, (s: string) => s.toUpperCase()),
  fixed('length', ['s'], BIGINT, charLength),
  fixed('strlen', ['s'], BIGINT, (s: string) => Buffer.byteLength(s, 'utf8')),
  fixed('substr', [['s', 'i'], ['s', 'i', 'i']], VARCHAR, substr),
  trimFunction('trim', true, true),
  trimFunction('ltrim', true, false),
  trimFunction('rtrim', false, true),
  concat,
  concatWs,
  concatOperator,
  fixed('replace', ['s', 's', 's'], VARCHAR, replace),
  fixed('translate', ['s', 's', 's'], VARCHAR, translate),
  fixed('reverse', ['s'], VARCHAR, reverse),
  fixed('repeat', ['s', 'i'], VARCHAR, repeat),
  fixed('lpad', ['s', 'i', 's'], VARCHAR, (s: string, n: number, f: string) => pad(s, n, f, true)),
  fixed('rpad', ['s', 'i', 's'], VARCHAR, (s: string, n: number, f: string) => pad(s, n, f, false)),
  fixed('left', ['s', 'i'], VARCHAR, left),
  fixed('right', ['s', 'i'], VARCHAR, right),
  fixed('strpos', ['s', 's'], BIGINT, strpos),
  fixed('starts_with', ['s', 's'], BOOLEAN, (s: string, p: string) => s.startsWith(p)),
  fixed('ends_with', ['s', 's'], BOOLEAN, (s: string, p: string) => s.endsWith(p)),
  fixed('contains', ['s', 's'], BOOLEAN, (s: string, p: string) => s.includes(p)),
  fixed('split_part', ['s', 's', 'i'], VARCHAR, splitPart),
  fixed('ascii', ['s'], INTEGER, ascii),
  fixed('chr', ['i'], VARCHAR, chr),
  fixed('md5', ['s'], VARCHAR, md5),
  regexPredicate('regexp_matches', false),
  regexPredicate('regexp_full_match', true),
  regexpReplace,
  regexpExtract,
  likeFunction('like', false, false),
  likeFunction('ilike', true, false),
  likeFunction('like_escape', false, true),
  likeFunction('ilike_escape', true, true),
];

/**
 * Alternative names: alias -> registered name. `position(haystack, needle)` takes the arguments in strpos
 * order; the parser turns `POSITION(needle IN haystack)` into that order.
 */
export const STRING_ALIASES: Record<string, string> = {
  lcase: 'lower',
  ucase: 'upper',
  char_length: 'length',
  character_length: 'length',
  len: 'length',
  octet_length: 'strlen',
  substring: 'substr',
  btrim: 'trim',
  position: 'strpos',
  instr: 'strpos',
  prefix: 'starts_with',
  suffix: 'ends_with',
  regexp_like: 'regexp_matches',
};
