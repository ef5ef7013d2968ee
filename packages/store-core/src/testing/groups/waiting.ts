import { expect } from 'vitest';
import { InvalidArgumentError } from '../../errors';
import type { LightningStore } from '../../store';
import { present } from '../assertions';
import { sleep, track, withDeadline } from '../async';
import { defineContractGroup } from '../registry';

/** Generous bound for "promptly": a hang fails the test instead of timing it out. */
const PROMPT = 5;

/** One rollout left open (preparing) and one already succeeded. */
async function openAndDone(store: LightningStore) {
  const open = await store.startRollout({});
  const done = await store.enqueueRollout({});
  await store.updateRollout(done.rollout_id, { status: 'succeeded' });
  return { open, done };
}

/** `waitForRollouts`: event-driven waits (DECISIONS.md item 7). */
export const waitingGroup = defineContractGroup('waiting', (test) => {
  test('returns both rollouts once other calls complete them during the wait', async ({
    store,
  }) => {
    const a = await store.startRollout({});
    const b = await store.startRollout({});
    const waiting = track(
      store.waitForRollouts([a.rollout_id, b.rollout_id], { timeoutSeconds: 10 }),
    );
    await store.updateAttempt(a.rollout_id, 'latest', { status: 'succeeded' });
    await sleep(0.05);
    expect(waiting.settled).toBe(false);
    await store.updateAttempt(b.rollout_id, 'latest', { status: 'failed' });
    const done = await withDeadline(waiting.promise, PROMPT, 'waitForRollouts');
    expect(done.map((r) => [r.rollout_id, r.status])).toEqual([
      [a.rollout_id, 'succeeded'],
      [b.rollout_id, 'failed'],
    ]);
  });

  test('with a short timeout and no completion it returns an empty list', async ({ store }) => {
    const started = await store.startRollout({});
    expect(await store.waitForRollouts([started.rollout_id], { timeoutSeconds: 0.1 })).toEqual([]);
    expect((await store.getRolloutById(started.rollout_id))?.status).toBe('preparing');
  });

  test('with timeout 0 it returns the finished rollouts without waiting', async ({ store }) => {
    const { open, done } = await openAndDone(store);
    const result = await withDeadline(
      store.waitForRollouts([open.rollout_id, done.rollout_id], { timeoutSeconds: 0 }),
      PROMPT,
      'waitForRollouts(timeout 0)',
    );
    expect(result.map((r) => r.rollout_id)).toEqual([done.rollout_id]);
  });

  test('an already finished rollout is returned at once despite a long timeout', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    const result = await withDeadline(
      store.waitForRollouts([started.rollout_id], { timeoutSeconds: 60 }),
      PROMPT,
      'waitForRollouts on a finished rollout',
    );
    expect(result.map((r) => r.status)).toEqual(['cancelled']);
  });

  test('unknown ids are ignored without waiting', async ({ store }) => {
    const done = await store.enqueueRollout({});
    await store.updateRollout(done.rollout_id, { status: 'failed' });
    const result = await withDeadline(
      store.waitForRollouts(['ro-unknown00000', done.rollout_id, 'ro-unknown11111'], {
        timeoutSeconds: 60,
      }),
      PROMPT,
      'waitForRollouts with unknown ids',
    );
    expect(result.map((r) => r.rollout_id)).toEqual([done.rollout_id]);
    expect(await store.waitForRollouts([], { timeoutSeconds: 60 })).toEqual([]);
  });

  test('results follow the order of the requested ids, repeats included', async ({ store }) => {
    const [a, b] = await store.enqueueManyRollouts([{ input: 'a' }, { input: 'b' }]);
    await store.updateRollout(present(b).rollout_id, { status: 'succeeded' });
    await store.updateRollout(present(a).rollout_id, { status: 'succeeded' });
    const ids = [present(b).rollout_id, present(a).rollout_id, present(b).rollout_id];
    const result = await store.waitForRollouts(ids, { timeoutSeconds: 0 });
    expect(result.map((r) => r.rollout_id)).toEqual(ids);
  });

  test('at the deadline only the finished rollouts are returned', async ({ store }) => {
    const done = await store.startRollout({});
    const open = await store.startRollout({});
    const waiting = store.waitForRollouts([open.rollout_id, done.rollout_id], {
      timeoutSeconds: 0.3,
    });
    await store.updateAttempt(done.rollout_id, 'latest', { status: 'succeeded' });
    const result = await withDeadline(waiting, PROMPT, 'waitForRollouts(timeout 0.3)');
    expect(result.map((r) => r.rollout_id)).toEqual([done.rollout_id]);
  });

  test('returned rollouts never carry their attempt', async ({ store }) => {
    const started = await store.startRollout({});
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    const [result] = await store.waitForRollouts([started.rollout_id], { timeoutSeconds: 0 });
    expect(present(result)).not.toHaveProperty('attempt');
    expect(result?.end_time).not.toBeNull();
  });

  test('five concurrent waiters on one rollout are all released by its completion', async ({
    store,
  }) => {
    const started = await store.startRollout({});
    const waiters = Array.from({ length: 5 }, () =>
      store.waitForRollouts([started.rollout_id], { timeoutSeconds: 30 }),
    );
    await sleep(0.05);
    await store.updateAttempt(started.rollout_id, 'latest', { status: 'succeeded' });
    const results = await withDeadline(Promise.all(waiters), PROMPT, 'five waiters');
    expect(results.map((r) => r.map((x) => x.status))).toEqual(Array(5).fill(['succeeded']));
  });

  test('a waiter without deadline is released promptly by a cancellation', async ({ store }) => {
    const started = await store.startRollout({});
    const waiting = track(store.waitForRollouts([started.rollout_id], { timeoutSeconds: null }));
    await sleep(0.05);
    expect(waiting.settled).toBe(false);
    await store.updateRollout(started.rollout_id, { status: 'cancelled' });
    const result = await withDeadline(waiting.promise, PROMPT, 'waitForRollouts(timeout null)');
    expect(result.map((r) => r.status)).toEqual(['cancelled']);
  });

  test('an aborted wait resolves with the rollouts finished so far', async ({ store }) => {
    const done = await store.startRollout({});
    const open = await store.startRollout({});
    await store.updateRollout(done.rollout_id, { status: 'succeeded' });
    const controller = new AbortController();
    const waiting = track(
      store.waitForRollouts([open.rollout_id, done.rollout_id], {
        timeoutSeconds: null,
        signal: controller.signal,
      }),
    );
    await sleep(0.05);
    expect(waiting.settled).toBe(false);
    controller.abort();
    const result = await withDeadline(waiting.promise, PROMPT, 'an aborted waitForRollouts');
    expect(result.map((r) => r.rollout_id)).toEqual([done.rollout_id]);
  });

  test('the store keeps serving other calls while a wait is pending', async ({ store }) => {
    const started = await store.startRollout({});
    const waiting = track(store.waitForRollouts([started.rollout_id], { timeoutSeconds: 30 }));
    const queued = await store.enqueueRollout({});
    expect((await store.dequeueRollout())?.rollout_id).toBe(queued.rollout_id);
    expect(waiting.settled).toBe(false);
    await store.updateRollout(started.rollout_id, { status: 'failed' });
    expect(
      (await withDeadline(waiting.promise, PROMPT, 'waitForRollouts')).map((r) => r.status),
    ).toEqual(['failed']);
  });

  test('the deprecated timeout alias still bounds the wait, and disagreeing with timeoutSeconds is refused', async ({
    store,
  }) => {
    const { open, done } = await openAndDone(store);
    const result = await withDeadline(
      store.waitForRollouts([open.rollout_id, done.rollout_id], { timeout: 0.1 }),
      PROMPT,
      'waitForRollouts(timeout 0.1)',
    );
    expect(result.map((r) => r.rollout_id)).toEqual([done.rollout_id]);
    const same = await store.waitForRollouts([done.rollout_id], { timeoutSeconds: 0, timeout: 0 });
    expect(same.map((r) => r.rollout_id)).toEqual([done.rollout_id]);
    const refused = await store
      .waitForRollouts([done.rollout_id], { timeoutSeconds: 0, timeout: 5 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidArgumentError);
  });
});
