import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../helpers';

let t: TestApp;
beforeEach(() => {
  t = testApp();
});
afterEach(() => t.close());

const enqueue = async (...inputs: unknown[]) =>
  (
    await t.call('POST', '/v1/agl/queues/rollouts/enqueue', {
      json: { rollouts: inputs.map((input) => ({ input })) },
    })
  ).body as { rollout_id: string }[];

describe('enqueue and dequeue', () => {
  it('enqueues one rollout with 201 and a complete rollout without attempt', async () => {
    const reply = await t.call('POST', '/v1/agl/queues/rollouts/enqueue', {
      json: { rollouts: [{ input: { task: 'single' } }] },
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toHaveLength(1);
    const [rollout] = reply.body;
    expect(rollout.rollout_id).toMatch(/^ro-[0-9a-f]{12}$/);
    expect(Object.keys(rollout).sort()).toEqual(
      [
        'config',
        'end_time',
        'input',
        'metadata',
        'mode',
        'resources_id',
        'rollout_id',
        'start_time',
        'status',
      ].sort(),
    );
    expect(rollout).toMatchObject({ status: 'queuing', metadata: {}, input: { task: 'single' } });
  });

  it('enqueues several in queue order and an empty list without touching the store', async () => {
    const many = await enqueue('a', 'b', 'c');
    expect(many.map((r) => (r as unknown as { input: string }).input)).toEqual(['a', 'b', 'c']);
    const empty = await t.call('POST', '/v1/agl/queues/rollouts/enqueue', {
      json: { rollouts: [] },
    });
    expect(empty.status).toBe(201);
    expect(empty.body).toEqual([]);
    expect((await t.store.statistics()).total_rollouts).toBe(3);
  });

  it('dequeues FIFO with or without a body, and wraps the single result in a list', async () => {
    const [first, second] = await enqueue('a', 'b');
    const noBody = await t.call('POST', '/v1/agl/queues/rollouts/dequeue');
    expect(noBody.status).toBe(200);
    expect(noBody.body.map((r: { rollout_id: string }) => r.rollout_id)).toEqual([
      first?.rollout_id,
    ]);
    expect(noBody.body[0].attempt).toMatchObject({ sequence_id: 1, status: 'preparing' });
    const jsonNull = await t.call('POST', '/v1/agl/queues/rollouts/dequeue', {
      raw: 'null',
      headers: { 'content-type': 'application/json' },
    });
    expect(jsonNull.body.map((r: { rollout_id: string }) => r.rollout_id)).toEqual([
      second?.rollout_id,
    ]);
    const none = await t.call('POST', '/v1/agl/queues/rollouts/dequeue', {
      json: { worker_id: 'w-1' },
    });
    expect(none.body).toEqual([]);
    expect((await t.store.getWorkerById('w-1'))?.status).toBe('idle');
  });

  it('dequeues a batch with limit > 1 and records the worker', async () => {
    await enqueue(1, 2, 3);
    const reply = await t.call('POST', '/v1/agl/queues/rollouts/dequeue', {
      json: { limit: 5, worker_id: 'w-2' },
    });
    expect(reply.body).toHaveLength(3);
    expect(
      reply.body.every((r: { attempt: { worker_id: string } }) => r.attempt.worker_id === 'w-2'),
    ).toBe(true);
  });

  it('answers [] for limit <= 0 without calling the store (no worker created)', async () => {
    await enqueue(1);
    for (const limit of [0, -3]) {
      const reply = await t.call('POST', '/v1/agl/queues/rollouts/dequeue', {
        json: { limit, worker_id: 'w-zero' },
      });
      expect(reply.body).toEqual([]);
    }
    expect(await t.store.getWorkerById('w-zero')).toBeNull();
    expect((await t.store.queryRollouts({ statusIn: ['queuing'] })).total).toBe(1);
  });
});

describe('start, get and update a rollout', () => {
  it('starts a rollout with 201, attempt #1 and the worker echoed', async () => {
    const reply = await t.call('POST', '/v1/agl/rollouts', {
      json: { input: null, mode: 'train', worker_id: 'w-9', metadata: { k: 1 } },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      input: null,
      mode: 'train',
      status: 'preparing',
      metadata: { k: 1 },
    });
    expect(reply.body.attempt).toMatchObject({ sequence_id: 1, worker_id: 'w-9' });
  });

  it('gets a rollout with an attempt key only once it has attempts', async () => {
    const [queued] = await enqueue('x');
    const before = await t.call('GET', `/v1/agl/rollouts/${queued?.rollout_id}`);
    expect(before.body).not.toHaveProperty('attempt');
    await t.call('POST', '/v1/agl/queues/rollouts/dequeue');
    const after = await t.call('GET', `/v1/agl/rollouts/${queued?.rollout_id}`);
    expect(after.body.attempt.sequence_id).toBe(1);
  });

  it('answers 200 null for an unknown rollout (DECISIONS 2) with a JSON content type', async () => {
    const reply = await t.call('GET', '/v1/agl/rollouts/ro-000000000000');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('null');
    expect(reply.headers.get('content-type')).toBe('application/json');
  });

  it('treats GET /rollouts/search as a lookup of the id "search"', async () => {
    const reply = await t.call('GET', '/v1/agl/rollouts/search');
    expect(reply.status).toBe(200);
    expect(reply.body).toBeNull();
  });

  it('updates: absent keys unchanged, explicit nulls clear, config replaced wholesale', async () => {
    const [r] = await enqueue('x');
    const path = `/v1/agl/rollouts/${r?.rollout_id}`;
    const set = await t.call('POST', path, {
      json: { mode: 'test', metadata: { a: 1 }, resources_id: 'rs-1' },
    });
    expect(set.body).toMatchObject({
      mode: 'test',
      metadata: { a: 1 },
      resources_id: 'rs-1',
      input: 'x',
    });
    const cleared = await t.call('POST', path, {
      json: { input: null, mode: null, metadata: null },
    });
    expect(cleared.body).toMatchObject({
      input: null,
      mode: null,
      metadata: null,
      resources_id: 'rs-1',
    });
    const config = await t.call('POST', path, { json: { config: { max_attempts: 2 } } });
    expect(config.body.config).toEqual({
      timeout_seconds: null,
      unresponsive_seconds: null,
      max_attempts: 2,
      retry_condition: [],
    });
    const unchanged = await t.call('POST', path, { json: {} });
    expect(unchanged.body).toEqual(config.body);
    expect(unchanged.body).not.toHaveProperty('attempt');
  });

  it('rejects null status and config with the reference 400 message, before touching the store', async () => {
    const [r] = await enqueue('x');
    for (const key of ['status', 'config']) {
      const reply = await t.call('POST', `/v1/agl/rollouts/${r?.rollout_id}`, {
        json: { [key]: null, mode: 'val' },
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ detail: `${key} is invalid; it cannot be a null value.` });
    }
    expect((await t.store.getRolloutById(r?.rollout_id as string))?.mode).toBeNull();
  });

  it('answers 404 with {detail, error_type, code} for an update of an unknown rollout (DECISIONS 1)', async () => {
    const reply = await t.call('POST', '/v1/agl/rollouts/ro-000000000000', {
      json: { status: 'cancelled' },
    });
    expect(reply.status).toBe(404);
    expect(Object.keys(reply.body).sort()).toEqual(['code', 'detail', 'error_type']);
    expect(reply.body).toMatchObject({ error_type: 'ValueError', code: 'NOT_FOUND' });
  });

  it('requires a body for update (no body → 422 loc [body])', async () => {
    const [r] = await enqueue('x');
    const reply = await t.call('POST', `/v1/agl/rollouts/${r?.rollout_id}`);
    expect(reply.status).toBe(422);
    expect(reply.body.detail).toEqual([
      { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
    ]);
  });
});

describe('query and search rollouts', () => {
  it('filters by repeated status_in keys, sorts and pages; search takes the same keys as JSON', async () => {
    await enqueue('a', 'b', 'c');
    await t.call('POST', '/v1/agl/queues/rollouts/dequeue');
    const query = await t.call(
      'GET',
      '/v1/agl/rollouts?status_in=queuing&status_in=preparing&sort_by=start_time&sort_order=desc&limit=2&offset=1',
    );
    expect(query.status).toBe(200);
    expect(query.body).toMatchObject({ limit: 2, offset: 1, total: 3 });
    expect(query.body.items).toHaveLength(2);
    const search = await t.call('POST', '/v1/agl/rollouts/search', {
      json: { status_in: ['queuing'], sort_by: 'rollout_id' },
    });
    expect(search.body.total).toBe(2);
    const ids = search.body.items.map((r: { rollout_id: string }) => r.rollout_id);
    expect(ids).toEqual([...ids].sort());
  });

  it('answers the reference 400 messages for bad sort_by, limit and offset', async () => {
    const cases: [string, string][] = [
      [
        'sort_by=attempt',
        'Invalid sort_by: attempt, allowed fields are: rollout_id, input, start_time, end_time, mode, resources_id, status, config, metadata',
      ],
      ['limit=0', 'Limit must be greater than 0 or -1 for no limit'],
      ['limit=-2', 'Limit must be greater than 0 or -1 for no limit'],
      ['offset=-1', 'Offset must be greater than or equal to 0'],
      [
        'sort_by=nope&limit=0',
        'Invalid sort_by: nope, allowed fields are: rollout_id, input, start_time, end_time, mode, resources_id, status, config, metadata',
      ],
    ];
    for (const [query, detail] of cases) {
      const reply = await t.call('GET', `/v1/agl/rollouts?${query}`);
      expect({ query, status: reply.status, body: reply.body }).toEqual({
        query,
        status: 400,
        body: { detail },
      });
    }
    const search = await t.call('POST', '/v1/agl/rollouts/search', { json: { offset: -1 } });
    expect(search.body).toEqual({ detail: 'Offset must be greater than or equal to 0' });
  });

  it('validates enums and integers in the query string with 422 loc [query, ...]', async () => {
    const bad = await t.call('GET', '/v1/agl/rollouts?status_in=paused');
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({
      type: 'literal_error',
      loc: ['query', 'status_in', 0],
      input: 'paused',
    });
    const logic = await t.call('GET', '/v1/agl/rollouts?filter_logic=xor');
    expect(logic.body.detail[0].loc).toEqual(['query', 'filter_logic']);
    for (const limit of ['ten', '1.5', '']) {
      const reply = await t.call('GET', `/v1/agl/rollouts?limit=${limit}`);
      expect(reply.status).toBe(422);
      expect(reply.body.detail[0]).toMatchObject({
        type: 'int_parsing',
        loc: ['query', 'limit'],
        input: limit,
      });
    }
  });

  it('ignores unknown query parameters and takes the last value of a repeated scalar', async () => {
    await enqueue('a', 'b');
    const reply = await t.call('GET', '/v1/agl/rollouts?colour=blue&limit=5&limit=1');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ limit: 1, total: 2 });
  });
});

describe('waits', () => {
  it('answers finished rollouts in request order without attempt keys, [] at timeout 0', async () => {
    const [a, b] = await enqueue('a', 'b');
    await t.call('POST', '/v1/agl/queues/rollouts/dequeue', { json: { limit: 2 } });
    for (const r of [b, a])
      await t.store.updateAttempt(r?.rollout_id as string, 'latest', { status: 'succeeded' });
    const reply = await t.call('POST', '/v1/agl/waits/rollouts', {
      json: { rollout_ids: [a?.rollout_id, 'ro-000000000000', b?.rollout_id], timeout: 1 },
    });
    expect(reply.body.map((r: { rollout_id: string }) => r.rollout_id)).toEqual([
      a?.rollout_id,
      b?.rollout_id,
    ]);
    expect(reply.body[0]).not.toHaveProperty('attempt');
    const [c] = await enqueue('c');
    const zero = await t.call('POST', '/v1/agl/waits/rollouts', {
      json: { rollout_ids: [c?.rollout_id], timeout: 0 },
    });
    expect(zero.body).toEqual([]);
  });

  it('requires rollout_ids and a numeric timeout', async () => {
    expect(
      (await t.call('POST', '/v1/agl/waits/rollouts', { json: { timeout: 1 } })).body.detail[0].loc,
    ).toEqual(['body', 'rollout_ids']);
    const soon = await t.call('POST', '/v1/agl/waits/rollouts', {
      json: { rollout_ids: [], timeout: 'soon' },
    });
    expect(soon.body.detail[0]).toMatchObject({ type: 'float_parsing', loc: ['body', 'timeout'] });
  });
});
