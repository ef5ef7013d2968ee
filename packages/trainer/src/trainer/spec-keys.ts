/**
 * Refuses unknown keys of a `{type, ...}` spec at run time (JavaScript
 * callers and specs read from files skip the type checker), suggesting the
 * closest known key.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';

/** A spec key the component does not accept. */
export class UnknownSpecKeyError extends InvalidArgumentError {}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(
        above + 1,
        (row[j - 1] as number) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Throws for the first key of `given` that is not in `known`.
 *
 * @param component - the class name, for the message
 * @param given - the spec's keys as written (`snake_case` or `camelCase`) with their camelCase form
 * @param known - the accepted camelCase keys
 * @throws UnknownSpecKeyError naming the key and the closest known one
 */
export function checkSpecKeys(
  component: string,
  given: readonly (readonly [written: string, camel: string])[],
  known: readonly string[],
): void {
  for (const [written, camel] of given) {
    if (known.includes(camel)) continue;
    const style = written.includes('_') || !/[A-Z]/.test(written) ? snake : (k: string) => k;
    const closest = [...known].sort((a, b) => distance(camel, a) - distance(camel, b))[0];
    const hint =
      closest !== undefined && distance(camel, closest) <= Math.max(2, camel.length / 3)
        ? ` Did you mean '${style(closest)}'?`
        : '';
    throw new UnknownSpecKeyError(
      `${component} has no option '${written}'.${hint} Known options: ${known.map(style).join(', ')}.`,
    );
  }
}
