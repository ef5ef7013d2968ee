import { InternalStoreError, InvalidArgumentError } from '@agl/store-core';
import type { Span, StoreRouteName } from '@agl/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { NO_RETRIES } from './helpers/client-options';
import { type FakeServer, startFakeServer } from './helpers/fake-server';
import { EXCHANGES, type Exchange, exchange, routeOf } from './helpers/fixtures';

/**
 * Golden response documents: a fake server answers with the RECORDED Python
 * response of each exchange, and the client must turn it into the right
 * result (or error) for the method that uses that route.
 */

type Invoke = (client: LightningStoreClient) => Promise<unknown>;

const SPAN = exchange('spans.add').request.body as Span;

/** For each route: the client call that uses it, and how its result relates to the answer body. */
const CALLS: Record<
  StoreRouteName,
  { invoke: Invoke; result?: (body: unknown) => unknown } | null
> = {
  health: null,
  enqueueRollouts: { invoke: (c) => c.enqueueManyRollouts([{ input: 1 }]) },
  dequeueRollouts: { invoke: (c) => c.dequeueManyRollouts({ limit: 5 }) },
  startRollout: { invoke: (c) => c.startRollout(1) },
  queryRollouts: { invoke: (c) => c.queryRollouts() },
  searchRollouts: { invoke: (c) => c.queryRollouts() },
  getRollout: { invoke: (c) => c.getRolloutById('ro-1') },
  updateRollout: { invoke: (c) => c.updateRollout('ro-1', {}) },
  startAttempt: { invoke: (c) => c.startAttempt('ro-1') },
  queryAttempts: { invoke: (c) => c.queryAttempts('ro-1') },
  searchAttempts: { invoke: (c) => c.queryAttempts('ro-1') },
  getLatestAttempt: { invoke: (c) => c.getLatestAttempt('ro-1') },
  updateAttempt: { invoke: (c) => c.updateAttempt('ro-1', 'latest', {}) },
  queryWorkers: { invoke: (c) => c.queryWorkers() },
  searchWorkers: { invoke: (c) => c.queryWorkers() },
  getWorker: { invoke: (c) => c.getWorkerById('w') },
  updateWorker: { invoke: (c) => c.updateWorker('w') },
  statistics: { invoke: (c) => c.statistics() },
  queryResources: { invoke: (c) => c.queryResources() },
  addResources: { invoke: (c) => c.addResources({}) },
  getLatestResources: { invoke: (c) => c.getLatestResources() },
  updateResources: { invoke: (c) => c.updateResources('rs', {}) },
  getResources: { invoke: (c) => c.getResourcesById('rs') },
  addSpan: { invoke: (c) => c.addSpan(SPAN) },
  querySpans: { invoke: (c) => c.querySpans('ro-1') },
  searchSpans: { invoke: (c) => c.querySpans('ro-1') },
  nextSequenceId: {
    invoke: (c) => c.getNextSpanSequenceId('ro-1', 'at-1'),
    result: (body) => (body as { sequence_id: number }).sequence_id,
  },
  waitForRollouts: { invoke: (c) => c.waitForRollouts(['ro-1'], { timeoutSeconds: 0 }) },
};

/** Getters that read any failure as "not found". */
const NULL_ON_FAILURE = new Set<StoreRouteName>([
  'getRollout',
  'getLatestAttempt',
  'getResources',
  'getLatestResources',
]);

let server: FakeServer;
let client: LightningStoreClient;
let replay: Exchange['response'] | undefined;

beforeAll(async () => {
  server = await startFakeServer(() => {
    if (!replay) throw new Error('nothing to replay');
    const body = replay.body;
    return {
      status: replay.status,
      contentType: replay.content_type,
      ...(typeof body === 'string' ? { raw: body } : { body }),
    };
  });
  client = new LightningStoreClient(server.url, NO_RETRIES);
});
afterAll(async () => {
  await client.close();
  await server.close();
});

const replayed = EXCHANGES.flatMap((e) => {
  const route = routeOf(e.request.method, e.request.path);
  const call = route ? CALLS[route] : null;
  return route && call ? [{ e, route, call }] : [];
});

describe('golden responses: recorded Python answers parsed by the client', () => {
  it('covers every route the client calls', () => {
    const covered = new Set(replayed.map((r) => r.route));
    const used = Object.entries(CALLS)
      .filter(([, call]) => call !== null)
      .map(([name]) => name);
    expect(used.filter((name) => !covered.has(name as StoreRouteName))).toEqual([]);
    expect(replayed.length).toBeGreaterThan(120);
  });

  it.each(replayed.map((r) => [r.e.name, r] as const))('%s', async (_name, { e, route, call }) => {
    replay = e.response;
    const status = e.response.status;
    if (status < 300) {
      const result = await call.invoke(client);
      const expected = call.result ? call.result(e.response.body) : e.response.body;
      expect(result).toEqual(expected);
      if (route === 'getRollout' && result !== null) {
        expect('attempt' in (result as object)).toBe('attempt' in (e.response.body as object));
      }
    } else if (NULL_ON_FAILURE.has(route)) {
      await expect(call.invoke(client)).resolves.toBeNull();
    } else {
      const error = await call.invoke(client).catch((err: unknown) => err);
      if (status === 500) {
        expect(error).toBeInstanceOf(InternalStoreError);
        expect((error as InternalStoreError).pythonType).toBe(
          (e.response.body as { error_type: string }).error_type,
        );
      } else {
        expect(status === 400 || status === 422).toBe(true);
        expect(error).toBeInstanceOf(InvalidArgumentError);
      }
    }
  });

  it('keeps the attempt key rule on query pages with mixed rollouts', async () => {
    const e = exchange('rollouts.query.all_mixed_attempt_keys');
    replay = e.response;
    const page = await client.queryRollouts();
    const recorded = (e.response.body as { items: object[] }).items;
    expect(page.items.map((item) => 'attempt' in item)).toEqual(
      recorded.map((item) => 'attempt' in item),
    );
    expect(new Set(page.items.map((item) => 'attempt' in item))).toEqual(new Set([true, false]));
  });

  it('reads a rollout answer whose attempt key is invalid as a protocol failure, not as a plain rollout', async () => {
    const e = exchange('rollouts.get.attempted_has_attempt_key');
    replay = { ...e.response, body: { ...(e.response.body as object), attempt: { bogus: true } } };
    await expect(client.getRolloutById('ro-1')).resolves.toBeNull();
    await expect(client.queryRollouts()).rejects.toThrow(/unexpected shape/);
  });

  it('reads an empty object from a getter as null', async () => {
    replay = { status: 200, content_type: 'application/json', body: {} };
    await expect(client.getLatestAttempt('ro-1')).resolves.toBeNull();
    await expect(client.getLatestResources()).resolves.toBeNull();
    await expect(client.getResourcesById('rs')).resolves.toBeNull();
  });
});
