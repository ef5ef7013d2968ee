import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, InvalidStateError } from '@agl/store-core';
import {
  Algorithm,
  FastAlgorithm,
  PromptTemplate,
  TracerTraceToTriplet,
  TraceToMessages,
  Trainer,
} from '@agl/trainer';
import { describe, expect, it, vi } from 'vitest';
import {
  APO,
  type ApoPrompt,
  type GradientPromptContext,
  type VersionedPromptTemplate,
} from '../src/index';
import {
  chatSpan,
  createFakeApoLlm,
  createNumberLabAgent,
  FakeApoStore,
  makeRollout,
  rewardSpan,
  TRAIN_TASKS,
  VAL_TASKS,
} from '../src/testing/index';
import { recordingLogger, scenario, scenarioOptions } from './helpers';

/** Opens the protected loop steps for direct tests. */
class OpenAPO extends APO {
  select(prompts: VersionedPromptTemplate[], batches: unknown[][]) {
    const it = batches[Symbol.iterator]() as Iterator<unknown[], never>;
    return this.evaluateAndSelectBeam(prompts, 'prompt_template', it, 0);
  }
  parents(beam: VersionedPromptTemplate[]) {
    return this.sampleParentPrompts(beam, 0);
  }
}

const versioned = (version: string, text: string): VersionedPromptTemplate => ({
  version,
  promptTemplate: new PromptTemplate(text),
  score: null,
});

function wired<A extends APO>(apo: A, store = new FakeApoStore()) {
  apo.setStore(store.asStore());
  apo.setAdapter(new TraceToMessages());
  apo.setInitialResources({ prompt_template: new PromptTemplate('Seed').toJSON() });
  return { apo, store };
}

describe('reading rollouts and building the critique input', () => {
  it('turns the spans of each rollout into chat messages and the last reward', async () => {
    const llm = createFakeApoLlm();
    const { apo, store } = wired(
      new APO({ client: llm.client, logger: recordingLogger(), gradientModel: 'fake-critic' }),
    );
    store.spansById.r1 = [
      chatSpan('r1', 'Add 2 and 3.', '5', 0),
      rewardSpan('r1', 1, 1),
      rewardSpan('r1', 2, 2),
    ];
    const [result] = await apo.getRolloutResults([makeRollout('r1', {}, 'succeeded')]);
    expect(result?.final_reward).toBe(2);
    expect(result?.spans.map((s) => s.name)).toEqual([
      'openai.chat.completion',
      'agentlightning.annotation',
      'agentlightning.annotation',
    ]);
    expect(result?.messages).toEqual([
      {
        messages: [
          { role: 'user', content: 'Add 2 and 3.' },
          { role: 'assistant', content: '5' },
        ],
        tools: null,
      },
    ]);
    // The critic receives those messages and rewards in its request.
    const critique = await apo.computeTextualGradient(
      versioned('v0', 'P {a}'),
      result ? [result] : [],
    );
    expect(critique).toBe('- ADD: Add {a} and {b}.');
    const sent = llm.calls[0]?.messages.map((m) => m.content).join('\n') ?? '';
    expect(sent).toContain('P {a}');
    expect(sent).toMatch(/Add 2 and 3\.|agentlightning\.reward/);
    expect(llm.calls[0]?.body).toEqual({
      model: 'fake-critic',
      messages: llm.calls[0]?.messages,
      temperature: 1,
    });
  });

  it('samples gradientBatchSize results, or uses all with a warning when fewer', async () => {
    const seen: number[] = [];
    const counting: ApoPrompt<GradientPromptContext> = {
      name: 'counting',
      render: (ctx) => {
        seen.push(ctx.experiments.length);
        return [{ role: 'user', content: ctx.prompt_template }];
      },
    };
    const logger = recordingLogger();
    const llm = createFakeApoLlm();
    const apo = new APO({
      client: llm.client,
      gradientModel: 'fake-critic',
      gradientBatchSize: 2,
      gradientPrompts: [counting],
      logger,
      random: () => 0,
    });
    const r = { status: 'succeeded' as const, final_reward: 1, spans: [], messages: [] };
    await apo.computeTextualGradient(versioned('v0', 'P'), [r, r, r]);
    await apo.computeTextualGradient(versioned('v0', 'P'), [r]);
    expect(seen).toEqual([2, 1]);
    expect(logger.lines).toContain(
      'WARN Only 1 rollouts available, but 2 are needed. Using all rollouts.',
    );
    expect(logger.lines.some((l) => l.includes('with template: counting'))).toBe(true);
  });
});

describe('beam selection', () => {
  it('sorts by batch score, stable on ties, and keeps beamWidth', async () => {
    const store = new FakeApoStore();
    const { apo } = wired(
      new OpenAPO({ client: createFakeApoLlm().client, beamWidth: 2, logger: recordingLogger() }),
      store,
    );
    const rewards = [1, 0.2, 2, 1];
    store.waitResults.push(
      ...rewards.map((_, i) => [makeRollout(`rollout-${i}`, {}, 'succeeded')]),
    );
    rewards.forEach((v, i) => {
      store.spansById[`rollout-${i}`] = [rewardSpan(`rollout-${i}`, v)];
    });
    const prompts = ['A', 'B', 'C', 'D'].map((t, i) => versioned(`v${i}`, t));
    const beam = await apo.select(prompts, [[{ x: 1 }]]);
    expect(beam.map((p) => p.promptTemplate.template)).toEqual(['C', 'A']);
    expect(prompts.map((p) => p.score)).toEqual([1, 0.2, 2, 1]);
    await expect(apo.select([], [[{ x: 1 }]])).rejects.toThrow(InvalidStateError);
  });

  it('replicates a small beam without drawing, else permutes it', () => {
    const random = vi.fn(() => 0.9);
    const apo = new OpenAPO({
      client: createFakeApoLlm().client,
      beamWidth: 3,
      random,
      logger: recordingLogger(),
    });
    const p = versioned('v0', 'P');
    expect(apo.parents([p]).map(([i]) => i)).toEqual([0, 0, 0]);
    expect(random).not.toHaveBeenCalled();
    const beam = ['A', 'B', 'C'].map((t, i) => versioned(`v${i}`, t));
    expect(
      apo
        .parents(beam)
        .map(([i]) => i)
        .sort(),
    ).toEqual([0, 1, 2]);
  });

  it('S1-neg: non-improvements never replace the best, ties included', async () => {
    const s = scenario({ llm: { harmfulEvery: 1 } });
    await s.run();
    expect(s.apo.getBestPrompt().template).toBe('Solve the task.');
    expect(s.apo.bestScore).toBe(0);
    expect(s.apo.history.slice(1).map((h) => [h.leaderVersion, h.improved])).toEqual([
      ['v0', false],
      ['v0', false],
    ]);
    expect(s.logger.lines.filter((l) => l.includes('Best prompt not updated'))).toHaveLength(2);
  });
});

describe('failed and late rollouts', () => {
  it('counts a failed rollout as reward 0 and reports it', async () => {
    const store = new FakeApoStore();
    const logger = recordingLogger();
    const { apo } = wired(new APO({ client: createFakeApoLlm().client, logger }), store);
    store.waitResults.push([
      makeRollout('rollout-0', {}, 'succeeded'),
      makeRollout('rollout-1', {}, 'failed'),
    ]);
    store.spansById['rollout-0'] = [rewardSpan('rollout-0', 1)];
    const out = await apo.evaluatePromptOnBatch(
      versioned('v0', 'P'),
      'prompt_template',
      [{}, {}],
      'train',
    );
    expect(out.average).toBe(0.5);
    expect(out.failed).toBe(1);
    expect(out.results.map((r) => [r.status, r.final_reward])).toEqual([
      ['succeeded', 1],
      ['failed', null],
    ]);
    expect(
      logger.lines.some(
        (l) => l.startsWith('WARN 1 of 2 rollouts failed') && l.includes('rollout-1'),
      ),
    ).toBe(true);
  });

  it('failed rollouts in a full run are reported per round and score 0', async () => {
    const s = scenario({ store: { failWhen: (t) => t.id === 'v0' } });
    await s.run();
    expect(s.apo.history[0]?.failedRollouts).toBe(1);
    expect(s.apo.history[0]?.leaderScore).toBe(0);
    expect(s.apo.bestScore).toBe(7 / 8);
  });

  it('stops waiting at the deadline and scores only finished rollouts', async () => {
    const store = new FakeApoStore({ autoRun: true, neverFinish: (t) => t.id === 't1' });
    const { apo } = wired(
      new APO({
        client: createFakeApoLlm().client,
        rolloutBatchTimeoutSeconds: 0.2,
        pollIntervalSeconds: 0.05,
        logger: recordingLogger(),
      }),
      store,
    );
    apo.setInitialResources({
      prompt_template: new PromptTemplate('Add {a} and {b}. Answer with the number only.').toJSON(),
    });
    const out = await apo.evaluatePromptOnBatch(
      versioned('v0', 'Add {a} and {b}. Answer with the number only.'),
      'prompt_template',
      TRAIN_TASKS.slice(0, 2),
      'val',
    );
    expect(out.results).toHaveLength(1);
    expect(out.average).toBe(1);
    expect(out.unfinished).toBe(1);
    expect(store.waits.length).toBeGreaterThan(1);
    expect(store.waits.every((w) => w.timeoutSeconds === 0)).toBe(true);
    expect(store.rollouts.get('rollout-1')?.status).toBe('queuing');
  });
});

describe('run preconditions and results', () => {
  const client = createFakeApoLlm().client;

  it('needs a store, a seed prompt, datasets and a TraceToMessages adapter before any store call', async () => {
    const apo = new APO({ client, logger: recordingLogger() });
    await expect(apo.run({ trainDataset: TRAIN_TASKS, valDataset: VAL_TASKS })).rejects.toThrow(
      'Store has not been set',
    );
    const store = new FakeApoStore();
    apo.setStore(store.asStore());
    await expect(apo.run({ trainDataset: TRAIN_TASKS, valDataset: VAL_TASKS })).rejects.toThrow(
      'initial_resources are not set for APO algorithm',
    );
    apo.setInitialResources({});
    await expect(apo.run({})).rejects.toThrow(
      'No prompt template resource found in initial_resources',
    );
    apo.setInitialResources({ prompt_template: new PromptTemplate('S').toJSON() });
    await expect(apo.run({ valDataset: VAL_TASKS })).rejects.toThrow('train_dataset is required');
    await expect(apo.run({ trainDataset: TRAIN_TASKS })).rejects.toThrow('val_dataset is required');
    await expect(apo.run({ trainDataset: [], valDataset: VAL_TASKS })).rejects.toThrow(
      InvalidArgumentError,
    );
    apo.setAdapter(new TracerTraceToTriplet());
    await expect(apo.run({ trainDataset: TRAIN_TASKS, valDataset: VAL_TASKS })).rejects.toThrow(
      'Adapter must be a TraceToMessages',
    );
    expect(store.updates).toHaveLength(0);
    expect(store.enqueues).toHaveLength(0);
  });

  it('picks the first PromptTemplate resource and keeps other resources in every snapshot', async () => {
    const s = scenario({ apo: { beamRounds: 0 } });
    const llm = {
      resource_type: 'llm' as const,
      endpoint: 'http://x',
      model: 'm',
      api_key: null,
      sampling_parameters: {},
    };
    s.apo.setInitialResources({
      llm,
      seed: new PromptTemplate('Seed: {a}').toJSON(),
      other: new PromptTemplate('Other').toJSON(),
    });
    expect(s.apo.getSeedPromptTemplate()[0]).toBe('seed');
    await s.run();
    expect(Object.keys(s.store.updates[0]?.[1] ?? {})).toEqual(['llm', 'seed', 'other']);
  });

  it('S1-zero / noinit: no round makes no LLM call; without initial validation the first leader wins', async () => {
    const zero = scenario({ apo: { beamRounds: 0 } });
    await zero.run();
    expect(zero.llm.calls).toHaveLength(0);
    expect(zero.store.count('val')).toBe(8);
    const noinit = scenario({ apo: { runInitialValidation: false } });
    await noinit.run();
    expect(noinit.store.count('val')).toBe(60);
    expect(noinit.apo.history.map((h) => h.round)).toEqual([1, 2]);
    expect(noinit.logger.lines.some((l) => l.includes('(prev: -inf)'))).toBe(true);
  });

  it('publishes the best prompt last, writes the history JSON and continues versions on a second run', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'apo-history-'));
    try {
      const file = path.join(dir, 'history.json');
      const entries: number[] = [];
      const s = scenario({ apo: { historyPath: file, onRound: (e) => entries.push(e.round) } });
      await s.run();
      expect(entries).toEqual([0, 1, 2]);
      const [lastId, lastResources] = s.store.updates.at(-1) ?? [];
      expect(lastId).toBe('v5');
      expect(s.store.updates).toHaveLength(23);
      expect(lastResources?.prompt_template).toMatchObject({
        template: s.apo.getBestPrompt().template,
      });
      const written = JSON.parse(readFileSync(file, 'utf8'));
      expect(written.bestVersion).toBe('v5');
      expect(written.bestPrompt).toMatchObject({
        resource_type: 'prompt_template',
        engine: 'f-string',
      });
      expect(written.history).toHaveLength(3);
      expect(written.history[1].candidates[0]).toMatchObject({
        parentVersion: 'v0',
        critique: '- ADD: Add {a} and {b}.',
      });
      expect(s.logger.lines.at(-1)).toMatch(/round {2}new {2}beam/);
      await s.run();
      expect(s.apo.history[0]?.leaderVersion).toBe('v9');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('place in the trainer', () => {
  it('is an Algorithm that Trainer.dev refuses (not fast enough for dev runs)', async () => {
    const apo = new APO({ client: createFakeApoLlm().client, logger: recordingLogger() });
    expect(apo).toBeInstanceOf(Algorithm);
    expect(apo).not.toBeInstanceOf(FastAlgorithm);
    const trainer = new Trainer({ algorithm: apo, progress: false });
    await expect(trainer.dev(createNumberLabAgent(), TRAIN_TASKS)).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it('starts a stopped LLM proxy for the run and stops it afterwards, also on failure', async () => {
    const events: string[] = [];
    let running = false;
    const proxy = {
      isRunning: () => running,
      start: () => {
        running = true;
        events.push('start');
      },
      stop: () => {
        running = false;
        events.push('stop');
      },
    };
    const ok = scenario({ apo: { beamRounds: 0 } });
    ok.apo.setLlmProxy(proxy);
    await ok.run();
    const failing = scenario({ apo: { gradientModel: 'no-such-model', beamRounds: 1 } });
    failing.apo.setLlmProxy(proxy);
    await expect(failing.run()).rejects.toThrow();
    expect(events).toEqual(['start', 'stop', 'start', 'stop']);
  });
});

describe('scenario options helper', () => {
  it('matches the documented scenario configuration', () => {
    expect(scenarioOptions(3)).toMatchObject({
      beamWidth: 2,
      branchFactor: 2,
      beamRounds: 2,
      seed: 3,
    });
  });
});
