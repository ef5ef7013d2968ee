import type { LightningStore } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Span } from '@agl/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptReward } from '../src/reward-tracker';
import { type TestApp, testApp } from './helpers';

/** A stand-in for the dashboard's reader: the last span with a numeric `reward` attribute wins. */
function readReward(spans: readonly Span[]): AttemptReward {
  const rewarded = spans.filter((s) => typeof s.attributes?.reward === 'number');
  const last = rewarded.at(-1);
  const value = last ? (last.attributes.reward as number) : null;
  return {
    final_reward: value,
    dimensions: value === null ? [] : [{ name: 'primary', value }],
    reward_spans: rewarded.length,
  };
}

const dashboard = { fetch: async () => undefined, readReward };
const clock = { t: 1_000_000, now: () => clock.t };

async function finish(store: LightningStore, reward: number | null, status = 'succeeded') {
  const started = await store.startRollout({ task: reward });
  const { rollout_id: rolloutId } = started;
  const attemptId = started.attempt.attempt_id;
  if (reward !== null) {
    await store.addSpan({
      rollout_id: rolloutId,
      attempt_id: attemptId,
      sequence_id: 1,
      trace_id: 't'.repeat(32),
      span_id: `s${rolloutId}`.slice(0, 16).padEnd(16, '0'),
      parent_id: null,
      name: 'reward',
      status: { status_code: 'OK' },
      attributes: { reward },
      start_time: clock.t,
      end_time: clock.t,
    } as unknown as Span);
  }
  await store.updateAttempt(rolloutId, attemptId, {
    status: status as 'succeeded',
  });
  return { rolloutId, attemptId };
}

describe('dashboard aggregates (rewards, timeseries)', () => {
  let t: TestApp;
  const ids: { rolloutId: string; attemptId: string }[] = [];
  let queued = '';
  beforeAll(async () => {
    const store = new InMemoryLightningStore({ clock, watchdogIntervalSeconds: null });
    t = testApp({ dashboard }, store);
    clock.t = 1_000_005; // bucket [1_000_000, 1_000_010) with width 10
    ids.push(await finish(store, 0.5));
    ids.push(await finish(store, 1));
    clock.t = 1_000_025; // bucket [1_000_020, 1_000_030)
    ids.push(await finish(store, null, 'failed'));
    queued = (await store.enqueueRollout({ task: 'waiting' })).rollout_id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('advertises both capabilities only with a reward reader', async () => {
    expect((await t.call('GET', '/v1/agl/health')).body.capabilities).toMatchObject({
      rewards: true,
      timeseries: true,
    });
    const plain = testApp({ dashboard: { fetch: async () => undefined } });
    const health = await plain.call('GET', '/v1/agl/health');
    expect(health.body.capabilities.rewards).toBeUndefined();
    expect((await plain.call('GET', '/v1/agl/rewards?rollout_id_in=x')).status).toBe(404);
    await plain.close();
  });

  it('gives final rewards in request order, omitting unknown rollouts', async () => {
    const [a, b, c] = ids as [(typeof ids)[0], (typeof ids)[0], (typeof ids)[0]];
    const query = [b.rolloutId, 'ro-unknown', a.rolloutId, c.rolloutId, queued]
      .map((id) => `rollout_id_in=${encodeURIComponent(id)}`)
      .join('&');
    const reply = await t.call('GET', `/v1/agl/rewards?${query}`);
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([
      {
        rollout_id: b.rolloutId,
        attempt_id: b.attemptId,
        final_reward: 1,
        dimensions: [{ name: 'primary', value: 1 }],
        reward_spans: 1,
      },
      {
        rollout_id: a.rolloutId,
        attempt_id: a.attemptId,
        final_reward: 0.5,
        dimensions: [{ name: 'primary', value: 0.5 }],
        reward_spans: 1,
      },
      {
        rollout_id: c.rolloutId,
        attempt_id: c.attemptId,
        final_reward: null,
        dimensions: [],
        reward_spans: 0,
      },
      { rollout_id: queued, attempt_id: null, final_reward: null, dimensions: [], reward_spans: 0 },
    ]);
  });

  it('refuses no ids and more than 100', async () => {
    expect((await t.call('GET', '/v1/agl/rewards')).status).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => `rollout_id_in=r${i}`).join('&');
    const reply = await t.call('GET', `/v1/agl/rewards?${many}`);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ detail: 'At most 100 rollout ids' });
  });

  it('counts created and finished rollouts and summarises rewards per aligned bucket', async () => {
    const reply = await t.call(
      'GET',
      '/v1/agl/timeseries?since=1000003&until=1000029&bucket_seconds=10',
    );
    expect(reply.status).toBe(200);
    const empty = { count: 0, mean: null, min: null, max: null };
    expect(reply.body).toEqual({
      bucket_seconds: 10,
      buckets: [
        {
          start: 1_000_000,
          created: 2,
          finished: { succeeded: 2, failed: 0, cancelled: 0 },
          reward: { count: 2, mean: 0.75, min: 0.5, max: 1 },
        },
        {
          start: 1_000_010,
          created: 0,
          finished: { succeeded: 0, failed: 0, cancelled: 0 },
          reward: empty,
        },
        {
          start: 1_000_020,
          created: 2,
          finished: { succeeded: 0, failed: 1, cancelled: 0 },
          reward: empty,
        },
      ],
    });
    const val = await t.call(
      'GET',
      '/v1/agl/timeseries?since=1000000&until=1000029&bucket_seconds=10&mode_in=val',
    );
    expect(val.body.buckets.map((b: { created: number }) => b.created)).toEqual([0, 0, 0]);
  });

  it('refuses bad parameters and more than 1,000 buckets', async () => {
    for (const query of [
      'until=10&bucket_seconds=1',
      'since=0&until=10&bucket_seconds=0',
      'since=0&until=10&bucket_seconds=1.5',
      'since=0&until=10&bucket_seconds=1&mode_in=prod',
      'since=0&until=1000&bucket_seconds=1',
    ])
      expect((await t.call('GET', `/v1/agl/timeseries?${query}`)).status, query).toBe(400);
    expect(
      (await t.call('GET', '/v1/agl/timeseries?since=0&until=999&bucket_seconds=1')).status,
    ).toBe(200);
  });
});
