import { InvalidArgumentError, optionWithAlias } from '@agl/store-core';
import { millisecondsToSeconds } from '@agl/store-core/backend';

/**
 * A duration option given under its name in seconds, under its deprecated
 * millisecond alias, or not at all (both at once only when they agree, see
 * `optionWithAlias`). Returns the name that was used and the value as given
 * (for messages), and the value in milliseconds.
 */
export function durationOption<T extends number | readonly number[]>(
  names: readonly [seconds: string, ms: string],
  inSeconds: T | undefined,
  inMs: T | undefined,
): Picked<T> {
  // Called for its check only: when both are given they agree, so `inSeconds` is the value.
  optionWithAlias(inSeconds, inMs, {
    name: names[0],
    aliasName: names[1],
    fromAlias: millisecondsToSeconds,
  });
  // The alias alone keeps its exact milliseconds, which a round trip through seconds may not.
  if (inSeconds === undefined) return { name: names[1], given: inMs, ms: inMs };
  const scale = (n: unknown) => (typeof n === 'number' ? n * 1000 : n);
  const ms = Array.isArray(inSeconds) ? inSeconds.map(scale) : scale(inSeconds);
  return { name: names[0], given: inSeconds, ms: ms as T };
}

/** A duration option after `durationOption`. */
interface Picked<T> {
  name: string;
  given: T | undefined;
  ms: T | undefined;
}

/** A list of pauses in milliseconds, validated, or the default. */
export function delays(
  { name, given, ms }: Picked<readonly number[]>,
  fallbackSeconds: readonly number[],
) {
  const list = ms ?? fallbackSeconds.map((seconds) => seconds * 1000);
  if (
    !Array.isArray(list) ||
    list.some((d) => typeof d !== 'number' || !(d >= 0) || d === Infinity)
  ) {
    throw new InvalidArgumentError(
      `${name} must be a list of finite numbers >= 0, got ${JSON.stringify(given)}`,
    );
  }
  return Object.freeze([...list]);
}

/** A timeout in milliseconds, validated, or the default. */
export function timeout(
  { name, given, ms: value }: Picked<number>,
  fallbackSeconds: number,
): number {
  const ms = value ?? fallbackSeconds * 1000;
  if (typeof ms !== 'number' || !(ms > 0) || ms === Infinity) {
    throw new InvalidArgumentError(`${name} must be a finite number > 0, got ${String(given)}`);
  }
  return ms;
}
