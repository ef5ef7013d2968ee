/**
 * Notices an algorithm waiting for runners that never come: rollouts sit in
 * the queue, none is running and none finishes. Without it a run whose
 * runners are missing (wrong role, wrong store, crashed) waits in silence.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import type { RolloutStatus } from '@agl/types';

/** Options of `IdleWatch`. */
export interface IdleWatchOptions {
  /** Seconds of queued-but-idle rollouts before the warning (0 disables the watch). */
  warnAfterSeconds: number;
  /** Receives the warning. */
  warn: (message: string) => void;
}

/** Polls the store and warns once per idle stretch. */
export class IdleWatch {
  readonly #store: LightningStore;
  readonly #options: IdleWatchOptions;
  #timer: NodeJS.Timeout | undefined;
  #idleSince: number | null = null;
  #lastFinished = -1;
  #warned = false;
  #stopped = false;

  /**
   * @param store - the store the algorithm uses
   * @param options - the delay and where the warning goes
   */
  constructor(store: LightningStore, options: IdleWatchOptions) {
    this.#store = store;
    this.#options = options;
  }

  async #count(statusIn: RolloutStatus[]): Promise<number> {
    return (await this.#store.queryRollouts({ statusIn, limit: 1 })).total;
  }

  async #check(): Promise<void> {
    const [queued, running, finished] = await Promise.all([
      this.#count(['queuing', 'requeuing']),
      this.#count(['preparing', 'running']),
      this.#count(['succeeded', 'failed', 'cancelled']),
    ]);
    const idle = queued > 0 && running === 0 && finished === this.#lastFinished;
    this.#lastFinished = finished;
    if (!idle) {
      this.#idleSince = null;
      this.#warned = false;
      return;
    }
    const now = Date.now();
    this.#idleSince ??= now;
    const seconds = (now - this.#idleSince) / 1000;
    if (this.#warned || seconds < this.#options.warnAfterSeconds) return;
    this.#warned = true;
    this.#options.warn(
      `${queued} rollout(s) have been queued for ${Math.round(seconds)}s and no runner has taken any. ` +
        'Are runners running against this store? Check nRunners, AGL_CURRENT_ROLE (runner processes ' +
        'need AGL_CURRENT_ROLE=runner) and, with AGL_MANAGED_STORE=0, that every process uses the same store.',
    );
  }

  /** Starts polling (every few seconds; the timer does not keep the process alive). */
  start(): void {
    const seconds = this.#options.warnAfterSeconds;
    if (!(seconds > 0)) return;
    const intervalMs = Math.min(5, Math.max(seconds / 4, 0.05)) * 1000;
    const loop = (): void => {
      this.#timer = setTimeout(() => {
        this.#check()
          .catch(() => {})
          .finally(() => {
            if (!this.#stopped) loop();
          });
      }, intervalMs);
      this.#timer.unref();
    };
    loop();
  }

  /** Stops polling. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }
}
