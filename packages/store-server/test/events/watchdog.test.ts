import { ManualClock, silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { LightningStoreServer } from '../../src/index';
import { named, SseReader } from './sse-reader';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function post(endpoint: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

/** A real server on a free port over a store whose watchdog timer scans every 50 ms of real time. */
async function serve(clock: ManualClock) {
  const store = new InMemoryLightningStore({
    clock,
    watchdogIntervalSeconds: 0.05,
    claimTimeoutSeconds: null,
  });
  const server = new LightningStoreServer({ store, port: 0, logger: silentLogger, events: true });
  await server.start();
  cleanups.push(async () => {
    await server.stop();
    await store.close();
  });
  return { store, endpoint: server.endpoint };
}

describe('GET /v1/agl/events publishes what the watchdog does on its own', () => {
  it('a timeout found by the watchdog timer emits attempt and rollout events, no request involved', async () => {
    const clock = new ManualClock(1_000_000);
    const { endpoint } = await serve(clock);
    const [queued] = (await post(endpoint, '/v1/agl/queues/rollouts/enqueue', {
      rollouts: [
        {
          input: { task: 'slow' },
          config: { timeout_seconds: 10, max_attempts: 2, retry_condition: ['timeout'] },
        },
      ],
    })) as { rollout_id: string }[];
    const [claimed] = (await post(endpoint, '/v1/agl/queues/rollouts/dequeue', {
      worker_id: 'w-1',
    })) as { rollout_id: string; attempt: { attempt_id: string } }[];
    if (!claimed) throw new Error('nothing was claimed');
    expect(claimed.rollout_id).toBe(queued?.rollout_id);

    const response = await fetch(`${endpoint}/v1/agl/events`);
    const reader = new SseReader(response.body);
    cleanups.push(() => reader.cancel());
    await reader.until((frames) => named(frames, 'hello').length === 1);

    // From here on no request reaches the store: only the injected clock moves.
    clock.advance(11);
    const frames = await reader.until((f) => named(f, 'rollout').length >= 1);
    const attempt = named(frames, 'attempt');
    const rollout = named(frames, 'rollout');
    expect(attempt.map((f) => f.data)).toEqual([
      expect.objectContaining({
        rollout_id: claimed.rollout_id,
        attempt_id: claimed.attempt.attempt_id,
        sequence_id: 1,
        status: 'timeout',
        previous_status: 'preparing',
        worker_id: 'w-1',
      }),
    ]);
    expect(rollout.map((f) => f.data)).toEqual([
      expect.objectContaining({
        rollout_id: claimed.rollout_id,
        status: 'requeuing',
        previous_status: 'preparing',
      }),
    ]);
    // The attempt's event comes first, and both follow the epoch's sequence.
    const ids = frames.filter((f) => f.id).map((f) => Number(f.id?.split('-')[1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // A read made after the events already sees the requeued rollout.
    const read = (await (
      await fetch(`${endpoint}/v1/agl/rollouts/${claimed.rollout_id}`)
    ).json()) as {
      status: string;
    };
    expect(read.status).toBe('requeuing');
  });

  it('a silent attempt without retries fails its rollout, published the same way', async () => {
    const clock = new ManualClock(2_000_000);
    const { endpoint } = await serve(clock);
    await post(endpoint, '/v1/agl/queues/rollouts/enqueue', {
      rollouts: [{ input: { task: 'silent' }, config: { unresponsive_seconds: 5 } }],
    });
    const [claimed] = (await post(endpoint, '/v1/agl/queues/rollouts/dequeue', {})) as {
      rollout_id: string;
    }[];
    const reader = new SseReader((await fetch(`${endpoint}/v1/agl/events?topics=rollout`)).body);
    cleanups.push(() => reader.cancel());
    await reader.until((frames) => named(frames, 'hello').length === 1);
    clock.advance(6);
    const frames = await reader.until((f) => named(f, 'rollout').length >= 1);
    expect(named(frames, 'attempt')).toEqual([]);
    expect(named(frames, 'rollout').map((f) => f.data)).toEqual([
      expect.objectContaining({
        rollout_id: claimed?.rollout_id,
        status: 'failed',
        previous_status: 'preparing',
      }),
    ]);
  });
});
