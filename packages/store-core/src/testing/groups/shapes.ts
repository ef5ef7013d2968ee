import { expect } from 'vitest';
import {
  ATTEMPT_KEYS,
  attemptOf,
  DEFAULT_CONFIG,
  expectExactKeys,
  present,
  RESOURCES_UPDATE_KEYS,
  ROLLOUT_KEYS,
  WORKER_KEYS,
} from '../assertions';
import { sampleResources } from '../builders';
import { defineContractGroup } from '../registry';

const INPUTS: readonly [string, unknown][] = [
  ['null', null],
  ['a string', 'plain text'],
  ['a number', 42.5],
  ['an array', [1, 'two', { three: 3 }]],
  ['a nested object', { question: 'What is 2+2?', meta: { tags: ['math'], level: 1 } }],
];

/** The serialised shape of every entity. */
export const shapesGroup = defineContractGroup('serialised shapes', (test) => {
  test('an enqueued rollout has every rollout key, explicit nulls included', async ({ store }) => {
    const rollout = await store.enqueueRollout({ q: 1 });
    expectExactKeys(rollout, ROLLOUT_KEYS);
    expect(rollout).toMatchObject({ end_time: null, mode: null, resources_id: null });
    expectExactKeys(rollout.config, Object.keys(DEFAULT_CONFIG));
  });

  test('a started rollout has every rollout key plus a complete attempt', async ({ store }) => {
    const rollout = await store.startRollout({ q: 1 });
    expectExactKeys(rollout, [...ROLLOUT_KEYS, 'attempt']);
    expectExactKeys(rollout.attempt, ATTEMPT_KEYS);
    expect(rollout.attempt.rollout_id).toBe(rollout.rollout_id);
  });

  test('a new attempt is preparing with null end time, heartbeat and metadata', async ({
    store,
  }) => {
    const { attempt } = await store.startRollout({});
    expect(attempt).toMatchObject({
      sequence_id: 1,
      status: 'preparing',
      end_time: null,
      last_heartbeat_time: null,
      metadata: null,
      worker_id: null,
    });
  });

  test('a rollout without attempts has no attempt key when read by id', async ({ store }) => {
    const queued = await store.enqueueRollout({});
    const read = present(await store.getRolloutById(queued.rollout_id));
    expect(read).not.toHaveProperty('attempt');
    expectExactKeys(read, ROLLOUT_KEYS);
  });

  test('a rollout without attempts has no attempt key in query results', async ({ store }) => {
    await store.enqueueRollout({});
    await store.startRollout({});
    const page = await store.queryRollouts();
    const withAttempt = page.items.filter((item) => 'attempt' in item);
    expect(page.items).toHaveLength(2);
    expect(withAttempt).toHaveLength(1);
    for (const item of page.items) {
      expectExactKeys(item, 'attempt' in item ? [...ROLLOUT_KEYS, 'attempt'] : ROLLOUT_KEYS);
    }
  });

  test('a rollout read by id carries its attempt with the highest sequence id', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    await store.startAttempt(started.rollout_id);
    const third = await store.startAttempt(started.rollout_id);
    const read = await store.getRolloutById(started.rollout_id);
    expect(attemptOf(read)).toEqual(third.attempt);
    expect(attemptOf(read).sequence_id).toBe(3);
  });

  test('a worker has every worker key, explicit nulls included', async ({ store }) => {
    const worker = await store.updateWorker('Worker-0');
    expectExactKeys(worker, WORKER_KEYS);
    expect(worker).toMatchObject({ last_busy_time: null, current_rollout_id: null });
    expectExactKeys(present(await store.getWorkerById('Worker-0')), WORKER_KEYS);
  });

  test('a resources snapshot has all five keys', async ({ store }) => {
    const snapshot = await store.addResources(sampleResources());
    expectExactKeys(snapshot, RESOURCES_UPDATE_KEYS);
    expectExactKeys(present(await store.getLatestResources()), RESOURCES_UPDATE_KEYS);
  });

  for (const [label, input] of INPUTS) {
    test(`an input that is ${label} round-trips unchanged`, async ({ store }) => {
      const queued = await store.enqueueRollout(input);
      const started = await store.startRollout(input);
      expect(queued.input).toEqual(input);
      expect(started.input).toEqual(input);
      expect((await store.getRolloutById(queued.rollout_id))?.input).toEqual(input);
      expect((await store.dequeueRollout())?.input).toEqual(input);
    });
  }

  test('changing a returned rollout does not change the stored one', async ({ store, skip }) => {
    if (store.capabilities.zero_copy)
      skip('the store declares zero_copy: it returns stored objects');
    const rollout = await store.startRollout({ value: 1 }, { metadata: { tag: 'a' } });
    (rollout.input as { value: number }).value = 2;
    (rollout.metadata as { tag: string }).tag = 'b';
    rollout.attempt.status = 'succeeded';
    const read = present(await store.getRolloutById(rollout.rollout_id));
    expect(read.input).toEqual({ value: 1 });
    expect(read.metadata).toEqual({ tag: 'a' });
    expect(attemptOf(read).status).toBe('preparing');
  });

  test('changing the config or metadata passed in does not change the stored rollout', async ({
    store,
  }) => {
    const config = { max_attempts: 2, retry_condition: ['failed'] as 'failed'[] };
    const metadata = { tag: 'a' };
    const rollout = await store.enqueueRollout({}, { config, metadata });
    config.max_attempts = 5;
    config.retry_condition.push('failed');
    metadata.tag = 'b';
    const read = present(await store.getRolloutById(rollout.rollout_id));
    expect(read.config).toMatchObject({ max_attempts: 2, retry_condition: ['failed'] });
    expect(read.metadata).toEqual({ tag: 'a' });
  });
});
