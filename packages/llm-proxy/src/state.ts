/**
 * The mutable state one gateway shares between its routes and its `LlmProxy` handle.
 */
import type { LightningStore } from '@agl/store-core';
import type { Agent } from 'undici';
import { GatewayMetrics } from './metrics.js';
import { ModelRegistry } from './models.js';
import type { ResolvedOptions } from './options.js';
import { Recorder } from './record.js';
import { RolloutCache } from './rollouts.js';
import { SequenceAllocator } from './sequences.js';
import { createDispatcher } from './upstream.js';

/** Pause state, as `GET /proxy/state` reports it (with `inflight`). */
export interface ProxyState {
  /** Whether new calls are refused with 429. */
  paused: boolean;
  /** `Retry-After` sent to refused calls. */
  retry_after_seconds: number;
  /** Why the gateway is paused. */
  reason: string | null;
  /** Calls between admission and the end of their upstream exchange. */
  inflight: number;
}

/** Counters of `stats()` and `GET /proxy/stats`. */
export interface ProxyStats {
  /** Generation calls received. */
  calls_total: number;
  /** Of which attributed to a rollout and attempt. */
  calls_attributed: number;
  /** Of which failed (non-2xx answer, transport failure, incomplete stream). */
  calls_failed: number;
  /** Records stored. */
  records_written: number;
  /** Records the store refused or that could not be written in time. */
  records_failed: number;
  /** Records being written. */
  records_pending: number;
  /** Calls in flight. */
  inflight: number;
  /** Whether paused. */
  paused: boolean;
}

/** Shared state of one gateway. */
export class GatewayState {
  readonly registry = new ModelRegistry();
  readonly rollouts = new RolloutCache();
  readonly sequences = new SequenceAllocator();
  readonly recorder: Recorder;
  dispatcher: Agent = createDispatcher();
  store: LightningStore | null = null;
  paused = false;
  retryAfterSeconds = 5;
  reason: string | null = null;
  inflight = 0;
  callsTotal = 0;
  callsAttributed = 0;
  callsFailed = 0;
  /** Streams being passed through (for the metrics). */
  streamsActive = 0;
  /** The gateway's metrics, when a registry was given. */
  readonly metrics: GatewayMetrics | null;
  /** Set by `stop()`: calls aborted from now on were stopped by the gateway, not by their client. */
  stopping = false;
  /** Aborts the upstream exchanges of calls in flight (used by `stop()`). */
  readonly active = new Set<AbortController>();
  private readonly idleWaiters = new Set<() => void>();
  private readonly warnedKeys = new Set<string>();

  constructor(readonly options: ResolvedOptions) {
    this.metrics =
      options.metrics === null
        ? null
        : new GatewayMetrics(options.metrics, () => ({
            ...this.stats(),
            streams_active: this.streamsActive,
          }));
    const metrics = this.metrics;
    this.recorder = new Recorder(
      options.logger,
      options.recordRetryMs,
      options.onRecord,
      metrics ? (stored) => metrics.record(stored) : null,
    );
  }

  /** Logs a warning once per key. */
  warnOnce(key: string, message: string): void {
    if (this.warnedKeys.has(key)) return;
    this.warnedKeys.add(key);
    this.options.logger.warn(message);
  }

  /** A call passed the pause check. */
  enter(): void {
    this.inflight++;
  }

  /** A call's upstream exchange ended. */
  leave(): void {
    this.inflight = Math.max(0, this.inflight - 1);
    if (this.inflight === 0) for (const wake of [...this.idleWaiters]) wake();
  }

  /** Resolves when no call is in flight, or with `false` after `timeoutMs`. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.inflight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.add(wake);
    });
  }

  /** The pause state. */
  state(): ProxyState {
    return {
      paused: this.paused,
      retry_after_seconds: this.retryAfterSeconds,
      reason: this.reason,
      inflight: this.inflight,
    };
  }

  /** The counters. */
  stats(): ProxyStats {
    return {
      calls_total: this.callsTotal,
      calls_attributed: this.callsAttributed,
      calls_failed: this.callsFailed,
      records_written: this.recorder.counters.written,
      records_failed: this.recorder.counters.failed,
      records_pending: this.recorder.counters.pending,
      inflight: this.inflight,
      paused: this.paused,
    };
  }
}
