import {
  BaseLightningStore,
  type EngineStoreOptions,
  type StorageBackend,
} from '../../src/backend';
import { ManualClock } from '../../src/index';
import { NaiveBackend } from './naive-backend';

/** The write methods of a backend: every mutation passes through one of them. */
const WRITE_METHODS = new Set([
  'insertRollout',
  'putRollout',
  'insertAttempt',
  'putAttempt',
  'enqueue',
  'dequeue',
  'putWorker',
  'putResources',
  'insertSpans',
  'setSequence',
]);

/**
 * A naive backend (plus optional hooks) whose write calls are recorded by name.
 *
 * @param hooks - optional hooks to add to the backend
 */
export function recordingBackend(hooks: Partial<StorageBackend> = {}) {
  const writes: string[] = [];
  const inner = Object.assign(new NaiveBackend(), hooks);
  const backend = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !WRITE_METHODS.has(key) || typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        writes.push(key);
        return value.apply(target, args);
      };
    },
  });
  return { backend: backend as NaiveBackend, inner, writes };
}

/**
 * An engine store over a backend, on a manual clock, scanning before every
 * triggering call, without timer.
 *
 * @param backend - the backend
 * @param options - more store options
 */
export function engineStore(backend: StorageBackend, options: EngineStoreOptions = {}) {
  const clock = new ManualClock(1_700_000_000);
  const store = new BaseLightningStore(backend, {
    clock,
    scanDebounceSeconds: 0,
    watchdogIntervalSeconds: null,
    ...options,
  });
  return { store, clock };
}
