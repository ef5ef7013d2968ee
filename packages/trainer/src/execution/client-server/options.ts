/**
 * Options of the client-server strategy and their resolution against the
 * environment: explicit option > env var > default.
 *
 * @module
 */
import { InvalidArgumentError, optionWithAlias } from '@agl/store-core';
import type { EntryCommand } from '../child-process';
import { childRole } from '../child-runtime';
import {
  ENV_CURRENT_ROLE,
  ENV_MANAGED_STORE,
  ENV_SERVER_HOST,
  ENV_SERVER_PORT,
  type Env,
  envBool,
  envInt,
  envString,
  resolveSetting,
} from '../env';

/** The role of this process. */
export type ExecutionRole = 'algorithm' | 'runner' | 'both';

/** Options of `ClientServerExecutionStrategy`. */
export interface ClientServerOptions {
  /** `algorithm`, `runner` or `both` (env `AGL_CURRENT_ROLE`, default `both`). */
  role?: ExecutionRole | null;
  /** Store server host (env `AGL_SERVER_HOST`, default `localhost`). */
  serverHost?: string | null;
  /** Store server port (env `AGL_SERVER_PORT`, default 4747; 0 = any free port). */
  serverPort?: number | null;
  /** Runner workers (default 1). */
  nRunners?: number;
  /** Seconds children get after the stop message (default 10). */
  gracefulTimeoutSeconds?: number;
  /** @deprecated Use `gracefulTimeoutSeconds`; kept for one release (and for the spec key `graceful_timeout`); both with different values throw. */
  gracefulTimeout?: number;
  /** Seconds children get after each signal (default 10). */
  terminateTimeoutSeconds?: number;
  /** @deprecated Use `terminateTimeoutSeconds`; kept for one release (and for the spec key `terminate_timeout`); both with different values throw. */
  terminateTimeout?: number;
  /** The bundle this process runs with role `both`: `algorithm` (default) or `runner` (then `nRunners` must be 1). */
  mainProcess?: 'algorithm' | 'runner';
  /** Serve the store over HTTP and give runners a client (env `AGL_MANAGED_STORE`, default true). */
  managedStore?: boolean | null;
  /** Exit codes of children that count as success (default `[0, -15]`; a signal is its negated number). */
  allowedExitCodes?: readonly number[];
  /** Run runners as async tasks of this process that still talk HTTP to the server (tests; default false). */
  inProcessRunners?: boolean;
  /** How children re-execute the entry script (default: this process's exec path, exec args, script and args). */
  entry?: Partial<EntryCommand>;
  /** Extra environment for children. */
  childEnv?: Readonly<Record<string, string>>;
  /** Called with each spawned child's label and pid. */
  onSpawn?: (name: string, pid: number | undefined) => void;
  /** Options for the store client runners create (managed store). */
  clientOptions?: Record<string, unknown>;
  /** Extra options for the store server (managed store). */
  serverOptions?: Record<string, unknown>;
  /** Handle Ctrl+C as a cooperative stop while executing (default true). */
  handleSignals?: boolean;
  /** The environment to read (default `process.env`). */
  env?: Env;
}

/** The resolved settings. */
export interface ResolvedClientServerOptions {
  /** See options. */
  role: ExecutionRole;
  /** See options. */
  serverHost: string;
  /** See options. */
  serverPort: number;
  /** See options. */
  nRunners: number;
  /** See options. */
  gracefulTimeout: number;
  /** See options. */
  terminateTimeout: number;
  /** See options. */
  mainProcess: 'algorithm' | 'runner';
  /** See options. */
  managedStore: boolean;
  /** See options. */
  allowedExitCodes: readonly number[];
}

const ROLES: readonly string[] = ['algorithm', 'runner', 'both'];

/**
 * Resolves and validates the options.
 *
 * @param options - the caller's options
 * @throws InvalidArgumentError for an invalid role, port, runner count or main process, or a
 *   timeout given under both its name and its deprecated alias with different values
 */
export function resolveClientServerOptions(
  options: ClientServerOptions,
): ResolvedClientServerOptions {
  const env = options.env ?? process.env;
  const role = resolveSetting<string>(options.role, () => envString(ENV_CURRENT_ROLE, env), 'both');
  if (!ROLES.includes(role)) {
    throw new InvalidArgumentError(
      `role must be one of 'algorithm', 'runner' or 'both' (got '${role}'; see ${ENV_CURRENT_ROLE}).`,
    );
  }
  const serverPort = resolveSetting(options.serverPort, () => envInt(ENV_SERVER_PORT, env), 4747);
  if (!Number.isInteger(serverPort) || serverPort < 0 || serverPort > 65535) {
    throw new InvalidArgumentError(
      `server_port must be an integer between 0 and 65535 (got ${serverPort}).`,
    );
  }
  const nRunners = options.nRunners ?? 1;
  if (!Number.isInteger(nRunners) || nRunners < 1)
    throw new InvalidArgumentError('n_runners must be a positive integer.');
  const mainProcess = options.mainProcess ?? 'algorithm';
  if (mainProcess !== 'algorithm' && mainProcess !== 'runner') {
    throw new InvalidArgumentError("main_process must be 'algorithm' or 'runner'.");
  }
  // A spawned role process re-runs the user's options with its own role: do not reject them there.
  if (mainProcess === 'runner' && childRole(env) === null && (role !== 'both' || nRunners !== 1)) {
    throw new InvalidArgumentError(
      "main_process='runner' is only supported with role='both' and n_runners=1.",
    );
  }
  return {
    role: role as ExecutionRole,
    serverHost: resolveSetting(
      options.serverHost,
      () => envString(ENV_SERVER_HOST, env),
      'localhost',
    ),
    serverPort,
    nRunners,
    gracefulTimeout:
      optionWithAlias(options.gracefulTimeoutSeconds, options.gracefulTimeout, {
        name: 'gracefulTimeoutSeconds',
        aliasName: 'gracefulTimeout',
      }) ?? 10,
    terminateTimeout:
      optionWithAlias(options.terminateTimeoutSeconds, options.terminateTimeout, {
        name: 'terminateTimeoutSeconds',
        aliasName: 'terminateTimeout',
      }) ?? 10,
    mainProcess,
    managedStore: resolveSetting(options.managedStore, () => envBool(ENV_MANAGED_STORE, env), true),
    allowedExitCodes: options.allowedExitCodes ?? [0, -15],
  };
}
