import type { MetricsRegistry } from '@agl/metrics';
import type { LightningStore } from '@agl/store-core';
import { isIdempotentReplay } from '@agl/store-core/backend';
import { ROLLOUT_STATUSES } from '@agl/types';

const FAILED_ATTEMPT = new Set(['failed', 'timeout', 'unresponsive']);

interface Counted {
  attempt?: { sequence_id?: number };
}

/**
 * Wraps a store so that the writes the HTTP layer calls are counted:
 * attempts started (and how many of them were retries), attempts that ended
 * failed, timed out or unresponsive, spans ingested and their JSON bytes,
 * and the size of the wait room (waits being held). An answer the store
 * replayed from a recorded idempotency key is not counted again.
 * Every other member passes through to the store unchanged, called on the
 * store itself (so private fields keep working).
 *
 * @param store - the store to serve
 * @param metrics - where the counters live
 */
export function instrumentStore(store: LightningStore, metrics: MetricsRegistry): LightningStore {
  const started = metrics.counter(
    'agl_attempts_started_total',
    'Attempts started (dequeue or start)',
  );
  const retried = metrics.counter(
    'agl_attempts_retried_total',
    'Attempts started after an earlier one',
  );
  const failed = metrics.counter(
    'agl_attempts_failed_total',
    'Attempts set to failed, timeout or unresponsive through the API',
    ['status'],
  );
  const spans = metrics.counter('agl_spans_ingested_total', 'Spans stored');
  const spanBytes = metrics.counter('agl_span_bytes_ingested_total', 'JSON bytes of spans stored');
  const countAttempts = (value: unknown) => {
    for (const item of Array.isArray(value) ? value : [value]) {
      const sequence = (item as Counted | null)?.attempt?.sequence_id;
      if (typeof sequence !== 'number') continue;
      started.inc();
      if (sequence > 1) retried.inc();
    }
  };
  const countSpans = (value: unknown) => {
    for (const span of Array.isArray(value) ? value : [value]) {
      if (span === null || span === undefined) continue;
      spans.inc();
      spanBytes.inc(Buffer.byteLength(JSON.stringify(span)));
    }
  };
  const after: Record<string, (result: unknown, args: unknown[]) => void> = {
    startRollout: countAttempts,
    dequeueRollout: countAttempts,
    dequeueManyRollouts: countAttempts,
    startAttempt: countAttempts,
    addSpan: countSpans,
    addManySpans: countSpans,
    addOtelSpan: countSpans,
    updateAttempt: (_result, args) => {
      const status = (args[2] as { status?: string } | undefined)?.status;
      if (status && FAILED_ATTEMPT.has(status)) failed.inc({ status });
    },
  };
  // The wait room: long waits (`/waits/rollouts`) being held right now.
  let waiting = 0;
  metrics.collectedGauge({
    name: 'agl_wait_room_size',
    help: 'Rollout waits being held open',
    collect: () => [{ value: waiting }],
  });
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'waitForRollouts')
        return async (...args: unknown[]) => {
          waiting += 1;
          try {
            return await value.apply(target, args);
          } finally {
            waiting -= 1;
          }
        };
      const count = typeof property === 'string' ? after[property] : undefined;
      if (!count) return value.bind(target);
      return async (...args: unknown[]) => {
        const result = await value.apply(target, args);
        // A first answer replayed from a recorded key (a retry that reached
        // another process) was counted where it was first given.
        if (!isIdempotentReplay()) count(result, args);
        return result;
      };
    },
  });
}

/**
 * Registers the scrape-time gauges of a store: rollouts by status, queue
 * depth (queuing plus requeuing), the store's statistics (totals, span bytes
 * and eviction thresholds where the backend keeps spans in memory) and, for
 * a PostgreSQL store on a server, the connection pool's use.
 *
 * @param metrics - the registry
 * @param store - the store (not the instrumented wrapper)
 */
export function registerStoreGauges(metrics: MetricsRegistry, store: LightningStore): void {
  const countByStatus = async () =>
    Promise.all(
      ROLLOUT_STATUSES.map(async (status) => ({
        labels: { status },
        value: (await store.queryRollouts({ statusIn: [status], limit: 0 })).total,
      })),
    );
  metrics.collectedGauge({
    name: 'agl_rollouts',
    help: 'Rollouts by status',
    labelNames: ['status'],
    collect: countByStatus,
  });
  metrics.collectedGauge({
    name: 'agl_queue_depth',
    help: 'Rollouts waiting in the queue (queuing or requeuing)',
    collect: async () => {
      const page = await store.queryRollouts({ statusIn: ['queuing', 'requeuing'], limit: 0 });
      return [{ value: page.total }];
    },
  });
  metrics.collectedGauge({
    name: 'agl_store_statistic',
    help: 'Numeric fields of the store statistics (totals, span bytes, eviction thresholds)',
    labelNames: ['field'],
    collect: async () => {
      const statistics = (await store.statistics()) as unknown as Record<string, unknown>;
      return Object.entries(statistics)
        .filter(([, value]) => typeof value === 'number')
        .map(([field, value]) => ({ labels: { field }, value: value as number }));
    },
  });
  const pool = (store as { client?: { pool?: PoolLike } }).client?.pool;
  if (pool) {
    metrics.collectedGauge({
      name: 'agl_postgres_pool_connections',
      help: 'PostgreSQL pool connections by state (total, idle, in_use, waiting clients, max)',
      labelNames: ['state'],
      collect: () => {
        const samples = [
          { labels: { state: 'total' }, value: pool.totalCount },
          { labels: { state: 'idle' }, value: pool.idleCount },
          { labels: { state: 'in_use' }, value: pool.totalCount - pool.idleCount },
          { labels: { state: 'waiting' }, value: pool.waitingCount },
        ];
        const max = pool.options?.max;
        if (typeof max === 'number') samples.push({ labels: { state: 'max' }, value: max });
        return samples;
      },
    });
  }
}

/** What a node-postgres pool tells about its connections. */
interface PoolLike {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options?: { readonly max?: number };
}
