import { ManualClock } from '@agl/store-core';
import { runWithIdempotencyKey } from '@agl/store-core/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteClient, deletePartition, PostgresLightningStore } from '../src/index';
import type { SqlClient } from '../src/sql/client';
import { uniquePartition } from './support/database';

// Keys recorded with the write they protect, on embedded PGlite: one store per
// test, each on its own partition.
let client: SqlClient;
beforeAll(async () => {
  client = await createPgliteClient();
}, 60_000);
afterAll(() => client.close());

async function open(clock = new ManualClock(1000)) {
  const store = await PostgresLightningStore.open({
    client,
    partition: uniquePartition('idem'),
    clock,
    watchdogIntervalSeconds: null,
  });
  return {
    store,
    clock,
    close: () => store.close().then(() => deletePartition(client, store.partition)),
  };
}

describe('durable idempotency keys', () => {
  it('a second store on the same partition answers a repeated key with the first result', async () => {
    const { store, clock, close } = await open();
    const twin = await PostgresLightningStore.open({ client, partition: store.partition, clock });
    const first = await runWithIdempotencyKey('POST /v1/agl/rollouts k1', 60, () =>
      store.startRollout({ task: 1 }),
    );
    const again = await runWithIdempotencyKey('POST /v1/agl/rollouts k1', 60, () =>
      twin.startRollout({ task: 1 }),
    );
    expect(again).toEqual(first);
    expect((await store.queryRollouts()).total).toBe(1);
    await twin.close();
    await close();
  });

  it('covers enqueue, start attempt, add resources and add spans', async () => {
    const { store, close } = await open();
    const key = (name: string) => `key ${name}`;
    const twice = async <T>(name: string, fn: () => Promise<T>) => {
      const a = await runWithIdempotencyKey(key(name), 60, fn);
      const b = await runWithIdempotencyKey(key(name), 60, fn);
      expect(b).toEqual(a);
      return a;
    };
    const [queued] = await twice('enqueue', () => store.enqueueManyRollouts([{ input: 1 }]));
    expect((await store.queryRollouts()).total).toBe(1);
    const attempted = await twice('attempt', () =>
      store.startAttempt(queued?.rollout_id as string),
    );
    expect(attempted.attempt.sequence_id).toBe(1);
    expect((await store.queryAttempts(queued?.rollout_id as string)).total).toBe(1);
    await twice('resources', () => store.addResources({}));
    expect((await store.queryResources()).total).toBe(1);
    expect(await store.getLatestAttempt(queued?.rollout_id as string)).not.toBeNull();
    await close();
  });

  it('forgets a key after its lifetime, and a key is taken by the first keyed write only', async () => {
    const { store, clock, close } = await open();
    await runWithIdempotencyKey('k', 5, () => store.startRollout(1));
    clock.advance(6);
    await runWithIdempotencyKey('k', 5, () => store.startRollout(1));
    expect((await store.queryRollouts()).total).toBe(2);
    // Two creates in one scope: the second is not answered from the first's record.
    await runWithIdempotencyKey('two', 60, async () => {
      await store.startRollout(1);
      await store.startRollout(2);
    });
    expect((await store.queryRollouts()).total).toBe(4);
    await close();
  });

  it('does not record a failed write: the retry runs again', async () => {
    const { store, close } = await open();
    await expect(
      runWithIdempotencyKey('bad', 60, () => store.startAttempt('ro-000000000000')),
    ).rejects.toThrow();
    const rollout = await store.startRollout(1);
    const attempt = await runWithIdempotencyKey('bad', 60, () =>
      store.startAttempt(rollout.rollout_id),
    );
    expect(attempt.attempt.sequence_id).toBe(2);
    await close();
  });
});
