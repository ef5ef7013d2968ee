import { LightningStoreClient } from '@agl/store-client';
import { describe, expect, inject, it } from 'vitest';
import { uniquePartition } from './support/database';
import { useServerGroup } from './support/server-group';
import { newAcknowledged, runWorker } from './support/workload';

const url = inject('pgUrl');
const ROLLOUTS = 5000;
const CLIENTS = 8;

describe.skipIf(url === null)('two server processes over one database and partition', () => {
  const partition = uniquePartition('multi');
  const options = { databaseUrl: url as string, partition };
  const group = useServerGroup(options);
  const { servers } = group;

  it('hands every one of 5000 rollouts out exactly once and finishes them all', async () => {
    const [a, b] = servers.map(
      (server) => new LightningStoreClient(server.endpoint, { logger: null }),
    ) as [LightningStoreClient, LightningStoreClient];
    const ids: string[] = [];
    for (let start = 0; start < ROLLOUTS; start += 1000) {
      const batch = Array.from({ length: 1000 }, (_, i) => ({ input: { task: start + i } }));
      ids.push(...(await a.enqueueManyRollouts(batch)).map((rollout) => rollout.rollout_id));
    }
    // A waiter on server A for rollouts the runners finish through either server:
    // only a notification from the other process can wake it for half of them.
    const watched = ids.slice(0, 200);
    const waiting = a.waitForRollouts(watched, { timeoutSeconds: 300 });

    const acked = newAcknowledged();
    const runners = Array.from({ length: CLIENTS }, (_, i) =>
      runWorker(i % 2 === 0 ? a : b, `Worker-${i}`, acked, () => true),
    );
    await Promise.all(runners);

    expect(acked.claims.size).toBe(ROLLOUTS);
    expect([...acked.claims.values()].every((attempts) => attempts.length === 1)).toBe(true);
    expect(acked.succeeded.size).toBe(ROLLOUTS);
    const [counts] = await group.db.query(
      `SELECT (SELECT count(*) FROM agl_attempts WHERE partition = $1) AS attempts,
              (SELECT max(sequence_id) FROM agl_attempts WHERE partition = $1) AS max_sequence,
              (SELECT count(*) FROM agl_spans WHERE partition = $1) AS spans,
              (SELECT count(*) FROM agl_rollouts WHERE partition = $1 AND status = 'succeeded')
                AS succeeded,
              (SELECT count(*) FROM agl_rollouts WHERE partition = $1 AND queue_seq IS NOT NULL)
                AS queued`,
      [partition],
    );
    expect(counts).toEqual({
      attempts: ROLLOUTS,
      max_sequence: 1,
      spans: ROLLOUTS,
      succeeded: ROLLOUTS,
      queued: 0,
    });
    const finished = await waiting;
    expect(finished.map((rollout) => rollout.rollout_id)).toEqual(watched);
    expect(finished.every((rollout) => rollout.status === 'succeeded')).toBe(true);
    expect(await b.dequeueRollout()).toBeNull();
  }, 600_000);
});
