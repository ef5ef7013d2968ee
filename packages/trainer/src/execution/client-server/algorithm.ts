/**
 * The algorithm side of the client-server strategy: serve the store, start
 * the runners, run the algorithm, then stop the runners and the server.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { getLogger } from '../../logging';
import type { ExecutionEvent } from '../event';
import type { ServedStore } from '../managed-store';
import type { AlgorithmBundle } from '../types';

const log = getLogger('agl.execution.cs');

/** What `runAlgorithmSide` needs. */
export interface AlgorithmSideOptions {
  /** The algorithm bundle. */
  algorithm: AlgorithmBundle;
  /** The trainer's store. */
  store: LightningStore;
  /** The stop event (set when the algorithm ends, whatever the outcome). */
  event: ExecutionEvent;
  /** Serves the store (managed mode), or `null` (unmanaged). */
  serve: (() => Promise<ServedStore>) | null;
  /** The address runners use when the store is not served here. */
  fallbackAddress: string;
  /** Read after the runners started; resolves with a reason (Ctrl+C, all runners gone) to abandon the algorithm. */
  abandon: () => Promise<string>;
  /** Starts the runners, given the server address. */
  beforeRun: (address: string) => Promise<void>;
  /** Stops the runners, before the server stops. */
  afterRun: () => Promise<void>;
}

/**
 * Runs the algorithm side. On Ctrl+C, or when every runner process died, the
 * algorithm is abandoned (a promise cannot be interrupted; its later failure
 * is only logged) and shutdown proceeds.
 *
 * @param o - bundle, store, event, server factory and runner start/stop
 * @throws the algorithm's error, else a runner shutdown error
 */
export async function runAlgorithmSide(o: AlgorithmSideOptions): Promise<void> {
  const served = o.serve ? await o.serve() : null;
  let failure: { error: unknown } | null = null;
  try {
    await o.beforeRun(served?.address ?? o.fallbackAddress);
    const run = o.algorithm(o.store, o.event);
    const outcome = await Promise.race([run.then(() => null), o.abandon()]);
    if (outcome !== null) {
      log.warn(`${outcome}: no longer waiting for the algorithm; shutting down.`);
      run.catch((error) => log.debug('The abandoned algorithm failed.', error));
    }
  } catch (error) {
    failure = { error };
    log.error('Algorithm side failed.', error);
  }
  o.event.set();
  try {
    await o.afterRun();
  } catch (error) {
    if (failure) log.error('Runners failed while the algorithm side was failing.', error);
    else failure = { error };
  }
  await served?.stop();
  if (failure) throw failure.error;
}
