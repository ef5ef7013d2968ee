import { InvalidArgumentError } from '@agl/store-core';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../src/logging';
import {
  filterAndUnflattenAttributes,
  filterAttributes,
  flattenAttributes,
  unflattenAttributes,
} from '../../src/semconv';

let logs: ReturnType<typeof captureLogs> | null = null;
afterEach(() => {
  logs?.restore();
  logs = null;
});

describe('flattenAttributes', () => {
  it('joins nested keys with dots and keeps homogeneous primitive arrays as leaves', () => {
    expect(
      flattenAttributes({ a: { b: 1, c: { d: 'x' } }, tags: ['p', 'q'], flags: [true] }),
    ).toEqual({
      'a.b': 1,
      'a.c.d': 'x',
      tags: ['p', 'q'],
      flags: [true],
    });
  });

  it('treats all numbers as one kind (documented deviation)', () => {
    expect(flattenAttributes({ xs: [1, 2.5] })).toEqual({ xs: [1, 2.5] });
  });

  it('drops empty arrays and empty objects', () => {
    expect(flattenAttributes({ a: [], b: {}, c: { d: [] }, e: 0 })).toEqual({ e: 0 });
  });

  it('expands mixed primitive arrays with a warning', () => {
    logs = captureLogs();
    expect(flattenAttributes({ mixed: [1, 'a', true] })).toEqual({
      'mixed.0': 1,
      'mixed.1': 'a',
      'mixed.2': true,
    });
    expect(logs.records.some((r) => r.level === 'warn' && r.message.includes('mixed'))).toBe(true);
  });

  it('expands arrays of objects and, with expandLeafLists, every array', () => {
    expect(flattenAttributes({ m: [{ role: 'user' }, { role: 'ai' }] })).toEqual({
      'm.0.role': 'user',
      'm.1.role': 'ai',
    });
    expect(flattenAttributes({ xs: ['a', 'b'] }, { expandLeafLists: true })).toEqual({
      'xs.0': 'a',
      'xs.1': 'b',
    });
  });

  it('stores null, dates and other values as they are', () => {
    const date = new Date(0);
    expect(flattenAttributes({ n: null, d: date })).toEqual({ n: null, d: date });
  });

  it('rejects non-string keys of a Map', () => {
    expect(() => flattenAttributes(new Map<unknown, unknown>([[1, 'x']]))).toThrow(
      InvalidArgumentError,
    );
    expect(flattenAttributes(new Map([['k', { v: 1 }]]))).toEqual({ 'k.v': 1 });
  });

  it('keeps a __proto__ key as data', () => {
    const flat = flattenAttributes(JSON.parse('{"__proto__": {"polluted": 1}}'));
    expect(Object.keys(flat)).toEqual(['__proto__.polluted']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('unflattenAttributes', () => {
  it('turns keys 0..n-1 into arrays', () => {
    expect(unflattenAttributes({ 'a.0.b': 1, 'a.1.b': 2, c: 'x' })).toEqual({
      a: [{ b: 1 }, { b: 2 }],
      c: 'x',
    });
  });

  it('keeps gapped or non-digit keys as objects', () => {
    expect(unflattenAttributes({ 'a.0': 'x', 'a.2': 'y' })).toEqual({ a: { 0: 'x', 2: 'y' } });
    expect(unflattenAttributes({ 'a.0': 'x', 'a.k': 'y' })).toEqual({ a: { 0: 'x', k: 'y' } });
  });

  it('overwrites an intermediate scalar with an object', () => {
    expect(unflattenAttributes({ a: 1, 'a.b': 2 })).toEqual({ a: { b: 2 } });
  });

  it('round-trips flatten', () => {
    const value = { messages: [{ role: 'user', content: 'hi' }], meta: { k: ['a', 'b'] } };
    expect(unflattenAttributes(flattenAttributes(value))).toEqual(value);
  });

  it('does not pollute prototypes', () => {
    const out = unflattenAttributes({ '__proto__.polluted': 1 }) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
  });
});

describe('filterAttributes / filterAndUnflattenAttributes', () => {
  const attrs = {
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': 'hi',
    'gen_ai.promptx': 1,
  };

  it('keeps the prefix and its dotted children only', () => {
    expect(filterAttributes(attrs, 'gen_ai.prompt')).toEqual({
      'gen_ai.prompt.0.role': 'user',
      'gen_ai.prompt.0.content': 'hi',
    });
  });

  it('strips the prefix and unflattens', () => {
    expect(filterAndUnflattenAttributes(attrs, 'gen_ai.prompt')).toEqual([
      { role: 'user', content: 'hi' },
    ]);
    expect(filterAndUnflattenAttributes(attrs, 'nothing')).toEqual({});
  });

  it('throws when a key equals the prefix', () => {
    expect(() => filterAndUnflattenAttributes({ p: 1, 'p.a': 2 }, 'p')).toThrow(
      /Cannot unflatten attribute with key exactly equal to prefix/,
    );
  });
});
