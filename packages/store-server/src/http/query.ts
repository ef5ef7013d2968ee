import { arrayItem, type FieldKind, fieldKind, objectEntries } from '@agl/types';
import type * as v from 'valibot';

const INTEGER = /^\s*[+-]?\d+\s*$/;
const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

/** Converts one query-string value to what a field of this kind expects; unparsable text stays text. */
function coerce(raw: string, kind: FieldKind): unknown {
  if (kind === 'integer' && INTEGER.test(raw)) return Number(raw.trim());
  if (kind === 'number' && NUMBER.test(raw)) return Number(raw.trim());
  if (kind === 'boolean') {
    const lower = raw.trim().toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  }
  return raw;
}

/**
 * Builds the object a query schema validates from a query string, the way
 * FastAPI reads query parameters: list parameters from repeated keys, the
 * last value for a scalar key, integers and numbers parsed from their text
 * (unparsable text is kept, so validation reports it), unknown keys ignored.
 *
 * @param params - the query string
 * @param schema - the route's query schema (an object schema)
 * @param listParams - keys that repeat to form a list
 * @returns the object to validate
 */
export function queryToObject(
  params: URLSearchParams,
  schema: v.GenericSchema,
  listParams: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(objectEntries(schema))) {
    const values = params.getAll(key);
    if (values.length === 0) continue;
    if (listParams.includes(key)) {
      const item = arrayItem(field);
      const kind = item ? fieldKind(item) : 'string';
      out[key] = values.map((value) => coerce(value, kind));
    } else {
      out[key] = coerce(values[values.length - 1] as string, fieldKind(field));
    }
  }
  return out;
}
