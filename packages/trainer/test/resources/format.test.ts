import { InvalidArgumentError, NotImplementedStoreError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { PromptTemplate, pyFloat, pyRepr, pyStr } from '../../src/resources';

const f = (template: string, values: Record<string, unknown>) =>
  new PromptTemplate(template, 'f-string').format(values);

// Expected strings were produced by CPython 3 `str.format` on the equivalent Python values.
describe('PromptTemplate f-string formatting (Python str.format parity)', () => {
  it('substitutes keyword fields and literal braces', () => {
    expect(f('Hello {name}!', { name: 'Ada' })).toBe('Hello Ada!');
    expect(f('{{literal}} {x}', { x: 1 })).toBe('{literal} 1');
  });

  it('renders values with Python str() rules', () => {
    expect(
      f('{a} {b} {c} {d} {e}', { a: true, b: null, c: ['a', 'b'], d: { k: 'v', n: 1 }, e: 1 }),
    ).toBe("True None ['a', 'b'] {'k': 'v', 'n': 1} 1");
    expect(f('{x}', { x: { a: [1, { b: null }], c: 'd' } })).toBe(
      "{'a': [1, {'b': None}], 'c': 'd'}",
    );
    expect(f('{x} {y} {z}', { x: [], y: {}, z: 'plain' })).toBe('[] {} plain');
    expect(f('{x}', { x: ["it's", 'tab\t', null, true, 2.5] })).toBe(
      `["it's", 'tab\\t', None, True, 2.5]`,
    );
  });

  it('renders floats like Python repr', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [1e-5, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [1.5e16, '15000000000000000'],
      [123456789.125, '123456789.125'],
      [-0.5, '-0.5'],
      [1e21, '1000000000000000000000'],
    ];
    for (const [value, text] of cases) expect(f('{x}', { x: value })).toBe(text);
    expect(pyStr(pyFloat(1))).toBe('1.0');
    expect(pyStr(pyFloat(1.5e16))).toBe('1.5e+16');
    expect(pyStr([pyFloat(2), 3])).toBe('[2.0, 3]');
  });

  it('supports attribute and index chains', () => {
    expect(f('{t.id}-{r[0]}-{m[key]}', { t: { id: 7 }, r: [9], m: { key: 'v' } })).toBe('7-9-v');
    expect(f('{m[key]}', { m: new Map([['key', 'from-map']]) })).toBe('from-map');
  });

  it('supports conversions', () => {
    expect(f('{x!r}', { x: "it's" })).toBe(`"it's"`);
    expect(f('{x!r}', { x: `a"b'c` })).toBe(`'a"b\\'c'`);
    expect(f('{x!a}', { x: 'héllo' })).toBe("'h\\xe9llo'");
    expect(f('{x!s:>4}', { x: true })).toBe('True');
  });

  it('supports the format-spec mini-language', () => {
    const cases: [string, unknown, string][] = [
      ['{x:.2f}', 2.675, '2.67'],
      ['{x:.0f}', 2.5, '2'],
      ['{x:.0f}', 3.5, '4'],
      ['{x:>8}', 'hi', '      hi'],
      ['{x:^7}', 'hi', '  hi   '],
      ['{x:*<6}', 42, '42****'],
      ['{x:,}', 1234567, '1,234,567'],
      ['{x:_}', 1234567, '1_234_567'],
      ['{x:08.3f}', -3.14158, '-003.142'],
      ['{x:+d}', 5, '+5'],
      ['{x:.1%}', 0.256, '25.6%'],
      ['{x:e}', 12345.678, '1.234568e+04'],
      ['{x:.2E}', 0.000123, '1.23E-04'],
      ['{x:#x}', 255, '0xff'],
      ['{x:#b}', 5, '0b101'],
      ['{x:o}', 8, '10'],
      ['{x:X}', 255, 'FF'],
      ['{x:.3}', 'abcdef', 'abc'],
      ['{x:,.2f}', 1234567.891, '1,234,567.89'],
      ['{x:>6}', true, '     1'],
      ['{x:d}', true, '1'],
      ['{x:5}', 3, '    3'],
      ['{x:<5}|', 3, '3    |'],
      ['{x:=+6}', -3, '-    3'],
      ['{x:x}', -255, '-ff'],
      ['{x:.0e}', 5.5, '6e+00'],
      ['{x:f}', Number.POSITIVE_INFINITY, 'inf'],
      ['{x:F}', Number.NaN, 'NAN'],
    ];
    for (const [template, x, expected] of cases)
      expect(f(template, { x }), template).toBe(expected);
  });

  it('throws on missing keys, positional fields and unmatched braces', () => {
    expect(() => f('Hi {name}', {})).toThrow(InvalidArgumentError);
    expect(() => f('Hi {name}', {})).toThrow(/name/);
    expect(() => f('{}', { x: 1 })).toThrow(/Positional/);
    expect(() => f('{0}', { x: 1 })).toThrow(/Positional/);
    expect(() => f('a } b', {})).toThrow(/Single '}'/);
    expect(() => f('a { b', {})).toThrow(/expected '}'/);
    expect(() => f('{r[5]}', { r: [1] })).toThrow(/r\[5\]/);
    expect(() => f('{t.missing}', { t: {} })).toThrow(/t\.missing/);
  });

  it('throws instead of guessing on unsupported specs', () => {
    expect(() => f('{x:g}', { x: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => f('{x:.3}', { x: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => f('{x:{w}}', { x: 1, w: 3 })).toThrow(/Nested/);
    expect(() => f('{x:>5}', { x: null })).toThrow(/NoneType/);
    expect(() => f('{x!q}', { x: 1 })).toThrow(/conversion/);
  });

  it('refuses other engines with NotImplementedStoreError naming the engine', () => {
    expect(() => new PromptTemplate('Hi {{ name }}', 'jinja').format({ name: 'x' })).toThrow(
      NotImplementedStoreError,
    );
    expect(() => new PromptTemplate('<p/>', 'poml').format({})).toThrow(/poml/);
  });
});

describe('pyRepr', () => {
  it('escapes control characters and picks quotes like Python', () => {
    expect(pyRepr('line\nnext\\')).toBe("'line\\nnext\\\\'");
    expect(pyRepr('\u0001')).toBe("'\\x01'");
    expect(pyRepr(new Set())).toBe('set()');
    expect(pyRepr(new Set([1, 'a']))).toBe("{1, 'a'}");
    expect(pyRepr(undefined)).toBe('None');
  });

  it('does not loop on cycles', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(pyRepr(a)).toBe('[1, [...]]');
  });
});
