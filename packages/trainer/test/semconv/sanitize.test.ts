import { InvalidArgumentError } from '@agl/store-core';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../src/logging';
import {
  checkAttributesSanity,
  sanitizeAttributes,
  sanitizeAttributeValue,
} from '../../src/semconv';

let logs: ReturnType<typeof captureLogs> | null = null;
afterEach(() => {
  logs?.restore();
  logs = null;
});

describe('sanitizeAttributeValue', () => {
  it('passes primitives and homogeneous arrays', () => {
    expect(sanitizeAttributeValue('x')).toBe('x');
    expect(sanitizeAttributeValue(1.5)).toBe(1.5);
    expect(sanitizeAttributeValue(false)).toBe(false);
    expect(sanitizeAttributeValue(['a', 'b'])).toEqual(['a', 'b']);
    expect(sanitizeAttributeValue([true, false])).toEqual([true, false]);
  });

  it('turns booleans mixed with numbers into 1/0', () => {
    expect(sanitizeAttributeValue([1, true, false, 2.5])).toEqual([1, 1, 0, 2.5]);
  });

  it('turns null and objects into JSON text', () => {
    expect(JSON.parse(sanitizeAttributeValue(null) as string)).toBeNull();
    expect(JSON.parse(sanitizeAttributeValue({ a: 1, b: [1, 2] }) as string)).toEqual({
      a: 1,
      b: [1, 2],
    });
  });

  it('turns mixed arrays into JSON text with a warning', () => {
    logs = captureLogs();
    expect(JSON.parse(sanitizeAttributeValue(['a', 1]) as string)).toEqual(['a', 1]);
    expect(JSON.parse(sanitizeAttributeValue([{ a: 1 }]) as string)).toEqual([{ a: 1 }]);
    expect(logs.records.filter((r) => r.level === 'warn')).toHaveLength(2);
  });

  it('stringifies values JSON cannot encode instead of failing', () => {
    expect(JSON.parse(sanitizeAttributeValue({ n: 10n }) as string)).toEqual({ n: '10' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(typeof sanitizeAttributeValue(cyclic)).toBe('string');
  });
});

describe('sanitizeAttributes', () => {
  it('sanitises every value and drops undefined ones', () => {
    expect(sanitizeAttributes({ a: null, b: undefined, c: [1, 2] })).toEqual({
      a: 'null',
      c: [1, 2],
    });
  });
});

describe('checkAttributesSanity', () => {
  it('accepts primitives and homogeneous arrays', () => {
    expect(() =>
      checkAttributesSanity({ a: 'x', b: 1, c: true, d: ['x'], e: [1, true] }),
    ).not.toThrow();
  });

  it('rejects null, sets, objects and mixed arrays', () => {
    expect(() => checkAttributesSanity({ a: null })).toThrow(InvalidArgumentError);
    expect(() => checkAttributesSanity({ a: new Set([1]) })).toThrow(InvalidArgumentError);
    expect(() => checkAttributesSanity({ a: { b: 1 } })).toThrow(InvalidArgumentError);
    expect(() => checkAttributesSanity({ a: ['x', 1] })).toThrow(/"a"/);
  });
});
