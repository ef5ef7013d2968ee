import * as v from 'valibot';

/** Any JSON value. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON object with arbitrary keys. */
export type JsonObject = { [key: string]: unknown };

/**
 * Builds the schema of a JSON object whose values all match `value`. Unlike a
 * bare `v.record`, arrays are rejected: a JSON array is not a mapping.
 *
 * @param value - schema of each value
 * @returns the schema of `{[key: string]: value}`
 */
export function jsonRecord<TValue extends v.GenericSchema>(value: TValue) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
      (issue) =>
        `Invalid type: Expected Object but received ${Array.isArray(issue.input) ? 'Array' : issue.received}`,
    ),
    v.record(v.string(), value),
  );
}

/** Schema of a JSON object with arbitrary keys (Python's `Dict[str, Any]`). */
export const JsonObjectSchema = jsonRecord(v.unknown());

/** Schema of an optional metadata object: an object or `null`. */
export const MetadataSchema = v.nullable(JsonObjectSchema);

/** Schema of a wire integer (a JSON number without a fractional part). */
export const IntegerSchema = v.pipe(v.number(), v.integer());

/** Schema of a wire timestamp: float seconds since the Unix epoch. */
export const TimestampSchema = v.number();

/** Schema of an optional wire timestamp, `null` when not set. */
export const NullableTimestampSchema = v.nullable(TimestampSchema);
