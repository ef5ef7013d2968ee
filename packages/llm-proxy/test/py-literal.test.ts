import { pyJsonStr } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { pyJson } from '../src/py-literal';

const values: unknown[] = [
  null,
  true,
  'top-level text',
  1.5,
  -0,
  [],
  {},
  [1, 2, 3, 151645],
  [-0, 0, 9007199254740991],
  [1, 2.5, 3],
  [9007199254740992, 1e16, 1.5e16],
  [1, 'a', null, true, false],
  {
    "it's": "quote's",
    nested: {
      list: [
        [1, 2],
        [3, { z: null }],
      ],
    },
    e: 1e-7,
  },
  [{ role: 'user', content: 'Hi\n\t\u0000\u2028' }],
  { __proto__: 1, constructor: 'x' },
  JSON.parse('{"__proto__": [1, 2], "k": "\\ud800"}'),
  // Strings around the plain-ASCII fast path: quotes of either kind, both, backslashes, DEL, tilde.
  [
    'plain text ~ with #&()[]{}',
    "it's",
    'say "hi"',
    `it's "both"`,
    'back\\slash',
    "back\\slash's",
    'del\u007f',
    'caf\u00e9',
    '',
    ' ',
  ],
  { "key's": 'v', 'k"ey': "'", 'k\\ey': '"', '\u00e9': '\u00a0' },
];

describe('pyJson', () => {
  it.each(values.map((v) => [JSON.stringify(v) ?? String(v), v]))(
    'renders %s exactly as pyJsonStr',
    (_, value) => {
      expect(pyJson(value)).toBe(pyJsonStr(value));
    },
  );
});

describe('pyJson on generated strings', () => {
  it('matches pyJsonStr on 20,000 short strings mixing quotes, escapes and non-ASCII', () => {
    const alphabet = [
      'a',
      ' ',
      "'",
      '"',
      '\\',
      '~',
      '\x7f',
      '\n',
      '\t',
      'é',
      '\u2028',
      '\x1f',
      '[',
      '😀',
      '\u00a0',
    ];
    let seed = 42;
    // A fixed linear congruential sequence: the same strings on every run.
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let k = next(8); k > 0; k--) text += alphabet[next(alphabet.length)];
      const value = [text, { [text]: text }];
      expect(pyJson(value), JSON.stringify(text)).toBe(pyJsonStr(value));
    }
  });
});

describe('pyJson on integer lists', () => {
  it('renders every digit count, sign and list length exactly as pyJsonStr', () => {
    // Powers of ten and their neighbours: where a digit count changes.
    const edges: number[] = [0, -0, 1, -1, 9007199254740991, -9007199254740991];
    for (let p = 1; p <= 1e15; p *= 10) edges.push(p - 1, p, p + 1, -p, -(p - 1));
    expect(pyJson(edges)).toBe(pyJsonStr(edges));
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    // Lengths past the renderer's first scratch buffer, so it has to grow (and is reused after).
    for (const length of [1, 2, 100, 900, 5000, 20_000, 3]) {
      const list = Array.from({ length }, () => next(200_000) - (next(4) === 0 ? 100_000 : 0));
      expect(pyJson(list)).toBe(pyJsonStr(list));
      expect(pyJson([list, { ids: list }])).toBe(pyJsonStr([list, { ids: list }]));
    }
  });
});
