import type { Clock } from '../clock';
import { systemClock } from '../clock';

/** Options of the `Watchdog` scheduler. */
export interface WatchdogOptions {
  /** Runs one health scan at time `now` (synchronously, or returning a promise). */
  readonly scan: (now: number) => void | Promise<void>;
  /** Time source (default: the system clock). */
  readonly clock?: Clock | undefined;
  /** Minimum seconds between lazy scans, from the previous scan's start (default 10; `<= 0` = every call). */
  readonly scanDebounceSeconds?: number | undefined;
  /** Seconds between timer scans (default 5; `null` or `<= 0` = no timer). */
  readonly watchdogIntervalSeconds?: number | null | undefined;
  /** Receives errors thrown by timer scans (default: ignored, the next scan retries). */
  readonly onTimerError?: ((error: unknown) => void) | undefined;
}

/**
 * Schedules the watchdog's health scans: lazily before store operations
 * (`maybeScan`, debounced and single-flight) and, optionally, on an unref'ed
 * interval timer so timeouts are detected when no one calls the store.
 */
export class Watchdog {
  readonly #scan: (now: number) => void | Promise<void>;
  readonly #clock: Clock;
  readonly #debounce: number;
  readonly #onTimerError: (error: unknown) => void;
  #lastStart: number | undefined;
  #inflight: Promise<void> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** @param options - the scan, clock, debounce and timer interval */
  constructor(options: WatchdogOptions) {
    this.#scan = options.scan;
    this.#clock = options.clock ?? systemClock;
    this.#debounce = options.scanDebounceSeconds ?? 10;
    this.#onTimerError = options.onTimerError ?? (() => {});
    const interval =
      options.watchdogIntervalSeconds === undefined ? 5 : options.watchdogIntervalSeconds;
    if (interval !== null && interval > 0) {
      const timer = setInterval(() => this.#runFromTimer(), interval * 1000);
      (timer as { unref?: () => void }).unref?.();
      this.#timer = timer;
    }
  }

  /** Whether the interval timer is running. */
  get timerActive(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Runs a scan unless one started less than `scanDebounceSeconds` ago.
   * Callers arriving while an asynchronous scan runs share it. Returns
   * `undefined` when nothing asynchronous is pending (a synchronous scan ran
   * or none was due), otherwise the promise to await.
   */
  maybeScan(): Promise<void> | undefined {
    if (this.#inflight) return this.#inflight;
    const now = this.#clock.now();
    if (
      this.#debounce > 0 &&
      this.#lastStart !== undefined &&
      now - this.#lastStart < this.#debounce
    ) {
      return undefined;
    }
    return this.#start(now);
  }

  /** Runs a scan now, whatever the debounce window (joins a running one). */
  scanNow(): Promise<void> | undefined {
    return this.#inflight ?? this.#start(this.#clock.now());
  }

  /** Stops the interval timer; lazy scans keep working. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #start(now: number): Promise<void> | undefined {
    this.#lastStart = now;
    const result = this.#scan(now);
    if (!result) return undefined;
    const inflight = result.finally(() => {
      if (this.#inflight === inflight) this.#inflight = undefined;
    });
    this.#inflight = inflight;
    return inflight;
  }

  #runFromTimer(): void {
    try {
      this.scanNow()?.catch(this.#onTimerError);
    } catch (error) {
      this.#onTimerError(error);
    }
  }
}
