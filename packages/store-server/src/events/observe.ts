import type { LightningStore } from '@agl/store-core';
import type { ObservableStore, WatchdogChange } from '@agl/store-core/backend';
import type { Attempt, Rollout, Span } from '@agl/types';
import type { ChangeFeed } from './feed';

type Json = Record<string, unknown>;
type Method = (...args: unknown[]) => unknown;

/** Options of `observeStore`. */
export interface ObserveStoreOptions {
  /**
   * The store whose own work is published too: rollouts and attempts its
   * watchdog ends or requeues (default: `store` itself). Pass the backing
   * store when `store` is a wrapper that hides its `addObserver`.
   */
  observed?: LightningStore;
  /** Stops observing `observed` when aborted (server shutdown). */
  shutdownSignal?: AbortSignal | undefined;
  /** Also told about each write, right after it returned (the dashboard aggregates). */
  listener?: StoreWriteListener | undefined;
}

/** Hears of the writes `observeStore` sees, synchronously, before the write's caller does. */
export interface StoreWriteListener {
  /** Attempts the store just created (started or dequeued rollouts). */
  attemptsCreated(attempts: readonly Attempt[]): void;
  /** An attempt's status after a write or a watchdog verdict. */
  attemptStatus(attempt: Pick<Attempt, 'rollout_id' | 'attempt_id' | 'status'>): void;
  /** Spans the store just stored (null where it stored none). */
  spansAdded(spans: readonly (Span | null)[]): void;
}

/**
 * Wraps a store so every write it performs is published to a feed as a
 * change hint, after the write returned (so a read that follows a hint sees
 * the change). Reads pass through untouched. Spans are coalesced per
 * (rollout, attempt) over 250 ms and heartbeats per worker over 1 s.
 *
 * Writes made through the returned store are seen, and so are the
 * transitions of the observed store's watchdog when it reports them (see
 * `StoreObserver`): timeouts, silent attempts and requeues that no request
 * caused. Writes of other processes to a shared database are not. The
 * optional listener hears of the same writes (new attempts, attempt
 * statuses, stored spans) without the coalescing.
 *
 * @param store - the store to serve
 * @param feed - where hints go (none: only the listener is told)
 * @param options - the store whose watchdog is observed, when to stop, and a listener
 * @returns the wrapped store
 */
export function observeStore(
  store: LightningStore,
  feed: ChangeFeed | undefined,
  options: ObserveStoreOptions = {},
): LightningStore {
  const listener = options.listener;
  const statuses = new Map<string, string>();
  const attemptStatuses = new Map<string, string>();
  const now = () => Date.now() / 1000;
  const rollout = (r: Rollout | null | undefined) => {
    if (!r) return;
    if (feed) {
      const previous = statuses.get(r.rollout_id) ?? null;
      statuses.set(r.rollout_id, r.status);
      feed.publish('rollout', {
        rollout_id: r.rollout_id,
        status: r.status,
        previous_status: previous,
        time: now(),
      });
    }
    const attempt = (r as { attempt?: Attempt | null }).attempt;
    if (attempt) attemptEvent(attempt);
  };
  // Started and dequeued rollouts carry the attempt the store just created for them.
  const created = (list: readonly (Rollout | null | undefined)[]) => {
    if (!listener) return;
    const attempts: Attempt[] = [];
    for (const r of list) {
      const attempt = (r as { attempt?: Attempt | null } | null | undefined)?.attempt;
      if (attempt) attempts.push(attempt);
    }
    if (attempts.length > 0) listener.attemptsCreated(attempts);
  };
  const attemptEvent = (a: Attempt) => {
    listener?.attemptStatus(a);
    if (!feed) return;
    const key = `${a.rollout_id}\u0000${a.attempt_id}`;
    const previous = attemptStatuses.get(key) ?? null;
    attemptStatuses.set(key, a.status);
    feed.publish('attempt', {
      rollout_id: a.rollout_id,
      attempt_id: a.attempt_id,
      sequence_id: a.sequence_id,
      status: a.status,
      previous_status: previous,
      worker_id: a.worker_id ?? null,
      time: now(),
    });
  };
  const pendingSpans = new Map<
    string,
    { rollout_id: string; attempt_id: string; added: number; max: number }
  >();
  let spanTimer: ReturnType<typeof setTimeout> | undefined;
  const spans = (list: readonly (Span | null)[]) => {
    listener?.spansAdded(list);
    if (!feed) return;
    for (const span of list) {
      if (!span) continue;
      const key = `${span.rollout_id}\u0000${span.attempt_id}`;
      const entry = pendingSpans.get(key) ?? {
        rollout_id: span.rollout_id,
        attempt_id: span.attempt_id,
        added: 0,
        max: 0,
      };
      entry.added++;
      entry.max = Math.max(entry.max, span.sequence_id);
      pendingSpans.set(key, entry);
    }
    if (spanTimer || pendingSpans.size === 0) return;
    spanTimer = setTimeout(() => {
      spanTimer = undefined;
      for (const entry of pendingSpans.values())
        feed.publish('spans', {
          rollout_id: entry.rollout_id,
          attempt_id: entry.attempt_id,
          added: entry.added,
          max_sequence_id: entry.max,
          time: now(),
        });
      pendingSpans.clear();
    }, 250);
    spanTimer.unref?.();
  };
  const workerSeen = new Map<string, { status: string; at: number }>();
  const worker = (w: { worker_id: string; status: string } | null | undefined) => {
    if (!w) return;
    const last = workerSeen.get(w.worker_id);
    const at = Date.now();
    // Heartbeats without a status change are coalesced per worker over 1 s.
    if (last && last.status === w.status && at - last.at < 1000) return;
    workerSeen.set(w.worker_id, { status: w.status, at });
    feed?.publish('worker', { worker_id: w.worker_id, status: w.status, time: now() });
  };
  const resources = (r: { resources_id: string; version: number }) =>
    feed?.publish('resources', { resources_id: r.resources_id, version: r.version, time: now() });
  // The watchdog's verdicts, as the store reports them right after applying one.
  const watchdog = (change: WatchdogChange) => {
    attemptEvent({
      rollout_id: change.rolloutId,
      attempt_id: change.attemptId,
      sequence_id: change.sequenceId,
      status: change.attemptStatus,
      worker_id: change.workerId,
    } as Attempt);
    rollout({ rollout_id: change.rolloutId, status: change.rolloutStatus } as Rollout);
  };
  const observable = (options.observed ?? store) as Partial<ObservableStore>;
  if (typeof observable.addObserver === 'function') {
    const stop = observable.addObserver({
      watchdogEnded: (event) => {
        if (event.change) watchdog(event.change);
      },
    });
    options.shutdownSignal?.addEventListener('abort', stop, { once: true });
  }

  const after: Partial<
    Record<keyof LightningStore, (result: unknown, args: unknown[]) => void | Promise<void>>
  > = {
    enqueueRollout: (r) => rollout(r as Rollout),
    enqueueManyRollouts: (list) => {
      for (const r of list as Rollout[]) rollout(r);
    },
    startRollout: (r) => {
      created([r as Rollout]);
      rollout(r as Rollout);
    },
    startAttempt: (r) => {
      created([r as Rollout]);
      rollout(r as Rollout);
    },
    dequeueRollout: async (r, args) => {
      created([r as Rollout | null]);
      rollout(r as Rollout | null);
      await refreshWorker(args[0]);
    },
    dequeueManyRollouts: async (list, args) => {
      created(list as Rollout[]);
      for (const r of list as Rollout[]) rollout(r);
      await refreshWorker(args[0]);
    },
    updateRollout: (r) => rollout(r as Rollout),
    updateAttempt: async (a, args) => {
      attemptEvent(a as Attempt);
      // Without a feed only the attempt itself is of interest.
      if (!feed) return;
      rollout(await store.getRolloutById(args[0] as string));
      const workerId = (a as Attempt).worker_id;
      if (workerId) worker(await store.getWorkerById(workerId));
    },
    addSpan: (s) => spans([s as Span | null]),
    addManySpans: (list) => spans(list as Span[]),
    addOtelSpan: (s) => spans([s as Span | null]),
    addResources: (r) => resources(r as { resources_id: string; version: number }),
    updateResources: (r) => resources(r as { resources_id: string; version: number }),
    updateWorker: (w) => worker(w as { worker_id: string; status: string }),
  };
  async function refreshWorker(options: unknown): Promise<void> {
    if (!feed) return;
    const workerId =
      (options as Json | undefined)?.worker_id ?? (options as Json | undefined)?.workerId;
    if (typeof workerId === 'string' && workerId !== '')
      worker(await store.getWorkerById(workerId));
  }

  // Each method is wrapped once: the store sits under every request, so no closure per call.
  const wrapped = new Map<PropertyKey, { of: unknown; fn: unknown }>();
  const wrap = (target: LightningStore, property: PropertyKey, value: Method): unknown => {
    const hook = after[property as keyof LightningStore];
    if (!hook) return value.bind(target);
    return async (...args: unknown[]) => {
      const result = await value.apply(target, args);
      try {
        await hook(result, args);
      } catch {
        // A hint that cannot be built never fails the write; the safety poll covers it.
      }
      return result;
    };
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const known = wrapped.get(property);
      if (known !== undefined && known.of === value) return known.fn;
      const fn = wrap(target, property, value as Method);
      wrapped.set(property, { of: value, fn });
      return fn;
    },
  });
}
