/**
 * Makes the store an algorithm sees honour the run's stop signal: a
 * `waitForRollouts` call without its own signal ends when the run stops
 * (Ctrl+C, SIGTERM, a failed runner side), so an algorithm waiting with a
 * long timeout does not keep a stopped process alive.
 *
 * @module
 */
import type { LightningStore, WaitOptions } from '@agl/store-core';
import type { Rollout } from '@agl/types';

/**
 * A view of `store` whose waits also end when `signal` aborts; every other
 * member is the store's own (methods bound to it).
 *
 * @param store - the store
 * @param signal - the run's stop signal
 */
export function storeStoppedBy(store: LightningStore, signal: AbortSignal): LightningStore {
  const wait = (ids: readonly string[], options: WaitOptions = {}): Promise<Rollout[]> =>
    store.waitForRollouts(ids, {
      ...options,
      signal: options.signal ? AbortSignal.any([options.signal, signal]) : signal,
    });
  return new Proxy(store, {
    get(target, key) {
      if (key === 'waitForRollouts') return wait;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
