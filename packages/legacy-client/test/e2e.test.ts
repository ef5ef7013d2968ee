import type { NamedResources } from '@agl/types';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentLightningClient } from '../src/client/client';
import type { LegacyTaskClient } from '../src/client/task-client';
import type { AgentLightningServer } from '../src/server/server';
import type { Task } from '../src/wire/task';
import { quietLogger, startLegacyServer } from './helpers';

let server: AgentLightningServer;
afterEach(() => server.stop());

const newClient = () =>
  new AgentLightningClient({
    endpoint: server.endpoint,
    pollIntervalSeconds: 0.02,
    logger: quietLogger,
  });

const promptTemplate = {
  resource_type: 'prompt_template',
  template: 'Compute {a} {op} {b}',
  engine: 'f-string',
} as const;
const resources: NamedResources = { prompt: promptTemplate };

interface Sum {
  a: number;
  b: number;
  op: '+' | '*';
}

/** A tiny deterministic "agent" that always adds, so it fails every product. */
const naiveAgent = ({ a, b }: Sum) => a + b;

/** Runs tasks from `client` until `signal` aborts, posting a reward for each answer. */
async function worker(
  name: string,
  client: LegacyTaskClient,
  signal: AbortSignal,
  expected: Map<string, number>,
) {
  for (;;) {
    let task: Task | null;
    try {
      task = await client.pollNextTask({ signal });
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    if (task === null) return;
    const snapshot = task.resources_id
      ? await client.getResourcesById(task.resources_id)
      : await client.getLatestResources();
    const template = snapshot?.resources.prompt;
    const input = task.input as Sum;
    const prompt = template?.resource_type === 'prompt_template' ? template.template : '';
    const answer = naiveAgent(input);
    const reward = answer === expected.get(task.rollout_id) ? 1 : 0;
    await client.postRollout({
      rollout_id: task.rollout_id,
      final_reward: reward,
      triplets: [{ prompt, response: String(answer), reward }],
      metadata: { worker: name },
    });
  }
}

describe('end to end over HTTP', () => {
  it('runs 20 tasks through two concurrent clients and collects every reward', async () => {
    server = await startLegacyServer();
    const resourcesId = await server.updateResources(resources);
    const expected = new Map<string, number>();
    for (let i = 0; i < 20; i += 1) {
      const input: Sum = { a: i, b: i + 3, op: i % 2 === 0 ? '+' : '*' };
      const id = await server.queueTask(input, {
        mode: 'train',
        resourcesId: i < 10 ? resourcesId : null,
      });
      expected.set(id, input.op === '+' ? input.a + input.b : input.a * input.b);
    }
    const stop = new AbortController();
    const clients = [newClient(), newClient()];
    const workers = clients.map((c, i) => worker(`w${i}`, c, stop.signal, expected));
    const results = await Promise.all(
      [...expected.keys()].map((id) => server.pollCompletedRollout(id, { timeout: 15 })),
    );
    stop.abort();
    await Promise.all(workers);

    expect(results.every((r) => r !== null)).toBe(true);
    results.forEach((result, i) => {
      const reward = i % 2 === 0 ? 1 : 0; // the naive agent solves the sums, not the products
      expect(result?.final_reward).toBe(reward);
      expect(result?.triplets?.[0]).toEqual({
        prompt: 'Compute {a} {op} {b}',
        response: String(2 * i + 3),
        reward,
        metadata: {},
      });
    });
    expect(clients.reduce((sum, c) => sum + c.taskCount, 0)).toBe(20);
    expect(await server.retrieveCompletedRollouts()).toEqual([]);
  });

  it('passes task, resources and result fields through unchanged', async () => {
    server = await startLegacyServer();
    const resourcesId = await server.updateResources(resources);
    const id = await server.queueTask({ q: 'hi' }, { mode: 'train', resourcesId });
    const client = newClient();
    const task = await client.pollNextTask();
    expect(task).toMatchObject({
      rollout_id: id,
      input: { q: 'hi' },
      mode: 'train',
      resources_id: resourcesId,
    });
    expect((await client.getResourcesById(resourcesId))?.resources).toEqual(resources);
    await client.postRollout({
      rollout_id: id,
      final_reward: 0.95,
      triplets: [{ prompt: 'q', response: 'a', reward: 1 }],
      metadata: { client_version: '1.0' },
    });
    expect(await server.getCompletedRollout(id)).toEqual({
      rollout_id: id,
      task: null,
      final_reward: 0.95,
      triplets: [{ prompt: 'q', response: 'a', reward: 1, metadata: {} }],
      trace: null,
      logs: null,
      metadata: { client_version: '1.0' },
    });
  });

  it('hands out null resources_id and serves the latest snapshot when none was given', async () => {
    server = await startLegacyServer();
    await server.updateResources({ old: promptTemplate });
    const latest = await server.updateResources(resources);
    await server.queueTask('x');
    const client = newClient();
    expect((await client.pollNextTask())?.resources_id).toBeNull();
    expect((await client.getLatestResources())?.resources_id).toBe(latest);
  });

  it('requeues a task a client claimed and never finished; another client completes it', async () => {
    server = await startLegacyServer({ taskTimeoutSeconds: 0.3 });
    const id = await server.queueTask({ a: 2, b: 3, op: '+' });
    const crashed = newClient();
    const abandoned = await crashed.pollNextTask();
    expect(abandoned).toMatchObject({ rollout_id: id, num_claims: 1 });

    const rescuer = newClient();
    const retried = await rescuer.pollNextTask({ timeout: 10 });
    expect(retried).toMatchObject({ rollout_id: id, num_claims: 2 });
    expect(retried?.last_claim_time).toBeGreaterThan(abandoned?.last_claim_time ?? Infinity);
    await rescuer.postRollout({ rollout_id: id, final_reward: 1, metadata: { by: 'rescuer' } });
    expect(await server.pollCompletedRollout(id, { timeout: 5 })).toMatchObject({
      final_reward: 1,
      metadata: { by: 'rescuer' },
    });
  });
});
