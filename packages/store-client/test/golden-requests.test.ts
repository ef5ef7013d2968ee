import type { NamedResources, Span } from '@agl/types';
import { STORE_ROUTES } from '@agl/types';
import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LightningStoreClient } from '../src';
import { NO_RETRIES } from './helpers/client-options';
import { type FakeServer, type SeenRequest, startFakeServer } from './helpers/fake-server';
import { type Exchange, exchange, recordedAnswer, routeOf } from './helpers/fixtures';

/**
 * Golden request documents: what the client sends for every method, checked
 * against the reference client's shapes and against the
 * request bodies of the recorded Python traffic, which its server accepted.
 */

type Json = Record<string, unknown>;
const NO_BODY = Symbol('no body');

interface Sent {
  method: string;
  path: string;
  query?: [string, string][];
  body: unknown;
}

let server: FakeServer;
let client: LightningStoreClient;

beforeAll(async () => {
  server = await startFakeServer((request) => {
    const answer = recordedAnswer(request.method, request.path);
    return answer
      ? { status: answer.status, body: answer.body }
      : { status: 404, body: { detail: 'Not Found' } };
  });
  client = new LightningStoreClient(server.url, NO_RETRIES);
});
afterAll(async () => {
  await client.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function sent(request: SeenRequest): Sent {
  return {
    method: request.method,
    path: request.path,
    ...(request.query.length ? { query: request.query } : {}),
    body: request.hasBody ? request.json : NO_BODY,
  };
}

/** The single request the last call sent (health probes excluded). */
function only(): Sent {
  const calls = server.calls();
  expect(calls).toHaveLength(1);
  return sent(calls[0] as SeenRequest);
}

function recordedBody(e: Exchange): unknown {
  return e.request.body === null && e.request.body_raw === undefined ? NO_BODY : e.request.body;
}

/** Our request equals the recorded one byte for byte (as JSON). */
function expectSameAsRecorded(ours: Sent, name: string): void {
  const e = exchange(name);
  expect(e.response.status).toBeLessThan(300);
  expect(ours.method).toBe(e.request.method);
  expect(ours.path).toBe(e.request.path);
  expect(ours.body).toEqual(recordedBody(e));
}

/** Our body and the recorded one mean the same to the server: equal after its schema applies defaults. */
function expectEquivalentToRecorded(ours: Sent, name: string): void {
  const e = exchange(name);
  const route = routeOf(e.request.method, e.request.path);
  expect(route).toBeDefined();
  const schema = (STORE_ROUTES as Record<string, { body?: v.GenericSchema }>)[route as string]
    ?.body;
  if (!schema) throw new Error(`${route} has no body schema`);
  expect(ours.path).toBe(e.request.path);
  expect(v.parse(schema, ours.body)).toEqual(v.parse(schema, e.request.body));
}

/** Every body we send passes the route's request schema (what the server validates with). */
function expectValidBody(ours: Sent): void {
  const route = routeOf(ours.method, ours.path);
  const schema = (STORE_ROUTES as Record<string, { body?: v.GenericSchema }>)[route as string]
    ?.body;
  if (ours.body === NO_BODY || !schema) return;
  const result = v.safeParse(schema, ours.body);
  expect(result.issues).toBeUndefined();
}

const body = (name: string) => exchange(name).request.body as Json;

describe('golden requests: rollouts and the queue', () => {
  it('startRollout sends all six keys, nulls included', async () => {
    await client.startRollout({ q: 1 });
    const ours = only();
    expect(ours).toEqual({
      method: 'POST',
      path: '/v1/agl/rollouts',
      body: {
        input: { q: 1 },
        mode: null,
        resources_id: null,
        config: null,
        metadata: null,
        worker_id: null,
      },
    });
    expectValidBody(ours);
  });

  it('startRollout with every option sends what the recorded full start sent', async () => {
    const full = body('rollouts.start.full');
    await client.startRollout(full.input, {
      mode: full.mode as 'train',
      resourcesId: full.resources_id as string,
      config: full.config as Json,
      metadata: full.metadata as Json,
      workerId: full.worker_id as string,
    });
    expectSameAsRecorded(only(), 'rollouts.start.full');
  });

  it('startRollout sends a partial config as a full object', async () => {
    await client.startRollout(null, { config: { max_attempts: 2 } });
    expect((only().body as Json).config).toEqual({
      timeout_seconds: null,
      unresponsive_seconds: null,
      max_attempts: 2,
      retry_condition: [],
    });
  });

  it('enqueueRollout sends one item with five keys', async () => {
    await client.enqueueRollout({ question: 'What is 2+2?' });
    const ours = only();
    expect(ours).toEqual({
      method: 'POST',
      path: '/v1/agl/queues/rollouts/enqueue',
      body: {
        rollouts: [
          {
            input: { question: 'What is 2+2?' },
            mode: null,
            resources_id: null,
            config: null,
            metadata: null,
          },
        ],
      },
    });
    expectEquivalentToRecorded(ours, 'rollouts.enqueue.single');
  });

  it('enqueueManyRollouts sends every item in order', async () => {
    const recorded = (body('rollouts.enqueue.many').rollouts as Json[]).map((item) => ({
      input: item.input,
      mode: item.mode as 'train',
      resourcesId: item.resources_id as string | null,
      config: item.config as Json | null,
      metadata: item.metadata as Json | null,
    }));
    await client.enqueueManyRollouts(recorded);
    expectEquivalentToRecorded(only(), 'rollouts.enqueue.many');
  });

  it('enqueueManyRollouts([]) and dequeueManyRollouts(limit <= 0) send nothing', async () => {
    await expect(client.enqueueManyRollouts([])).resolves.toEqual([]);
    await expect(client.dequeueManyRollouts({ limit: 0 })).resolves.toEqual([]);
    await expect(client.dequeueManyRollouts({ limit: -3, workerId: 'w' })).resolves.toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('dequeueRollout sends {limit: 1} plus worker_id only when given', async () => {
    await client.dequeueRollout();
    expect(only()).toEqual({
      method: 'POST',
      path: '/v1/agl/queues/rollouts/dequeue',
      body: { limit: 1 },
    });
    server.requests.length = 0;
    await client.dequeueRollout({ workerId: 'worker-1' });
    expectSameAsRecorded(only(), 'rollouts.dequeue.with_worker');
  });

  it('dequeueManyRollouts sends limit and worker', async () => {
    await client.dequeueManyRollouts({ limit: 5, workerId: 'worker-2' });
    expectSameAsRecorded(only(), 'rollouts.dequeue.batch_limit_5');
  });

  it('startAttempt sends no body without a worker, {worker_id} with one', async () => {
    await client.startAttempt('ro-bb5135904abc');
    expectSameAsRecorded(only(), 'attempts.start.no_body');
    server.requests.length = 0;
    await client.startAttempt('ro-bb5135904abc', { workerId: 'worker-5' });
    expectSameAsRecorded(only(), 'attempts.start.with_worker');
  });

  it('queryRollouts posts a search with limit, offset and filter_logic always', async () => {
    await client.queryRollouts();
    expect(only()).toEqual({
      method: 'POST',
      path: '/v1/agl/rollouts/search',
      body: { limit: -1, offset: 0, filter_logic: 'and' },
    });
    server.requests.length = 0;
    await client.queryRollouts({
      statusIn: ['queuing'],
      rolloutIdIn: ['ro-99346837eab3'],
      filterLogic: 'or',
      sortBy: 'rollout_id',
      sortOrder: 'asc',
    });
    expectSameAsRecorded(only(), 'rollouts.search.filter_logic_or');
  });

  it('updateRollout sends only the supplied keys, explicit nulls kept', async () => {
    const id = 'ro-a4998b873d1d';
    const cases: [Parameters<LightningStoreClient['updateRollout']>[1], string][] = [
      [
        {
          input: { question: 'updated' },
          mode: 'test',
          resourcesId: 'fixture-resources',
          metadata: { tag: 'a' },
        },
        'rollouts.update.set_fields',
      ],
      [
        { input: null, mode: null, resourcesId: null, metadata: null },
        'rollouts.update.explicit_nulls_clear',
      ],
      [{ metadata: { tag: 'b' } }, 'rollouts.update.absent_keys_unchanged'],
      [{ status: 'cancelled' }, 'rollouts.update.status_cancelled_sets_end_time'],
      [{}, 'rollouts.update.empty_object_no_change'],
    ];
    for (const [update, name] of cases) {
      server.requests.length = 0;
      await client.updateRollout(id, update);
      expectSameAsRecorded(only(), name);
    }
    server.requests.length = 0;
    await client.updateRollout(id, { config: { max_attempts: 2 } });
    expectEquivalentToRecorded(only(), 'rollouts.update.config_replaced_wholesale');
  });

  it('getRolloutById is a GET without body', async () => {
    await client.getRolloutById('ro-99346837eab3');
    expect(only()).toEqual({
      method: 'GET',
      path: '/v1/agl/rollouts/ro-99346837eab3',
      body: NO_BODY,
    });
  });

  it('percent-encodes ids in paths', async () => {
    await client.getRolloutById('a/b?c#d');
    expect(server.calls()[0]?.path).toBe('/v1/agl/rollouts/a%2Fb%3Fc%23d');
  });
});

describe('golden requests: attempts, resources, workers', () => {
  const ro = 'ro-bb5135904abc';

  it('updateAttempt sends only the supplied keys', async () => {
    const cases: [string, Parameters<LightningStoreClient['updateAttempt']>[2], string][] = [
      [
        'at-f867ba1a',
        { status: 'running', metadata: { step: 1 } },
        'attempts.update.running_with_metadata',
      ],
      ['latest', { lastHeartbeatTime: 1767225605.0 }, 'attempts.update.latest_alias_heartbeat'],
      [
        'at-5a7848cb',
        { status: 'succeeded', workerId: 'worker-5' },
        'attempts.update.latest_succeeded_with_worker',
      ],
      ['at-f867ba1a', {}, 'attempts.update.empty_object'],
    ];
    for (const [attemptId, update, name] of cases) {
      server.requests.length = 0;
      await client.updateAttempt(ro, attemptId, update);
      expectSameAsRecorded(only(), name);
    }
  });

  it('queryAttempts sends sort_by sequence_id by default, nothing when sortBy is null', async () => {
    await client.queryAttempts(ro);
    expect(only().body).toEqual({
      limit: -1,
      offset: 0,
      sort_by: 'sequence_id',
      sort_order: 'asc',
    });
    server.requests.length = 0;
    await client.queryAttempts(ro, { sortBy: null, sortOrder: 'desc' });
    expect(only().body).toEqual({ limit: -1, offset: 0 });
    server.requests.length = 0;
    await client.queryAttempts(ro, { sortBy: 'start_time', sortOrder: 'desc', limit: 2 });
    expectSameAsRecorded(only(), 'attempts.search.sort_by_start_time');
  });

  it('getLatestAttempt is a GET', async () => {
    await client.getLatestAttempt(ro);
    expect(only()).toEqual({
      method: 'GET',
      path: `/v1/agl/rollouts/${ro}/attempts/latest`,
      body: NO_BODY,
    });
  });

  it('addResources serialises every resource fully', async () => {
    const recorded = body('resources.add') as NamedResources;
    await client.addResources(recorded);
    const ours = only();
    expectEquivalentToRecorded(ours, 'resources.add');
    expect((ours.body as Json).proxy).toEqual({
      resource_type: 'proxy_llm',
      endpoint: 'http://127.0.0.1:8081/v1',
      model: 'fixture-model',
      api_key: null,
      sampling_parameters: {},
    });
  });

  it('updateResources sends the bare resources object', async () => {
    const recorded = body('resources.update.existing_bumps_version') as NamedResources;
    await client.updateResources('rs-6c20b7142468', recorded);
    expectSameAsRecorded(only(), 'resources.update.existing_bumps_version');
  });

  it('queryResources is a GET with query parameters', async () => {
    await client.queryResources();
    expect(only()).toEqual({
      method: 'GET',
      path: '/v1/agl/resources',
      query: [
        ['limit', '-1'],
        ['offset', '0'],
      ],
      body: NO_BODY,
    });
    server.requests.length = 0;
    await client.queryResources({
      resourcesIdContains: 'rs-',
      sortBy: 'create_time',
      sortOrder: 'desc',
      limit: 1,
      offset: 1,
    });
    const recorded = new Map(exchange('resources.query.contains_sorted_paged').request.query);
    expect(new Map(only().query)).toEqual(recorded);
  });

  it('resource getters are GETs', async () => {
    await client.getResourcesById('rs-6c20b7142468');
    await client.getLatestResources();
    expect(server.calls().map(sent)).toEqual([
      { method: 'GET', path: '/v1/agl/resources/rs-6c20b7142468', body: NO_BODY },
      { method: 'GET', path: '/v1/agl/resources/latest', body: NO_BODY },
    ]);
  });

  it('queryWorkers posts a search with limit and offset', async () => {
    await client.queryWorkers();
    expect(only()).toEqual({
      method: 'POST',
      path: '/v1/agl/workers/search',
      body: { limit: -1, offset: 0, filter_logic: 'and' },
    });
    server.requests.length = 0;
    await client.queryWorkers({
      statusIn: ['busy'],
      workerIdContains: '-3',
      filterLogic: 'or',
      sortBy: 'worker_id',
      limit: 2,
      offset: 0,
    });
    expectEquivalentToRecorded(only(), 'workers.search.filter_logic_or_paged');
  });

  it('updateWorker sends no body without stats, {heartbeat_stats} with them', async () => {
    await client.updateWorker('worker-new');
    expectSameAsRecorded(only(), 'workers.update.no_body_creates_unknown');
    server.requests.length = 0;
    const stats = body('workers.update.heartbeat_stats').heartbeat_stats as Json;
    await client.updateWorker('worker-1', { heartbeatStats: stats });
    expectSameAsRecorded(only(), 'workers.update.heartbeat_stats');
  });

  it('getWorkerById and statistics are GETs', async () => {
    await client.getWorkerById('worker-1');
    await client.statistics();
    expect(server.calls().map(sent)).toEqual([
      { method: 'GET', path: '/v1/agl/workers/worker-1', body: NO_BODY },
      { method: 'GET', path: '/v1/agl/statistics', body: NO_BODY },
    ]);
  });
});

describe('golden requests: spans and waits', () => {
  it('addSpan sends the span with all keys and extras', async () => {
    await client.addSpan(body('spans.add.child_with_extra_key_echoed') as Span);
    expectSameAsRecorded(only(), 'spans.add.child_with_extra_key_echoed');
  });

  it('addManySpans falls back to one POST /spans per span against a server without batches', async () => {
    const spans = [body('spans.add'), body('spans.add.child_with_extra_key_echoed')] as Span[];
    await client.addManySpans(spans);
    const calls = server.calls().map(sent);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /v1/agl/spans',
      'POST /v1/agl/spans',
    ]);
    expect(calls.map((c) => c.body)).toEqual(spans);
    expect(server.sequence()[0]).toBe('GET /v1/agl/health');
  });

  it('getNextSpanSequenceId and getManySpanSequenceIds post /spans/next per pair', async () => {
    await client.getNextSpanSequenceId('ro-071bce08b00c', 'at-118b4c85');
    expectSameAsRecorded(only(), 'spans.next_sequence_id');
    server.requests.length = 0;
    await client.getManySpanSequenceIds([
      ['ro-a', 'at-1'],
      ['ro-b', 'at-2'],
    ]);
    expect(server.calls().map((c) => c.json)).toEqual([
      { rollout_id: 'ro-a', attempt_id: 'at-1' },
      { rollout_id: 'ro-b', attempt_id: 'at-2' },
    ]);
  });

  it('querySpans sends rollout_id, paging and filter_logic always, filters when given', async () => {
    await client.querySpans('ro-071bce08b00c');
    expect(only().body).toEqual({
      rollout_id: 'ro-071bce08b00c',
      limit: -1,
      offset: 0,
      sort_by: 'sequence_id',
      sort_order: 'asc',
      filter_logic: 'and',
    });
    server.requests.length = 0;
    await client.querySpans('ro-071bce08b00c', {
      spanId: '00f067aa0ba902b7',
      parentId: '00f067aa0ba902b7',
      filterLogic: 'or',
    });
    expectEquivalentToRecorded(only(), 'spans.search.filter_logic_or');
  });

  it('waitForRollouts with timeout 0 is a single request, as recorded', async () => {
    await client.waitForRollouts(['ro-071bce08b00c'], { timeoutSeconds: 0 });
    expectSameAsRecorded(only(), 'waits.timeout_zero_unfinished');
  });

  it('waitForRollouts sends the timeout as given when it fits in one slice', async () => {
    const ids = body('waits.terminal_rollouts_no_attempt_key').rollout_ids as string[];
    await client.waitForRollouts(ids, { timeoutSeconds: 1 });
    const [wait, search] = server.calls().map(sent);
    expectSameAsRecorded(wait as Sent, 'waits.terminal_rollouts_no_attempt_key');
    // ro-000000000000 never finishes: the client checks once which ids exist
    expect(search).toEqual({
      method: 'POST',
      path: '/v1/agl/rollouts/search',
      body: { rollout_id_in: ['ro-000000000000'], limit: -1, offset: 0, filter_logic: 'and' },
    });
    expect(server.calls()).toHaveLength(2);
  });
});
