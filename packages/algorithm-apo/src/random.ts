/**
 * The two random picks APO makes, written so that a scripted source gives
 * predictable results: with a source that always returns 0, `choice` takes
 * the first element and `sample` the first `k` in order.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';

/** A source of floats in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/**
 * One element drawn with a single random number.
 *
 * @param items - a non-empty list
 * @param random - the source
 * @throws InvalidArgumentError for an empty list
 */
export function choice<T>(items: readonly T[], random: RandomSource): T {
  if (items.length === 0) throw new InvalidArgumentError('choice() needs a non-empty list');
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * `k` distinct elements in random order (a partial Fisher–Yates shuffle from
 * the front of a copy; `k` draws).
 *
 * @param items - the population
 * @param k - how many to take (at most `items.length`)
 * @param random - the source
 * @throws InvalidArgumentError when `k` exceeds the population
 */
export function sample<T>(items: readonly T[], k: number, random: RandomSource): T[] {
  if (k > items.length) {
    throw new InvalidArgumentError(`sample() of ${k} from a population of ${items.length}`);
  }
  const copy = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, k);
}

/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence.
 *
 * @param seed - any 32-bit integer
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
