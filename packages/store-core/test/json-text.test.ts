import { describe, expect, it } from 'vitest';
import { forgetJsonText, noteJsonText, takeJsonText } from '../src/json-text';

describe('the JSON text hand-over', () => {
  it('gives the noted text for exactly the noted object, once', () => {
    const span = { a: 1 };
    noteJsonText(span, '{"a":1}');
    expect(takeJsonText({ a: 1 })).toBeUndefined();
    expect(takeJsonText(span)).toBe('{"a":1}');
    expect(takeJsonText(span)).toBeUndefined();
  });

  it('keeps only the latest note, and forgets on request', () => {
    const first = { n: 1 };
    const second = { n: 2 };
    noteJsonText(first, '{"n":1}');
    noteJsonText(second, '{"n":2}');
    expect(takeJsonText(first)).toBeUndefined();
    noteJsonText(first, '{"n":1}');
    forgetJsonText();
    expect(takeJsonText(first)).toBeUndefined();
    expect(takeJsonText(undefined)).toBeUndefined();
    expect(takeJsonText(null)).toBeUndefined();
  });
});
