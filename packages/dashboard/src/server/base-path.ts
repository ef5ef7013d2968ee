/**
 * Base-path rules: where the dashboard may be mounted on a store server.
 *
 * @module
 */

/**
 * A base path that cannot be used (it would hide API routes or is malformed). It has the store
 * error family's shape (`code` `INVALID_ARGUMENT`, HTTP `status` 400) without its class: the
 * package has no runtime dependencies, and a bundled copy of `@agl/store-core` would not pass
 * the caller's `instanceof` checks anyway.
 */
export class InvalidBasePathError extends Error {
  /** The store error family's code for a bad argument. */
  readonly code = 'INVALID_ARGUMENT' as const;
  /** The HTTP status the family gives a bad argument. */
  readonly status = 400;

  /** @param basePath - the rejected path @param reason - why */
  constructor(basePath: string, reason: string) {
    super(`Invalid dashboard base path ${JSON.stringify(basePath)}: ${reason}`);
    this.name = new.target.name;
  }
}

/**
 * Checks a base path and returns it with exactly one trailing `/`.
 *
 * @param basePath - e.g. `/`, `/ui`, `/ui/`
 * @throws InvalidBasePathError when it does not start with `/`, or is or lies under `/v1`, or is `/openapi.json`
 */
export function normaliseBasePath(basePath = '/'): string {
  if (!basePath.startsWith('/')) throw new InvalidBasePathError(basePath, 'it must start with /');
  if (/[?#\\]|\/\.\.?(\/|$)/.test(basePath))
    throw new InvalidBasePathError(basePath, 'it must be a plain path');
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed === '/v1' || trimmed.startsWith('/v1/'))
    throw new InvalidBasePathError(basePath, '/v1 is reserved for the store API');
  if (trimmed === '/openapi.json')
    throw new InvalidBasePathError(basePath, '/openapi.json is the API document');
  return `${trimmed}/`;
}
