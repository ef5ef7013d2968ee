import { InvalidArgumentError } from '@agl/store-core';

/**
 * Encodes a JSON value for a `text` column: `null` (or `undefined`) becomes
 * SQL `NULL`, anything else its JSON text. Text columns keep the JSON
 * verbatim (key order, extra keys, `\u0000` escapes), unlike `jsonb`.
 *
 * @param value - the value
 * @param what - what it is, for the error message
 * @throws InvalidArgumentError when the value cannot be serialised (cycles, BigInt)
 */
export function encodeJson(value: unknown, what: string): string | null {
  if (value === null || value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError(`${what} cannot be serialised to JSON`, { cause: error });
  }
  if (text === undefined) throw new InvalidArgumentError(`${what} is not a JSON value`);
  return text;
}

/**
 * Decodes a `text` column written by `encodeJson` (`NULL` becomes `null`).
 *
 * @param text - the column value
 */
export function decodeJson<T = unknown>(text: unknown): T {
  return (typeof text === 'string' ? JSON.parse(text) : null) as T;
}
