import { LightningStoreClient } from '@agl/store-client';
import { silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import { algo, findFinalReward, PromptTemplate, Trainer } from '@agl/trainer';
import type { NamedResources } from '@agl/types';
import { afterEach, describe, expect, it } from 'vitest';
import { arithmeticAgent } from '../prompt-optimisation/agent';
import { fakeModel, rewardOf } from '../prompt-optimisation/fake-model';
import { type ArithmeticTask, VAL_TASKS } from '../prompt-optimisation/tasks';
import { DEMO_RUNNER, trainPrompt } from '../prompt-optimisation/train';
import { pythonShapedEvaluation, runPythonShapedRunner } from './python-client';
import { startReferenceSurface } from './reference-surface';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Our server over the in-memory store, as `agl store` builds it, on a free local port. */
async function startStore(): Promise<string> {
  const store = new InMemoryLightningStore();
  const server = new LightningStoreServer({
    store,
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
  });
  await server.start();
  cleanups.push(
    () => store.close(),
    () => server.stop(),
  );
  return server.endpoint;
}

/** What `python/runner.py` computes: the demo's fake model and reward. */
function pythonAgent(input: unknown, resources: NamedResources): number {
  const template = resources.prompt_template;
  if (template?.resource_type !== 'prompt_template') throw new Error('no prompt_template');
  const task = input as ArithmeticTask;
  return rewardOf(fakeModel(new PromptTemplate(template.template).format(task)), task);
}

describe('Python interop (Python traffic emulated request by request)', () => {
  it('Python runners against our server: our algorithm reaches 1.0 from their reward spans', async () => {
    const url = await startStore();
    const stop = new AbortController();
    const runners = ['Worker-0', 'Worker-1'].map((workerId) =>
      runPythonShapedRunner({ base: url, workerId, agent: pythonAgent, signal: stop.signal }),
    );
    const client = new LightningStoreClient(url);
    cleanups.push(() => client.close());
    let result: Awaited<ReturnType<typeof trainPrompt>> = null;
    try {
      // What `AGL_CURRENT_ROLE=algorithm AGL_MANAGED_STORE=0 tsx distributed/train.ts` runs.
      result = await trainPrompt({
        strategy: { type: 'cs', role: 'algorithm', managed_store: false },
        store: client,
        progress: false,
      });
    } finally {
      stop.abort();
    }
    const done = await Promise.all(runners);
    expect(result?.history).toEqual([0, 0.5, 1]);
    expect(done[0]).toBeGreaterThan(0);
    expect(done[1]).toBeGreaterThan(0);
    expect((done[0] ?? 0) + (done[1] ?? 0)).toBe(120);
    const rollouts = (await client.queryRollouts()).items;
    expect(rollouts.every((r) => r.status === 'succeeded')).toBe(true);
    const workers = (await client.queryWorkers()).items.map((w) => w.worker_id).sort();
    expect(workers).toEqual(['Worker-0', 'Worker-1']);
  });

  it('our runners on the Python server route surface serve a Python algorithm', async () => {
    const proxy = await startReferenceSurface(await startStore());
    cleanups.push(() => proxy.close());
    const client = new LightningStoreClient(proxy.url);
    cleanups.push(() => client.close());
    const best = 'Compute {a} {op} {b}. Reply exactly as ### <number> ###.';
    const out: { evaluation?: Awaited<ReturnType<typeof pythonShapedEvaluation>> } = {};
    const trainer = new Trainer({
      // The algorithm side is "Python": raw requests, short waits polled, no client library.
      algorithm: algo(async () => {
        const resources = { prompt_template: new PromptTemplate(best).toJSON() };
        out.evaluation = await pythonShapedEvaluation(proxy.url, 'py-v1', resources, VAL_TASKS);
      }),
      strategy: { type: 'shm', main_thread: 'algorithm' },
      nRunners: 2,
      runner: DEMO_RUNNER,
      store: client,
      progress: false,
    });
    await trainer.fit(arithmeticAgent);

    const { rollouts, spans } = out.evaluation ?? { rollouts: [], spans: [] };
    expect(rollouts).toHaveLength(VAL_TASKS.length);
    expect(rollouts.every((r) => r.status === 'succeeded')).toBe(true);
    expect(spans.map((s) => findFinalReward(s))).toEqual(VAL_TASKS.map(() => 1));
    expect(proxy.blocked).toEqual([]);
    expect(proxy.forwarded).toContain('POST /v1/agl/queues/rollouts/dequeue');
    expect(proxy.forwarded).toContain('POST /v1/agl/spans'); // reward spans one by one, no batch route
    expect(
      proxy.forwarded.some(
        (r) => r.startsWith('POST /v1/agl/rollouts/') && r.includes('/attempts/'),
      ),
    ).toBe(true);
  });
});
