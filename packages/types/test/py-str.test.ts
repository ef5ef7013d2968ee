import { describe, expect, it } from 'vitest';
import { pyJsonStr, pyStr } from '../src/index';

// Inputs as JSON text and the output of CPython 3.11's str() on json.loads(input).
const GOLDEN: ReadonlyArray<readonly [string, string]> = [
  ['[{"role": "user", "content": "Hi"}]', "[{'role': 'user', 'content': 'Hi'}]"],
  ['{"return_token_ids": true}', "{'return_token_ids': True}"],
  [
    '[true, false, null, 1, 1.5, "a", {"k": [1, {"z": null}]}]',
    "[True, False, None, 1, 1.5, 'a', {'k': [1, {'z': None}]}]",
  ],
  ['{"content": "It\'s \\"quoted\\""}', `{'content': 'It\\'s "quoted"'}`],
  ['["it\'s"]', `["it's"]`],
  ['["back\\\\slash", "a\\nb\\tc"]', "['back\\\\slash', 'a\\nb\\tc']"],
  [
    '["\\u0000\\u001f\\u007f", "\\u00a0x", "soft\\u00adhy"]',
    "['\\x00\\x1f\\x7f', '\\xa0x', 'soft\\xadhy']",
  ],
  [
    '["zw\\u200bsp", "ls\\u2028ps\\u2029", "\\ue000pua", "\\udb40\\udc01tag"]',
    "['zw\\u200bsp', 'ls\\u2028ps\\u2029', '\\ue000pua', '\\U000e0001tag']",
  ],
  ['["café 你好", "emoji 😀"]', "['café 你好', 'emoji 😀']"],
  [
    '[0.5, 1e-05, 0.0001, 1.5e16, 1e16, 0.30000000000000004, -1e-07, 2.5e-300]',
    '[0.5, 1e-05, 0.0001, 1.5e+16, 1e+16, 0.30000000000000004, -1e-07, 2.5e-300]',
  ],
];

describe('pyJsonStr', () => {
  it.each(GOLDEN)('renders %s as Python does', (json, expected) => {
    expect(pyJsonStr(JSON.parse(json))).toBe(expected);
  });

  it('differs from pyStr only for integral numbers of 1e16 and more', () => {
    expect(pyStr([1.5e16, 7])).toBe('[15000000000000000, 7]');
    expect(pyJsonStr([1.5e16, 7])).toBe('[1.5e+16, 7]');
  });

  it('escapes a lone surrogate and keeps the ASCII space', () => {
    expect(pyStr(['a b\ud800'])).toBe("['a b\\ud800']");
  });
});
