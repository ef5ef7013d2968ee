import { ManualClock, silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer, SERVER_ROUTES } from '@agl/store-server';
import type { Span } from '@agl/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BATCH_ROUTES, LightningStoreClient } from '../src';
import { NO_RETRIES } from './helpers/client-options';
import { exchange } from './helpers/fixtures';

/** The client against a real `LightningStoreServer` on a free port, for what the contract suite does not show. */
let server: LightningStoreServer | undefined;
let client: LightningStoreClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  await server?.store.close();
  server = undefined;
  client = undefined;
});

async function setup(requestTimeoutSeconds = 30) {
  const memory = new InMemoryLightningStore({
    clock: new ManualClock(),
    watchdogIntervalSeconds: null,
  });
  server = new LightningStoreServer({ store: memory, port: 0, logger: silentLogger });
  await server.start();
  client = new LightningStoreClient(`http://127.0.0.1:${server.port}`, {
    ...NO_RETRIES,
    requestTimeoutSeconds,
  });
  return { client, memory };
}

function span(rolloutId: string, attemptId: string, n: number): Span {
  const recorded = exchange('spans.add').request.body as Span;
  return {
    ...recorded,
    rollout_id: rolloutId,
    attempt_id: attemptId,
    sequence_id: n,
    span_id: `${n}`.padStart(16, '0'),
  };
}

describe('LightningStoreClient against LightningStoreServer', () => {
  it('declares the batch routes exactly as the server serves them', () => {
    for (const [ours, theirs] of [
      [BATCH_ROUTES.addSpans, SERVER_ROUTES.addSpansBatch],
      [BATCH_ROUTES.nextSequenceIds, SERVER_ROUTES.nextSequenceIdsBatch],
    ] as const) {
      expect([ours.method, ours.path]).toEqual([theirs.method, theirs.path]);
    }
  });

  it('paginates queryWorkers (DECISIONS 9)', async () => {
    const { client } = await setup();
    for (const id of ['w-a', 'w-b', 'w-c', 'w-d']) await client.updateWorker(id);
    const page = await client.queryWorkers({ sortBy: 'worker_id', limit: 2, offset: 1 });
    expect(page.items.map((w) => w.worker_id)).toEqual(['w-b', 'w-c']);
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
  });

  it('stores many spans and issues many sequence ids through the batch routes', async () => {
    const { client, memory } = await setup();
    const rollout = await client.startRollout({ q: 1 });
    const addManySpans = vi.spyOn(memory, 'addManySpans');
    const addSpan = vi.spyOn(memory, 'addSpan');
    const getMany = vi.spyOn(memory, 'getManySpanSequenceIds');
    const ids = await client.getManySpanSequenceIds([
      [rollout.rollout_id, rollout.attempt.attempt_id],
      [rollout.rollout_id, rollout.attempt.attempt_id],
    ]);
    expect(ids).toEqual([1, 2]);
    const spans = ids.map((n) => span(rollout.rollout_id, rollout.attempt.attempt_id, n));
    await expect(client.addManySpans(spans)).resolves.toEqual(spans);
    expect(addManySpans).toHaveBeenCalledTimes(1);
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(addSpan).not.toHaveBeenCalled();
    expect((await client.querySpans(rollout.rollout_id)).total).toBe(2);
  });

  it('holds a wait without deadline across several slices until the rollout finishes', async () => {
    const { client } = await setup(0.2);
    const rollout = await client.startRollout({ q: 1 });
    const waiting = client.waitForRollouts([rollout.rollout_id], { timeoutSeconds: null });
    await new Promise((resolve) => setTimeout(resolve, 350));
    await client.updateRollout(rollout.rollout_id, { status: 'succeeded' });
    const [done] = await waiting;
    expect(done?.status).toBe('succeeded');
    expect(done && 'attempt' in done).toBe(false);
  });
});
