import { InvalidArgumentError } from '@agl/store-core';

/**
 * Checks a duration option and returns it.
 *
 * @param name - the option's name, for the error message
 * @param value - the value given
 * @param allowZero - whether 0 is acceptable
 * @throws InvalidArgumentError when the value is not a finite number in range
 */
export function checkSeconds(name: string, value: number, allowZero = true): number {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) {
    const range = allowZero ? 'zero or more' : 'greater than zero';
    throw new InvalidArgumentError(
      `${name} must be a number of seconds ${range}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Checks a count option (an integer no smaller than `min`) and returns it.
 *
 * @param name - the option's name, for the error message
 * @param value - the value given
 * @param min - the smallest value allowed
 * @throws InvalidArgumentError when the value is not such an integer
 */
export function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Checks a TCP port option (0 = any free port) and returns it.
 *
 * @param value - the value given
 * @throws InvalidArgumentError when it is not an integer from 0 to 65535
 */
export function checkPort(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new InvalidArgumentError(`port must be an integer from 0 to 65535, got ${String(value)}`);
  }
  return value;
}

/**
 * Whether a JSON value counts as "present" the way Python's truthiness does:
 * `null`, `false`, `0`, `""`, `[]` and `{}` do not.
 *
 * @param value - a parsed JSON value
 */
export function isTruthyJson(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** The names of the `timeoutSeconds` option and its deprecated alias `timeout`, for `optionWithAlias`. */
export const TIMEOUT_ALIAS = { name: 'timeoutSeconds', aliasName: 'timeout' } as const;
