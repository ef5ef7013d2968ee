import { InvalidArgumentError, UnavailableError } from '@agl/store-core';
import { makeSpan } from '@agl/store-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteClient, deletePartition, PostgresLightningStore } from '../src/index';
import type { SqlClient } from '../src/sql/client';
import { uniquePartition } from './support/database';

// Behaviour specific to this backend, on one embedded database.
let client: SqlClient;
beforeAll(async () => {
  client = await createPgliteClient();
}, 60_000);
afterAll(() => client.close());

const open = (partition = uniquePartition()) =>
  PostgresLightningStore.open({ client, partition, watchdogIntervalSeconds: null });

describe('partitions', () => {
  it('stores on different partitions do not see each other', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const queued = await a.enqueueRollout({ for: 'a' });
    await a.addResources({});
    await a.updateWorker('Worker-a');
    expect(await b.getRolloutById(queued.rollout_id)).toBeNull();
    expect(await b.dequeueRollout()).toBeNull();
    expect((await b.queryRollouts()).total).toBe(0);
    expect(await b.getLatestResources()).toBeNull();
    expect((await b.queryWorkers()).total).toBe(0);
    expect(await b.getNextSpanSequenceId(queued.rollout_id, 'at-x')).toBe(1);
    expect(await a.getNextSpanSequenceId(queued.rollout_id, 'at-x')).toBe(1);
    expect((await a.dequeueRollout())?.rollout_id).toBe(queued.rollout_id);
    await Promise.all([a.close(), b.close()]);
  });

  it('stores on the same partition share one state', async () => {
    const partition = uniquePartition();
    const [a, b] = await Promise.all([open(partition), open(partition)]);
    const queued = await a.enqueueRollout({});
    const claimed = await b.dequeueRollout({ workerId: 'Worker-b' });
    expect(claimed?.rollout_id).toBe(queued.rollout_id);
    expect((await a.getWorkerById('Worker-b'))?.status).toBe('busy');
    const waiting = a.waitForRollouts([queued.rollout_id], { timeoutSeconds: 30 });
    await b.updateAttempt(queued.rollout_id, 'latest', { status: 'succeeded' });
    expect((await waiting).map((r) => r.status)).toEqual(['succeeded']);
    await Promise.all([a.close(), b.close()]);
  });

  it('deletePartition removes every row of the partition and nothing else', async () => {
    const [kept, dropped] = await Promise.all([open(), open()]);
    for (const store of [kept, dropped]) {
      const started = await store.startRollout({}, { workerId: 'W' });
      await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
      await store.addResources({});
    }
    // rollout, attempt, span, span counter, worker, resources
    expect(await deletePartition(client, dropped.partition)).toBe(6);
    expect((await dropped.statistics()).total_rollouts).toBe(0);
    expect(await kept.statistics()).toMatchObject({ total_rollouts: 1, total_spans: 1 });
    await Promise.all([kept.close(), dropped.close()]);
  });

  it('rejects an empty partition name', async () => {
    await expect(open('')).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('statistics and capabilities', () => {
  it('reports the name, the five totals and uptime, and no memory figures', async () => {
    const store = await open();
    const stats = await store.statistics();
    expect(Object.keys(stats).sort()).toEqual(
      [
        'name',
        'total_attempts',
        'total_resources',
        'total_rollouts',
        'total_spans',
        'total_workers',
        'uptime',
      ].sort(),
    );
    expect(stats.name).toBe('PostgresLightningStore');
    expect(store.capabilities).toEqual({
      thread_safe: true,
      async_safe: true,
      zero_copy: false,
      otlp_traces: false,
    });
    await store.close();
  });
});

describe('values PostgreSQL cannot store and closed stores', () => {
  it('a NUL character in an id is an InvalidArgumentError and the store keeps working', async () => {
    const store = await open();
    await expect(store.updateResources('bad\u0000id', {})).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    const input = { text: 'NUL \u0000 inside JSON is fine' };
    const queued = await store.enqueueRollout(input);
    expect((await store.getRolloutById(queued.rollout_id))?.input).toEqual(input);
    await store.close();
  });

  it('after close calls fail with UnavailableError and pending waits resolve', async () => {
    const store = await open();
    const started = await store.startRollout({});
    const waiting = store.waitForRollouts([started.rollout_id], { timeoutSeconds: null });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.close();
    expect(await waiting).toEqual([]);
    await expect(store.enqueueRollout({})).rejects.toBeInstanceOf(UnavailableError);
  });

  it('a dequeue batch with a limit of 0 claims nothing but marks the worker idle', async () => {
    const store = await open();
    await store.enqueueRollout({});
    expect(await store.dequeueManyRollouts({ limit: 0, workerId: 'W' })).toEqual([]);
    expect((await store.getWorkerById('W'))?.status).toBe('idle');
    expect((await store.queryRollouts({ statusIn: ['queuing'] })).total).toBe(1);
    await store.close();
  });
});
