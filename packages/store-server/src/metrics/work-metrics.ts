import type { MetricsRegistry } from '@agl/metrics';
import type { LightningStore } from '@agl/store-core';
import type { ObservableStore, WatchdogReason } from '@agl/store-core/backend';

const REASONS: readonly WatchdogReason[] = ['timeout', 'unresponsive', 'stranded_claim'];

/**
 * Counts the work a store does on its own, as the store reports it (see
 * `StoreObserver`): attempts the watchdog ended and rollouts it put back in
 * the queue, by reason, and span memory eviction. Nothing is registered for
 * a store that does not report its work (an HTTP client, a wrapper).
 *
 * @param metrics - where the counters live
 * @param store - the store (not the instrumented wrapper)
 * @returns removes the observer, or `undefined` when the store reports nothing
 */
export function countStoreWork(
  metrics: MetricsRegistry,
  store: LightningStore,
): (() => void) | undefined {
  const observable = store as Partial<ObservableStore>;
  if (typeof observable.addObserver !== 'function') return undefined;
  const ended = metrics.counter(
    'agl_watchdog_attempts_ended_total',
    'Attempts the watchdog ended, by reason (timeout, unresponsive, stranded_claim)',
    ['reason'],
  );
  const requeues = metrics.counter(
    'agl_watchdog_requeues_total',
    'Rollouts the watchdog put back in the queue, by reason',
    ['reason'],
  );
  // Every reason shows from the first scrape, at 0, so rates work from the start.
  for (const reason of REASONS) {
    ended.inc({ reason }, 0);
    requeues.inc({ reason }, 0);
  }
  const passes = metrics.counter('agl_evictions_total', 'Eviction passes of span memory');
  const rollouts = metrics.counter(
    'agl_evicted_rollouts_total',
    'Rollouts whose spans were evicted',
  );
  const spans = metrics.counter('agl_evicted_spans_total', 'Spans evicted');
  const bytes = metrics.counter('agl_evicted_span_bytes_total', 'Accounted span bytes evicted');
  return observable.addObserver.call(store, {
    watchdogEnded({ reason, requeued }) {
      ended.inc({ reason });
      if (requeued) requeues.inc({ reason });
    },
    spansEvicted(event) {
      passes.inc();
      rollouts.inc(event.rollouts);
      spans.inc(event.spans);
      bytes.inc(event.bytes);
    },
  });
}
