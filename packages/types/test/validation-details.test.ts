import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { IntegerSchema, toValidationDetails } from '../src/index';

const Model = v.object({
  name: v.string(),
  count: v.optional(IntegerSchema),
  ratio: v.optional(v.number()),
});

function details(input: unknown, source?: 'body' | 'query') {
  const result = v.safeParse(Model, input);
  if (result.success) throw new Error('expected a validation failure');
  return toValidationDetails(result.issues, {
    schema: Model,
    input,
    ...(source ? { source } : {}),
  });
}

describe('toValidationDetails', () => {
  it('names the source first in each loc when there is one', () => {
    expect(details({ count: 1 }, 'body')).toEqual([
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { count: 1 } },
    ]);
  });

  it('starts loc at the field without a source, as a client checking an answer does', () => {
    expect(details({ count: 1 })).toEqual([
      { type: 'missing', loc: ['name'], msg: 'Field required', input: { count: 1 } },
    ]);
  });

  it('reports a missing query field with input null, like FastAPI', () => {
    expect(details({}, 'query')).toEqual([
      { type: 'missing', loc: ['query', 'name'], msg: 'Field required', input: null },
    ]);
  });

  it('tells integer fields from float fields by the schema', () => {
    expect(details({ name: 'a', count: 'x', ratio: 'y' }, 'body')).toEqual([
      {
        type: 'int_parsing',
        loc: ['body', 'count'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'x',
      },
      {
        type: 'float_parsing',
        loc: ['body', 'ratio'],
        msg: 'Input should be a valid number, unable to parse string as a number',
        input: 'y',
      },
    ]);
  });
});
