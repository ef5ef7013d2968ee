import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { captureLogger } from './helpers/capture-logger';
import { closeAfterEach } from './helpers/close-after-each';
import { type FakeReply, startFakeServer } from './helpers/fake-server';
import { exchange } from './helpers/fixtures';

const DEQUEUE = 'POST /v1/agl/queues/rollouts/dequeue';
const claimed = exchange('rollouts.dequeue.with_worker').response.body as object[];

const closing = closeAfterEach();

async function setup(replies: FakeReply[]) {
  let n = 0;
  const server = closing(
    await startFakeServer(() => replies[Math.min(n++, replies.length - 1)] ?? {}),
  );
  const logger = captureLogger();
  const client = closing(
    new LightningStoreClient(server.url, {
      retryDelaysSeconds: [0.005, 0.005],
      healthRetryDelaysSeconds: [],
      logger,
    }),
  );
  return { client, logger, server };
}

describe('dequeue (DECISIONS.md item 9: errors are retried, not swallowed)', () => {
  it('returns the claimed rollout, or null when the queue is empty', async () => {
    const { client } = await setup([{ body: claimed }, { body: [] }]);
    await expect(client.dequeueRollout({ workerId: 'worker-1' })).resolves.toEqual(claimed[0]);
    await expect(client.dequeueRollout()).resolves.toBeNull();
  });

  it('retries a 500 under the normal policy, then returns null and logs a warning', async () => {
    const { client, logger, server } = await setup([{ status: 500, body: { detail: 'boom' } }]);
    await expect(client.dequeueRollout()).resolves.toBeNull();
    expect(server.calls().map((r) => `${r.method} ${r.path}`)).toEqual([DEQUEUE, DEQUEUE, DEQUEUE]);
    expect(logger.messages('warn')).toEqual([
      'Dequeue failed after retries; treating the queue as empty',
    ]);
  });

  it('recovers transparently when a retry succeeds', async () => {
    const { client, logger } = await setup([
      { status: 503, body: { detail: 'busy' } },
      { body: claimed },
    ]);
    await expect(client.dequeueManyRollouts({ limit: 5 })).resolves.toEqual(claimed);
    expect(logger.messages('warn')).toEqual([]);
  });

  it('returns null when the server is down', async () => {
    const down = await startFakeServer(() => ({}));
    const url = down.url;
    await down.close();
    const logger = captureLogger();
    const client = closing(
      new LightningStoreClient(url, {
        retryDelaysSeconds: [0.001],
        healthRetryDelaysSeconds: [],
        logger,
      }),
    );
    await expect(client.dequeueRollout({ workerId: 'w' })).resolves.toBeNull();
    await expect(client.dequeueManyRollouts({ limit: 3 })).resolves.toEqual([]);
    // One line for the outage; the swallowed failures themselves go to debug while it lasts.
    expect(logger.messages('warn')).toEqual([expect.stringContaining('Cannot reach the store')]);
    expect(
      logger.messages('debug').filter((m) => m.includes('treating the queue as empty')),
    ).toHaveLength(2);
  });

  it('throws a 4xx answer: polling cannot fix a bad request', async () => {
    const { client, server } = await setup([{ status: 422, body: { detail: [] } }]);
    await expect(client.dequeueRollout()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.calls()).toHaveLength(1);
  });
});
