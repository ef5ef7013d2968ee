/**
 * The shared-memory strategy `shm`: the algorithm and every runner
 * run as concurrent async tasks on this event loop (Node has no threads
 * sharing objects, unlike the reference), sharing one store object. CPU-heavy synchronous agent code blocks
 * every other task; use the client-server strategy for that.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InvalidArgumentError, optionWithAlias } from '@agl/store-core';
import { getLogger } from '../logging';
import { ENV_MANAGED_STORE, envBool, resolveSetting } from './env';
import { ExecutionEvent } from './event';
import { installInterruptHandler } from './interrupt';
import { type BundleOutcome, superviseBundle } from './supervise';
import type { AlgorithmBundle, ExecutionStrategy, RunnerBundle } from './types';

const log = getLogger('agl.execution.shm');

/** Options of `SharedMemoryExecutionStrategy`. */
export interface SharedMemoryOptions {
  /** Runner workers (default 1). */
  nRunners?: number;
  /** Which bundle runs in the foreground: `runner` (default; then `nRunners` must be 1) or `algorithm`. */
  mainThread?: 'runner' | 'algorithm';
  /** Seconds to wait for background bundles after the foreground finished (default 15). */
  joinTimeoutSeconds?: number;
  /** @deprecated Use `joinTimeoutSeconds`; kept for one release (and for the spec key `join_timeout`); both with different values throw. */
  joinTimeout?: number;
  /** Seconds a bundle gets to return after the stop event, and again after cancellation (default 5). */
  gracefulDelaySeconds?: number;
  /** @deprecated Use `gracefulDelaySeconds`; kept for one release (and for the spec key `graceful_delay`); both with different values throw. */
  gracefulDelay?: number;
  /**
   * @deprecated Accepted for parity with the reference and ignored: the
   * bundles share one event loop, so nothing polls. Removed in the next release.
   */
  pollInterval?: number;
  /**
   * @deprecated Accepted for parity and ignored: JavaScript stores need no lock
   * facade (default: env `AGL_MANAGED_STORE`, else true).
   */
  managedStore?: boolean | null;
  /** Handle Ctrl+C as a cooperative stop while executing (default true). */
  handleSignals?: boolean;
}

/** Runs the algorithm and the runners in this process, on one event loop. */
export class SharedMemoryExecutionStrategy implements ExecutionStrategy {
  /** Option keys accepted by component specs. */
  static readonly optionKeys: readonly string[] = [
    'nRunners',
    'mainThread',
    'joinTimeoutSeconds',
    'joinTimeout',
    'gracefulDelaySeconds',
    'gracefulDelay',
    'pollInterval',
    'managedStore',
    'handleSignals',
  ];
  /** Runner workers. */
  readonly nRunners: number;
  /** The foreground bundle. */
  readonly mainThread: 'runner' | 'algorithm';
  /** See options. */
  readonly joinTimeoutSeconds: number;
  /** See options. */
  readonly gracefulDelaySeconds: number;
  /** @deprecated Ignored (see the option); kept for one release. */
  readonly pollInterval: number;
  /** See options. */
  readonly managedStore: boolean;
  /** See options. */
  readonly handleSignals: boolean;

  /** @param options - runners, foreground bundle and timeouts */
  constructor(options: SharedMemoryOptions = {}) {
    this.nRunners = options.nRunners ?? 1;
    this.mainThread = options.mainThread ?? 'runner';
    if (this.mainThread !== 'runner' && this.mainThread !== 'algorithm') {
      throw new InvalidArgumentError("main_thread must be 'algorithm' or 'runner'");
    }
    if (!Number.isInteger(this.nRunners) || this.nRunners < 1)
      throw new InvalidArgumentError('n_runners must be a positive integer.');
    if (this.mainThread === 'runner' && this.nRunners !== 1) {
      throw new InvalidArgumentError(
        "main_thread='runner' requires n_runners to be 1; use main_thread='algorithm' for several runners.",
      );
    }
    this.joinTimeoutSeconds =
      optionWithAlias(options.joinTimeoutSeconds, options.joinTimeout, {
        name: 'joinTimeoutSeconds',
        aliasName: 'joinTimeout',
      }) ?? 15;
    this.gracefulDelaySeconds =
      optionWithAlias(options.gracefulDelaySeconds, options.gracefulDelay, {
        name: 'gracefulDelaySeconds',
        aliasName: 'gracefulDelay',
      }) ?? 5;
    this.pollInterval = options.pollInterval ?? 0.05;
    this.managedStore = resolveSetting(
      options.managedStore,
      () => envBool(ENV_MANAGED_STORE),
      true,
    );
    this.handleSignals = options.handleSignals ?? true;
  }

  /** @deprecated Use `joinTimeoutSeconds`; kept for one release. */
  get joinTimeout(): number {
    return this.joinTimeoutSeconds;
  }

  /** @deprecated Use `gracefulDelaySeconds`; kept for one release. */
  get gracefulDelay(): number {
    return this.gracefulDelaySeconds;
  }

  /** Runs the bundles; re-throws the first bundle error after joining. */
  async execute(
    algorithm: AlgorithmBundle,
    runner: RunnerBundle,
    store: LightningStore,
  ): Promise<void> {
    const event = new ExecutionEvent();
    const guard = this.handleSignals ? installInterruptHandler(event) : null;
    const errors: unknown[] = [];
    const watch = (name: string, start: () => Promise<void>): Promise<BundleOutcome> =>
      superviseBundle(name, start, event, this.gracefulDelaySeconds).then((outcome) => {
        if (outcome.status === 'failed') {
          // The first error reaches the caller of execute(); the stack is at debug level.
          log.error(
            `${name} failed; stopping everything: ${(outcome.error as Error)?.message ?? outcome.error}`,
          );
          log.debug(`Stack of the ${name} error.`, outcome.error);
          errors.push(outcome.error);
          event.set();
        }
        return outcome;
      });
    try {
      if (this.mainThread === 'algorithm') {
        const runners = Array.from({ length: this.nRunners }, (_, i) =>
          watch(`Runner ${i}`, () => runner(store, i, event)),
        );
        await watch('Algorithm', () => algorithm(store, event));
        event.set();
        await this.#join(runners, event);
      } else {
        const background = watch('Algorithm', () => algorithm(store, event));
        await watch('Runner 0', () => runner(store, 0, event));
        await this.#join([background], event);
      }
    } finally {
      guard?.dispose();
    }
    if (errors.length > 0) throw errors[0];
  }

  async #join(tasks: Promise<BundleOutcome>[], event: ExecutionEvent): Promise<void> {
    if (!event.isSet()) {
      await Promise.all(tasks);
      return;
    }
    const done = Promise.all(tasks).then(() => true);
    const timeout = new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(false), this.joinTimeoutSeconds * 1000).unref(),
    );
    if (!(await Promise.race([done, timeout]))) {
      log.warn(
        `Background bundles still running ${this.joinTimeoutSeconds}s after the stop event; abandoning them.`,
      );
    }
  }
}
