import { describe, expect, it } from 'vitest';
import { forgetJsonText, noteJsonText, takeJsonText } from '../src/json-text';

describe('the JSON text hand-over', () => {
  it('gives the noted text for exactly the noted object, once', () => {
    const span = { a: 1 };
    noteJsonText(span, '{"a":1}');
    expect(takeJsonText({ a: 1 })).toBeUndefined();
    expect(takeJsonText(span)).toEqual({ text: '{"a":1}', utf8Bytes: undefined });
    expect(takeJsonText(span)).toBeUndefined();
  });

  it('hands over the UTF-8 length noted with the text', () => {
    const span = { s: 'é' };
    noteJsonText(span, '{"s":"é"}', 10);
    expect(takeJsonText(span)).toEqual({ text: '{"s":"é"}', utf8Bytes: 10 });
    noteJsonText(span, '{"s":"é"}', 10);
    forgetJsonText();
    noteJsonText(span, '{"s":"é"}');
    expect(takeJsonText(span)).toEqual({ text: '{"s":"é"}', utf8Bytes: undefined });
  });

  it('keeps only the latest note, and forgets on request', () => {
    const first = { n: 1 };
    const second = { n: 2 };
    noteJsonText(first, '{"n":1}');
    noteJsonText(second, '{"n":2}');
    expect(takeJsonText(first)).toBeUndefined();
    expect(takeJsonText(second)).toEqual({ text: '{"n":2}', utf8Bytes: undefined });
    noteJsonText(first, '{"n":1}');
    forgetJsonText();
    expect(takeJsonText(first)).toBeUndefined();
    expect(takeJsonText(undefined)).toBeUndefined();
    expect(takeJsonText(null)).toBeUndefined();
  });
});
