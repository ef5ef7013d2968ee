import type { Logger } from '@agl/store-core';
import * as v from 'valibot';

/**
 * Wraps a getter's answer schema so that `null` and `{}` both read as `null`
 * (the reference client treats an empty object as "not found").
 *
 * @param schema - the schema of a found item
 */
export function emptyAsNull<S extends v.GenericSchema>(schema: S) {
  return v.pipe(
    v.unknown(),
    v.transform((value) =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length === 0
        ? null
        : value,
    ),
    v.nullable(schema),
  );
}

/**
 * Runs a "not found" getter the reference way: any failure,
 * after the retry schedule, reads as `null` — logged as a warning so a
 * broken server does not go unnoticed.
 *
 * @param what - the call, for the log
 * @param logger - receives the warning
 * @param get - the request
 */
export async function nullOnFailure<T>(
  what: string,
  logger: Logger,
  get: () => Promise<T | null>,
): Promise<T | null> {
  try {
    return await get();
  } catch (error) {
    logger.warn(`${what} failed; returning null as "not found"`, error);
    return null;
  }
}
