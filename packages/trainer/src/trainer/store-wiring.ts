/**
 * Catches store wiring that cannot work before anything starts: with an
 * unmanaged client-server run every process uses the store it is given, so
 * giving none would leave each process with a private in-memory store that no
 * other process sees (the algorithm then waits for ever).
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';
import { ClientServerExecutionStrategy } from '../execution/client-server/strategy';
import type { ExecutionStrategy } from '../execution/types';

/** Unmanaged client-server run without a store. */
export class MissingSharedStoreError extends InvalidArgumentError {
  /** The message says what to pass instead. */
  constructor() {
    super(
      'AGL_MANAGED_STORE=0 (managedStore: false) makes every process use the store passed to the Trainer, ' +
        'but none was passed: each process would get its own private in-memory store. Pass the shared store, ' +
        "e.g. store: new LightningStoreClient('http://localhost:4747') for an 'agl store', or unset AGL_MANAGED_STORE " +
        'to let the algorithm process serve its store to the runners.',
    );
  }
}

/**
 * Throws when the strategy needs a shared store and none was given.
 *
 * @param strategy - the resolved strategy
 * @param storeGiven - whether the Trainer options named a store
 * @throws MissingSharedStoreError for an unmanaged client-server run without a store
 */
export function checkStoreWiring(strategy: ExecutionStrategy, storeGiven: boolean): void {
  if (strategy instanceof ClientServerExecutionStrategy && !strategy.managedStore && !storeGiven)
    throw new MissingSharedStoreError();
}
