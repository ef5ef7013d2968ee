import { sleep, until } from '@agl/store-core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPgClient, deletePartition, PostgresLightningStore } from '../src/index';
import type { SqlClient } from '../src/sql/client';
import { uniquePartition } from './support/database';

const url = inject('pgUrl');

describe.skipIf(url === null)('waitForRollouts across connections (LISTEN/NOTIFY)', () => {
  const partition = uniquePartition('notify');
  const applicationName = `agl-test-${partition}`;
  let admin: SqlClient;
  let waiterClient: SqlClient;
  let writerClient: SqlClient;
  let waiterStore: PostgresLightningStore;
  let writerStore: PostgresLightningStore;

  beforeAll(async () => {
    admin = createPgClient({ databaseUrl: url as string, maxConnections: 1 });
    waiterClient = createPgClient({ databaseUrl: url as string, applicationName });
    writerClient = createPgClient({ databaseUrl: url as string });
    const options = { partition, watchdogIntervalSeconds: null };
    waiterStore = await PostgresLightningStore.open({ ...options, client: waiterClient });
    writerStore = await PostgresLightningStore.open({ ...options, client: writerClient });
  });

  afterAll(async () => {
    await Promise.all([waiterStore.close(), writerStore.close()]);
    await Promise.all([waiterClient.close(), writerClient.close()]);
    await deletePartition(admin, partition);
    await admin.close();
  });

  it('wakes a waiter on one pool when another pool finishes the rollout', async () => {
    const started = await writerStore.startRollout({});
    const waiting = waiterStore.waitForRollouts([started.rollout_id], { timeoutSeconds: 30 });
    await sleep(0.05);
    await writerStore.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    const [done] = await waiting;
    expect(done?.status).toBe('succeeded');
  });

  it('ignores terminal transitions of other partitions', async () => {
    const other = await PostgresLightningStore.open({
      client: writerClient,
      partition: uniquePartition('other'),
      watchdogIntervalSeconds: null,
    });
    const mine = await writerStore.startRollout({});
    const theirs = await other.startRollout({});
    expect(await waiterStore.getRolloutById(theirs.rollout_id)).toBeNull();
    const waiting = waiterStore.waitForRollouts([mine.rollout_id, theirs.rollout_id], {
      timeoutSeconds: 0.5,
    });
    await other.updateRollout(theirs.rollout_id, { status: 'succeeded' });
    expect(await waiting).toEqual([]);
    await other.close();
    await deletePartition(admin, other.partition);
  });

  it('re-reads what it waits for after its listening connection was cut', async () => {
    const started = await writerStore.startRollout({});
    const waiting = waiterStore.waitForRollouts([started.rollout_id], { timeoutSeconds: 30 });
    const listener = `SELECT pid FROM pg_stat_activity
      WHERE application_name = $1 AND query LIKE 'LISTEN%'`;
    await until(async () => (await admin.query(listener, [applicationName])).length > 0, {
      what: 'LISTEN',
      timeoutSeconds: 5,
    });
    const [row] = await admin.query<{ pid: number }>(listener, [applicationName]);
    await admin.query('SELECT pg_terminate_backend($1)', [row?.pid]);
    // Finished while nobody listens: the notification is lost, the resync after
    // the reconnection must find the rollout finished.
    await writerStore.updateRollout(started.rollout_id, { status: 'cancelled' });
    const [done] = await waiting;
    expect(done?.status).toBe('cancelled');
    await until(async () => (await admin.query(listener, [applicationName])).length > 0, {
      what: 'LISTEN',
      timeoutSeconds: 5,
    });
    const next = await writerStore.startRollout({});
    const again = waiterStore.waitForRollouts([next.rollout_id], { timeoutSeconds: 30 });
    await sleep(0.05);
    await writerStore.updateAttempt(next.rollout_id, 'latest', { status: 'failed' });
    expect((await again).map((r) => r.status)).toEqual(['failed']);
  });
});
