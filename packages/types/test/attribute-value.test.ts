import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AttributesSchema, AttributeValueSchema } from '../src/span';

/** valibot's own union over the same options, without the one-pass check: the behaviour to keep. */
const Union = v.union(AttributeValueSchema.options);

const scalars: unknown[] = [
  '',
  'token',
  true,
  false,
  0,
  -0,
  1.5,
  -7,
  Number.MAX_SAFE_INTEGER,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  null,
  undefined,
  {},
  { a: 1 },
  [],
  [1],
  10n,
];

/** Every scalar alone, and every list of one to three of them (homogeneous or not). */
function values(): unknown[] {
  const out: unknown[] = [...scalars];
  for (const a of scalars) {
    out.push([a]);
    for (const b of scalars) {
      out.push([a, b]);
      for (const c of scalars) out.push([a, b, c]);
    }
  }
  // A list with a hole, which JSON cannot make but an in-process caller can.
  const sparse: unknown[] = [1, 2];
  sparse[3] = 4;
  out.push(sparse);
  out.push(Array.from({ length: 500 }, (_, i) => i));
  out.push([...Array.from({ length: 499 }, (_, i) => i), 'x']);
  return out;
}

describe('AttributeValueSchema', () => {
  it('accepts and rejects exactly what the union does, with the same output and issues', () => {
    const all = values();
    expect(all.length).toBeGreaterThan(7000);
    for (const value of all) {
      const fast = v.safeParse(AttributeValueSchema, value);
      const slow = v.safeParse(Union, value);
      expect(fast.success, String(value)).toBe(slow.success);
      expect(fast.output).toEqual(slow.output);
      const strip = (issues: typeof slow.issues) =>
        issues?.map(({ kind, type, input, expected, received, message, path }) => ({
          kind,
          type,
          input,
          expected,
          received,
          message,
          path,
        }));
      expect(strip(fast.issues)).toEqual(strip(slow.issues));
    }
  });

  it('answers a copy of a list, as the union does', () => {
    const ids = [1, 2, 3];
    const out = v.parse(AttributeValueSchema, ids);
    expect(out).toEqual(ids);
    expect(out).not.toBe(ids);
  });

  it('validates through the Standard Schema interface too', async () => {
    const standard = AttributeValueSchema['~standard'];
    expect(await standard.validate([1, 2])).toMatchObject({ value: [1, 2] });
    expect(await standard.validate([1, 'a'])).toHaveProperty('issues');
  });

  it('checks token-id lists inside a span attribute record', () => {
    const attributes = {
      prompt_token_ids: Array.from({ length: 300 }, (_, i) => i),
      response_token_ids: Array.from({ length: 200 }, (_, i) => 1000 + i),
      'gen_ai.prompt.0.content': 'hello',
    };
    expect(v.parse(AttributesSchema, attributes)).toEqual(attributes);
    const bad = v.safeParse(AttributesSchema, { ...attributes, response_token_ids: [1, null] });
    expect(bad.success).toBe(false);
    expect(bad.issues?.[0]?.path?.map((item) => item.key)).toEqual(['response_token_ids']);
  });
});
