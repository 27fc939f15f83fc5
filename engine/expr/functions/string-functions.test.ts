/** Tests of the string functions and LIKE matching; expected values are DuckDB's. */
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../errors.js';
import {
  DATE,
  DOUBLE,
  INTEGER,
  NULL_TYPE,
  VARCHAR,
  decimalType,
  typeToString,
  type DataType,
} from '../../types/data-type.js';
import { castFunction, formatValue } from '../../types/cast.js';
import { lookupScalarFunction } from './scalar-function.js';
import { compileLike, likeMatch } from './string-functions.js';

type Arg = [DataType, string | null];
const s = (v: string | null): Arg => [VARCHAR, v];
const n = (v: number): Arg => [INTEGER, String(v)];
const NULL: Arg = [NULL_TYPE, null];

/** Calls a function the way the expression compiler does; `constant` passes the arguments as literals. */
function call(name: string, args: Arg[], constant = true): { type: string; text: string } {
  const def = lookupScalarFunction(name);
  if (def === undefined) throw new Error(`no function ${name}`);
  const values = args.map(([t, text]) => (text === null ? null : castFunction(VARCHAR, t, false)!(text)));
  const r = def.resolve(args.map((a) => a[0]), constant ? values : values.map(() => undefined));
  if (r === null) throw new Error(`no signature ${name}(${args.map((a) => typeToString(a[0])).join(', ')})`);
  const cast = values.map((v, i) => (v === null ? null : castFunction(args[i][0], r.argTypes[i], false)!(v)));
  const out = (def.propagatesNulls ?? true) && cast.some((v) => v === null) ? null : r.impl(...cast);
  return { type: typeToString(r.returnType), text: out === null ? 'NULL' : formatValue(r.returnType, out) };
}

/** The result text, checked to be the same whether the arguments are constants or not. */
function text(name: string, ...args: Arg[]): string {
  const a = call(name, args, true);
  const b = call(name, args, false);
  expect(b).toEqual(a);
  return a.text;
}

const resolves = (name: string, ...types: DataType[]) =>
  lookupScalarFunction(name)!.resolve(types, types.map(() => undefined)) !== null;

describe('length, case, reverse', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(call('length', [s('héllo')])).toEqual({ type: 'BIGINT', text: '5' });
    expect(text('length', s('😀a'))).toBe('2');
    expect(text('length', s(''))).toBe('0');
    expect(text('char_length', s('abc'))).toBe('3');
    expect(text('strlen', s('é'))).toBe('2');
    expect(text('length', NULL)).toBe('NULL');
  });

  it('changes case and reverses by character', () => {
    expect(text('upper', s('abc'))).toBe('ABC');
    expect(text('lower', s('ÄB'))).toBe('äb');
    expect(text('reverse', s('abc😀'))).toBe('😀cba');
    expect(text('reverse', s(''))).toBe('');
  });

  it('does not convert numbers implicitly (DuckDB)', () => {
    expect(resolves('length', INTEGER)).toBe(false);
    expect(resolves('upper', DATE)).toBe(false);
  });
});

describe('substr', () => {
  it('follows DuckDB for every start and length', () => {
    expect(text('substr', s('hello'), n(2))).toBe('ello');
    expect(text('substr', s('hello'), n(2), n(3))).toBe('ell');
    expect(text('substr', s('hello'), n(0))).toBe('hello');
    expect(text('substr', s('hello'), n(0), n(2))).toBe('h');
    expect(text('substr', s('hello'), n(-3))).toBe('llo');
    expect(text('substr', s('hello'), n(-3), n(2))).toBe('ll');
    expect(text('substr', s('hello'), n(-7), n(4))).toBe('he');
    expect(text('substr', s('hello'), n(-10), n(3))).toBe('');
    expect(text('substr', s('hello'), n(2), n(-1))).toBe('h');
    expect(text('substring', s('hello'), n(10), n(2))).toBe('');
    expect(text('substr', s('a😀b'), n(2), n(1))).toBe('😀');
  });
});

describe('trim (test_trim.test)', () => {
  it('trims spaces only by default', () => {
    expect(text('ltrim', s(' Both '))).toBe('Both ');
    expect(text('rtrim', s(' Both '))).toBe(' Both');
    expect(text('trim', s(' Both '))).toBe('Both');
    expect(text('trim', s('     '))).toBe('');
    expect(text('trim', s('\tx\n'))).toBe('\tx\n');
  });

  it('removes any of the given characters', () => {
    const cases: [string, string | null, string, string, string][] = [
      ['', 'ho', '', '', ''],
      ['hello', 'ho', 'ello', 'hell', 'ell'],
      ['papapapa', 'pa', '', '', ''],
      ['blaHblabla', 'bla', 'Hblabla', 'blaH', 'H'],
      ['blabla', '', 'blabla', 'blabla', 'blabla'],
      ['test', 't', 'est', 'tes', 'es'],
      ['mühleisen', 'mün', 'hleisen', 'mühleise', 'hleise'],
      ['blabla', null, 'NULL', 'NULL', 'NULL'],
    ];
    for (const [str, chars, l, r, b] of cases) {
      expect(text('ltrim', s(str), s(chars))).toBe(l);
      expect(text('rtrim', s(str), s(chars))).toBe(r);
      expect(text('trim', s(str), s(chars))).toBe(b);
    }
    expect(text('trim', s('😀a😀'), s('😀'))).toBe('a');
  });

  it('rejects other arities', () => {
    expect(resolves('ltrim')).toBe(false);
    expect(resolves('ltrim', VARCHAR, VARCHAR, VARCHAR)).toBe(false);
  });
});

describe('concatenation', () => {
  it('concat skips NULLs and converts other types', () => {
    expect(text('concat', s('a'), NULL, s('b'), n(1))).toBe('ab1');
    expect(
      text('concat', s('a'), [DOUBLE, '1.5'], [DATE, '2020-01-01'], [decimalType(5, 2), '1.5'], s(null), [DOUBLE, '1']),
    ).toBe('a1.52020-01-011.501.0');
    expect(text('concat', NULL)).toBe('');
  });

  it('concat_ws skips NULLs but a NULL separator gives NULL', () => {
    expect(text('concat_ws', s(','), s('a'), NULL, s('b'))).toBe('a,b');
    expect(text('concat_ws', s(null), s('a'))).toBe('NULL');
  });

  it('|| propagates NULL and converts non-strings', () => {
    expect(text('||', s('a'), n(1))).toBe('a1');
    expect(text('||', n(1), n(2))).toBe('12');
    expect(text('||', s('a'), NULL)).toBe('NULL');
  });
});

describe('search and slicing', () => {
  it('position, prefix, suffix, contains', () => {
    expect(call('strpos', [s('hello'), s('lo')])).toEqual({ type: 'BIGINT', text: '4' });
    expect(text('instr', s('hello'), s('z'))).toBe('0');
    expect(text('position', s('hello'), s(''))).toBe('1');
    expect(text('strpos', s('a😀b'), s('b'))).toBe('3');
    expect(text('starts_with', s('hello'), s('he'))).toBe('true');
    expect(text('prefix', s('hello'), s('lo'))).toBe('false');
    expect(text('ends_with', s('hello'), s('lo'))).toBe('true');
    expect(text('suffix', s('abc'), s('c'))).toBe('true');
    expect(text('contains', s('hello'), s('ll'))).toBe('true');
  });

  it('left, right, lpad, rpad, repeat', () => {
    expect(text('left', s('hello'), n(2))).toBe('he');
    expect(text('left', s('hello'), n(-2))).toBe('hel');
    expect(text('right', s('hello'), n(2))).toBe('lo');
    expect(text('right', s('hello'), n(-2))).toBe('llo');
    expect(text('lpad', s('abc'), n(5), s('xy'))).toBe('xyabc');
    expect(text('lpad', s('abcdef'), n(3), s('x'))).toBe('abc');
    expect(text('rpad', s('abc'), n(6), s('xy'))).toBe('abcxyx');
    expect(text('lpad', s('abc'), n(5), s('😀'))).toBe('😀😀abc');
    expect(() => text('lpad', s('abc'), n(5), s(''))).toThrow('Insufficient padding in LPAD');
    expect(text('repeat', s('ab'), n(3))).toBe('ababab');
    expect(text('repeat', s('ab'), n(-1))).toBe('');
  });

  it('split_part counts from either end', () => {
    expect(text('split_part', s('a,b,c'), s(','), n(2))).toBe('b');
    expect(text('split_part', s('a,b,c'), s(','), n(5))).toBe('');
    expect(text('split_part', s('a,b,c'), s(','), n(-1))).toBe('c');
    expect(text('split_part', s('a,b,c'), s(','), n(-3))).toBe('a');
    expect(text('split_part', s('a,b,c'), s(','), n(-4))).toBe('');
    expect(text('split_part', s('a,b,c'), s(','), n(0))).toBe('');
    expect(text('split_part', s('a--b--c'), s('--'), n(3))).toBe('c');
    expect(text('split_part', s('abc'), s(''), n(2))).toBe('b');
  });

  it('replace, translate, ascii, chr, md5', () => {
    expect(text('replace', s('hello'), s('l'), s('L'))).toBe('heLLo');
    expect(text('replace', s('hello'), s(''), s('x'))).toBe('hello');
    expect(text('replace', s('a$b'), s('$'), s('$$'))).toBe('a$$b');
    expect(text('translate', s('hello'), s('el'), s('ip'))).toBe('hippo');
    expect(call('ascii', [s('A')])).toEqual({ type: 'INTEGER', text: '65' });
    expect(text('ascii', s(''))).toBe('0');
    expect(text('ascii', s('😀'))).toBe('128512');
    expect(text('chr', n(65))).toBe('A');
    expect(text('chr', n(128512))).toBe('😀');
    expect(() => text('chr', n(-1))).toThrow(StrataError);
    expect(text('md5', s('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
});

describe('regular expressions', () => {
  it('regexp_matches searches anywhere, with options', () => {
    expect(call('regexp_matches', [s('hello'), s('l+')])).toEqual({ type: 'BOOLEAN', text: 'true' });
    expect(text('regexp_matches', s('hello'), s('^l'))).toBe('false');
    expect(text('regexp_matches', s('HELLO'), s('l'), s('i'))).toBe('true');
    expect(text('regexp_matches', s('abc'), s('(?i)B'))).toBe('true');
    expect(text('regexp_matches', s('a.b'), s('.'), s('l'))).toBe('true');
    expect(text('regexp_full_match', s('abc'), s('b'))).toBe('false');
    expect(text('regexp_full_match', s('abc'), s('a.c'))).toBe('true');
  });

  it('regexp_replace replaces the first match unless g, with \\1 references', () => {
    expect(text('regexp_replace', s('hello'), s('l'), s('L'))).toBe('heLlo');
    expect(text('regexp_replace', s('hello'), s('l'), s('L'), s('g'))).toBe('heLLo');
    expect(text('regexp_replace', s('hello'), s('(l+)'), s('<\\1>'))).toBe('he<ll>o');
    expect(text('regexp_replace', s('hello'), s('e(l)'), s('\\0-\\1'))).toBe('hel-llo');
    expect(text('regexp_replace', s('hello'), s('l'), s('$'), s('g'))).toBe('he$$o');
  });

  it('regexp_extract returns the match or a group, else empty', () => {
    expect(text('regexp_extract', s('abc123'), s('[0-9]+'))).toBe('123');
    expect(text('regexp_extract', s('abc123'), s('([a-z]+)([0-9]+)'), n(2))).toBe('123');
    expect(text('regexp_extract', s('abc'), s('x'))).toBe('');
  });

  it('reports an invalid pattern', () => {
    expect(() => call('regexp_matches', [s('a'), s('(')])).toThrow(StrataError);
  });
});

describe('LIKE', () => {
  const cases: [string, string, boolean][] = [
    ['abc', 'a%', true],
    ['abc', '%c', true],
    ['abc', '%b%', true],
    ['abc', 'abc', true],
    ['abc', 'ab', false],
    ['abc', 'a_c', true],
    ['a😀c', 'a_c', true],
    ['abc', '%', true],
    ['', '%', true],
    ['', '', true],
    ['abcabc', 'a%c%c', true],
    ['ac', 'a%c%c', false],
    ['abc', 'a%b%c', true],
    ['aba', 'ab%ba', false],
    ['abab', '%ab%ab', true],
    ['a\nb', 'a%b', true],
    ['a\nb', 'a_b', true],
    ['xzy', 'x.y', false],
    ['x.y', 'x.y', true],
    ['ab', 'a%%b', true],
    ['ABC', 'a%', false],
    ['(a)', '(_)', true],
  ];

  it('matches like DuckDB', () => {
    for (const [str, pattern, expected] of cases) {
      expect(compileLike(pattern, null, false)(str), `'${str}' LIKE '${pattern}'`).toBe(expected);
      expect(likeMatch(str, pattern, null, false)).toBe(expected);
    }
  });

  it('ILIKE ignores case', () => {
    expect(compileLike('a%', null, true)('ABC')).toBe(true);
    expect(compileLike('%B_', null, true)('abc')).toBe(true);
    expect(compileLike('abc', null, true)('AbC')).toBe(true);
  });

  it('honours an escape character, with no default escape', () => {
    expect(compileLike('a\\%', '\\', false)('a%')).toBe(true);
    expect(compileLike('a\\%', '\\', false)('ab')).toBe(false);
    expect(compileLike('a#_b', '#', false)('a_b')).toBe(true);
    expect(compileLike('a#_b', '#', false)('axb')).toBe(false);
    expect(compileLike('a\\%', null, false)('a\\xyz')).toBe(true);
    expect(() => compileLike('a#', '#', false)).toThrow(StrataError);
  });

  it('is registered as like/ilike functions', () => {
    expect(call('like', [s('abc'), s('a%')])).toEqual({ type: 'BOOLEAN', text: 'true' });
    expect(text('ilike', s('ABC'), s('a_c'))).toBe('true');
    expect(text('like_escape', s('a%'), s('a#%'), s('#'))).toBe('true');
  });
});
