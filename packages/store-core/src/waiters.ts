/**
 * The event-driven registry behind `waitForRollouts`: no polling, a waiter
 * re-reads a rollout only when a backend reports a terminal transition.
 *
 * @module
 */

/** What a backend knows about one waited-for rollout right now. */
export type WaitProbe<T> =
  | { readonly state: 'unknown' }
  | { readonly state: 'pending' }
  | { readonly state: 'terminal'; readonly value: T };

import { optionWithAlias } from './option-alias';
import type { WaitOptions } from './store';

/** Options of one wait. */
export interface WaitForOptions {
  /** Seconds to wait at most; `null`/absent = no deadline; `<= 0` = do not wait. */
  readonly timeoutSeconds?: number | null | undefined;
  /** Ends the wait early with what finished so far. */
  readonly signal?: AbortSignal | undefined;
}

/** setTimeout cannot wait longer than 2^31 - 1 ms; longer deadlines re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

interface Waiter {
  recheck(id: string): void;
  finish(): void;
}

/**
 * Waiters of `waitForRollouts`, keyed by rollout id. A backend calls
 * `notify(id)` when a rollout becomes terminal; each waiter on that id then
 * re-reads it (in a microtask) through its probe, so a rollout that went
 * terminal and back before the re-read is not returned.
 */
export class RolloutWaiters<T> {
  readonly #byId = new Map<string, Set<Waiter>>();
  readonly #all = new Set<Waiter>();
  readonly #copy: (value: T) => T;

  /** @param options - `copy` duplicates a result for an id requested several times */
  constructor(options: { readonly copy?: (value: T) => T } = {}) {
    this.#copy = options.copy ?? ((value) => value);
  }

  /** Number of waits in progress. */
  get size(): number {
    return this.#all.size;
  }

  /**
   * Waits until each rollout is terminal or the deadline passes.
   *
   * @param ids - the rollouts, in result order (duplicates are repeated in the result)
   * @param options - timeout (seconds) and abort signal
   * @param probe - reads one rollout: unknown (skipped), pending, or terminal with its value
   * @returns the terminal rollouts in the order of `ids`
   */
  wait(
    ids: readonly string[],
    options: WaitForOptions,
    probe: (id: string) => WaitProbe<T>,
  ): Promise<T[]> {
    const results = new Map<string, T>();
    const pending = new Set<string>();
    for (const id of new Set(ids)) {
      const found = probe(id);
      if (found.state === 'terminal') results.set(id, found.value);
      else if (found.state === 'pending') pending.add(id);
    }
    const assemble = () => this.#assemble(ids, results);
    const timeout = options.timeoutSeconds ?? null;
    if (pending.size === 0 || (timeout !== null && !(timeout > 0)) || options.signal?.aborted) {
      return Promise.resolve(assemble());
    }
    return new Promise<T[]>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const queued = new Set<string>();
      const onAbort = () => waiter.finish();
      const waiter: Waiter = {
        recheck: (id) => {
          if (queued.has(id)) return;
          queued.add(id);
          queueMicrotask(() => {
            queued.delete(id);
            if (!pending.has(id) || !this.#all.has(waiter)) return;
            const found = probe(id);
            if (found.state === 'pending') return;
            if (found.state === 'terminal') results.set(id, found.value);
            pending.delete(id);
            this.#unregister(id, waiter);
            if (pending.size === 0) waiter.finish();
          });
        },
        finish: () => {
          if (!this.#all.delete(waiter)) return;
          if (timer !== undefined) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          for (const id of pending) this.#unregister(id, waiter);
          resolve(assemble());
        },
      };
      this.#all.add(waiter);
      for (const id of pending) {
        const set = this.#byId.get(id);
        if (set) set.add(waiter);
        else this.#byId.set(id, new Set([waiter]));
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout !== null) {
        const deadline = Date.now() + timeout * 1000;
        const arm = () => {
          const remaining = deadline - Date.now();
          if (remaining <= 0) return waiter.finish();
          timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
        };
        arm();
      }
    });
  }

  /**
   * Reports that a rollout became terminal; its waiters re-read it shortly.
   *
   * @param rolloutId - the rollout
   */
  notify(rolloutId: string): void {
    const set = this.#byId.get(rolloutId);
    if (set) for (const waiter of set) waiter.recheck(rolloutId);
  }

  /** Ends every wait now; each resolves with what finished so far. */
  close(): void {
    for (const waiter of [...this.#all]) waiter.finish();
  }

  #unregister(id: string, waiter: Waiter): void {
    const set = this.#byId.get(id);
    if (!set) return;
    set.delete(waiter);
    if (set.size === 0) this.#byId.delete(id);
  }

  #assemble(ids: readonly string[], results: Map<string, T>): T[] {
    const out: T[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const value = results.get(id);
      if (value === undefined) continue;
      out.push(seen.has(id) ? this.#copy(value) : value);
      seen.add(id);
    }
    return out;
  }
}

/**
 * The deadline of a `waitForRollouts` call in seconds: `timeoutSeconds`, or
 * its deprecated alias `timeout` when only that is given; `null` (no
 * deadline) when neither is.
 *
 * @param options - the caller's wait options
 * @throws InvalidArgumentError when both are given with different values
 */
export function waitTimeoutSeconds(options: WaitOptions): number | null {
  const seconds = optionWithAlias(options.timeoutSeconds, options.timeout, {
    name: 'timeoutSeconds',
    aliasName: 'timeout',
  });
  return seconds ?? null;
}
