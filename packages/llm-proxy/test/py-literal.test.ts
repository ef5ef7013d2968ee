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
];

describe('pyJson', () => {
  it.each(values.map((v) => [JSON.stringify(v) ?? String(v), v]))(
    'renders %s exactly as pyJsonStr',
    (_, value) => {
      expect(pyJson(value)).toBe(pyJsonStr(value));
    },
  );
});
