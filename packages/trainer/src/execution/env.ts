/**
 * Environment variables of the execution strategies, with
 * the reference's parsing rules: explicit argument, then environment, then fallback.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';

/** Whether the store is managed (served/wrapped) by the strategy. */
export const ENV_MANAGED_STORE = 'AGL_MANAGED_STORE';
/** The role of this process: `algorithm`, `runner` or `both`. */
export const ENV_CURRENT_ROLE = 'AGL_CURRENT_ROLE';
/** Host of the store server. */
export const ENV_SERVER_HOST = 'AGL_SERVER_HOST';
/** Port of the store server. */
export const ENV_SERVER_PORT = 'AGL_SERVER_PORT';
/** Worker id of a runner child process (set by the client-server strategy). */
export const ENV_RUNNER_WORKER_ID = 'AGL_RUNNER_WORKER_ID';

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

/** The environment to read; defaults to `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses a boolean variable: `1/true/yes/on` or `0/false/no/off` (trimmed, any case).
 *
 * @param name - the variable
 * @param env - the environment
 * @returns the value, or `undefined` when unset or empty
 * @throws InvalidArgumentError for any other text
 */
export function envBool(name: string, env: Env = process.env): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new InvalidArgumentError(
    `${name} must be one of ${[...TRUE, ...FALSE].join(', ')} (got '${raw}')`,
  );
}

/**
 * Parses an integer variable.
 *
 * @param name - the variable
 * @param env - the environment
 * @returns the value, or `undefined` when unset or empty
 * @throws InvalidArgumentError when it is not an integer
 */
export function envInt(name: string, env: Env = process.env): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(raw))
    throw new InvalidArgumentError(`${name} must be an integer (got '${raw}')`);
  return Number.parseInt(raw, 10);
}

/**
 * Reads a string variable.
 *
 * @param name - the variable
 * @param env - the environment
 * @returns the value, or `undefined` when unset or empty
 */
export function envString(name: string, env: Env = process.env): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

/**
 * Resolves a setting: explicit value, then the environment, then the fallback.
 *
 * @param explicit - the caller's value (`undefined`/`null` = not given)
 * @param fromEnv - reads the environment
 * @param fallback - the default
 */
export function resolveSetting<T>(
  explicit: T | null | undefined,
  fromEnv: () => T | undefined,
  fallback: T,
): T {
  if (explicit !== undefined && explicit !== null) return explicit;
  return fromEnv() ?? fallback;
}
