import { expect } from 'vitest';
import { NotImplementedStoreError } from '../../errors';
import { makeSpan, sampleResources } from '../builders';
import { defineContractGroup } from '../registry';

/** `statistics()`, `capabilities` and `otlpTracesEndpoint()`. */
export const statisticsGroup = defineContractGroup('statistics', (test) => {
  test('statistics report a non-empty name', async ({ store }) => {
    const stats = await store.statistics();
    expect(typeof stats.name).toBe('string');
    expect(stats.name.length).toBeGreaterThan(0);
  });

  test('the reported totals match the stored collections', async ({ store, skip }) => {
    const empty = await store.statistics();
    if (empty.total_rollouts === undefined)
      skip('the store reports only its name (the other keys are optional)');
    expect(empty).toMatchObject({
      total_rollouts: 0,
      total_attempts: 0,
      total_spans: 0,
      total_resources: 0,
      total_workers: 0,
    });
    const started = await store.startRollout({}, { workerId: 'Worker-1' });
    await store.startAttempt(started.rollout_id);
    await store.enqueueRollout({});
    await store.addSpan(makeSpan(started.rollout_id, started.attempt.attempt_id));
    await store.addResources(sampleResources());
    await store.updateWorker('Worker-2');
    expect(await store.statistics()).toMatchObject({
      total_rollouts: 2,
      total_attempts: 2,
      total_spans: 1,
      total_resources: 1,
      total_workers: 2,
    });
  });

  test('the reported uptime does not decrease', async ({ store, skip }) => {
    const first = await store.statistics();
    if (first.uptime === undefined) skip('the store does not report uptime');
    const second = await store.statistics();
    expect(second.uptime).toBeGreaterThanOrEqual(first.uptime ?? 0);
    expect(first.uptime).toBeGreaterThanOrEqual(0);
  });

  test('otlpTracesEndpoint agrees with the otlp_traces capability', async ({ store }) => {
    if (store.capabilities.otlp_traces) {
      expect(store.otlpTracesEndpoint()).toMatch(/^https?:\/\/.+\/v1\/traces$/);
    } else {
      expect(() => store.otlpTracesEndpoint()).toThrow(NotImplementedStoreError);
    }
  });

  test('the store name is a non-empty string', async ({ store }) => {
    expect(typeof store.name).toBe('string');
    expect(store.name.length).toBeGreaterThan(0);
  });
});
