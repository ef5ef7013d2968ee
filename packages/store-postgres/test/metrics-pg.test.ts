import { ManualClock, silentLogger } from '@agl/store-core';
import { LightningStoreServer } from '@agl/store-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { httpCall, makeSpan } from '../../store-server/test/helpers';
import {
  checkWatchdogMetrics,
  rolloutWithSpans,
  sampleOf,
  scrape,
  startMetricsServer,
} from '../../store-server/test/metrics/scenarios';
import {
  createPgClient,
  createPostgresStore,
  deletePartition,
  PostgresLightningStore,
} from '../src/index';
import type { SqlClient } from '../src/sql/client';
import { FaultProxy } from './chaos/fault-proxy';
import { uniquePartition } from './support/database';

// The metrics of `agl store --tracker prometheus` over a real PostgreSQL
// server: the counters of the watchdog's work come from the store's own scan,
// the pool gauge from its node-postgres pool, the other gauges from queries.
const url = inject('pgUrl');

describe.skipIf(url === null)('metrics of a server on PostgreSQL', () => {
  const clock = new ManualClock(1_700_000_000);
  let db: SqlClient;
  let store: PostgresLightningStore;
  let server: LightningStoreServer;
  let base: string;
  beforeAll(async () => {
    db = createPgClient({ databaseUrl: url as string, maxConnections: 4 });
    store = await PostgresLightningStore.open({
      client: db,
      partition: uniquePartition('metrics'),
      clock,
      scanDebounceSeconds: 0,
      watchdogIntervalSeconds: null,
      claimTimeoutSeconds: 60,
    });
    server = await startMetricsServer(store, clock);
    base = server.endpoint;
  });
  afterAll(async () => {
    await server?.stop();
    await store?.close();
    if (store) await deletePartition(db, store.partition);
    await db?.close();
  });

  it('counts the attempts the watchdog ends and the rollouts it requeues, by reason', async () => {
    await checkWatchdogMetrics(base, clock);
  });

  it('has the store gauges and counters of the memory backend: spans, failures, wait room', async () => {
    const before = await scrape(base);
    const rolloutId = await rolloutWithSpans(base, 2);
    const attempt = (await httpCall(base, 'GET', `/v1/agl/rollouts/${rolloutId}`)).body.attempt;
    const failed = await httpCall(
      base,
      'POST',
      `/v1/agl/rollouts/${rolloutId}/attempts/${attempt.attempt_id}`,
      { json: { status: 'failed' } },
    );
    expect(failed.status).toBe(200);
    const after = await scrape(base);
    const moved = (name: string, labels?: Record<string, string>) =>
      sampleOf(after, name, labels) - sampleOf(before, name, labels);
    expect(moved('agl_spans_ingested_total')).toBe(2);
    expect(moved('agl_span_bytes_ingested_total')).toBeGreaterThan(0);
    expect(moved('agl_attempts_started_total')).toBe(1);
    expect(moved('agl_attempts_failed_total', { status: 'failed' })).toBe(1);
    expect(moved('agl_rollouts', { status: 'failed' })).toBe(1);
    expect(sampleOf(after, 'agl_wait_room_size')).toBe(0);
    expect(after).toContain('agl_store_statistic{field="total_rollouts"} 4');
  });

  it('shows the connection pool: total, idle, in use, waiting and its size', async () => {
    const text = await scrape(base);
    const pool = (state: string) => sampleOf(text, 'agl_postgres_pool_connections', { state });
    expect(pool('max')).toBe(4);
    expect(pool('total')).toBeGreaterThanOrEqual(1);
    expect(pool('total')).toBeLessThanOrEqual(4);
    expect(pool('in_use')).toBe(pool('total') - pool('idle'));
    expect(text).toContain('agl_postgres_pool_connections{state="waiting"}');
  });
});

describe.skipIf(url === null)('readiness of a server on PostgreSQL', () => {
  it('answers 503 while the database is unreachable and 200 again once it is back', async () => {
    const real = new URL(url as string);
    const proxy = new FaultProxy([Number(real.port || 5432)]);
    const viaProxy = new URL(url as string);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await proxy.listen());
    const store = await createPostgresStore({
      databaseUrl: viaProxy.toString(),
      partition: uniquePartition('ready'),
      maxConnections: 2,
      watchdogIntervalSeconds: null,
    });
    const server = new LightningStoreServer({ store, port: 0, logger: silentLogger });
    await server.start();
    try {
      const ready = () => httpCall(server.endpoint, 'GET', '/v1/agl/ready');
      expect((await ready()).status).toBe(200);
      // Every connection severed and new ones refused: the database is gone.
      proxy.cut(3_600_000);
      const down = await ready();
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('unavailable');
      // Health only says the process is up.
      expect((await httpCall(server.endpoint, 'GET', '/v1/agl/health')).status).toBe(200);
      proxy.cut(0);
      expect((await ready()).status).toBe(200);
    } finally {
      await server.stop();
      await store.close();
      await proxy.close();
    }
  });
});

describe.skipIf(url === null)('counters of two server processes on one partition', () => {
  it('do not count again an answer replayed from a key the other process recorded', async () => {
    const db = createPgClient({ databaseUrl: url as string, maxConnections: 4 });
    const partition = uniquePartition('replay');
    const stores: PostgresLightningStore[] = [];
    const servers: LightningStoreServer[] = [];
    try {
      // Two stores and two servers, each with its own key memory and registry:
      // what two `agl store` processes on one database are.
      for (let i = 0; i < 2; i++) {
        const store = await PostgresLightningStore.open({
          client: db,
          partition,
          watchdogIntervalSeconds: null,
        });
        stores.push(store);
        servers.push(await startMetricsServer(store));
      }
      const [first, second] = servers.map((server) => server.endpoint) as [string, string];
      await httpCall(first, 'POST', '/v1/agl/queues/rollouts/enqueue', {
        json: { rollouts: [{ input: 1 }] },
      });
      const dequeue = (base: string) =>
        httpCall(base, 'POST', '/v1/agl/queues/rollouts/dequeue', {
          json: { limit: 1, worker_id: 'w' },
          headers: { 'idempotency-key': 'claim-1' },
        });
      const claimed = (await dequeue(first)).body as { attempt: { attempt_id: string } }[];
      const replayed = (await dequeue(second)).body as { attempt: { attempt_id: string } }[];
      expect(replayed).toEqual(claimed);
      const [rollout] = claimed as [{ rollout_id: string; attempt: { attempt_id: string } }];
      const span = makeSpan(rollout.rollout_id, rollout.attempt.attempt_id, 'aa');
      for (const base of [first, second]) {
        const added = await httpCall(base, 'POST', '/v1/agl/spans', {
          json: span,
          headers: { 'idempotency-key': 'span-1' },
        });
        expect(added.status).toBe(201);
      }
      const [one, two] = [await scrape(first), await scrape(second)];
      expect(sampleOf(one, 'agl_attempts_started_total')).toBe(1);
      expect(sampleOf(two, 'agl_attempts_started_total')).toBe(0);
      expect(sampleOf(one, 'agl_spans_ingested_total')).toBe(1);
      expect(sampleOf(two, 'agl_spans_ingested_total')).toBe(0);
    } finally {
      for (const server of servers) await server.stop();
      for (const store of stores) await store.close();
      await deletePartition(db, partition);
      await db.close();
    }
  });
});
