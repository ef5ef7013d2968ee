import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSpan, type TestApp, testApp } from '../helpers';

let t: TestApp;
beforeEach(() => {
  t = testApp();
});
afterEach(() => t.close());

async function started(workerId = 'w-1') {
  const reply = await t.call('POST', '/v1/agl/rollouts', {
    json: { input: 'task', worker_id: workerId },
  });
  return {
    rolloutId: reply.body.rollout_id as string,
    attemptId: reply.body.attempt.attempt_id as string,
  };
}

describe('attempts', () => {
  it('starts attempts with 201 (body optional) and lists them by sequence id', async () => {
    const { rolloutId } = await started();
    const withWorker = await t.call('POST', `/v1/agl/rollouts/${rolloutId}/attempts`, {
      json: { worker_id: 'w-5' },
    });
    expect(withWorker.status).toBe(201);
    expect(withWorker.body.attempt).toMatchObject({ sequence_id: 2, worker_id: 'w-5' });
    const noBody = await t.call('POST', `/v1/agl/rollouts/${rolloutId}/attempts`);
    expect(noBody.body.attempt).toMatchObject({ sequence_id: 3, worker_id: null });
    const list = await t.call(
      'GET',
      `/v1/agl/rollouts/${rolloutId}/attempts?sort_order=desc&limit=1&offset=1`,
    );
    expect(list.body).toMatchObject({ limit: 1, offset: 1, total: 3 });
    expect(list.body.items[0].sequence_id).toBe(2);
    const search = await t.call('POST', `/v1/agl/rollouts/${rolloutId}/attempts/search`, {
      json: { limit: 0 },
    });
    expect(search.body).toEqual({ detail: 'Limit must be greater than 0 or -1 for no limit' });
  });

  it('answers 404 for starting an attempt of an unknown rollout and an empty page for its attempts', async () => {
    const start = await t.call('POST', '/v1/agl/rollouts/ro-000000000000/attempts', {
      json: { worker_id: 'w' },
    });
    expect(start.status).toBe(404);
    const list = await t.call('GET', '/v1/agl/rollouts/ro-000000000000/attempts');
    expect(list.body).toEqual({ items: [], limit: -1, offset: 0, total: 0 });
    const latest = await t.call('GET', '/v1/agl/rollouts/ro-000000000000/attempts/latest');
    expect(latest.status).toBe(200);
    expect(latest.body).toBeNull();
  });

  it('updates an attempt by id or "latest"; nulls are refused with 400; requeuing is not an attempt status', async () => {
    const { rolloutId, attemptId } = await started();
    const base = `/v1/agl/rollouts/${rolloutId}/attempts`;
    const running = await t.call('POST', `${base}/${attemptId}`, {
      json: { status: 'running', metadata: { step: 1 } },
    });
    expect(running.body).toMatchObject({ status: 'running', metadata: { step: 1 } });
    const beat = await t.call('POST', `${base}/latest`, {
      json: { last_heartbeat_time: 1767225605.0 },
    });
    expect(beat.body).toMatchObject({ attempt_id: attemptId, last_heartbeat_time: 1767225605 });
    for (const key of ['status', 'worker_id', 'last_heartbeat_time', 'metadata']) {
      const reply = await t.call('POST', `${base}/${attemptId}`, { json: { [key]: null } });
      expect(reply.body).toEqual({ detail: `${key} is invalid; it cannot be a null value.` });
    }
    const requeuing = await t.call('POST', `${base}/${attemptId}`, {
      json: { status: 'requeuing' },
    });
    expect(requeuing.status).toBe(422);
    const unknown = await t.call('POST', `${base}/at-00000000`, { json: { status: 'failed' } });
    expect(unknown.status).toBe(404);
    const done = await t.call('POST', `${base}/${attemptId}`, {
      json: { status: 'succeeded', worker_id: '' },
    });
    expect(done.body).toMatchObject({ status: 'succeeded', worker_id: '' });
    expect((await t.call('GET', `/v1/agl/rollouts/${rolloutId}`)).body.status).toBe('succeeded');
  });

  it('POST .../attempts/search is the search, never an update of an attempt named search', async () => {
    const { rolloutId } = await started();
    const reply = await t.call('POST', `/v1/agl/rollouts/${rolloutId}/attempts/search`, {
      json: {},
    });
    expect(reply.status).toBe(200);
    expect(reply.body.total).toBe(1);
  });
});

describe('workers', () => {
  it('heartbeats with an optional body, keeps stats on {} and refuses null stats', async () => {
    const created = await t.call('POST', '/v1/agl/workers/worker-new');
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      worker_id: 'worker-new',
      status: 'unknown',
      heartbeat_stats: null,
    });
    expect(typeof created.body.last_heartbeat_time).toBe('number');
    const stats = await t.call('POST', '/v1/agl/workers/worker-new', {
      json: { heartbeat_stats: { cpu: 1 } },
    });
    expect(stats.body.heartbeat_stats).toEqual({ cpu: 1 });
    const kept = await t.call('POST', '/v1/agl/workers/worker-new', { json: {} });
    expect(kept.body.heartbeat_stats).toEqual({ cpu: 1 });
    const nulled = await t.call('POST', '/v1/agl/workers/worker-new', {
      json: { heartbeat_stats: null },
    });
    expect(nulled.body).toEqual({
      detail: 'heartbeat_stats is invalid; it cannot be a null value.',
    });
    const wrong = await t.call('POST', '/v1/agl/workers/worker-new', {
      json: { heartbeat_stats: [1] },
    });
    expect(wrong.body.detail[0]).toMatchObject({
      type: 'dict_type',
      loc: ['body', 'heartbeat_stats'],
    });
  });

  it('gets, queries and searches workers; POST /workers/search is the search', async () => {
    await started('worker-1');
    await t.call('POST', '/v1/agl/queues/rollouts/dequeue', { json: { worker_id: 'worker-2' } });
    expect((await t.call('GET', '/v1/agl/workers/worker-1')).body.status).toBe('busy');
    expect((await t.call('GET', '/v1/agl/workers/worker-unknown')).body).toBeNull();
    const busy = await t.call(
      'GET',
      '/v1/agl/workers?status_in=busy&sort_by=worker_id&sort_order=desc',
    );
    expect(busy.body.items.map((w: { worker_id: string }) => w.worker_id)).toEqual(['worker-1']);
    const search = await t.call('POST', '/v1/agl/workers/search', {
      json: { worker_id_contains: 'worker-', sort_by: 'worker_id' },
    });
    expect(search.body.items.map((w: { worker_id: string }) => w.worker_id)).toEqual([
      'worker-1',
      'worker-2',
    ]);
    const bad = await t.call('GET', '/v1/agl/workers?sort_by=name');
    expect(bad.body.detail).toMatch(
      /^Invalid sort_by: name, allowed fields are: worker_id, status,/,
    );
  });
});

describe('resources', () => {
  const llm = {
    resource_type: 'llm',
    endpoint: 'http://127.0.0.1:8080/v1',
    model: 'm',
    api_key: null,
    sampling_parameters: { temperature: 0.7 },
  };

  it('adds with 201, updates an existing id (version + 1) or creates a new one (200), and tracks the latest', async () => {
    expect((await t.call('GET', '/v1/agl/resources/latest')).body).toBeNull();
    const added = await t.call('POST', '/v1/agl/resources', { json: { main: llm } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ version: 1, resources: { main: llm } });
    const id = added.body.resources_id as string;
    const bumped = await t.call('POST', `/v1/agl/resources/${id}`, {
      json: { main: { ...llm, model: 'n' } },
    });
    expect(bumped.status).toBe(200);
    expect(bumped.body.version).toBe(2);
    const created = await t.call('POST', '/v1/agl/resources/fixture-resources', { json: {} });
    expect(created.body).toMatchObject({
      resources_id: 'fixture-resources',
      version: 1,
      resources: {},
    });
    expect((await t.call('GET', '/v1/agl/resources/latest')).body.resources_id).toBe(
      'fixture-resources',
    );
    expect((await t.call('GET', `/v1/agl/resources/${id}`)).body.version).toBe(2);
    expect((await t.call('GET', '/v1/agl/resources/rs-000000000000')).body).toBeNull();
  });

  it('POST /resources/latest writes a snapshot literally named latest, which GET /resources/latest then returns', async () => {
    await t.call('POST', '/v1/agl/resources', { json: {} });
    const literal = await t.call('POST', '/v1/agl/resources/latest', { json: { main: llm } });
    expect(literal.body.resources_id).toBe('latest');
    expect((await t.call('GET', '/v1/agl/resources/latest')).body.resources_id).toBe('latest');
  });

  it('queries with filters and validates resources with 422', async () => {
    const added = await t.call('POST', '/v1/agl/resources', { json: {} });
    await t.call('POST', '/v1/agl/resources/other', { json: {} });
    const byId = await t.call('GET', `/v1/agl/resources?resources_id=${added.body.resources_id}`);
    expect(byId.body.total).toBe(1);
    const contains = await t.call(
      'GET',
      '/v1/agl/resources?resources_id_contains=rs-&sort_by=create_time',
    );
    expect(contains.body.total).toBe(1);
    const order = await t.call('GET', '/v1/agl/resources?sort_order=sideways');
    expect(order.body.detail[0]).toMatchObject({
      type: 'literal_error',
      loc: ['query', 'sort_order'],
    });
    for (const body of [
      { x: { endpoint: 'e', model: 'm' } },
      { x: { resource_type: 'database' } },
      ['not', 'a', 'mapping'],
    ]) {
      const reply = await t.call('POST', '/v1/agl/resources', { json: body });
      expect(reply.status).toBe(422);
      expect(reply.body.detail[0].loc[0]).toBe('body');
    }
  });
});

describe('spans and sequence ids', () => {
  it('adds a span (201), echoes extra keys, answers null for a duplicate and 404 for an unknown attempt', async () => {
    const { rolloutId, attemptId } = await started();
    const span = { ...makeSpan(rolloutId, attemptId, '00f067aa0ba902b7'), kind: 'client' };
    const first = await t.call('POST', '/v1/agl/spans', { json: span });
    expect(first.status).toBe(201);
    expect(first.body).toEqual(span);
    const duplicate = await t.call('POST', '/v1/agl/spans', { json: span });
    expect(duplicate.status).toBe(201);
    expect(duplicate.text).toBe('null');
    const unknown = await t.call('POST', '/v1/agl/spans', {
      json: makeSpan(rolloutId, 'at-00000000', 'aa'),
    });
    expect(unknown.status).toBe(404);
    expect((await t.call('GET', `/v1/agl/rollouts/${rolloutId}`)).body.status).toBe('running');
  });

  it('refuses incomplete spans and invalid attributes with 422', async () => {
    const { rolloutId, attemptId } = await started();
    const missing = await t.call('POST', '/v1/agl/spans', {
      json: { rollout_id: rolloutId, attempt_id: attemptId, sequence_id: 1, name: 'x' },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.detail.map((d: { loc: string[] }) => d.loc[1])).toContain('trace_id');
    const nested = await t.call('POST', '/v1/agl/spans', {
      json: { ...makeSpan(rolloutId, attemptId, 'bb'), attributes: { nested: { a: 1 } } },
    });
    expect(nested.status).toBe(422);
    expect(nested.body.detail[0].loc).toEqual(['body', 'attributes', 'nested']);
  });

  it('queries spans (rollout_id required) and searches with the same keys', async () => {
    const { rolloutId, attemptId } = await started();
    await t.call('POST', '/v1/agl/spans', { json: makeSpan(rolloutId, attemptId, 'a1', 2) });
    await t.call('POST', '/v1/agl/spans', { json: makeSpan(rolloutId, attemptId, 'a2', 3) });
    const all = await t.call(
      'GET',
      `/v1/agl/spans?rollout_id=${rolloutId}&sort_order=desc&limit=1`,
    );
    expect(all.body).toMatchObject({ total: 2, limit: 1 });
    expect(all.body.items[0].span_id).toBe('a2');
    const missing = await t.call('GET', '/v1/agl/spans');
    expect(missing.body.detail).toEqual([
      { type: 'missing', loc: ['query', 'rollout_id'], msg: 'Field required', input: null },
    ]);
    const search = await t.call('POST', '/v1/agl/spans/search', {
      json: { rollout_id: rolloutId, span_id: 'a1' },
    });
    expect(search.body.items.map((s: { span_id: string }) => s.span_id)).toEqual(['a1']);
    const badSort = await t.call('GET', `/v1/agl/spans?rollout_id=${rolloutId}&sort_by=duration`);
    expect(badSort.body.detail).toMatch(
      /^Invalid sort_by: duration, allowed fields are: rollout_id, attempt_id, sequence_id,/,
    );
  });

  it('issues sequence ids without checking the rollout exists', async () => {
    const first = await t.call('POST', '/v1/agl/spans/next', {
      json: { rollout_id: 'ro-x', attempt_id: 'at-x' },
    });
    const second = await t.call('POST', '/v1/agl/spans/next', {
      json: { rollout_id: 'ro-x', attempt_id: 'at-x' },
    });
    expect([first.body, second.body]).toEqual([{ sequence_id: 1 }, { sequence_id: 2 }]);
    const missing = await t.call('POST', '/v1/agl/spans/next', { json: { rollout_id: 'ro-x' } });
    expect(missing.body.detail[0].loc).toEqual(['body', 'attempt_id']);
  });
});

describe('health and statistics', () => {
  it('answers health with the capabilities of this server', async () => {
    const reply = await t.call('GET', '/v1/agl/health');
    expect(reply.body).toEqual({
      status: 'ok',
      capabilities: {
        span_batch: true,
        sequence_id_batch: true,
        long_wait: true,
        idempotency: true,
        rollout_filters: true,
      },
    });
    const off = testApp({ idempotency: false });
    expect((await off.call('GET', '/v1/agl/health')).body.capabilities.idempotency).toBe(false);
    await off.close();
  });

  it('answers the store statistics', async () => {
    await started();
    const reply = await t.call('GET', '/v1/agl/statistics');
    expect(reply.body).toMatchObject({
      name: 'InMemoryLightningStore',
      total_rollouts: 1,
      total_attempts: 1,
    });
  });
});
