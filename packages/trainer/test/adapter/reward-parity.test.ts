/**
 * Spans written by our real runners and tracer must give a Python reader the
 * same rewards as ours. The reader's rule is written out here on its own (not
 * with our adapter's code) as the oracle: walk every span by start time; a
 * reward goes to the most recent earlier LLM call without a reward whose
 * `end_time <= reward.start_time`, compared strictly.
 */

import { LightningStoreClient } from '@agl/store-client';
import { type LightningStore, silentLogger } from '@agl/store-core';
import { InMemoryLightningStore } from '@agl/store-memory';
import { LightningStoreServer } from '@agl/store-server';
import type { Span } from '@agl/types';
import { describe, expect, it } from 'vitest';
import { TracerTraceToTriplet } from '../../src/adapter';
import { LitAgent } from '../../src/agent';
import { algo } from '../../src/algorithm';
import { emitReward } from '../../src/emitter';
import { captureLogs } from '../../src/logging';
import { getRewardValue } from '../../src/reward';
import { traceChatCompletion } from '../../src/tracer';
import { Trainer } from '../../src/trainer';

type Task = { id: number; style: 'instant' | 'multi' | 'streamed' | 'timer' };

const STYLES: Task['style'][] = ['instant', 'multi', 'streamed', 'timer'];
const CALL_NAME = /openai\.chat\.completion/;

/** The reward a task's k-th call earns; unique per call, so matches can be checked exactly. */
const rewardFor = (task: Task, k: number) => task.id * 10 + k + 1;

function answer(id: string) {
  return {
    id,
    model: 'fake',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: id } }],
  };
}

/** A streamed answer: chunks arrive over several event-loop turns and are assembled. */
async function streamed(id: string) {
  async function* chunks() {
    for (const piece of ['a', 'b', 'c']) {
      await new Promise((resolve) => setImmediate(resolve));
      yield piece;
    }
  }
  let text = '';
  for await (const piece of chunks()) text += piece;
  return { ...answer(id), text };
}

/** Emits each reward immediately after its call returns: often within the same millisecond. */
class ParityAgent extends LitAgent<Task> {
  override async rollout(task: Task): Promise<void> {
    const calls = task.style === 'multi' ? 3 : 1;
    for (let k = 0; k < calls; k++) {
      const id = `resp-${rewardFor(task, k)}`;
      await traceChatCompletion(
        { model: 'fake', messages: [{ role: 'user', content: id }] },
        () => {
          if (task.style === 'streamed') return streamed(id);
          if (task.style === 'timer') return new Promise((r) => setTimeout(() => r(answer(id)), 1));
          return Promise.resolve(answer(id));
        },
      );
      emitReward(rewardFor(task, k));
    }
  }
}

/** The reference's first-occurrence rule, as the oracle: response id → reward. */
function referenceRewards(spans: readonly Span[]): Map<string, number> {
  const ordered = [...spans].sort((a, b) => (a.start_time ?? 0) - (b.start_time ?? 0));
  const seen: Span[] = [];
  const credited = new Map<Span, number>();
  for (const span of ordered) {
    if (CALL_NAME.test(span.name)) seen.push(span);
    const value = getRewardValue(span);
    if (value === null) continue;
    for (let i = seen.length - 1; i >= 0; i--) {
      const call = seen[i] as Span;
      if (credited.has(call) || call.end_time === null || span.start_time === null) continue;
      if (call.end_time <= span.start_time) {
        credited.set(call, value);
        break;
      }
    }
  }
  return new Map(
    [...credited].map(([call, value]) => [String(call.attributes['gen_ai.response.id']), value]),
  );
}

/** Runs `count` rollouts through a real trainer and returns each rollout's stored spans. */
async function runCorpus(store: LightningStore, count: number): Promise<Map<Task, Span[]>> {
  const corpus = new Map<Task, Span[]>();
  const algorithm = algo<Task>(async ({ store: s, trainDataset }) => {
    const tasks = Array.from({ length: trainDataset?.length ?? 0 }, (_, i) => trainDataset?.[i]);
    await s.addResources({});
    const queued = await s.enqueueManyRollouts(tasks.map((input) => ({ input })));
    await s.waitForRollouts(
      queued.map((r) => r.rollout_id),
      { timeoutSeconds: 120 },
    );
    for (const rollout of queued) {
      corpus.set(rollout.input as Task, (await s.querySpans(rollout.rollout_id)).items);
    }
  });
  const tasks = Array.from({ length: count }, (_, id) => ({ id, style: STYLES[id % 4] }) as Task);
  const trainer = new Trainer({
    algorithm,
    store,
    nRunners: 2,
    runner: { type: 'LitAgentRunner', poll_interval: 0.01, heartbeat_interval: 0 },
    strategy: { type: 'shm', main_thread: 'algorithm', handle_signals: false },
  });
  await trainer.fit(new ParityAgent(), tasks);
  return corpus;
}

function expectParity(corpus: Map<Task, Span[]>, count: number): void {
  expect(corpus.size).toBe(count);
  const adapter = new TracerTraceToTriplet();
  let rewards = 0;
  for (const [task, spans] of corpus) {
    const calls = task.style === 'multi' ? 3 : 1;
    const expected = new Map(
      Array.from({ length: calls }, (_, k) => [`resp-${rewardFor(task, k)}`, rewardFor(task, k)]),
    );
    // Every reward started at or after the end of the call it follows.
    for (const call of spans.filter((s) => CALL_NAME.test(s.name))) {
      const reward = spans.find(
        (s) => getRewardValue(s) === expected.get(String(call.attributes['gen_ai.response.id'])),
      );
      expect(reward?.start_time ?? -1).toBeGreaterThanOrEqual(call.end_time ?? Infinity);
    }
    expect(referenceRewards(spans)).toEqual(expected);
    const ours = adapter
      .adapt(spans)
      .map((t) => [String(t.metadata.response_id), t.reward] as const);
    expect(new Map(ours)).toEqual(expected);
    rewards += expected.size;
  }
  expect(rewards).toBe(count * 1.5);
}

describe('reward parity with the reference rule on spans our runners write', () => {
  it('in process: every reward is matched to its call under both rules (200 rollouts)', async () => {
    const logs = captureLogs();
    try {
      const store = new InMemoryLightningStore();
      expectParity(await runCorpus(store, 200), 200);
      await store.close();
    } finally {
      logs.restore();
    }
  });

  it('over HTTP with OTLP export: every reward is matched under both rules (100 rollouts)', async () => {
    const logs = captureLogs();
    const memory = new InMemoryLightningStore();
    const server = new LightningStoreServer({ store: memory, port: 0, logger: silentLogger });
    await server.start();
    const client = new LightningStoreClient(server.endpoint);
    try {
      expect(client.capabilities.otlp_traces).toBe(true);
      expectParity(await runCorpus(client, 100), 100);
    } finally {
      await client.close();
      await server.stop();
      await memory.close();
      logs.restore();
    }
  });
});
