import { toValidationDetails } from '@agl/types';
import * as v from 'valibot';
import { LegacyValidationError } from '../errors';

/**
 * Validates a value against a wire schema and returns the normalised output
 * (defaults filled, unknown keys dropped).
 *
 * @param schema - the schema
 * @param value - the value to check
 * @param what - the model's name for the error message, e.g. `TaskIfAny`
 * @throws LegacyValidationError listing every problem
 */
export function parseWire<TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
  what: string,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, value);
  if (!result.success)
    throw new LegacyValidationError(
      what,
      toValidationDetails(result.issues, { schema, input: value }),
    );
  return result.output;
}
