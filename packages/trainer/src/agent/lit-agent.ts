/**
 * The `LitAgent` base class.
 *
 * @module
 */

import { InvalidArgumentError, NotImplementedStoreError } from '@agl/store-core';
import { getLogger } from '../logging';
import type { ResourceMap } from '../resources/hydrate';
import type { Tracer } from '../tracer/tracer';
import type { RolloutInfo, RolloutRawResult } from './types';

const log = getLogger('agl.agent');

/** Anything that carries a tracer: a runner or a trainer. */
export interface HasTracer {
  /** The tracer, when the object exposes one. */
  readonly tracer?: Tracer | undefined;
}

/** Constructor options of `LitAgent`. */
export interface LitAgentOptions {
  /** Deprecated: only the legacy runner reads it. */
  trainedAgents?: string | null;
}

/** The result of a rollout method: a value or a promise of one. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Base class of agents. Implement `rollout` (used for training and
 * validation), or `trainingRollout` and `validationRollout` separately. Each
 * may be synchronous or async: the runner always awaits. Only mode `train`
 * selects `trainingRollout`; every other mode (`val`, `test`, none) selects
 * `validationRollout`.
 *
 * @typeParam T - the task type (the rollout's `input`)
 */
export class LitAgent<T = unknown> {
  /** Deprecated: the names of the agents to train (legacy runner only). */
  readonly trainedAgents: string | null;
  #trainer: HasTracer | null = null;
  #runner: HasTracer | null = null;

  /** @param options - deprecated legacy options */
  constructor(options: LitAgentOptions = {}) {
    this.trainedAgents = options.trainedAgents ?? null;
    if (options.trainedAgents !== undefined && options.trainedAgents !== null) {
      log.warn('`trainedAgents` is deprecated and only read by the legacy runner.');
    }
  }

  /**
   * The rollout logic for both modes. Default: delegates to `rolloutAsync`
   * when a subclass overrides it, otherwise throws `NotImplementedStoreError`.
   *
   * @param task - the rollout's input
   * @param resources - the resources of the rollout's snapshot
   * @param rollout - the rollout and its attempt
   */
  rollout(task: T, resources: ResourceMap, rollout: RolloutInfo): MaybePromise<RolloutRawResult> {
    if (this.#overrides('rolloutAsync')) return this.rolloutAsync(task, resources, rollout);
    throw new NotImplementedStoreError('Agents must implement the `rollout` method.');
  }

  /** Alias of `rollout` kept for source compatibility; default throws `NotImplementedStoreError`. */
  rolloutAsync(
    _task: T,
    _resources: ResourceMap,
    _rollout: RolloutInfo,
  ): Promise<RolloutRawResult> {
    throw new NotImplementedStoreError('Agents must implement the `rollout_async` method.');
  }

  /** Rollout for mode `train`. Default: `trainingRolloutAsync` if overridden, else `rollout`. */
  trainingRollout(
    task: T,
    resources: ResourceMap,
    rollout: RolloutInfo,
  ): MaybePromise<RolloutRawResult> {
    if (this.#overrides('trainingRolloutAsync'))
      return this.trainingRolloutAsync(task, resources, rollout);
    return this.rollout(task, resources, rollout);
  }

  /** Rollout for every other mode. Default: `validationRolloutAsync` if overridden, else `rollout` (never `trainingRollout`). */
  validationRollout(
    task: T,
    resources: ResourceMap,
    rollout: RolloutInfo,
  ): MaybePromise<RolloutRawResult> {
    if (this.#overrides('validationRolloutAsync'))
      return this.validationRolloutAsync(task, resources, rollout);
    return this.rollout(task, resources, rollout);
  }

  /** Alias of `trainingRollout`; default delegates to `rolloutAsync`. */
  trainingRolloutAsync(
    task: T,
    resources: ResourceMap,
    rollout: RolloutInfo,
  ): Promise<RolloutRawResult> {
    return this.rolloutAsync(task, resources, rollout);
  }

  /** Alias of `validationRollout`; default delegates to `rolloutAsync`. */
  validationRolloutAsync(
    task: T,
    resources: ResourceMap,
    rollout: RolloutInfo,
  ): Promise<RolloutRawResult> {
    return this.rolloutAsync(task, resources, rollout);
  }

  /** Whether a subclass overrides one of the `*Async` methods (introspection only; the runner always awaits). */
  isAsync(): boolean {
    return ['rolloutAsync', 'trainingRolloutAsync', 'validationRolloutAsync'].some((name) =>
      this.#overrides(name as 'rolloutAsync'),
    );
  }

  /** Remembers the trainer that owns this agent. */
  setTrainer(trainer: HasTracer): void {
    this.#trainer = trainer;
  }

  /** The trainer; throws `InvalidArgumentError` when unset. */
  getTrainer(): HasTracer {
    if (this.#trainer === null)
      throw new InvalidArgumentError('Trainer has not been set for this agent.');
    return this.#trainer;
  }

  /** The trainer (same as `getTrainer()`). */
  get trainer(): HasTracer {
    return this.getTrainer();
  }

  /** Remembers the runner executing this agent. */
  setRunner(runner: HasTracer): void {
    this.#runner = runner;
  }

  /** The runner; throws `InvalidArgumentError` when unset. */
  getRunner(): HasTracer {
    if (this.#runner === null)
      throw new InvalidArgumentError('Runner has not been set for this agent.');
    return this.#runner;
  }

  /** The runner (same as `getRunner()`). */
  get runner(): HasTracer {
    return this.getRunner();
  }

  /** The runner's tracer when it has one, else the trainer's. */
  getTracer(): Tracer {
    const fromRunner = this.#runner?.tracer;
    if (fromRunner) return fromRunner;
    const fromTrainer = this.getTrainer().tracer;
    if (!fromTrainer)
      throw new InvalidArgumentError('Neither the runner nor the trainer has a tracer.');
    return fromTrainer;
  }

  /** The tracer (same as `getTracer()`). */
  get tracer(): Tracer {
    return this.getTracer();
  }

  /** Deprecated no-op; use a `Hook` instead. */
  onRolloutStart(_task: T, _runner: unknown, _tracer: Tracer): void {}

  /** Deprecated no-op; use a `Hook` instead. */
  onRolloutEnd(_task: T, _rollout: unknown, _runner: unknown, _tracer: Tracer): void {}

  #overrides(name: 'rolloutAsync' | 'trainingRolloutAsync' | 'validationRolloutAsync'): boolean {
    return this[name] !== LitAgent.prototype[name];
  }
}
