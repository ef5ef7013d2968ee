import { expect } from 'vitest';
import { InvalidArgumentError, NotFoundError, StoreError } from '../../errors';
import type { LightningStore } from '../../store';
import { present } from '../assertions';
import { makeOtelSpan, makeSpan } from '../builders';
import { defineContractGroup } from '../registry';

const MISSING_ROLLOUT = 'ro-000000000000';
const MISSING_ATTEMPT = 'at-00000000';

/** Runs a call that must fail and returns its error. */
async function failure(call: Promise<unknown>): Promise<StoreError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** Each query with an unknown `sortBy`. */
const SORTED_QUERIES: Record<
  string,
  (store: LightningStore, rolloutId: string) => Promise<unknown>
> = {
  queryRollouts: (s) => s.queryRollouts({ sortBy: 'nonexistent_field' }),
  queryAttempts: (s, r) => s.queryAttempts(r, { sortBy: 'nonexistent_field' }),
  querySpans: (s, r) => s.querySpans(r, { sortBy: 'nonexistent_field' }),
  queryWorkers: (s) => s.queryWorkers({ sortBy: 'nonexistent_field' }),
  queryResources: (s) => s.queryResources({ sortBy: 'nonexistent_field' }),
};

/** Failures are `StoreError`s with stable classes and the reference's wording (DECISIONS.md item 1). */
export const errorsGroup = defineContractGroup('errors', (test) => {
  test('startAttempt on an unknown rollout throws NotFoundError', async ({ store }) => {
    const error = await failure(store.startAttempt(MISSING_ROLLOUT));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(MISSING_ROLLOUT);
    expect(error.message).toMatch(/not found/);
  });

  test('updateRollout on an unknown rollout throws NotFoundError saying it does not exist', async ({
    store,
  }) => {
    const error = await failure(store.updateRollout(MISSING_ROLLOUT, { status: 'failed' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/does not exist/);
    expect(await store.getRolloutById(MISSING_ROLLOUT)).toBeNull();
  });

  test('updateAttempt on an unknown rollout throws NotFoundError', async ({ store }) => {
    const error = await failure(
      store.updateAttempt(MISSING_ROLLOUT, 'latest', { status: 'failed' }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/not found/);
  });

  test('updateAttempt on a rollout without attempts says no attempts were found', async ({
    store,
  }) => {
    const queued = await store.enqueueRollout({});
    for (const attemptId of ['latest', MISSING_ATTEMPT]) {
      const error = await failure(
        store.updateAttempt(queued.rollout_id, attemptId, { status: 'failed' }),
      );
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toContain('No attempts found');
    }
    expect((await store.getRolloutById(queued.rollout_id))?.status).toBe('queuing');
  });

  test('updateAttempt with an unknown attempt id throws NotFoundError and changes nothing', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const error = await failure(
      store.updateAttempt(started.rollout_id, MISSING_ATTEMPT, { status: 'succeeded' }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(MISSING_ATTEMPT);
    expect(error.message).toMatch(/not found/);
    expect(await store.getRolloutById(started.rollout_id)).toEqual(started);
  });

  test('addSpan for an unknown rollout or attempt throws NotFoundError and stores nothing', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const unknownRollout = await failure(
      store.addSpan(makeSpan(MISSING_ROLLOUT, started.attempt.attempt_id)),
    );
    expect(unknownRollout).toBeInstanceOf(NotFoundError);
    expect(unknownRollout.message).toMatch(/not found/);
    const unknownAttempt = await failure(
      store.addSpan(makeSpan(started.rollout_id, MISSING_ATTEMPT)),
    );
    expect(unknownAttempt).toBeInstanceOf(NotFoundError);
    expect(unknownAttempt.message).toMatch(/not found/);
    expect((await store.querySpans(started.rollout_id)).total).toBe(0);
    expect((await store.getLatestAttempt(started.rollout_id))?.status).toBe('preparing');
  });

  test('addManySpans stops at an unknown attempt and keeps the groups stored before it', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const good = makeSpan(started.rollout_id, started.attempt.attempt_id);
    const bad = makeSpan(started.rollout_id, MISSING_ATTEMPT);
    await expect(store.addManySpans([good, bad])).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.querySpans(started.rollout_id)).items).toEqual([good]);
  });

  test('addOtelSpan for an unknown attempt throws NotFoundError', async ({ store }) => {
    const started = await store.startRollout({});
    await expect(
      store.addOtelSpan(started.rollout_id, MISSING_ATTEMPT, makeOtelSpan()),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      store.addOtelSpan(MISSING_ROLLOUT, MISSING_ATTEMPT, makeOtelSpan()),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  for (const [name, query] of Object.entries(SORTED_QUERIES)) {
    test(`${name} with an unknown sortBy throws InvalidArgumentError`, async ({ store }) => {
      const started = await store.startRollout({});
      const error = await failure(query(store, started.rollout_id));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toContain('nonexistent_field');
    });
  }

  test('rollouts cannot be sorted by their attempt', async ({ store }) => {
    await store.startRollout({});
    const error = await failure(store.queryRollouts({ sortBy: 'attempt' }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
  });

  test('single-item getters return null for unknown ids instead of throwing', async ({ store }) => {
    expect(await store.getRolloutById(MISSING_ROLLOUT)).toBeNull();
    expect(await store.getLatestAttempt(MISSING_ROLLOUT)).toBeNull();
    expect(await store.getResourcesById('rs-000000000000')).toBeNull();
    expect(await store.getLatestResources()).toBeNull();
    expect(await store.getWorkerById('Worker-404')).toBeNull();
  });

  test('the store keeps working after a failed call', async ({ store }) => {
    await failure(store.startAttempt(MISSING_ROLLOUT));
    const queued = await store.enqueueRollout({});
    expect(present(await store.dequeueRollout()).rollout_id).toBe(queued.rollout_id);
  });
});
