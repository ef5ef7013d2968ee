import { InvalidArgumentError } from '@agl/store-core';
import {
  emitReward,
  LitAgent,
  OtelTracer,
  type PromptTemplate,
  promptRollout,
  type ResourceMap,
  type RolloutInfo,
  type RolloutRawResult,
} from '@agl/trainer';
import { afterEach, describe, expect, it } from 'vitest';
import { DevTaskLoader } from '../../src/client/dev-task-loader';
import { resetDeprecationWarnings } from '../../src/deprecation';
import { LegacyAgentRunner, type LegacyAgentRunnerOptions } from '../../src/runner/runner';
import type { RolloutLegacy } from '../../src/wire/rollout';
import { quietLogger, recordingLogger } from '../helpers';
import { chatThenReward, promptResources, ScriptedClient, snapshot, task } from './helpers';

const runners: LegacyAgentRunner[] = [];
/** A runner whose tracer is initialised; torn down after the test. */
async function startRunner(options: LegacyAgentRunnerOptions): Promise<LegacyAgentRunner> {
  const runner = new LegacyAgentRunner({ logger: quietLogger, ...options });
  await runner.init();
  await runner.initWorker(0);
  runners.push(runner);
  return runner;
}
afterEach(async () => {
  for (const runner of runners.splice(0)) {
    await runner.teardownWorker(0);
    await runner.teardown();
  }
});

/** An agent recording which method ran with which arguments. */
class ModeAgent extends LitAgent<number> {
  readonly calls: { method: string; args: unknown[] }[] = [];
  override trainingRollout(...args: [number, ResourceMap, RolloutInfo]): RolloutRawResult {
    this.calls.push({ method: 'training', args });
    return 1;
  }
  override validationRollout(...args: [number, ResourceMap, RolloutInfo]): RolloutRawResult {
    this.calls.push({ method: 'validation', args });
    return 0;
  }
}

const loaderOf = (tasks: unknown[]) =>
  new DevTaskLoader(tasks, promptResources(), { logger: quietLogger });

describe('LegacyAgentRunner.run', () => {
  it('runs trainingRollout for mode train and validationRollout for every other mode', async () => {
    const agent = new ModeAgent();
    const modes = ['train', 'val', 'test', null] as const;
    const loader = loaderOf(
      modes.map((mode, i) => task({ rollout_id: `t${i}`, input: i, mode, resources_id: 'local' })),
    );
    const runner = await startRunner({ agent, client: loader });
    for (const _ of modes) expect(await runner.run()).toBe(true);
    expect(agent.calls.map((c) => c.method)).toEqual([
      'training',
      'validation',
      'validation',
      'validation',
    ]);
    expect(loader.rollouts.map((r) => r.final_reward)).toEqual([1, 0, 0, 0]);
  });

  it('passes (input, hydrated resources, RolloutLegacy draft) and sets itself as runner', async () => {
    const agent = new ModeAgent();
    const loader = loaderOf([7]);
    const runner = await startRunner({ agent, client: loader });
    await runner.run();
    const [input, resources, draft] = agent.calls[0]?.args ?? [];
    expect(input).toBe(7);
    expect((resources as { prompt: PromptTemplate }).prompt.format({ a: 1, b: 2 })).toBe(
      'Compute 1 + 2.',
    );
    expect(draft).toMatchObject({
      rollout_id: 'local_task_001',
      task: { input: 7 },
      final_reward: null,
    });
    expect(agent.getRunner()).toBe(runner);
  });

  it('passes (input, rolloutId, resources) to agents flagged with the v0.1 signature', async () => {
    class OldAgent extends ModeAgent {
      static legacyV01Signature = true;
    }
    const agent = new OldAgent();
    await (await startRunner({ agent, client: loaderOf([3]) })).run();
    const [input, rolloutId, resources] = agent.calls[0]?.args ?? [];
    expect([input, rolloutId]).toEqual([3, 'local_task_001']);
    expect(Object.keys(resources as object)).toEqual(['prompt']);
    const flagged = Object.assign(new ModeAgent(), { legacyV01Signature: true });
    await (await startRunner({ agent: flagged, client: loaderOf([4]) })).run();
    expect(flagged.calls[0]?.args[1]).toBe('local_task_001');
  });

  it('uses the resources of the task id, or the latest when the task has none', async () => {
    const byId = snapshot('res-a', promptResources('A {a}'));
    const latest = snapshot('res-b', promptResources('B {a}'));
    const client = new ScriptedClient(
      [
        task({ rollout_id: 'r1', input: 1, resources_id: 'res-a' }),
        task({ rollout_id: 'r2', input: 2 }),
      ],
      { 'res-a': byId },
      latest,
    );
    const seen: string[] = [];
    const agent = promptRollout<number>((a, template) => {
      seen.push(template.format({ a }));
      return 1;
    });
    const runner = await startRunner({ agent, client });
    await runner.run();
    await runner.run();
    expect(client.resourceCalls).toEqual(['res-a', 'latest']);
    expect(seen).toEqual(['A 1', 'B 2']);
  });

  it('posts nothing and reports false when the resources are missing', async () => {
    const { logger, lines } = recordingLogger();
    const client = new ScriptedClient([task({ rollout_id: 'r1', resources_id: 'gone' })]);
    const agent = new ModeAgent();
    const runner = await startRunner({ agent, client, logger });
    expect(await runner.run()).toBe(false);
    expect(client.posted).toEqual([]);
    expect(agent.calls).toEqual([]);
    expect(
      lines.some(
        (l) => l.level === 'error' && /Failed to fetch resources\. Skipping\./.test(l.message),
      ),
    ).toBe(true);
  });

  it('reports false without posting when the client returns no task', async () => {
    const client = new ScriptedClient([]);
    expect(await (await startRunner({ agent: new ModeAgent(), client })).run()).toBe(false);
    expect(client.posted).toEqual([]);
  });

  it('takes triplets, trace and reward from the spans of a trainer agent', async () => {
    const agent = promptRollout<{ a: number; b: number }>(async (t, template) => {
      await chatThenReward(template.format(t), String(t.a + t.b), 1);
    });
    const loader = loaderOf([{ a: 1, b: 2 }]);
    await (await startRunner({ agent, client: loader })).run();
    const [posted] = loader.rollouts;
    expect(posted?.final_reward).toBe(1);
    expect(posted?.triplets).toHaveLength(1);
    expect(posted?.triplets?.[0]).toMatchObject({
      reward: 1,
      prompt: { token_ids: [1, 2, 3], raw_content: [{ role: 'user', content: 'Compute 1 + 2.' }] },
      response: { token_ids: [4, 5], raw_content: [{ role: 'assistant', content: '3' }] },
    });
    expect(posted?.trace?.map((s) => s.name)).toEqual([
      'openai.chat.completion',
      'agentlightning.annotation',
    ]);
    expect(posted?.task).toBeNull();
  });

  it('posts {rollout_id, task} without reward, triplets or trace when the agent throws', async () => {
    const { logger, lines } = recordingLogger();
    const agent = promptRollout(() => {
      emitReward(1);
      throw new Error('agent broke');
    });
    const loader = loaderOf([5, 6]);
    const runner = await startRunner({ agent, client: loader, logger, maxTasks: 2 });
    expect(await runner.iter()).toBe(2);
    expect(loader.rollouts).toHaveLength(2);
    const [first] = loader.rollouts;
    expect(first).toMatchObject({
      rollout_id: 'local_task_001',
      final_reward: null,
      triplets: null,
      trace: null,
    });
    expect(first?.task).toMatchObject({ rollout_id: 'local_task_001', input: 5 });
    expect(lines.some((l) => l.level === 'error' && /agent broke/.test(l.message))).toBe(true);
  });

  it('calls onRolloutStart and onRolloutEnd around every rollout and ignores their errors', async () => {
    const events: string[] = [];
    const hookArgs: unknown[][] = [];
    class HookAgent extends LitAgent<number> {
      override rollout(input: number): RolloutRawResult {
        events.push(`rollout ${input}`);
        return input;
      }
      override onRolloutStart(t: number, runner: unknown, tracer: unknown): void {
        events.push(`start ${(t as unknown as { input: number }).input}`);
        hookArgs.push([runner, tracer]);
        throw new Error('start hook broke');
      }
      override onRolloutEnd(_task: number, result: unknown): void {
        events.push(`end ${(result as RolloutLegacy).final_reward}`);
        throw new Error('end hook broke');
      }
    }
    const loader = loaderOf([1, 2]);
    const runner = await startRunner({ agent: new HookAgent(), client: loader, maxTasks: 2 });
    await runner.iter();
    expect(events).toEqual(['start 1', 'rollout 1', 'end 1', 'start 2', 'rollout 2', 'end 2']);
    expect(hookArgs).toHaveLength(2);
    expect(hookArgs[0]?.[0]).toBe(runner);
    expect(hookArgs[0]?.[1]).toBe(runner.tracer);
    expect(loader.rollouts.map((r) => r.final_reward)).toEqual([1, 2]);
  });

  it('warns when the client could not deliver the result', async () => {
    const { logger, lines } = recordingLogger();
    const client = new ScriptedClient(
      [task({ rollout_id: 'r1' })],
      {},
      snapshot('s', promptResources()),
    );
    client.postAnswer = null;
    await (await startRunner({ agent: new ModeAgent(), client, logger })).run();
    expect(client.posted).toHaveLength(1);
    expect(lines.some((l) => l.level === 'warn' && /could not be delivered/.test(l.message))).toBe(
      true,
    );
  });
});

describe('LegacyAgentRunner.iter', () => {
  it('with maxTasks 2 and a one-task DevTaskLoader processes the task twice', async () => {
    const loader = loaderOf([{ a: 1 }]);
    const runner = await startRunner({ agent: new ModeAgent(), client: loader, maxTasks: 2 });
    expect(await runner.iter()).toBe(2);
    expect(loader.rollouts.map((r) => r.rollout_id)).toEqual(['local_task_001', 'local_task_001']);
  });

  it('stops when the signal aborts and returns how many results were posted', async () => {
    const stop = new AbortController();
    const agent = promptRollout(() => {
      if (loader.rollouts.length === 2) stop.abort();
      return 1;
    });
    const loader = loaderOf([1]);
    const runner = await startRunner({ agent, client: loader });
    expect(await runner.iter({ signal: stop.signal })).toBe(3);
    expect(loader.rollouts).toHaveLength(3);
  });

  it('lets timers run between passes, even with a synchronous agent and an in-process client', async () => {
    const stop = new AbortController();
    let stoppedBy = '';
    let calls = 0;
    const agent = promptRollout(() => {
      calls += 1;
      if (calls === 10_000 && !stop.signal.aborted) {
        stoppedBy = 'agent';
        stop.abort();
      }
      return 1;
    });
    setTimeout(() => {
      stoppedBy ||= 'timer';
      stop.abort();
    }, 1);
    const runner = await startRunner({ agent, client: loaderOf([1]) });
    await runner.iter({ signal: stop.signal });
    expect(stoppedBy).toBe('timer');
  });

  it('keeps polling past iterations that posted nothing', async () => {
    const latest = snapshot('s', promptResources());
    const client = new ScriptedClient(
      [task({ rollout_id: 'r1', resources_id: 'missing' }), task({ rollout_id: 'r2' })],
      {},
      latest,
    );
    const runner = await startRunner({ agent: new ModeAgent(), client, maxTasks: 1 });
    expect(await runner.iter()).toBe(1);
    expect(client.posted.map((r) => r.rollout_id)).toEqual(['r2']);
  });
});

describe('LegacyAgentRunner lifecycle', () => {
  it('lifespan initialises the tracer for the worker and tears it down', async () => {
    const tracer = new OtelTracer();
    const runner = new LegacyAgentRunner({
      agent: new ModeAgent(),
      client: loaderOf([1]),
      tracer,
      workerId: 3,
      logger: quietLogger,
    });
    const processed = await runner.lifespan((r) => r.run());
    expect(processed).toBe(true);
    expect(runner.workerId).toBe(3);
    await expect(tracer.traceContext({}, () => 1)).rejects.toThrow(/not initialized/);
  });

  it('defaults to an OtelTracer and a TracerTraceToTriplet', () => {
    const runner = new LegacyAgentRunner({
      agent: new ModeAgent(),
      client: loaderOf([1]),
      logger: quietLogger,
    });
    expect(runner.tracer).toBeInstanceOf(OtelTracer);
    expect(runner.tripletExporter.constructor.name).toBe('TracerTraceToTriplet');
    expect(runner.maxTasks).toBeNull();
    expect(runner.workerId).toBeNull();
  });

  it('rejects an agent without rollout methods, a client that is not one, and a bad maxTasks', () => {
    const client = loaderOf([1]);
    const make = (options: Partial<LegacyAgentRunnerOptions>) => () =>
      new LegacyAgentRunner({ agent: new ModeAgent(), client, logger: quietLogger, ...options });
    expect(make({ agent: { trainingRollout: () => 1 } as never })).toThrow(
      'The agent must have validationRollout methods.',
    );
    expect(make({ agent: null as never })).toThrow(/trainingRollout and validationRollout/);
    expect(make({ client: { pollNextTask: () => null } as never })).toThrow(InvalidArgumentError);
    expect(make({ maxTasks: -1 })).toThrow(/maxTasks must be an integer >= 0/);
    expect(make({ maxTasks: 0 })().maxTasks).toBe(0);
  });

  it('logs its deprecation warning once per process', () => {
    resetDeprecationWarnings();
    const { logger, lines } = recordingLogger();
    for (let i = 0; i < 2; i += 1) {
      new LegacyAgentRunner({ agent: new ModeAgent(), client: loaderOf([1]), logger });
    }
    const warnings = lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^LegacyAgentRunner and fitV0 are deprecated.*Trainer\.fit.*@agl\/trainer/,
    );
  });
});
