import { expect } from 'vitest';
import { DEFAULT_CLAIM_TIMEOUT_SECONDS } from '../../options';
import { attemptOf, present } from '../assertions';
import { makeSpan } from '../builders';
import { defineContractGroup } from '../registry';

/**
 * A claim whose answer never reached a worker: the rollout stays `preparing`
 * with no heartbeat. After the default claim timeout the watchdog puts it
 * back in the queue, even with a config that sets no limit.
 */
export const strandedClaimsGroup = defineContractGroup('stranded claims', (test) => {
  const beyond = DEFAULT_CLAIM_TIMEOUT_SECONDS + 1;

  test('a dequeued rollout with no heartbeat is requeued after the claim timeout', async ({
    store,
    clock,
  }) => {
    const queued = await store.enqueueRollout({ task: 1 });
    const claimed = present(await store.dequeueRollout({ workerId: 'lost' }));
    clock.advance(DEFAULT_CLAIM_TIMEOUT_SECONDS - 1);
    expect((await store.getRolloutById(queued.rollout_id))?.status).toBe('preparing');
    clock.advance(2);
    const read = present(await store.getRolloutById(queued.rollout_id));
    expect(read.status).toBe('requeuing');
    expect(attemptOf(read).status).toBe('unresponsive');
    const again = present(await store.dequeueRollout({ workerId: 'found' }));
    expect(again.rollout_id).toBe(queued.rollout_id);
    expect(again.attempt.sequence_id).toBe(2);
    expect(again.attempt.attempt_id).not.toBe(claimed.attempt.attempt_id);
  });

  test('a claim that had a heartbeat or was started is left alone', async ({ store, clock }) => {
    const a = await store.enqueueRollout({});
    const b = await store.enqueueRollout({});
    const first = present(await store.dequeueRollout());
    const second = present(await store.dequeueRollout());
    await store.addSpan(makeSpan(first.rollout_id, first.attempt.attempt_id));
    await store.updateAttempt(second.rollout_id, 'latest', { status: 'running' });
    clock.advance(beyond);
    expect((await store.getRolloutById(a.rollout_id))?.status).toBe('running');
    expect((await store.getRolloutById(b.rollout_id))?.status).toBe('running');
  });
});
