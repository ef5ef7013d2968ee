/**
 * The client-server strategy `cs` (the default): the
 * algorithm side serves the store over HTTP; runners are separate Node
 * processes that re-execute the entry script with `AGL_CURRENT_ROLE=runner`
 * and talk to the server through a `LightningStoreClient`.
 *
 * @module
 */
import { LightningStoreClient } from '@agl/store-client';
import { InvalidStateError, type LightningStore, maskCredentials } from '@agl/store-core';
import { getLogger } from '../../logging';
import { type ChildHandle, shutdownChildren } from '../child-process';
import { childRole, ENV_CHILD_SERVER_ADDRESS } from '../child-runtime';
import { ENV_RUNNER_WORKER_ID, envInt } from '../env';
import { ExecutionEvent } from '../event';
import { installInterruptHandler } from '../interrupt';
import { serveStore, withStoreClient } from '../managed-store';
import type { AlgorithmBundle, ExecutionStrategy, RunnerBundle } from '../types';
import { runAlgorithmSide } from './algorithm';
import { runAlgorithmChild, runRunnerChild } from './child';
import {
  type ClientServerOptions,
  type ExecutionRole,
  resolveClientServerOptions,
} from './options';
import {
  runInProcessRunners,
  type SpawnSettings,
  spawnAlgorithmProcess,
  spawnRunnerProcesses,
} from './spawn';

/** The exit code of a child killed by SIGINT (negative signal numbers, as the reference reports them). */
const SIGINT_EXIT = -2;

const log = getLogger('agl.execution.cs');
const never = () => new Promise<string>(() => {});

/** Runs the algorithm and the runners in separate processes connected over HTTP. */
export class ClientServerExecutionStrategy implements ExecutionStrategy {
  /** Option keys accepted by component specs. */
  static readonly optionKeys: readonly string[] = [
    'role',
    'serverHost',
    'serverPort',
    'nRunners',
    'gracefulTimeoutSeconds',
    'gracefulTimeout',
    'terminateTimeoutSeconds',
    'terminateTimeout',
    'mainProcess',
    'managedStore',
    'allowedExitCodes',
    'inProcessRunners',
    'entry',
    'childEnv',
    'onSpawn',
    'clientOptions',
    'serverOptions',
    'handleSignals',
    'env',
  ];
  /** This process's role. */
  readonly role: ExecutionRole;
  /** Store server host. */
  serverHost: string;
  /** Store server port (the trainer's `port` option overrides it). */
  serverPort: number;
  /** Runner workers. */
  readonly nRunners: number;
  /** Seconds children get after the stop message. */
  readonly gracefulTimeoutSeconds: number;
  /** Seconds children get after each signal. */
  readonly terminateTimeoutSeconds: number;
  /** The bundle this process runs with role `both`. */
  readonly mainProcess: 'algorithm' | 'runner';
  /** Whether the store is served over HTTP with clients for the runners. */
  readonly managedStore: boolean;
  /** Child exit codes that count as success. */
  readonly allowedExitCodes: readonly number[];
  readonly #options: ClientServerOptions;
  #abandon: Promise<string> = never();
  /** Whether this run serves its store: managed, and the store is not already a remote one. */
  #serves = true;

  /** @param options - role, server address, runners, timeouts; env vars fill what is not given */
  constructor(options: ClientServerOptions = {}) {
    const resolved = resolveClientServerOptions(options);
    this.#options = options;
    this.role = resolved.role;
    this.serverHost = resolved.serverHost;
    this.serverPort = resolved.serverPort;
    this.nRunners = resolved.nRunners;
    this.gracefulTimeoutSeconds = resolved.gracefulTimeout;
    this.terminateTimeoutSeconds = resolved.terminateTimeout;
    this.mainProcess = resolved.mainProcess;
    this.managedStore = resolved.managedStore;
    this.allowedExitCodes = resolved.allowedExitCodes;
  }

  /** @deprecated Use `gracefulTimeoutSeconds`; kept for one release. */
  get gracefulTimeout(): number {
    return this.gracefulTimeoutSeconds;
  }

  /** @deprecated Use `terminateTimeoutSeconds`; kept for one release. */
  get terminateTimeout(): number {
    return this.terminateTimeoutSeconds;
  }

  /** Places the bundles by role, then shuts children down and checks their exit codes. */
  async execute(
    algorithm: AlgorithmBundle,
    runner: RunnerBundle,
    store: LightningStore,
  ): Promise<void> {
    const env = this.#options.env ?? process.env;
    const spawnedAs = childRole(env);
    // A client of a running store (e.g. 'agl store') is what every process should use as it is:
    // serving it again would only collide with that store's port.
    this.#serves = this.managedStore && !(store instanceof LightningStoreClient);
    if (store instanceof LightningStoreClient && this.managedStore && spawnedAs === null)
      log.info(
        `The store is a client of ${maskCredentials(store.config.serverAddress)}: every process uses it directly; nothing is served here.`,
      );
    if (spawnedAs === 'runner') {
      const address = env[ENV_CHILD_SERVER_ADDRESS] ?? this.#address();
      const id = envInt(ENV_RUNNER_WORKER_ID, env) ?? 0;
      return runRunnerChild((s, e) => this.#runnerSide(runner, s, id, e, address), store);
    }
    if (spawnedAs === 'algorithm') {
      return runAlgorithmChild((e, ready) => {
        this.#abandon = e.wait().then(() => 'Stopped by the parent process');
        return this.#algorithmSide(algorithm, store, e, ready);
      });
    }
    const event = new ExecutionEvent();
    const guard = this.#options.handleSignals === false ? null : installInterruptHandler(event);
    this.#abandon = guard ? guard.whenInterrupted.then(() => 'Interrupted') : never();
    const children: ChildHandle[] = [];
    let failure: { error: unknown } | null = null;
    try {
      await this.#place(algorithm, runner, store, event, children);
    } catch (error) {
      failure = { error };
      event.set();
    } finally {
      await this.#shutdown(children);
      guard?.dispose();
    }
    // Ctrl+C reaches the whole process group: a child still starting (no handler yet) dies of
    // that SIGINT, which is the stop the user asked for, not a failure of the child.
    const expected = guard?.interrupted
      ? [...this.allowedExitCodes, SIGINT_EXIT]
      : this.allowedExitCodes;
    const bad = children.filter((c) => c.exitCode !== null && !expected.includes(c.exitCode));
    if (bad.length > 0) {
      const codes = bad.map((c) => `${c.name}=${c.exitCode}`).join(', ');
      const message = `Subprocesses failed with unexpected exit codes: ${codes}`;
      if (failure || guard?.interrupted) log.warn(message);
      else throw new InvalidStateError(message);
    }
    if (failure) throw failure.error;
  }

  #address(): string {
    return `http://${this.serverHost}:${this.serverPort}`;
  }

  #spawnSettings(event: ExecutionEvent): SpawnSettings {
    const { entry, childEnv, onSpawn } = this.#options;
    return { entry, childEnv, onSpawn, event };
  }

  #shutdown(children: readonly ChildHandle[]): Promise<void> {
    return shutdownChildren(children, {
      gracefulTimeout: this.gracefulTimeoutSeconds,
      terminateTimeout: this.terminateTimeoutSeconds,
    });
  }

  async #place(
    algorithm: AlgorithmBundle,
    runner: RunnerBundle,
    store: LightningStore,
    event: ExecutionEvent,
    children: ChildHandle[],
  ): Promise<void> {
    if (this.role === 'algorithm')
      return this.#algorithmSide(algorithm, store, event, async () => {});
    if (this.role === 'runner') {
      if (this.nRunners === 1) {
        const id = envInt(ENV_RUNNER_WORKER_ID, this.#options.env) ?? 0;
        return this.#runnerSide(runner, store, id, event, this.#address());
      }
      return this.#startRunners(runner, store, event, children, this.#address());
    }
    if (this.mainProcess === 'runner') {
      const spawned = spawnAlgorithmProcess(this.#spawnSettings(event), this.#address());
      children.push(spawned.child);
      await this.#runnerSide(runner, store, 0, event, await spawned.ready);
      await spawned.child.exited;
      return;
    }
    let runners: Promise<void> = Promise.resolve();
    const start = async (address: string) => {
      runners = this.#startRunners(runner, store, event, children, address);
      if (!this.#options.inProcessRunners) await runners;
    };
    const stop = async () => {
      await runners;
      await this.#shutdown(children);
    };
    await this.#algorithmSide(algorithm, store, event, start, stop);
  }

  #algorithmSide(
    algorithm: AlgorithmBundle,
    store: LightningStore,
    event: ExecutionEvent,
    beforeRun: (address: string) => Promise<void>,
    afterRun: () => Promise<void> = async () => {},
  ): Promise<void> {
    const serve = this.#serves
      ? () => serveStore(store, this.serverHost, this.serverPort, this.#options.serverOptions)
      : null;
    return runAlgorithmSide({
      algorithm,
      store,
      event,
      serve,
      fallbackAddress: this.#address(),
      abandon: () => this.#abandon,
      beforeRun,
      afterRun,
    });
  }

  /** Starts runner tasks in this process (settles when they stopped) or runner processes (settles once spawned; for role `runner`, once they exited). */
  async #startRunners(
    runner: RunnerBundle,
    store: LightningStore,
    event: ExecutionEvent,
    children: ChildHandle[],
    address: string,
  ): Promise<void> {
    if (this.#options.inProcessRunners) {
      const start = (i: number) => this.#runnerSide(runner, store, i, event, address);
      return runInProcessRunners(this.nRunners, start, event, this.gracefulTimeoutSeconds);
    }
    const spawned = spawnRunnerProcesses(
      this.nRunners,
      address,
      this.#spawnSettings(event),
      this.allowedExitCodes,
    );
    children.push(...spawned);
    if (this.role === 'runner') {
      await Promise.all(spawned.map((c) => c.exited));
      return;
    }
    const allFailed = Promise.all(spawned.map((c) => c.exited)).then((codes) =>
      codes.every((code) => !this.allowedExitCodes.includes(code)) && !event.isSet()
        ? 'Every runner process exited with an error'
        : new Promise<string>(() => {}),
    );
    this.#abandon = Promise.race([this.#abandon, allFailed]);
  }

  /** Runs one runner bundle, against an HTTP client of the server when the store is managed. */
  #runnerSide(
    runner: RunnerBundle,
    store: LightningStore,
    workerId: number,
    event: ExecutionEvent,
    address: string,
  ): Promise<void> {
    if (!this.#serves) return runner(store, workerId, event);
    return withStoreClient(address, this.#options.clientOptions ?? {}, (client) =>
      runner(client, workerId, event),
    );
  }
}
