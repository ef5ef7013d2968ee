import { InvalidArgumentError, NotFoundError } from '@agl/store-core';
import { isIdempotentReplay, runWithIdempotencyKey } from '@agl/store-core/backend';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPgClient, deletePartition, PostgresLightningStore } from '../../src/index';
import type { SqlClient, SqlExecutor, SqlStatement } from '../../src/sql/client';
import { uniquePartition } from '../support/database';

// Dequeues of different workers and attempt updates of different rollouts
// issued in the same turn share one transaction (group commit); each must get
// what it would have got alone. Only on a PostgreSQL server (PGlite runs every
// transaction alone): AGL_TEST_DATABASE_URL.
const url = inject('pgUrl');

/** The client, counting the transactions that go through it. */
function counting(client: SqlClient): { client: SqlClient; transactions: () => number } {
  let transactions = 0;
  const then = client.transactionThen?.bind(client);
  return {
    transactions: () => transactions,
    client: {
      ...client,
      kind: client.kind,
      query: (text, params) => client.query(text, params),
      transaction: (fn) => {
        transactions++;
        return client.transaction(fn);
      },
      ...(then
        ? {
            transactionThen: <T>(
              fn: (tx: SqlExecutor) => Promise<T>,
              last: (result: T) => readonly SqlStatement[],
            ) => {
              transactions++;
              return then(fn, last);
            },
          }
        : {}),
      listen: (...args) => client.listen(...args),
      close: () => client.close(),
    },
  };
}

describe.skipIf(url === null)('group commit of dequeues and attempt updates', () => {
  let raw: SqlClient;
  beforeAll(async () => {
    raw = createPgClient({ databaseUrl: url as string, maxConnections: 6 });
  }, 60_000);
  afterAll(() => raw?.close());

  async function open() {
    const { client, transactions } = counting(raw);
    const store = await PostgresLightningStore.open({
      client,
      partition: uniquePartition('group'),
      watchdogIntervalSeconds: null,
    });
    return {
      store,
      transactions,
      close: () => store.close().then(() => deletePartition(raw, store.partition)),
    };
  }

  it('concurrent dequeues claim each rollout once, in fewer transactions than calls', async () => {
    const { store, transactions, close } = await open();
    const queued = await store.enqueueManyRollouts(
      Array.from({ length: 12 }, (_, i) => ({ input: { i } })),
    );
    const before = transactions();
    const claimed = await Promise.all(
      Array.from({ length: 16 }, (_, i) => store.dequeueRollout({ workerId: `w${i}` })),
    );
    expect(transactions() - before).toBeLessThan(16);
    const got = claimed.flatMap((r) => (r ? [r.rollout_id] : []));
    expect(got.sort()).toEqual(queued.map((r) => r.rollout_id).sort());
    for (const rollout of claimed.filter((r) => r !== null)) {
      expect(rollout.status).toBe('preparing');
      expect((await store.getRolloutById(rollout.rollout_id))?.status).toBe('preparing');
    }
    // Every worker is recorded with its own claim; the four left empty-handed are idle.
    const workers = await store.queryWorkers();
    expect(workers.total).toBe(16);
    const busy = workers.items.filter((w) => w.current_rollout_id !== null);
    expect(busy.map((w) => w.current_rollout_id).sort()).toEqual(got.sort());
    expect(workers.items.filter((w) => w.status === 'idle')).toHaveLength(4);
    await close();
  });

  it('one worker dequeuing twice at once gets two rollouts, never one twice', async () => {
    const { store, close } = await open();
    await store.enqueueManyRollouts([{ input: 1 }, { input: 2 }, { input: 3 }]);
    const [a, b] = await Promise.all([
      store.dequeueRollout({ workerId: 'same' }),
      store.dequeueRollout({ workerId: 'same' }),
    ]);
    expect(a?.rollout_id).toBeDefined();
    expect(b?.rollout_id).toBeDefined();
    expect(a?.rollout_id).not.toBe(b?.rollout_id);
    await close();
  });

  it('a failing update fails alone; the others of its group are applied once', async () => {
    const { store, close } = await open();
    const [one, two, three] = await Promise.all(
      [1, 2, 3].map((i) => store.startRollout({ i }, { workerId: `w${i}` })),
    );
    if (!one || !two || !three) throw new Error('three rollouts expected');
    const [ok1, unknown, bad, ok2] = await Promise.allSettled([
      store.updateAttempt(one.rollout_id, 'latest', { status: 'succeeded' }),
      store.updateAttempt('ro-unknown', 'latest', { status: 'succeeded' }),
      // PostgreSQL refuses the NUL character in a text column.
      store.updateAttempt(two.rollout_id, 'latest', { workerId: 'NUL \u0000' }),
      store.updateAttempt(three.rollout_id, three.attempt.attempt_id, {
        status: 'failed',
      }),
    ]);
    expect(ok1.status === 'fulfilled' && ok1.value.status).toBe('succeeded');
    expect(unknown.status === 'rejected' && unknown.reason).toBeInstanceOf(NotFoundError);
    expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(InvalidArgumentError) });
    expect(ok2.status === 'fulfilled' && ok2.value.status).toBe('failed');
    expect((await store.getRolloutById(one.rollout_id))?.status).toBe('succeeded');
    expect((await store.getRolloutById(two.rollout_id))?.status).toBe('preparing');
    expect((await store.getRolloutById(three.rollout_id))?.status).toBe('failed');
    const worker = await store.getWorkerById('w1');
    expect(worker?.current_rollout_id).toBeNull();
    await close();
  });

  it('updates of different rollouts share a transaction and each applies to its own attempt', async () => {
    const { store, transactions, close } = await open();
    const started = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => store.startRollout({ i }, { workerId: `w${i % 3}` })),
    );
    // A second attempt of the first rollout: `latest` must mean that one, an id its own.
    const second = await store.startAttempt(started[0]?.rollout_id as string);
    const before = transactions();
    const updated = await Promise.all(
      started.map((rollout, i) =>
        store.updateAttempt(
          rollout.rollout_id,
          i % 2 === 0 ? 'latest' : rollout.attempt.attempt_id,
          { status: i < 3 ? 'succeeded' : 'running', metadata: { i } },
        ),
      ),
    );
    expect(transactions() - before).toBeLessThan(started.length);
    expect(updated[0]?.attempt_id).toBe(second.attempt.attempt_id);
    for (const [i, rollout] of started.entries()) {
      const attempt = updated[i];
      if (i > 0) expect(attempt?.attempt_id).toBe(rollout.attempt.attempt_id);
      expect(attempt?.status).toBe(i < 3 ? 'succeeded' : 'running');
      const stored = await store.getLatestAttempt(rollout.rollout_id);
      expect(stored?.metadata).toEqual({ i });
      expect((await store.getRolloutById(rollout.rollout_id))?.status).toBe(
        i < 3 ? 'succeeded' : 'running',
      );
    }
    // The first rollout's first attempt was left alone.
    const attempts = await store.queryAttempts(started[0]?.rollout_id as string);
    expect(attempts.items[0]?.status).toBe('preparing');
    await close();
  });

  it('concurrent updates of one rollout apply one after the other', async () => {
    const { store, close } = await open();
    const started = await store.startRollout({ x: 1 }, { workerId: 'w' });
    const id = started.rollout_id;
    await Promise.all([
      store.updateAttempt(id, 'latest', { status: 'running' }),
      store.updateAttempt(id, 'latest', { metadata: { step: 2 } }),
    ]);
    const attempt = await store.getLatestAttempt(id);
    expect(attempt?.status).toBe('running');
    expect(attempt?.metadata).toEqual({ step: 2 });
    await close();
  });

  it('a repeated key is answered from its record, also inside a group', async () => {
    const { store, close } = await open();
    await store.enqueueManyRollouts(Array.from({ length: 6 }, (_, i) => ({ input: i })));
    const keyed = (key: string, workerId: string) =>
      runWithIdempotencyKey(key, 60, async () => {
        const rollout = await store.dequeueRollout({ workerId });
        return { rollout, replayed: isIdempotentReplay() };
      });
    const first = await keyed('k1', 'a');
    expect(first.replayed).toBe(false);
    const [again, b, c] = await Promise.all([keyed('k1', 'a'), keyed('k2', 'b'), keyed('k3', 'c')]);
    expect(again.replayed).toBe(true);
    expect(again.rollout).toEqual(first.rollout);
    expect([b.replayed, c.replayed]).toEqual([false, false]);
    const ids = [first, b, c].map((r) => r.rollout?.rollout_id);
    expect(new Set(ids).size).toBe(3);
    // Three rollouts claimed in all: the replay claimed nothing.
    expect((await store.queryRollouts({ statusIn: ['queuing'] })).total).toBe(3);
    await close();
  });
});
