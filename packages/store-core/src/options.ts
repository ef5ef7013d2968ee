import type { Clock } from './clock';

/** Construction options every store backend accepts. */
export interface StoreOptions {
  /** Time source for every timestamp and watchdog comparison (default: the system clock). */
  clock?: Clock;
  /**
   * Minimum seconds between two lazy watchdog scans (default 10; `0` or
   * negative = scan before every operation that triggers one).
   */
  scanDebounceSeconds?: number;
  /**
   * Seconds between watchdog scans run by a timer even when no one calls the
   * store (default 5; `null` or `0` disables the timer).
   */
  watchdogIntervalSeconds?: number | null;
}
