import type { ManualClock } from '../clock';
import type { StoreOptions } from '../options';
import type { LightningStore } from '../store';

/** What the contract suite hands to a backend's factory for each test. */
export interface ContractContext {
  /** The clock the store must use; tests move it to trigger timeouts and debounce windows. */
  readonly clock: ManualClock;
  /**
   * Store options for this test: always `clock`, `scanDebounceSeconds` (0
   * unless the test is about debouncing) and `watchdogIntervalSeconds: null`
   * (no timer, so the lazy scan is what the test observes).
   */
  readonly options: StoreOptions & { clock: ManualClock; scanDebounceSeconds: number };
}

/** A group of contract tests skipped by a backend, with the reason why. */
export interface ContractSkip {
  /** Why these tests do not apply to this backend. */
  readonly reason: string;
  /**
   * Full names of the skipped tests, as the suite registers them ("group > test",
   * see `contractTestNames()`), or group titles to skip whole groups. A name that
   * matches nothing makes `describeLightningStore` throw.
   */
  readonly tests: readonly string[];
}

/** Options of `describeLightningStore`. */
export interface ContractSuiteOptions {
  /** Name of the backend, used as the top-level `describe` title. */
  readonly name: string;
  /** Builds a fresh, empty store for one test. */
  create(context: ContractContext): LightningStore | Promise<LightningStore>;
  /** Disposes of a store after its test (default: `store.close()`). */
  destroy?(store: LightningStore): void | Promise<void>;
  /** Tests that do not apply to this backend, each with a reason. */
  readonly skip?: readonly ContractSkip[];
}
