import type { Logger } from '@agl/store-core';
import type { AttemptedRollout } from '@agl/types';
import { isTransientFailure } from './errors';
import type { Requester } from './requester';

/**
 * One dequeue call (`POST /v1/agl/queues/rollouts/dequeue`) under the normal
 * retry policy (DECISIONS 9: not swallowed silently). When the server stays
 * unreachable or keeps answering 5xx, the failure is logged as a warning and
 * `[]` is returned, so a polling runner keeps polling; a 4xx answer or a
 * protocol error is a bug that polling cannot fix, and is thrown. The call
 * carries a claim key (`Idempotency-Key`), reused by its retries.
 *
 * @param requester - sends the request
 * @param logger - receives the warning
 * @param body - `{limit}` plus `worker_id` when given
 */
export async function dequeueMany(
  requester: Requester,
  logger: Logger,
  body: { limit: number; worker_id?: string },
): Promise<AttemptedRollout[]> {
  try {
    // The idempotency key doubles as a claim key: the same key goes with every
    // retry of this call, so a retry after a lost answer gets the rollouts the
    // first try claimed instead of stranding them and claiming others.
    return await requester.route('dequeueRollouts', { body, idempotent: true });
  } catch (error) {
    if (!isTransientFailure(error)) throw error;
    logger.warn('Dequeue failed after retries; treating the queue as empty', error);
    return [];
  }
}
