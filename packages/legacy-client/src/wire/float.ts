import * as v from 'valibot';

/** A decimal number written as a string, as pydantic's lax float parsing accepts it. */
const NUMERIC_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function coerceFloat(input: unknown): unknown {
  if (typeof input === 'boolean') return input ? 1 : 0;
  if (typeof input === 'string' && NUMERIC_STRING.test(input)) return Number(input);
  return input;
}

/**
 * Schema of a legacy float field (rewards and timestamps). Like the
 * reference's lax validation it accepts numbers, booleans (`true` → 1) and
 * numeric strings (`"1.5"` → 1.5); anything else fails with a number issue.
 * Its static type is `number` so that callers are guided to send numbers.
 */
export const LaxFloatSchema = v.pipe(
  v.unknown(),
  v.transform(coerceFloat),
  v.number(),
) as unknown as v.GenericSchema<number, number>;

/** Schema of an optional legacy float that defaults to `null`. */
export const OptionalFloatSchema = v.optional(v.nullable(LaxFloatSchema), null);
