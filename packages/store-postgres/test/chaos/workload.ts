import type { LightningStore } from '@agl/store-core';
import { makeSpan, sleep } from '@agl/store-core/testing';
import type { Acknowledged } from '../support/workload';

/** Counts of what the workers had to do again. */
export interface WorkerTally {
  /** Calls a worker made again after the client gave up on them. */
  reCalls: number;
}

/** Calls `fn` until it resolves, counting each give-up of the client as a re-call. */
async function persist<T>(fn: () => Promise<T>, tally: WorkerTally): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch {
      tally.reCalls += 1;
      await sleep(0.1);
    }
  }
}

/**
 * A runner that never abandons work: dequeue (with the client's claim key),
 * add one span, mark the attempt succeeded, each write repeated until it is
 * acknowledged, and every acknowledgement recorded. Stops after an empty
 * dequeue once `done()` says so.
 *
 * @param store - the runner's client (through the fault proxy)
 * @param workerId - its worker id
 * @param acked - acknowledged writes
 * @param tally - re-calls
 * @param done - asked after each empty dequeue
 */
export async function runChaosWorker(
  store: LightningStore,
  workerId: string,
  acked: Acknowledged,
  tally: WorkerTally,
  done: () => boolean,
): Promise<void> {
  for (;;) {
    const claimed = await store.dequeueRollout({ workerId }).catch(() => null);
    if (claimed === null) {
      if (done()) return;
      await sleep(0.05);
      continue;
    }
    const { rollout_id: rolloutId, attempt } = claimed;
    const list = acked.claims.get(rolloutId) ?? [];
    list.push(attempt.attempt_id);
    acked.claims.set(rolloutId, list);
    const span = makeSpan(rolloutId, attempt.attempt_id, { name: workerId });
    // Resolved = stored (a replay of the first answer, or null for a span already there).
    await persist(() => store.addSpan(span), tally);
    acked.spans.add(`${rolloutId}/${attempt.attempt_id}/${span.span_id}`);
    await persist(
      () => store.updateAttempt(rolloutId, attempt.attempt_id, { status: 'succeeded' }),
      tally,
    );
    acked.succeeded.add(`${rolloutId}/${attempt.attempt_id}`);
  }
}
