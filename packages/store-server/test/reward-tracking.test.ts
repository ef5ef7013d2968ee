import { silentLogger } from '@agl/store-core';
import { makeSpan } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import type { Span } from '@agl/types';
import { afterEach, describe, expect, it } from 'vitest';
import { buildStoreApp } from '../src/app';
import { type AttemptReward, RewardTracker } from '../src/reward-tracker';
import { LightningStoreServer } from '../src/server';
import { httpCall } from './helpers';

type Dimension = { name: string; value: number };

/** A reader following the dashboard's conventions: dimensions, annotations; legacy spans not counted. */
function spanValue(span: Span): Dimension[] | null {
  const a = span.attributes ?? {};
  if (typeof a['agentlightning.reward.0.value'] === 'number') {
    const dims: Dimension[] = [];
    for (let i = 0; typeof a[`agentlightning.reward.${i}.value`] === 'number'; i++)
      dims.push({
        name: String(a[`agentlightning.reward.${i}.name`]),
        value: a[`agentlightning.reward.${i}.value`] as number,
      });
    return dims;
  }
  if (span.name === 'agentlightning.annotation' && typeof a.reward === 'number')
    return [{ name: 'reward', value: a.reward }];
  return null;
}

function readReward(spans: readonly Span[]): AttemptReward {
  let final: Dimension[] | null = null;
  let count = 0;
  for (const span of spans) {
    const dims = spanValue(span);
    if (!dims) continue;
    count++;
    final = dims;
  }
  return { final_reward: final?.[0]?.value ?? null, dimensions: final ?? [], reward_spans: count };
}

/** Seeded generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

let spanCount = 0;
/** A span of one of the conventions (or none), chosen by `kind`. */
function spanOf(
  rolloutId: string,
  attemptId: string,
  sequence: number,
  kind: number,
  value: number,
) {
  spanCount++;
  const spanId = spanCount.toString(16).padStart(16, '0');
  const attributes: Record<string, unknown> =
    kind === 0
      ? { 'agentlightning.reward.0.name': 'primary', 'agentlightning.reward.0.value': value }
      : kind === 1
        ? {
            'agentlightning.reward.0.name': 'primary',
            'agentlightning.reward.0.value': value,
            'agentlightning.reward.1.name': 'format',
            'agentlightning.reward.1.value': -value,
          }
        : kind === 2 || kind === 3
          ? { reward: value }
          : { 'gen_ai.request.model': 'm', padding: 'x'.repeat(200) };
  const name =
    kind === 2 ? 'agentlightning.annotation' : kind === 3 ? 'agentlightning.reward' : 'llm';
  return makeSpan(rolloutId, attemptId, {
    sequence_id: sequence,
    span_id: spanId,
    name,
    attributes: attributes as Span['attributes'],
  });
}

const servers: LightningStoreServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function serve(store: InMemoryLightningStore) {
  const server = new LightningStoreServer({
    store,
    port: 0,
    logger: silentLogger,
    dashboard: { fetch: async () => undefined, readReward },
  });
  await server.start();
  servers.push(server);
  const call = (method: string, path: string, json?: unknown) =>
    httpCall(server.endpoint, method, path, json === undefined ? {} : { json });
  const start = async () => {
    const reply = await call('POST', '/v1/agl/rollouts', { input: { q: 1 } });
    expect(reply.status).toBe(201);
    return { rolloutId: reply.body.rollout_id as string, attemptId: reply.body.attempt.attempt_id };
  };
  const finish = async (rolloutId: string, attemptId: string) => {
    const reply = await call('POST', `/v1/agl/rollouts/${rolloutId}/attempts/${attemptId}`, {
      status: 'succeeded',
    });
    expect(reply.status).toBe(200);
  };
  const rewards = async (ids: string[]) => {
    const query = ids.map((id) => `rollout_id_in=${id}`).join('&');
    const reply = await call('GET', `/v1/agl/rewards?${query}`);
    expect(reply.status).toBe(200);
    return reply.body.items as (AttemptReward & { rollout_id: string })[];
  };
  return { server, call, start, finish, rewards };
}

describe('rewards maintained at span insertion', () => {
  it('stay correct after the memory store evicted the spans', async () => {
    // Any span write past 4 kB evicts every rollout's spans (safe threshold 0).
    const store = new InMemoryLightningStore({
      evictionThresholdBytes: 4000,
      safeThresholdBytes: 0,
      watchdogIntervalSeconds: null,
    });
    const s = await serve(store);
    // Such a server writes spans through its fast path, which must be counted too.
    const dashboard = { fetch: async () => undefined, readReward };
    expect(buildStoreApp(store, { logger: silentLogger, dashboard }).fastPath).toBeDefined();
    const rollouts = [];
    for (const value of [0.25, -3, 7.5]) {
      const { rolloutId, attemptId } = await s.start();
      expect(
        (await s.call('POST', '/v1/agl/spans', spanOf(rolloutId, attemptId, 2, 0, value))).status,
      ).toBe(201);
      expect(
        (await s.call('POST', '/v1/agl/spans', spanOf(rolloutId, attemptId, 1, 2, 100))).status,
      ).toBe(201);
      await s.finish(rolloutId, attemptId);
      rollouts.push({ rolloutId, value });
    }
    const ids = rollouts.map((r) => r.rolloutId);
    // Nobody asked for these rewards before the eviction (no read could have cached them).
    // Filler spans push span memory over the threshold.
    const filler = await s.start();
    for (let i = 1; i <= 20; i++)
      await s.call('POST', '/v1/agl/spans', spanOf(filler.rolloutId, filler.attemptId, i, 9, 0));
    for (const id of ids) {
      const spans = await s.call('GET', `/v1/agl/spans?rollout_id=${id}`);
      expect(spans.status).toBe(409);
    }
    const after = await s.rewards(ids);
    expect(after.map((r) => [r.final_reward, r.reward_spans])).toEqual([
      [0.25, 2],
      [-3, 2],
      [7.5, 2],
    ]);
    expect(after[0]?.dimensions).toEqual([{ name: 'primary', value: 0.25 }]);

    const now = Date.now() / 1000;
    const series = await s.call(
      'GET',
      `/v1/agl/timeseries?since=${Math.floor(now - 60)}&until=${Math.ceil(now + 1)}&bucket_seconds=100`,
    );
    expect(series.status).toBe(200);
    const reward = (series.body.buckets as { reward: { count: number; sum?: number } }[])
      .map((b) => b.reward as { count: number; mean: number | null; min: number; max: number })
      .filter((r) => r.count > 0);
    expect(reward.reduce((n, r) => n + r.count, 0)).toBe(3);
    expect(Math.min(...reward.map((r) => r.min))).toBe(-3);
    expect(Math.max(...reward.map((r) => r.max))).toBe(7.5);
  });

  it('equal the reader over the stored spans for random, out-of-order, concurrent writes', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const s = await serve(store);
    for (let seed = 1; seed <= 8; seed++) {
      const rand = random(seed);
      const attempts = [];
      for (let r = 0; r < 4; r++) attempts.push(await s.start());
      const writes: Span[][] = [];
      for (const { rolloutId, attemptId } of attempts) {
        const n = 3 + Math.floor(rand() * 12);
        // Sequence ids 1..n shuffled, with some repeated (ties resolved by storage order).
        const sequences = Array.from({ length: n }, (_, i) =>
          rand() < 0.2 ? Math.max(1, i) : i + 1,
        ).sort(() => rand() - 0.5);
        const spans = sequences.map((seq) =>
          spanOf(rolloutId, attemptId, seq, Math.floor(rand() * 5), Math.round(rand() * 200) - 100),
        );
        // Groups of spans without repeated sequence ids in one group are written concurrently.
        let group: Span[] = [];
        for (const span of spans) {
          if (group.some((g) => g.sequence_id === span.sequence_id)) {
            writes.push(group);
            group = [];
          }
          group.push(span);
        }
        writes.push(group);
      }
      for (const group of writes) {
        const half = Math.floor(group.length / 2);
        await Promise.all([
          ...group
            .slice(0, half)
            .map((span) =>
              s.call('POST', '/v1/agl/spans', span).then((r) => expect(r.status).toBe(201)),
            ),
          s
            .call('POST', '/v1/agl/spans/batch', { spans: group.slice(half) })
            .then((r) => expect(r.status).toBe(201)),
        ]);
      }
      const ids = attempts.map((a) => a.rolloutId);
      const served = await s.rewards(ids);
      for (const [i, { rolloutId, attemptId }] of attempts.entries()) {
        const spans = await store.querySpans(rolloutId, {
          attemptId,
          sortBy: 'sequence_id',
          sortOrder: 'asc',
        });
        const {
          rollout_id: _,
          attempt_id: __,
          ...reward
        } = served[i] as AttemptReward & {
          rollout_id: string;
          attempt_id: string;
        };
        expect(reward, `seed ${seed}, rollout ${i}`).toEqual(readReward(spans.items));
      }
    }
  });

  it('counts rewards written by OTLP and by the batch route', async () => {
    const store = new InMemoryLightningStore({ evictionThresholdBytes: 1_000_000_000 });
    const s = await serve(store);
    const otlp = await s.start();
    const attr = (key: string, value: Record<string, unknown>) => ({ key, value });
    const otlpSpan = (spanId: string, sequence: number, reward: number) => ({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId,
      name: 'reward',
      kind: 1,
      startTimeUnixNano: '1767225630000000000',
      endTimeUnixNano: '1767225631000000000',
      attributes: [
        attr('agentlightning.span_sequence_id', { intValue: String(sequence) }),
        attr('agentlightning.reward.0.name', { stringValue: 'primary' }),
        attr('agentlightning.reward.0.value', { doubleValue: reward }),
      ],
      status: { code: 1 },
    });
    const response = await fetch(`${s.server.endpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: {
              attributes: [
                attr('agentlightning.rollout_id', { stringValue: otlp.rolloutId }),
                attr('agentlightning.attempt_id', { stringValue: otlp.attemptId }),
              ],
            },
            scopeSpans: [
              {
                scope: { name: 'test' },
                // Out of order: the span with the higher sequence id comes first.
                spans: [otlpSpan('eee19b7ec3c1b175', 9, 0.5), otlpSpan('eee19b7ec3c1b176', 4, 2)],
              },
            ],
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const batch = await s.start();
    const reply = await s.call('POST', '/v1/agl/spans/batch', {
      spans: [
        spanOf(batch.rolloutId, batch.attemptId, 5, 2, 1.25),
        spanOf(batch.rolloutId, batch.attemptId, 3, 0, 9),
        spanOf(batch.rolloutId, batch.attemptId, 6, 3, 42),
      ],
    });
    expect(reply.status).toBe(201);
    const items = await s.rewards([otlp.rolloutId, batch.rolloutId]);
    expect(items.map((r) => [r.final_reward, r.reward_spans])).toEqual([
      [0.5, 2],
      [1.25, 2],
    ]);
    // The same numbers as read from the stored spans (nothing was evicted here).
    for (const [i, id] of [otlp, batch].entries()) {
      const spans = await store.querySpans(id.rolloutId, { sortBy: 'sequence_id' });
      expect(items[i]?.final_reward).toBe(readReward(spans.items).final_reward);
    }
  });
});

describe('RewardTracker bound', () => {
  const attempt = (i: number, status = 'running') => ({
    rollout_id: `ro-${i}`,
    attempt_id: `at-${i}`,
    status,
  });
  const reward = (tracker: RewardTracker, i: number, value: number) =>
    tracker.spansAdded([
      spanOf(`ro-${i}`, `at-${i}`, 1, 0, value) as Span & { rollout_id: string },
    ]);

  it('drops the attempt that finished longest ago first, then the oldest unfinished', () => {
    const tracker = new RewardTracker(readReward, 3);
    tracker.attemptsCreated([attempt(1), attempt(2), attempt(3)]);
    for (const i of [1, 2, 3]) reward(tracker, i, i);
    tracker.attemptStatus(attempt(3, 'succeeded'));
    tracker.attemptStatus(attempt(2, 'failed'));
    tracker.attemptsCreated([attempt(4)]);
    expect(tracker.size).toBe(3);
    // 3 finished first, so it goes first; 1 (oldest but unfinished) stays.
    expect(tracker.get('ro-3', 'at-3')).toBeUndefined();
    expect(tracker.get('ro-1', 'at-1')?.final_reward).toBe(1);
    expect(tracker.get('ro-2', 'at-2')?.final_reward).toBe(2);
    tracker.attemptsCreated([attempt(5)]);
    expect(tracker.get('ro-2', 'at-2')).toBeUndefined();
    // No finished attempt left: the oldest unfinished one goes.
    tracker.attemptsCreated([attempt(6)]);
    expect(tracker.get('ro-1', 'at-1')).toBeUndefined();
    expect(tracker.size).toBe(3);
    // Spans of an attempt no longer tracked are ignored (it is read from its spans again).
    reward(tracker, 1, 10);
    expect(tracker.get('ro-1', 'at-1')).toBeUndefined();
  });

  it('hands only spans that can carry a reward to the reader', () => {
    const seen: Span[] = [];
    const tracker = new RewardTracker((spans) => {
      seen.push(...spans);
      return readReward(spans);
    });
    tracker.attemptsCreated([attempt(1)]);
    tracker.spansAdded([
      spanOf('ro-1', 'at-1', 1, 4, 0),
      spanOf('ro-1', 'at-1', 2, 0, 5),
      spanOf('ro-1', 'at-1', 3, 4, 0),
    ]);
    expect(seen.map((span) => span.sequence_id)).toEqual([2]);
    expect(tracker.get('ro-1', 'at-1')).toEqual({
      final_reward: 5,
      dimensions: [{ name: 'primary', value: 5 }],
      reward_spans: 1,
    });
  });
});
