import type { LightningStore } from '@agl/store-core';
import { makeSpan } from '@agl/store-core/testing';

/** What the workers of a run saw acknowledged by the servers. */
export interface Acknowledged {
  /** Claims: rollout id to the attempt ids handed out for it. */
  readonly claims: Map<string, string[]>;
  /** Spans stored: `rolloutId/attemptId/spanId`. */
  readonly spans: Set<string>;
  /** Attempts whose `succeeded` update was acknowledged: `rolloutId/attemptId`. */
  readonly succeeded: Set<string>;
}

/** A fresh, empty record of acknowledged writes. */
export function newAcknowledged(): Acknowledged {
  return { claims: new Map(), spans: new Set(), succeeded: new Set() };
}

/**
 * One runner's loop: dequeue, add a span, mark the attempt succeeded, and
 * record each write once the server acknowledged it. Stops when `stop()`
 * says so after an empty dequeue (a failed call counts as empty: the server
 * may be down and the caller decides whether to go on).
 *
 * @param store - the runner's client
 * @param workerId - its worker id
 * @param acked - where acknowledged writes are recorded
 * @param stop - asked after each empty dequeue
 * @param working - when given, holds the rollout this runner works on right
 *   now (claimed, success not yet acknowledged nor given up), by worker id
 */
export async function runWorker(
  store: LightningStore,
  workerId: string,
  acked: Acknowledged,
  stop: () => boolean,
  working?: Map<string, string>,
): Promise<void> {
  for (;;) {
    const claimed = await store.dequeueRollout({ workerId }).catch(() => null);
    if (claimed === null) {
      if (stop()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    const { rollout_id: rolloutId, attempt } = claimed;
    const list = acked.claims.get(rolloutId) ?? [];
    list.push(attempt.attempt_id);
    acked.claims.set(rolloutId, list);
    working?.set(workerId, rolloutId);
    try {
      const span = makeSpan(rolloutId, attempt.attempt_id, { name: workerId });
      if (await store.addSpan(span)) {
        acked.spans.add(`${rolloutId}/${attempt.attempt_id}/${span.span_id}`);
      }
      await store.updateAttempt(rolloutId, attempt.attempt_id, { status: 'succeeded' });
      acked.succeeded.add(`${rolloutId}/${attempt.attempt_id}`);
    } catch {
      // The server went away mid-rollout; its watchdog re-queues the rollout.
    } finally {
      working?.delete(workerId);
    }
  }
}
