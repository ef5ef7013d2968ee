import { ManualClock } from '@agl/store-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyCache } from '../src/http/idempotency';
import { makeSpan, type TestApp, testApp } from './helpers';

let t: TestApp;
beforeEach(() => {
  t = testApp();
});
afterEach(() => t.close());

async function started() {
  const reply = await t.call('POST', '/v1/agl/rollouts', { json: { input: 'task' } });
  return {
    rolloutId: reply.body.rollout_id as string,
    attemptId: reply.body.attempt.attempt_id as string,
  };
}

describe('batch routes', () => {
  it('POST /spans/batch stores many spans in one request (201, duplicates left out)', async () => {
    const { rolloutId, attemptId } = await started();
    const spans = ['s1', 's2', 's3'].map((id, i) => makeSpan(rolloutId, attemptId, id, i + 1));
    const reply = await t.call('POST', '/v1/agl/spans/batch', { json: { spans } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ stored: [0, 1, 2] });
    const again = await t.call('POST', '/v1/agl/spans/batch', {
      json: { spans: [spans[0], makeSpan(rolloutId, attemptId, 's4', 4)] },
    });
    expect(again.body).toEqual({ stored: [1] });
    expect((await t.store.querySpans(rolloutId)).total).toBe(4);
    const stored = await t.store.querySpans(rolloutId, { spanId: 's4' });
    expect(stored.items[0]).toEqual(makeSpan(rolloutId, attemptId, 's4', 4));
  });

  it('POST /spans/batch answers indices in storage order, a repeated span once', async () => {
    const a = await started();
    const b = await started();
    const spans = [
      makeSpan(a.rolloutId, a.attemptId, 'x1'),
      makeSpan(b.rolloutId, b.attemptId, 'y1'),
      makeSpan(a.rolloutId, a.attemptId, 'x2'),
      makeSpan(a.rolloutId, a.attemptId, 'x1'),
    ];
    const reply = await t.call('POST', '/v1/agl/spans/batch', { json: { spans } });
    // Grouped by (rollout, attempt) in order of first appearance: a's spans, then b's.
    expect(reply.body).toEqual({ stored: [0, 2, 1] });
  });

  it('POST /spans/batch validates every span and answers 404 for an unknown attempt', async () => {
    const { rolloutId, attemptId } = await started();
    const bad = await t.call('POST', '/v1/agl/spans/batch', {
      json: {
        spans: [
          makeSpan(rolloutId, attemptId, 'ok'),
          { ...makeSpan(rolloutId, attemptId, 'x'), status: { status_code: 'FINE' } },
        ],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].loc).toEqual(['body', 'spans', 1, 'status', 'status_code']);
    const unknown = await t.call('POST', '/v1/agl/spans/batch', {
      json: { spans: [makeSpan(rolloutId, 'at-00000000', 'y')] },
    });
    expect(unknown.status).toBe(404);
    expect((await t.call('POST', '/v1/agl/spans/batch', { json: {} })).status).toBe(422);
  });

  it('POST /spans/next/batch issues one sequence id per pair in order', async () => {
    const reply = await t.call('POST', '/v1/agl/spans/next/batch', {
      json: {
        pairs: [
          { rollout_id: 'ro-a', attempt_id: 'at-1' },
          { rollout_id: 'ro-b', attempt_id: 'at-1' },
          { rollout_id: 'ro-a', attempt_id: 'at-1' },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ sequence_ids: [1, 1, 2] });
    const bad = await t.call('POST', '/v1/agl/spans/next/batch', {
      json: { pairs: [{ rollout_id: 'ro-a' }] },
    });
    expect(bad.body.detail[0].loc).toEqual(['body', 'pairs', 0, 'attempt_id']);
  });
});

describe('idempotency keys over HTTP', () => {
  const enqueueWith = (key: string | undefined, input = 'x') =>
    t.call('POST', '/v1/agl/queues/rollouts/enqueue', {
      json: { rollouts: [{ input }] },
      headers: key ? { 'idempotency-key': key } : {},
    });

  it('answers a retried create with the first answer and creates nothing more', async () => {
    const first = await enqueueWith('k-1');
    const retry = await enqueueWith('k-1');
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect((await t.store.statistics()).total_rollouts).toBe(1);
    await enqueueWith('k-2');
    expect((await t.store.statistics()).total_rollouts).toBe(2);
  });

  it('without the header, repeats are applied like the reference', async () => {
    await enqueueWith(undefined);
    await enqueueWith(undefined);
    expect((await t.store.statistics()).total_rollouts).toBe(2);
  });

  it('scopes keys by route: the same key on another route runs that route', async () => {
    await enqueueWith('shared');
    const start = await t.call('POST', '/v1/agl/rollouts', {
      json: { input: 1 },
      headers: { 'idempotency-key': 'shared' },
    });
    expect(start.status).toBe(201);
    expect((await t.store.statistics()).total_rollouts).toBe(2);
  });

  it('covers start rollout, start attempt, resources, spans and sequence ids', async () => {
    const headers = { 'idempotency-key': 'same' };
    const a = await t.call('POST', '/v1/agl/rollouts', { json: { input: 1 }, headers });
    const b = await t.call('POST', '/v1/agl/rollouts', { json: { input: 1 }, headers });
    expect(b.body.rollout_id).toBe(a.body.rollout_id);
    const rolloutId = a.body.rollout_id as string;
    const attemptId = a.body.attempt.attempt_id as string;
    const att1 = await t.call('POST', `/v1/agl/rollouts/${rolloutId}/attempts`, { headers });
    const att2 = await t.call('POST', `/v1/agl/rollouts/${rolloutId}/attempts`, { headers });
    expect(att2.body.attempt.attempt_id).toBe(att1.body.attempt.attempt_id);
    const res1 = await t.call('POST', '/v1/agl/resources', { json: {}, headers });
    const res2 = await t.call('POST', '/v1/agl/resources', { json: {}, headers });
    expect(res2.body.resources_id).toBe(res1.body.resources_id);
    const up1 = await t.call('POST', '/v1/agl/resources/r1', { json: {}, headers });
    const up2 = await t.call('POST', '/v1/agl/resources/r1', { json: {}, headers });
    expect([up1.body.version, up2.body.version]).toEqual([1, 1]);
    const seq1 = await t.call('POST', '/v1/agl/spans/next', {
      json: { rollout_id: rolloutId, attempt_id: attemptId },
      headers,
    });
    const seq2 = await t.call('POST', '/v1/agl/spans/next', {
      json: { rollout_id: rolloutId, attempt_id: attemptId },
      headers,
    });
    expect(seq2.body).toEqual(seq1.body);
    const batch1 = await t.call('POST', '/v1/agl/spans/next/batch', {
      json: { pairs: [{ rollout_id: rolloutId, attempt_id: attemptId }] },
      headers,
    });
    const batch2 = await t.call('POST', '/v1/agl/spans/next/batch', {
      json: { pairs: [{ rollout_id: rolloutId, attempt_id: attemptId }] },
      headers,
    });
    expect(batch2.body).toEqual(batch1.body);
    const span = makeSpan(rolloutId, attemptId, 'sp');
    const s1 = await t.call('POST', '/v1/agl/spans', { json: span, headers });
    const s2 = await t.call('POST', '/v1/agl/spans', { json: span, headers });
    expect(s2.body).toEqual(s1.body); // without the key the second would answer null
    expect(s2.body).not.toBeNull();
  });

  it('remembers store errors (4xx) so a retry gets the same answer', async () => {
    const headers = { 'idempotency-key': 'err' };
    const first = await t.call('POST', '/v1/agl/rollouts/ro-000000000000/attempts', { headers });
    const retry = await t.call('POST', '/v1/agl/rollouts/ro-000000000000/attempts', { headers });
    expect([first.status, retry.status]).toEqual([404, 404]);
    expect(retry.text).toBe(first.text);
  });

  it('is ignored when disabled', async () => {
    const off = testApp({ idempotency: false });
    for (let i = 0; i < 2; i++)
      await off.call('POST', '/v1/agl/rollouts', {
        json: { input: 1 },
        headers: { 'idempotency-key': 'k' },
      });
    expect((await off.store.statistics()).total_rollouts).toBe(2);
    await off.close();
  });
});

describe('IdempotencyCache', () => {
  const ok =
    (text: string, status = 200) =>
    async () =>
      new Response(text, { status, headers: { 'content-type': 'application/json' } });

  it('forgets the least recently used answers beyond maxBytes', async () => {
    const cache = new IdempotencyCache({ maxBytes: 10 });
    await cache.run('a', ok('aaaa'));
    await cache.run('b', ok('bbbb'));
    expect(cache.bytes).toBe(8);
    await cache.run('a', ok('zzzz')); // a is now the most recently used
    await cache.run('c', ok('cccc')); // 12 bytes: b (least recent) goes
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(8);
    expect(await (await cache.run('a', ok('new'))).text()).toBe('aaaa');
    expect(await (await cache.run('b', ok('new'))).text()).toBe('new');
  });

  it('lets a retry wait for the first request still in flight and share its answer', async () => {
    const cache = new IdempotencyCache();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handle = async () => {
      runs++;
      await gate;
      return new Response('"first"', { status: 201 });
    };
    const first = cache.run('k', handle);
    const retry = cache.run('k', handle);
    release();
    const [a, b] = await Promise.all([first, retry]);
    expect(runs).toBe(1);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([await a.text(), await b.text()]).toEqual(['"first"', '"first"']);
  });

  it('forgets keys after the TTL and beyond the capacity (least recently used first)', async () => {
    const clock = new ManualClock(1000);
    const cache = new IdempotencyCache({ ttlSeconds: 10, maxEntries: 2 }, clock);
    expect(await (await cache.run('a', ok('1'))).text()).toBe('1');
    expect(await (await cache.run('a', ok('2'))).text()).toBe('1');
    clock.advance(11);
    expect(await (await cache.run('a', ok('3'))).text()).toBe('3');
    await cache.run('b', ok('b'));
    await cache.run('a', ok('ignored')); // touch a: b is now the least recent
    await cache.run('c', ok('c'));
    expect(cache.size).toBe(2);
    expect(await (await cache.run('b', ok('b2'))).text()).toBe('b2'); // b was forgotten
    expect(await (await cache.run('c', ok('c2'))).text()).toBe('c'); // c is still known
  });

  it('does not keep answers of 500 and above, nor thrown errors', async () => {
    const cache = new IdempotencyCache();
    expect((await cache.run('k', ok('boom', 503))).status).toBe(503);
    expect((await cache.run('k', ok('fine'))).status).toBe(200);
    await expect(cache.run('e', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await (await cache.run('e', ok('later'))).text()).toBe('later');
  });
});
