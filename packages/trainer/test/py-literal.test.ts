import { pyJsonStr } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { parsePyLiteral } from '../src/adapter/py-literal';

function randomJson(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 2 ? 6 : 8));
  const strings = [
    '',
    'a',
    "it's",
    'say "hi"',
    'back\\slash',
    'a\nb\tc',
    '\u0000\u001f\u007f',
    '\u00a0\u00ad',
    'zw\u200b',
    '\ue000',
    '\u{e0001}',
    'café 你好 😀',
  ];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.floor((random() - 0.5) * 1e9);
    case 3:
      return [0.5, 1e-5, 1.5e16, 0.30000000000000004, -1e-7, 2.5e-300, -3.25][
        Math.floor(random() * 7)
      ];
    case 4:
    case 5:
      return strings[Math.floor(random() * strings.length)];
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, (_, i) => [
          `${strings[i % strings.length]}${i}`,
          randomJson(random, depth + 1),
        ]),
      );
  }
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('parsePyLiteral', () => {
  it('parses what pyJsonStr renders back into the original value', () => {
    const random = seeded(7);
    for (let i = 0; i < 500; i++) {
      const value = randomJson(random, 0);
      const text = pyJsonStr(value);
      // Top-level strings are not quoted by str(); wrap them as a container does.
      const wrapped = typeof value === 'string' ? [value] : value;
      expect(parsePyLiteral(typeof value === 'string' ? pyJsonStr(wrapped) : text)).toEqual(
        wrapped,
      );
    }
  });

  it('parses tuples, escapes and rejects trailing text', () => {
    expect(parsePyLiteral("(1, 'a\\x00\\u200b\\U0001f600', None)")).toEqual([
      1,
      'a\u0000\u200b😀',
      null,
    ]);
    expect(parsePyLiteral('[151644, 117]')).toEqual([151644, 117]);
    expect(() => parsePyLiteral('[1] x')).toThrow(/Invalid Python literal/);
  });
});
