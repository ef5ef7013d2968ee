/**
 * The one way a renamed option and its deprecated old name are read together
 * while the old name is kept for a release.
 *
 * @module
 */
import { InvalidArgumentError } from './errors';

/** How {@link optionWithAlias} names, converts and reports an option and its alias. */
export interface OptionAliasSpec<T, A = T> {
  /** The option's current name, for the error message. */
  readonly name: string;
  /** The deprecated name, for the error message. */
  readonly aliasName: string;
  /** Converts an alias value to the current option's unit (e.g. milliseconds to seconds); default: as is. */
  readonly fromAlias?: (value: A) => T;
  /** Called when only the alias is given (e.g. to log a deprecation warning). */
  readonly onAlias?: () => void;
}

/**
 * Reads an option that also has a deprecated alias. `undefined` counts as not
 * given. The alias alone is used (converted to the current unit); both with
 * the same value (after conversion; lists compared item by item) are fine;
 * both with different values are refused; neither gives `undefined`.
 *
 * @param current - the value under the current name
 * @param alias - the value under the deprecated name
 * @param spec - both names, the unit conversion and an optional callback
 * @returns the value in the current option's unit, or `undefined`
 * @throws InvalidArgumentError when both are given with different values
 */
export function optionWithAlias<T, A = T>(
  current: T | undefined,
  alias: A | undefined,
  spec: OptionAliasSpec<T, A>,
): T | undefined {
  if (alias === undefined) return current;
  const converted = spec.fromAlias ? spec.fromAlias(alias) : (alias as unknown as T);
  if (current === undefined) {
    spec.onAlias?.();
    return converted;
  }
  if (!sameValue(current, converted)) {
    throw new InvalidArgumentError(
      `${spec.name} (${shown(current)}) and its deprecated alias ${spec.aliasName} (${shown(alias)}) disagree; give only ${spec.name}`,
    );
  }
  return current;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => Object.is(item, b[i]));
  return Object.is(a, b);
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(shown).join(', ')}]`;
  return typeof value === 'object' && value !== null ? 'an object' : String(value);
}

/**
 * A deprecated millisecond alias in seconds, the unit of the option it stands
 * for: numbers and the numbers of a list are divided by 1000; anything else is
 * left as it is for the option's own validation to name. For `fromAlias`.
 *
 * @param value - the alias value as given
 */
export function millisecondsToSeconds<T>(value: T): T {
  const scale = (n: unknown) => (typeof n === 'number' ? n / 1000 : n);
  return (Array.isArray(value) ? value.map(scale) : scale(value)) as T;
}
