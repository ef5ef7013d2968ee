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
