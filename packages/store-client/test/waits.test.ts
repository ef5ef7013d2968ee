import { InvalidArgumentError } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { NO_RETRIES } from './helpers/client-options';
import { closeAfterEach } from './helpers/close-after-each';
import {
  type FakeHandler,
  type FakeServer,
  type SeenRequest,
  startFakeServer,
} from './helpers/fake-server';

const WAIT = '/v1/agl/waits/rollouts';
const SEARCH = '/v1/agl/rollouts/search';

function rollout(id: string, status = 'succeeded') {
  return {
    rollout_id: id,
    input: null,
    start_time: 1,
    end_time: 2,
    mode: null,
    resources_id: null,
    status,
    config: {
      timeout_seconds: null,
      unresponsive_seconds: null,
      max_attempts: 1,
      retry_condition: [],
    },
    metadata: {},
  };
}

const closing = closeAfterEach();

/** A server whose n-th wait (0-based) finishes the ids in `finishing[n]`; known ids exist. */
async function setup(
  finishing: string[][],
  known: string[],
  extra: Partial<{ holdMs: number }> = {},
) {
  let n = 0;
  const handler: FakeHandler = (request: SeenRequest) => {
    if (request.path === SEARCH) {
      const { rollout_id_in: ids } = request.json as { rollout_id_in: string[] };
      const items = ids.filter((id) => known.includes(id)).map((id) => rollout(id, 'running'));
      return { body: { items, limit: -1, offset: 0, total: items.length } };
    }
    const body = request.json as { rollout_ids: string[]; timeout: number };
    const done = new Set(finishing[Math.min(n++, finishing.length - 1)] ?? []);
    const reply = { body: body.rollout_ids.filter((id) => done.has(id)).map((id) => rollout(id)) };
    return extra.holdMs && body.timeout > 0 ? { ...reply, delayMs: extra.holdMs } : reply;
  };
  const server = closing(await startFakeServer(handler));
  const client = closing(
    new LightningStoreClient(server.url, { ...NO_RETRIES, requestTimeoutSeconds: 0.2 }),
  );
  return { client, server };
}

const waitBodies = (server: FakeServer) =>
  server
    .calls()
    .filter((r) => r.path === WAIT)
    .map((r) => r.json as { rollout_ids: string[]; timeout: number });

describe('waitForRollouts over HTTP (DECISIONS 7)', () => {
  it('waits without deadline in slices shorter than the request timeout, asking only for unfinished ids', async () => {
    const { client, server } = await setup([[], ['ro-b'], [], ['ro-a']], ['ro-a', 'ro-b']);
    const result = await client.waitForRollouts(['ro-a', 'ro-b', 'ro-a'], { timeoutSeconds: null });
    expect(result.map((r) => r.rollout_id)).toEqual(['ro-a', 'ro-b', 'ro-a']);
    const bodies = waitBodies(server);
    expect(bodies.map((b) => b.rollout_ids)).toEqual([
      ['ro-a', 'ro-b'],
      ['ro-a', 'ro-b'],
      ['ro-a'],
      ['ro-a'],
    ]);
    for (const body of bodies) expect(body.timeout).toBeLessThanOrEqual(0.1);
  });

  it('accepts long timeouts (the reference client refuses anything above 0.1 s)', async () => {
    const { client, server } = await setup([[], ['ro-a']], ['ro-a']);
    const result = await client.waitForRollouts(['ro-a'], { timeoutSeconds: 3600 });
    expect(result.map((r) => r.rollout_id)).toEqual(['ro-a']);
    expect(waitBodies(server).map((b) => b.timeout)).toEqual([0.1, expect.any(Number)]);
  });

  it('drops ids the server does not know after the first slice', async () => {
    const { client, server } = await setup([['ro-a']], ['ro-a']);
    const result = await client.waitForRollouts(['ro-a', 'ro-unknown'], { timeoutSeconds: null });
    expect(result.map((r) => r.rollout_id)).toEqual(['ro-a']);
    expect(server.calls().map((r) => r.path)).toEqual([WAIT, SEARCH]);
  });

  it('returns what finished when the deadline passes', async () => {
    const { client, server } = await setup([['ro-a']], ['ro-a', 'ro-b']);
    const result = await client.waitForRollouts(['ro-b', 'ro-a'], { timeoutSeconds: 0.3 });
    expect(result.map((r) => r.rollout_id)).toEqual(['ro-a']);
    expect(waitBodies(server).length).toBeGreaterThanOrEqual(2);
  });

  it('resolves with the rollouts finished so far when aborted mid-request', async () => {
    const { client, server } = await setup([[], ['ro-a']], ['ro-a', 'ro-b'], { holdMs: 60_000 });
    const controller = new AbortController();
    const pending = client.waitForRollouts(['ro-a', 'ro-b'], {
      timeoutSeconds: null,
      signal: controller.signal,
    });
    while (server.calls().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect((await pending).map((r) => r.rollout_id)).toEqual(['ro-a']);
    // the held slice is abandoned; one immediate request collects what finished
    expect(waitBodies(server)).toEqual([
      { rollout_ids: ['ro-a', 'ro-b'], timeout: 0.1 },
      { rollout_ids: ['ro-a', 'ro-b'], timeout: 0 },
    ]);
  });

  it('sends a single request for timeout <= 0 and nothing for no ids', async () => {
    const { client, server } = await setup([['ro-a']], ['ro-a']);
    await expect(client.waitForRollouts([], { timeoutSeconds: null })).resolves.toEqual([]);
    const result = await client.waitForRollouts(['ro-a', 'ro-b'], { timeoutSeconds: 0 });
    expect(result.map((r) => r.rollout_id)).toEqual(['ro-a']);
    expect(waitBodies(server)).toEqual([{ rollout_ids: ['ro-a', 'ro-b'], timeout: 0 }]);
  });

  it('rejects a timeout that is not a number', async () => {
    const { client } = await setup([[]], []);
    await expect(
      client.waitForRollouts(['ro-a'], { timeoutSeconds: Number.NaN }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
