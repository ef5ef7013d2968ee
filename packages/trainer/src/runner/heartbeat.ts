/**
 * The heartbeat loop of a runner: periodic
 * `updateWorker("Worker-<n>", snapshot)` on an event-loop timer; a snapshot
 * or store update that fails or exceeds the interval is skipped.
 *
 * @module
 */
import { type LightningStore, UnavailableError } from '@agl/store-core';
import { getLogger } from '../logging';
import { jittered, type RandomSource, withTimeout } from './timing';

const log = getLogger('agl.runner.heartbeat');

/** Options of `startHeartbeat`. */
export interface HeartbeatOptions {
  /** The store receiving `updateWorker`. */
  store: LightningStore;
  /** The worker id string (`Worker-<n>`). */
  workerId: string;
  /** Seconds between ticks (before jitter). */
  interval: number;
  /** Jitter amplitude in seconds. */
  jitter: number;
  /** Takes a system snapshot. */
  snapshot: () => Promise<Record<string, unknown>>;
  /** Random source for the jitter. */
  random?: RandomSource;
}

/**
 * Starts the loop; the first tick happens at once.
 *
 * @param options - store, worker, interval, jitter and the snapshot function
 * @returns a function that stops the loop and resolves once an in-flight tick is done
 */
export function startHeartbeat(options: HeartbeatOptions): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const tick = async (): Promise<void> => {
    let stats: Record<string, unknown>;
    try {
      stats = await withTimeout(options.snapshot(), options.interval, 'Heartbeat snapshot');
    } catch (error) {
      log.warn(`Skipping heartbeat of ${options.workerId}: ${(error as Error).message}`);
      return;
    }
    if (stopped) return;
    try {
      await withTimeout(
        options.store.updateWorker(options.workerId, { heartbeatStats: stats }),
        options.interval,
        'Heartbeat store update',
      );
    } catch (error) {
      // An unreachable store is reported once per outage by the store client.
      const report = error instanceof UnavailableError ? log.debug : log.warn;
      report(`Heartbeat of ${options.workerId} failed: ${(error as Error).message}`);
    }
  };

  const schedule = (delay: number): void => {
    timer = setTimeout(() => {
      if (stopped) return;
      inFlight = tick().finally(() => {
        if (!stopped) schedule(jittered(options.interval, options.jitter, options.random));
      });
    }, delay * 1000);
  };
  schedule(0);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await inFlight.catch(() => undefined);
  };
}
