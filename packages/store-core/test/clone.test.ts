import { describe, expect, it } from 'vitest';
import { cloneJson } from '../src/backend';

describe('cloneJson', () => {
  it('deep-copies arrays and plain objects', () => {
    const value = { a: [1, { b: 'x' }], c: { d: null, e: true } };
    const copy = cloneJson(value);
    expect(copy).toEqual(value);
    copy.a.push(2);
    (copy.c as { e: boolean }).e = false;
    expect(value.a).toHaveLength(2);
    expect(value.c.e).toBe(true);
  });

  it('returns primitives unchanged', () => {
    expect(cloneJson(null)).toBeNull();
    expect(cloneJson('s')).toBe('s');
    expect(cloneJson(3.5)).toBe(3.5);
  });

  it('keeps an own __proto__ key as data without changing the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const copy = cloneJson(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('clones other objects structurally', () => {
    const date = new Date(5);
    const copy = cloneJson({ when: date });
    expect(copy.when).not.toBe(date);
    expect(copy.when.getTime()).toBe(5);
  });
});
