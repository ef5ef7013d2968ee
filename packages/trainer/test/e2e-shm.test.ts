import { InMemoryLightningStore } from '@agl/store-memory';
import type { Rollout } from '@agl/types';
import { afterEach, describe, expect, it } from 'vitest';
import { LitAgent, type RolloutInfo } from '../src/agent';
import { type AdapterLike, algo, Baseline } from '../src/algorithm';
import { captureLogs } from '../src/logging';
import { findFinalReward } from '../src/reward';
import { type ProgressReporter, type ProgressSnapshot, Trainer } from '../src/trainer';

let capture = captureLogs();
afterEach(() => {
  capture.restore();
  capture = captureLogs();
});

/** A reporter that keeps every snapshot. */
class CapturingReporter implements ProgressReporter {
  updates: ProgressSnapshot[] = [];
  final: ProgressSnapshot | null = null;
  update(s: ProgressSnapshot) {
    this.updates.push(s);
  }
  finish(s: ProgressSnapshot) {
    this.final = s;
  }
}

/** The deterministic reward of a task. */
const rewardOf = (x: number) => (x % 5) / 4;

class ScoreAgent extends LitAgent<{ x: number }> {
  override async rollout(task: { x: number }) {
    await new Promise((r) => setTimeout(r, 1));
    return rewardOf(task.x);
  }
}

const fastRunner = {
  type: 'LitAgentRunner',
  poll_interval: 0.02,
  interval_jitter: 0.01,
  heartbeat_interval: 0,
} as const;

/** Enqueues every sample, waits for all of them and reads each final reward from the spans. */
function enqueueAndHarvest(
  results: Map<string, { rollout: Rollout; reward: number | null; input: unknown }>,
) {
  return algo<{ x: number }>(async ({ store, trainDataset }) => {
    const samples = Array.from({ length: trainDataset?.length ?? 0 }, (_, i) => trainDataset?.[i]);
    await store.addResources({});
    const queued = await store.enqueueManyRollouts(
      samples.map((input) => ({ input, mode: 'train' as const })),
    );
    const ids = queued.map((r) => r.rollout_id);
    const finished = await store.waitForRollouts(ids, { timeoutSeconds: 60 });
    for (const rollout of finished) {
      const spans = (await store.querySpans(rollout.rollout_id)).items;
      results.set(rollout.rollout_id, {
        rollout,
        reward: findFinalReward(spans),
        input: rollout.input,
      });
    }
  });
}

describe('shared-memory end to end', () => {
  it('4 runners complete 60 rollouts; every reward is readable by the algorithm; progress is reported', async () => {
    const results = new Map<string, { rollout: Rollout; reward: number | null; input: unknown }>();
    const reporter = new CapturingReporter();
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const trainer = new Trainer({
      algorithm: enqueueAndHarvest(results),
      strategy: { type: 'shm', main_thread: 'algorithm' },
      nRunners: 4,
      runner: fastRunner,
      store,
      progress: reporter,
      progressIntervalSeconds: 0.05,
    });
    const data = Array.from({ length: 60 }, (_, x) => ({ x }));
    await trainer.fit(new ScoreAgent(), data);

    expect(results.size).toBe(60);
    for (const { rollout, reward, input } of results.values()) {
      expect(rollout.status).toBe('succeeded');
      expect(reward).toBe(rewardOf((input as { x: number }).x));
    }
    const workers = new Set<string>();
    for (const id of results.keys())
      workers.add(String((await store.getLatestAttempt(id))?.worker_id));
    expect([...workers].every((w) => /^Worker-[0-3]$/.test(w))).toBe(true);
    expect(workers.size).toBeGreaterThan(1);

    const expectedMean = data.reduce((sum, d) => sum + rewardOf(d.x), 0) / data.length;
    expect(reporter.final).toMatchObject({
      finished: 60,
      succeeded: 60,
      failed: 0,
      running: 0,
      queued: 0,
    });
    expect(reporter.final?.meanReward).toBeCloseTo(expectedMean, 10);
    expect(reporter.final?.throughput).toBeGreaterThan(0);
    await store.close();
  });

  it('counts retries and failures exactly when the agent throws', async () => {
    class Flaky extends LitAgent<{ x: number }> {
      override rollout(task: { x: number }, _r: unknown, rollout: RolloutInfo) {
        if (task.x % 5 === 0) throw new Error(`permanent failure on ${task.x}`);
        if (task.x % 5 === 1 && rollout.attempt.sequence_id === 1)
          throw new Error(`transient failure on ${task.x}`);
        return 1;
      }
    }
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const reporter = new CapturingReporter();
    const ids: string[] = [];
    const algorithm = algo<{ x: number }>(async ({ store: s, trainDataset }) => {
      await s.addResources({});
      for (let i = 0; i < (trainDataset?.length ?? 0); i++) {
        const r = await s.enqueueRollout(trainDataset?.[i], {
          config: { max_attempts: 3, retry_condition: ['failed'] },
        });
        ids.push(r.rollout_id);
      }
      await s.waitForRollouts(ids, { timeoutSeconds: 60 });
    });
    const trainer = new Trainer({
      algorithm,
      strategy: { type: 'shm', main_thread: 'algorithm' },
      nRunners: 3,
      runner: fastRunner,
      store,
      progress: reporter,
      progressIntervalSeconds: 0.05,
    });
    await trainer.fit(
      new Flaky(),
      Array.from({ length: 20 }, (_, x) => ({ x })),
    );

    const byKind = {
      permanent: [] as string[][],
      transient: [] as string[][],
      ok: [] as string[][],
    };
    for (const id of ids) {
      const rollout = (await store.getRolloutById(id)) as Rollout;
      const attempts = (await store.queryAttempts(id)).items.map((a) => a.status as string);
      const x = (rollout.input as { x: number }).x;
      const kind = x % 5 === 0 ? 'permanent' : x % 5 === 1 ? 'transient' : 'ok';
      byKind[kind].push([rollout.status, ...attempts]);
    }
    expect(byKind.permanent).toEqual(Array(4).fill(['failed', 'failed', 'failed', 'failed']));
    expect(byKind.transient).toEqual(Array(4).fill(['succeeded', 'failed', 'succeeded']));
    expect(byKind.ok).toEqual(Array(12).fill(['succeeded', 'succeeded']));
    expect((await store.statistics()).total_attempts).toBe(4 * 3 + 4 * 2 + 12);
    expect(reporter.final).toMatchObject({ finished: 20, succeeded: 16, failed: 4 });
    const failedAttempt = (await store.queryAttempts(ids[0] as string)).items[0];
    expect(failedAttempt?.metadata?.error).toMatchObject({
      type: 'Error',
      message: 'permanent failure on 0',
    });
    await store.close();
  });

  it('Baseline enqueues every sample once per epoch in order, under a short queue, and survives rollouts without spans', async () => {
    const store = new InMemoryLightningStore({ watchdogIntervalSeconds: null });
    const enqueued: { input: unknown; mode: unknown; resourcesId: unknown }[] = [];
    const original = store.enqueueRollout.bind(store);
    store.enqueueRollout = async (input, options) => {
      enqueued.push({ input, mode: options?.mode, resourcesId: options?.resourcesId });
      return original(input, options);
    };
    const adapted: number[] = [];
    const adapter: AdapterLike = { adapt: (spans) => adapted.push(spans.length) };
    class SlowAgent extends LitAgent<string> {
      override async rollout(task: string) {
        await new Promise((r) => setTimeout(r, 5));
        return task === 'silent' ? undefined : 0.5;
      }
    }
    const trainer = new Trainer({
      algorithm: new Baseline({ nEpochs: 2, pollIntervalSeconds: 0.01, maxQueueLength: 1 }),
      initialResources: {},
      adapter,
      strategy: { type: 'shm', main_thread: 'algorithm' },
      nRunners: 1,
      runner: fastRunner,
      store,
      progress: false,
    });
    await trainer.dev(new SlowAgent() as LitAgent<unknown>, ['a', 'silent', 'b'], {
      valDataset: ['v'],
    });
    const oneEpoch = [
      { input: 'a', mode: 'train', resourcesId: 'default' },
      { input: 'silent', mode: 'train', resourcesId: 'default' },
      { input: 'b', mode: 'train', resourcesId: 'default' },
      { input: 'v', mode: 'val', resourcesId: 'default' },
    ];
    expect(enqueued).toEqual([...oneEpoch, ...oneEpoch]);
    expect((await store.getResourcesById('default'))?.resources).toEqual({});
    expect(adapted).toEqual([1, 1, 1, 1, 1, 1]);
    const messages = capture.records.map((l) => l.message);
    expect(
      messages.some((m) =>
        /\[Rollout ro-\w+ \| Attempt 1\] ID: at-\w+\. Status: succeeded\. Worker: Worker-0/.test(m),
      ),
    ).toBe(true);
    expect(
      messages.some((m) =>
        m.includes('Attribute keys: [agentlightning.reward.0.name, agentlightning.reward.0.value]'),
      ),
    ).toBe(true);
    expect(messages.some((m) => m.includes('Adapted data: 1'))).toBe(true);
    expect(messages.filter((m) => m.includes('has no spans; nothing to adapt'))).toHaveLength(2);
    await store.close();
  });
});
