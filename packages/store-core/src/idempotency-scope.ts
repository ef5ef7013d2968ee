import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The idempotency key of the request being served, carried implicitly from
 * the HTTP layer to the store operation it calls. A store that can remember
 * keys durably (in the same transaction as the write) reads it; stores that
 * cannot ignore it, and the server's in-process memory answers for them.
 */
export interface IdempotencyScope {
  /** The key, already scoped to the request's method and path. */
  readonly key: string;
  /** How long the key is remembered, in seconds. */
  readonly ttlSeconds: number;
  /** Set by the first write that recorded (or replayed) the key; later writes run unkeyed. */
  used: boolean;
  /**
   * Set by a store that answered with the result recorded under the key
   * instead of doing the write again, so that counters do not count it twice.
   */
  replayed?: boolean;
}

const scopes = new AsyncLocalStorage<IdempotencyScope>();

/**
 * Runs `fn` with an idempotency key in scope: the first keyed write of a
 * store that supports durable keys, inside `fn`, records its result under
 * the key, or returns the result recorded by an earlier run with that key.
 *
 * @param key - the scoped key
 * @param ttlSeconds - how long the key is remembered, in seconds
 * @param fn - the work (usually one HTTP handler call)
 */
export function runWithIdempotencyKey<T>(key: string, ttlSeconds: number, fn: () => T): T {
  return scopes.run({ key, ttlSeconds, used: false }, fn);
}

/**
 * Takes the idempotency key in scope for one keyed write: returns it and
 * marks it used, or `undefined` when there is none or it was already taken.
 */
export function takeIdempotencyScope(): IdempotencyScope | undefined {
  const scope = scopes.getStore();
  if (scope === undefined || scope.used) return undefined;
  scope.used = true;
  return scope;
}

/**
 * Whether the request being served was answered from a recorded idempotency
 * key (the store replayed the first answer instead of writing again).
 */
export function isIdempotentReplay(): boolean {
  return scopes.getStore()?.replayed === true;
}
