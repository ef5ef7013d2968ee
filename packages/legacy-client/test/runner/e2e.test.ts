import { emitReward, type PromptTemplate, promptRollout, traceChatCompletion } from '@agl/trainer';
import { afterEach, describe, expect, it } from 'vitest';
import { DevTaskLoader } from '../../src/client/dev-task-loader';
import type { LegacyAlgorithm } from '../../src/runner/fit-v0/backend';
import { fitV0 } from '../../src/runner/fit-v0/fit';
import type { AgentLightningServer } from '../../src/server/server';
import type { RolloutLegacy } from '../../src/wire/rollout';
import { quietLogger, startLegacyServer } from '../helpers';
import { fakeChat, promptResources } from './helpers';

type Sum = {
  a: number;
  b: number;
};

/** Asks the (fake) LLM with the rendered prompt; rewards a correct answer through a reward span. */
async function solve(task: Sum, template: PromptTemplate): Promise<number> {
  const answer = String(task.a + task.b);
  const response = await traceChatCompletion(
    { model: 'fake-model', messages: [{ role: 'user', content: template.format(task) }] },
    fakeChat(answer),
  );
  return response.choices[0]?.message.content === answer ? 1 : 0;
}

/** A trainer agent that reports its reward with `emitReward`. */
const emittingAgent = promptRollout<Sum>(async (task, template) => {
  emitReward(await solve(task, template));
});

/** A trainer agent that returns its reward as a number. */
const returningAgent = promptRollout<Sum>(
  async (task, template) => (await solve(task, template)) / 2,
);

const tasks: Sum[] = [
  { a: 1, b: 2 },
  { a: 3, b: 4 },
  { a: 5, b: 6 },
  { a: 7, b: 8 },
  { a: 9, b: 10 },
];

/** What every posted result must carry (the tracer's spans replace plain-object traces). */
function expectFullResult(result: RolloutLegacy | null | undefined, input: Sum, reward: number) {
  expect(result?.final_reward).toBe(reward);
  expect(result?.task).toBeNull();
  expect(result?.triplets).toHaveLength(1);
  expect(result?.triplets?.[0]).toMatchObject({
    prompt: {
      token_ids: [1, 2, 3],
      raw_content: [{ role: 'user', content: `Add ${input.a} and ${input.b}.` }],
    },
    response: {
      token_ids: [4, 5],
      raw_content: [{ role: 'assistant', content: String(input.a + input.b) }],
    },
  });
  expect(result?.trace?.[0]).toMatchObject({
    name: 'openai.chat.completion',
    attributes: { 'gen_ai.request.model': 'fake-model' },
  });
}

let server: AgentLightningServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('fitV0 against an AgentLightningServer', () => {
  it('two workers run a promptRollout agent; the algorithm retrieves every result', async () => {
    server = await startLegacyServer();
    const endpoint = server.endpoint;
    const live = server;
    const results = new Map<string, RolloutLegacy | null>();
    const algorithm: LegacyAlgorithm<Sum> = {
      getClient: () => endpoint,
      run: async ({ trainDataset }) => {
        const resourcesId = await live.updateResources(promptResources('Add {a} and {b}.'));
        const ids: [string, Sum][] = [];
        for (const input of trainDataset as Sum[]) {
          ids.push([await live.queueTask(input, { mode: 'train', resourcesId }), input]);
        }
        for (const [id] of ids)
          results.set(id, await live.pollCompletedRollout(id, { timeout: 20 }));
        expect([...results.keys()]).toEqual(ids.map(([id]) => id));
        for (const [id, input] of ids) expectFullResult(results.get(id), input, 1);
      },
    };
    const outcome = await fitV0(emittingAgent, tasks, {
      nWorkers: 2,
      algorithm,
      clientOptions: { pollIntervalSeconds: 0.02, logger: quietLogger },
      logger: quietLogger,
    });
    expect(results.size).toBe(tasks.length);
    expect(outcome.processed.reduce((a, b) => a + b, 0)).toBe(tasks.length);
  });

  it('tasks without resources use the latest snapshot; a returned number is the final reward', async () => {
    server = await startLegacyServer();
    await server.updateResources(promptResources('Ignore {a} and {b}.'));
    await server.updateResources(promptResources('Add {a} and {b}.'));
    const ids = [];
    for (const input of tasks.slice(0, 2)) ids.push(await server.queueTask(input));
    const outcome = await fitV0(returningAgent, server.endpoint, {
      maxTasks: 2,
      clientOptions: { pollIntervalSeconds: 0.02, logger: quietLogger },
      logger: quietLogger,
    });
    expect(outcome).toEqual({ processed: [2] });
    const results = await server.retrieveCompletedRollouts();
    expect(results.map((r) => r.rollout_id)).toEqual(ids);
    results.forEach((result, i) => {
      expectFullResult(result, tasks[i] as Sum, 0.5);
      expect(result.triplets?.[0]?.reward).toBeNull();
    });
  });
});

describe('fitV0 with a DevTaskLoader', () => {
  it('runs the same agent without a server', async () => {
    const loader = new DevTaskLoader(tasks, promptResources('Add {a} and {b}.'), {
      logger: quietLogger,
    });
    const outcome = await fitV0(emittingAgent, loader, {
      nWorkers: 2,
      maxTasks: 3,
      logger: quietLogger,
    });
    expect(outcome).toEqual({ processed: [3, 3] });
    expect(loader.rollouts).toHaveLength(6);
    const byId = new Map(loader.rollouts.map((r) => [r.rollout_id, r]));
    expect([...byId.keys()].sort()).toEqual([
      'local_task_001',
      'local_task_002',
      'local_task_003',
      'local_task_004',
      'local_task_005',
    ]);
    tasks.forEach((input, i) => {
      expectFullResult(byId.get(`local_task_00${i + 1}`), input, 1);
    });
  });
});
