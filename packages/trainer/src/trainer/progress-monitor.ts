/**
 * Computes progress snapshots from the store (counts by status, final
 * rewards of newly finished rollouts), so it works the same whether runners
 * share this process or live elsewhere.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import type { RolloutStatus } from '@agl/types';
import { getLogger } from '../logging';
import { findFinalReward } from '../reward';
import type { ProgressReporter, ProgressSnapshot } from './progress';

const log = getLogger('agl.progress');
const TERMINAL: RolloutStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Options of `ProgressMonitor`. */
export interface ProgressMonitorOptions {
  /** Seconds between snapshots (default 1). */
  intervalSeconds?: number;
  /** Read final rewards of finished rollouts (one span query each; default true). */
  rewards?: boolean;
}

/** Polls the store and feeds a reporter until stopped. */
export class ProgressMonitor {
  readonly #store: LightningStore;
  readonly #reporter: ProgressReporter;
  readonly #intervalMs: number;
  readonly #rewards: boolean;
  readonly #started = Date.now();
  #seen = 0;
  #rewardSum = 0;
  #rewardCount = 0;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<ProgressSnapshot | null> = Promise.resolve(null);
  #stopped = false;

  /**
   * @param store - the store the algorithm uses
   * @param reporter - receives the snapshots
   * @param options - interval and reward reading
   */
  constructor(
    store: LightningStore,
    reporter: ProgressReporter,
    options: ProgressMonitorOptions = {},
  ) {
    this.#store = store;
    this.#reporter = reporter;
    this.#intervalMs = (options.intervalSeconds ?? 1) * 1000;
    this.#rewards = options.rewards ?? true;
  }

  async #count(statusIn: RolloutStatus[]): Promise<number> {
    return (await this.#store.queryRollouts({ statusIn, limit: 1 })).total;
  }

  async #readNewRewards(): Promise<void> {
    const page = await this.#store.queryRollouts({
      statusIn: TERMINAL,
      sortBy: 'end_time',
      offset: this.#seen,
    });
    for (const rollout of page.items) {
      this.#seen += 1;
      if (!this.#rewards || rollout.status !== 'succeeded') continue;
      try {
        const spans = (await this.#store.querySpans(rollout.rollout_id, { attemptId: 'latest' }))
          .items;
        const reward = findFinalReward(spans);
        if (typeof reward === 'number') {
          this.#rewardSum += reward;
          this.#rewardCount += 1;
        }
      } catch (error) {
        log.debug(`Could not read the reward of ${rollout.rollout_id}.`, error);
      }
    }
  }

  /** Computes one snapshot from the store. */
  async snapshot(): Promise<ProgressSnapshot> {
    const [succeeded, failed, cancelled, running, queued] = await Promise.all([
      this.#count(['succeeded']),
      this.#count(['failed']),
      this.#count(['cancelled']),
      this.#count(['preparing', 'running']),
      this.#count(['queuing', 'requeuing']),
    ]);
    await this.#readNewRewards();
    const elapsedSeconds = (Date.now() - this.#started) / 1000;
    const finished = succeeded + failed + cancelled;
    return {
      elapsedSeconds,
      finished,
      succeeded,
      failed,
      cancelled,
      running,
      queued,
      meanReward: this.#rewardCount > 0 ? this.#rewardSum / this.#rewardCount : null,
      throughput: elapsedSeconds > 0 ? finished / elapsedSeconds : 0,
    };
  }

  #safeSnapshot(): Promise<ProgressSnapshot | null> {
    return this.snapshot().catch((error) => {
      log.debug('Progress snapshot failed.', error);
      return null;
    });
  }

  /** Starts periodic snapshots. */
  start(): void {
    const loop = (): void => {
      this.#timer = setTimeout(() => {
        this.#tick = this.#safeSnapshot().then((s) => {
          if (s && !this.#stopped) this.#reporter.update(s);
          if (!this.#stopped) loop();
          return s;
        });
      }, this.#intervalMs);
      this.#timer.unref();
    };
    loop();
  }

  /** Stops the loop and reports a final snapshot (once; later calls do nothing). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#tick;
    const last = await this.#safeSnapshot();
    if (last) this.#reporter.finish(last);
  }
}
