/**
 * Identifier generation: `ro-`, `at-` and `rs-` prefixes followed by
 * lowercase hex digits drawn from a cryptographically secure source.
 *
 * @module
 */
import { InvalidArgumentError } from './errors';

const HEX = '0123456789abcdef';
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** Takes `count` random bytes from a pooled buffer (refilled from `crypto.getRandomValues`). */
function takeRandomBytes(count: number): number {
  if (poolOffset + count > POOL_SIZE) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += count;
  return start;
}

/**
 * Returns `length` lowercase hex characters from a cryptographically secure
 * random source.
 *
 * @param length - number of hex digits (a positive integer)
 */
export function randomHex(length: number): string {
  const bytes = Math.ceil(length / 2);
  if (bytes > POOL_SIZE)
    throw new InvalidArgumentError(`randomHex supports at most ${POOL_SIZE * 2} digits`);
  const start = takeRandomBytes(bytes);
  let out = '';
  for (let i = 0; i < bytes; i++) {
    const byte = pool[start + i] as number;
    out += HEX[byte >> 4];
    if (out.length < length) out += HEX[byte & 15];
  }
  return out;
}

/**
 * A new rollout id: `ro-` plus 12 lowercase hex characters.
 *
 * @param digits - the source of the hex digits (default: `randomHex`)
 */
export function generateRolloutId(digits: (length: number) => string = randomHex): string {
  return `ro-${digits(12)}`;
}

/**
 * A new attempt id: `at-` plus 8 lowercase hex characters.
 *
 * @param digits - the source of the hex digits (default: `randomHex`)
 */
export function generateAttemptId(digits: (length: number) => string = randomHex): string {
  return `at-${digits(8)}`;
}

/** A new resources snapshot id: `rs-` plus 12 lowercase hex characters. */
export function generateResourcesId(): string {
  return `rs-${randomHex(12)}`;
}

/**
 * Generates ids until one is not taken. Random 48-bit ids practically never
 * collide, but ids must never be reused, so backends check.
 *
 * @param generate - the id generator
 * @param taken - whether an id is already in use
 */
export function generateUniqueId(generate: () => string, taken: (id: string) => boolean): string {
  for (;;) {
    const id = generate();
    if (!taken(id)) return id;
  }
}
