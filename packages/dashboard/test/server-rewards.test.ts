import { silentLogger } from '@agl/store-core';
import { makeSpan } from '@agl/store-core/testing';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import type { Span } from '@agl/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalReward, spanReward } from '../src/core/rewards';
import { readAttemptReward } from '../src/server/reward-reader';

/** Attributes of every reward convention the page reads, counted or not. */
function attributesOf(
  kind: number,
  value: number,
): { name: string; attributes: Span['attributes'] } {
  switch (kind) {
    case 0:
      return {
        name: 'grader',
        attributes: {
          'agentlightning.reward.0.name': 'primary',
          'agentlightning.reward.0.value': value,
          'agentlightning.reward.1.name': 'format',
          'agentlightning.reward.1.value': 1,
        },
      };
    case 1:
      return {
        name: 'task',
        attributes: { 'agentops.task.output': JSON.stringify({ type: 'reward', value }) },
      };
    case 2:
      return {
        name: 'entity',
        attributes: { 'agentops.entity.output': JSON.stringify({ type: 'reward', value }) },
      };
    case 3:
      return { name: 'agentlightning.annotation', attributes: { reward: value } };
    case 4:
      return { name: 'agentlightning.reward', attributes: { reward: value } };
    case 5:
      return {
        name: 'op',
        attributes: {
          'agentlightning.operation.name': 'agentlightning.reward',
          'agentlightning.operation.output': String(value),
        },
      };
    case 6:
      return {
        name: 'task',
        attributes: { 'agentops.task.output': JSON.stringify({ type: 'text', value }) },
      };
    default:
      return { name: 'llm', attributes: { 'gen_ai.request.model': 'm' } };
  }
}

describe("the server's maintained rewards with the dashboard's reader", () => {
  const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
  const server = new LightningStoreServer({
    store,
    port: 0,
    logger: silentLogger,
    dashboard: { fetch: async () => undefined, readReward: readAttemptReward },
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('equal finalReward over the stored spans, whatever the convention and order', async () => {
    let s = 7;
    const rand = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const post = (path: string, body: unknown) =>
      fetch(`${server.endpoint}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as {
          rollout_id: string;
          attempt: { attempt_id: string };
        },
      }));
    const attempts: { rollout_id: string; attempt_id: string }[] = [];
    let spanNo = 0;
    for (let r = 0; r < 20; r++) {
      const started = await post('/v1/agl/rollouts', { input: r });
      const ids = {
        rollout_id: started.body.rollout_id,
        attempt_id: started.body.attempt.attempt_id,
      };
      attempts.push(ids);
      const n = 1 + Math.floor(rand() * 10);
      const order = Array.from({ length: n }, (_, i) => i + 1).sort(() => rand() - 0.5);
      // Concurrent writes, in shuffled sequence order.
      await Promise.all(
        order.map((sequence) => {
          const { name, attributes } = attributesOf(
            Math.floor(rand() * 9),
            Math.round(rand() * 20) - 10,
          );
          spanNo++;
          const span = makeSpan(ids.rollout_id, ids.attempt_id, {
            sequence_id: sequence,
            span_id: spanNo.toString(16).padStart(16, '0'),
            name,
            attributes,
          });
          return post('/v1/agl/spans', span).then((reply) => expect(reply.status).toBe(201));
        }),
      );
    }
    const query = attempts.map((a) => `rollout_id_in=${a.rollout_id}`).join('&');
    const served = (await (await fetch(`${server.endpoint}/v1/agl/rewards?${query}`)).json()) as {
      items: unknown[];
    };
    let rewarded = 0;
    for (const [i, ids] of attempts.entries()) {
      const spans = (
        await store.querySpans(ids.rollout_id, { attemptId: ids.attempt_id, sortBy: 'sequence_id' })
      ).items;
      const final = finalReward(spans);
      if (final) rewarded++;
      expect(served.items[i]).toEqual({
        ...ids,
        final_reward: final?.value ?? null,
        dimensions: final?.dimensions ?? [],
        reward_spans: spans.filter((span) => spanReward(span)?.legacy === false).length,
      });
    }
    // The random spans did exercise both outcomes.
    expect(rewarded).toBeGreaterThan(0);
    expect(rewarded).toBeLessThan(attempts.length);
  });
});
