import { ATTEMPT_ID_PATTERN, RESOURCES_ID_PATTERN, ROLLOUT_ID_PATTERN } from '@agl/types';
import { expect } from 'vitest';
import { DEFAULT_CONFIG, expectTime } from '../assertions';
import { sampleResources } from '../builders';
import { defineContractGroup } from '../registry';

/** Identifiers, timestamps and defaults. */
export const idsGroup = defineContractGroup('ids and defaults', (test) => {
  test('rollout ids match ro- plus 12 hex characters', async ({ store }) => {
    const started = await store.startRollout({});
    const queued = await store.enqueueRollout({});
    expect(started.rollout_id).toMatch(ROLLOUT_ID_PATTERN);
    expect(queued.rollout_id).toMatch(ROLLOUT_ID_PATTERN);
    expect(started.rollout_id).not.toBe(queued.rollout_id);
  });

  test('attempt ids match at- plus 8 hex characters and differ between attempts', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const retried = await store.startAttempt(started.rollout_id);
    expect(started.attempt.attempt_id).toMatch(ATTEMPT_ID_PATTERN);
    expect(retried.attempt.attempt_id).toMatch(ATTEMPT_ID_PATTERN);
    expect(retried.attempt.attempt_id).not.toBe(started.attempt.attempt_id);
  });

  test('generated resources ids match rs- plus 12 hex characters', async ({ store }) => {
    const snapshot = await store.addResources(sampleResources());
    expect(snapshot.resources_id).toMatch(RESOURCES_ID_PATTERN);
    expect(snapshot.resources_id).toHaveLength(15);
  });

  test('timestamps are epoch seconds taken from the clock', async ({ store, clock }) => {
    const started = await store.startRollout({});
    expectTime(started.start_time, clock.now());
    expectTime(started.attempt.start_time, clock.now());
    expect(started.start_time).toBeLessThan(1e11);
    clock.advance(100);
    const later = await store.enqueueRollout({});
    expectTime(later.start_time, clock.now());
    expect(later.start_time - started.start_time).toBeCloseTo(100, 2);
  });

  test('a rollout created without metadata has metadata {}', async ({ store }) => {
    expect((await store.enqueueRollout({})).metadata).toEqual({});
    expect((await store.startRollout({}, { metadata: null })).metadata).toEqual({});
  });

  test('a rollout created without config has the default config', async ({ store }) => {
    const queued = await store.enqueueRollout({});
    const started = await store.startRollout({}, { config: null });
    expect(queued.config).toEqual(DEFAULT_CONFIG);
    expect(started.config).toEqual(DEFAULT_CONFIG);
  });

  test('a partial config gets defaults for its missing keys', async ({ store }) => {
    const rollout = await store.enqueueRollout({}, { config: { max_attempts: 3 } });
    expect(rollout.config).toEqual({ ...DEFAULT_CONFIG, max_attempts: 3 });
  });

  test('a full config is stored as given', async ({ store }) => {
    const config = {
      timeout_seconds: 30,
      unresponsive_seconds: 5.5,
      max_attempts: 4,
      retry_condition: ['failed', 'timeout'] as ('failed' | 'timeout')[],
    };
    const rollout = await store.enqueueRollout({}, { config });
    expect(rollout.config).toEqual(config);
    expect((await store.getRolloutById(rollout.rollout_id))?.config).toEqual(config);
  });

  test('mode, resources id and metadata are stored as given', async ({ store }) => {
    const options = {
      mode: 'val',
      resourcesId: 'rs-custom',
      metadata: { owner: 'x', n: 1 },
    } as const;
    const rollout = await store.enqueueRollout({}, options);
    expect(rollout).toMatchObject({
      mode: 'val',
      resources_id: 'rs-custom',
      metadata: options.metadata,
    });
  });
});
