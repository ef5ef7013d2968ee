/**
 * `Baseline`: enqueues every sample, keeps the queue
 * short, and logs each finished rollout with its attempts, spans and adapted
 * data. Meant for `Trainer.dev()` smoke runs.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InvalidArgumentError, optionWithAlias } from '@agl/store-core';
import { sleepSeconds } from '@agl/store-core/backend';
import type { RolloutMode } from '@agl/types';
import { getLogger } from '../logging';
import { FastAlgorithm } from './algorithm';
import { logFinishedRollout, type SpanVerbosity } from './baseline-report';
import { withLlmProxy, withStore } from './helpers';
import type { AlgorithmRunArgs } from './types';

const log = getLogger('agl.algorithm.baseline');

/** Options of `Baseline`. */
export interface BaselineOptions {
  /** Passes over the data (default 1). */
  nEpochs?: number;
  /** Must satisfy `0 < x < 1` (default 0.5); otherwise unused, as in the reference. */
  trainSplit?: number;
  /** Seconds between queue and status checks (default 5). */
  pollIntervalSeconds?: number;
  /** @deprecated Use `pollIntervalSeconds`; kept for one release (and for the spec key `polling_interval`); both with different values throw. */
  pollingInterval?: number;
  /** Enqueue only while at most this many rollouts are queued (default 4). */
  maxQueueLength?: number;
  /** Span detail in the logs: `keys` (default), `key_values` or `none`. */
  spanVerbosity?: SpanVerbosity;
}

/** A fast algorithm that runs every sample once per epoch and logs what happened. */
export class Baseline extends FastAlgorithm {
  /** Option keys accepted by component specs. */
  static readonly optionKeys: readonly string[] = [
    'nEpochs',
    'trainSplit',
    'pollIntervalSeconds',
    'pollingInterval',
    'maxQueueLength',
    'spanVerbosity',
  ];
  /** Passes over the data. */
  readonly nEpochs: number;
  /** The (unused) train split. */
  readonly trainSplit: number;
  /** Seconds between checks. */
  readonly pollIntervalSeconds: number;
  /** Maximum queue length before enqueuing waits. */
  readonly maxQueueLength: number;
  /** Span detail in the logs. */
  readonly spanVerbosity: SpanVerbosity;

  /** @param options - epochs, split, polling, queue length and verbosity */
  constructor(options: BaselineOptions = {}) {
    super();
    this.nEpochs = options.nEpochs ?? 1;
    this.trainSplit = options.trainSplit ?? 0.5;
    if (!(this.trainSplit > 0 && this.trainSplit < 1))
      throw new InvalidArgumentError('train_split must be between 0 and 1.');
    this.pollIntervalSeconds =
      optionWithAlias(options.pollIntervalSeconds, options.pollingInterval, {
        name: 'pollIntervalSeconds',
        aliasName: 'pollingInterval',
      }) ?? 5;
    this.maxQueueLength = options.maxQueueLength ?? 4;
    this.spanVerbosity = options.spanVerbosity ?? 'keys';
  }

  /** @deprecated Use `pollIntervalSeconds`; kept for one release. */
  get pollingInterval(): number {
    return this.pollIntervalSeconds;
  }

  /** Enqueues train then val items each epoch and waits for all of them. */
  override run(args: AlgorithmRunArgs = {}): Promise<void> {
    const body = withStore<[AlgorithmRunArgs], Promise<void>, Baseline>(function (store, a) {
      return this.runWithStore(store, a);
    });
    return withLlmProxy()<[AlgorithmRunArgs], void, Baseline>(function (_proxy, a) {
      return body.call(this, a);
    }).call(this, args);
  }

  /** The body of `run` with the store resolved. */
  protected async runWithStore(store: LightningStore, args: AlgorithmRunArgs): Promise<void> {
    const items: { input: unknown; mode: RolloutMode }[] = [];
    for (const [dataset, mode] of [
      [args.trainDataset, 'train'],
      [args.valDataset, 'val'],
    ] as const) {
      for (let i = 0; i < (dataset?.length ?? 0); i++) items.push({ input: dataset?.[i], mode });
    }
    if (items.length === 0) {
      log.error('No training or validation data was provided. Nothing to do.');
      return;
    }
    const initial = this.getInitialResources();
    let resourcesId: string | null = null;
    if (initial) resourcesId = (await store.updateResources('default', initial)).resources_id;
    else log.warn('No initial resources were provided; rollouts will use the latest resources.');
    for (let epoch = 0; epoch < this.nEpochs; epoch++) {
      const harvests: Promise<void>[] = [];
      for (const item of items) {
        while (
          (await store.queryRollouts({ statusIn: ['queuing', 'requeuing'], limit: 1 })).total >
          this.maxQueueLength
        ) {
          await sleepSeconds(this.pollIntervalSeconds);
        }
        const rollout = await store.enqueueRollout(item.input, { mode: item.mode, resourcesId });
        harvests.push(this.#harvest(store, rollout.rollout_id));
      }
      await Promise.all(harvests);
    }
  }

  async #harvest(store: LightningStore, rolloutId: string): Promise<void> {
    let last: string | null = null;
    const started = Date.now();
    while (true) {
      const rollout = await store.getRolloutById(rolloutId);
      if (rollout && rollout.status !== last) {
        log.info(
          `[Rollout ${rolloutId}] Status ${last === null ? 'is' : 'changed to'} ${rollout.status}.`,
        );
        last = rollout.status;
      }
      if (rollout && ['succeeded', 'failed', 'cancelled'].includes(rollout.status)) {
        await logFinishedRollout(
          store,
          rollout,
          this.#adapterOrNull(),
          this.spanVerbosity,
          (Date.now() - started) / 1000,
        );
        return;
      }
      await sleepSeconds(this.pollIntervalSeconds);
    }
  }

  #adapterOrNull() {
    try {
      return this.getAdapter();
    } catch {
      return null;
    }
  }
}
