/**
 * The generic `Runner` contract.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InvalidStateError } from '@agl/store-core';
import type { NamedResources, Rollout, RolloutMode } from '@agl/types';
import type { LitAgent } from '../agent/lit-agent';
import type { ExecutionEvent } from '../execution/event';
import { getLogger } from '../logging';
import type { ResourceMap } from '../resources/hydrate';
import type { HookCallbacks } from './hook';

const log = getLogger('agl.runner');

/** Options of `Runner.init`. */
export interface RunnerInitOptions {
  /** Hooks called around each rollout (default none). */
  hooks?: readonly HookCallbacks[];
}

/** Options of `Runner.iter`. */
export interface RunnerIterOptions {
  /** Cooperative stop flag. */
  event?: ExecutionEvent | null;
}

/** Options of `Runner.step`. */
export interface RunnerStepOptions {
  /** Resources to publish first (`addResources`); default: the latest snapshot. */
  resources?: NamedResources | ResourceMap | null;
  /** Rollout mode; default `null` (runs the validation method). */
  mode?: RolloutMode | null;
  /** Cooperative stop flag. */
  event?: ExecutionEvent | null;
}

/** Options of `Runner.runContext`. */
export interface RunContextOptions<T> {
  /** The agent to run. */
  agent: LitAgent<T>;
  /** The store to work against. */
  store: LightningStore;
  /** Hooks. */
  hooks?: readonly HookCallbacks[];
  /** The worker id torn down at the end (initWorker always gets 0, as in the reference). */
  workerId?: number;
}

/** A long-lived worker that executes an agent's rollouts. */
export abstract class Runner<T = unknown> {
  /** Prepares the runner for an agent. */
  abstract init(agent: LitAgent<T>, options?: RunnerInitOptions): Promise<void>;
  /** Prepares one worker against a store. */
  abstract initWorker(workerId: number, store: LightningStore): Promise<void>;
  /** The main loop: dequeue and execute rollouts until stopped. */
  abstract iter(options?: RunnerIterOptions): Promise<void>;
  /** Executes one rollout outside the queue and returns it finished. */
  abstract step(input: T, options?: RunnerStepOptions): Promise<Rollout>;
  /** Releases what `initWorker` set up. */
  abstract teardownWorker(workerId: number): Promise<void>;
  /** Releases what `init` set up. */
  abstract teardown(): Promise<void>;

  /** Never used: always throws `InvalidStateError`. */
  run(): never {
    throw new InvalidStateError(
      `${this.constructor.name}.run() is not supported. Use iter() or step() instead.`,
    );
  }

  /**
   * Runs `body` between `init`/`initWorker(0, store)` and the teardowns; each
   * teardown runs only when its setup succeeded; teardown errors are logged.
   *
   * @param options - agent, store, hooks and the worker id to tear down
   * @param body - the code to run with the prepared runner
   */
  async runContext<R>(
    options: RunContextOptions<T>,
    body: (runner: this) => Promise<R> | R,
  ): Promise<R> {
    let initDone = false;
    let workerDone = false;
    try {
      await this.init(options.agent, options.hooks ? { hooks: options.hooks } : {});
      initDone = true;
      await this.initWorker(0, options.store);
      workerDone = true;
      return await body(this);
    } finally {
      if (workerDone) {
        try {
          await this.teardownWorker(options.workerId ?? 0);
        } catch (error) {
          log.error('Error during runner worker teardown', error);
        }
      }
      if (initDone) {
        try {
          await this.teardown();
        } catch (error) {
          log.error('Error during runner teardown', error);
        }
      }
    }
  }
}
