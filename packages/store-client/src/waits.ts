import { InvalidArgumentError, type WaitOptions } from '@agl/store-core';
import { sleepSeconds, waitTimeoutSeconds } from '@agl/store-core/backend';
import type { Rollout } from '@agl/types';
import type { Requester } from './requester';

/**
 * `waitForRollouts` over HTTP (DECISIONS 7). The server holds each request
 * until the rollouts finish or the request's `timeout` passes; long waits
 * are split into slices of at most half the request timeout (each slice's
 * HTTP timeout is the request timeout plus the slice), each asking
 * for the rollouts still unfinished, until all are done, the deadline
 * passes or the signal aborts (then one `timeout: 0` request collects the
 * rollouts finished so far). `timeout <= 0` is a single request, as in
 * the reference. Ids unknown to the server are dropped after the first
 * slice (one `POST /rollouts/search`), so they cannot make a wait without
 * deadline loop forever.
 *
 * @param requester - sends the requests
 * @param rolloutIds - the rollouts to wait for
 * @param options - timeout in seconds (`null` = none) and abort signal
 * @param requestTimeoutMs - the client's request timeout
 * @returns the terminal rollouts in the order of `rolloutIds` (repeats kept)
 */
export async function waitForRollouts(
  requester: Requester,
  rolloutIds: readonly string[],
  options: WaitOptions,
  requestTimeoutMs: number,
): Promise<Rollout[]> {
  const timeout = waitTimeoutSeconds(options);
  if (timeout !== null && (typeof timeout !== 'number' || Number.isNaN(timeout))) {
    throw new InvalidArgumentError(
      `timeout must be a number of seconds or null, got ${String(timeout)}`,
    );
  }
  if (rolloutIds.length === 0) return [];
  const signal = options.signal;
  if (timeout !== null && timeout <= 0) {
    return requester.route('waitForRollouts', {
      body: { rollout_ids: [...rolloutIds], timeout },
      ...(signal ? { signal } : {}),
    });
  }
  const deadline = timeout === null ? Number.POSITIVE_INFINITY : performance.now() + timeout * 1000;
  const maxSliceSeconds = requestTimeoutMs / 2 / 1000;
  const finished = new Map<string, Rollout>();
  const call = signal ? { signal } : {};
  let pending = [...new Set(rolloutIds)];
  let first = true;
  while (pending.length > 0 && !signal?.aborted) {
    const remaining = first ? (timeout ?? Infinity) : (deadline - performance.now()) / 1000;
    const slice = Math.max(0, Math.min(remaining, maxSliceSeconds));
    try {
      const sentAt = performance.now();
      const done = await requester.route('waitForRollouts', {
        body: { rollout_ids: pending, timeout: slice },
        holdMs: slice * 1000,
        ...call,
      });
      for (const rollout of done) finished.set(rollout.rollout_id, rollout);
      const before = pending.length;
      pending = pending.filter((id) => !finished.has(id));
      if (first && pending.length > 0) pending = await existing(requester, pending, call);
      if (pending.length > 0 && performance.now() < deadline) {
        await paceEarlyAnswer(pending.length < before, sentAt, slice, signal);
      }
    } catch (error) {
      if (signal?.aborted) break;
      throw error;
    }
    first = false;
    if (performance.now() >= deadline) break;
  }
  if (signal?.aborted && pending.length > 0) await collectFinished(requester, pending, finished);
  return rolloutIds.flatMap((id) => {
    const rollout = finished.get(id);
    return rollout ? [rollout] : [];
  });
}

/**
 * After an abort, asks once more without waiting (`timeout: 0`, no signal)
 * which of the pending rollouts have finished, since the aborted slice's
 * answer was lost. A failure here is ignored: the abort still resolves.
 */
async function collectFinished(
  requester: Requester,
  pending: string[],
  finished: Map<string, Rollout>,
): Promise<void> {
  try {
    const done = await requester.route('waitForRollouts', {
      body: { rollout_ids: pending, timeout: 0 },
    });
    for (const rollout of done) finished.set(rollout.rollout_id, rollout);
  } catch {
    // The caller gave up waiting; report what is known.
  }
}

/** The ids among `ids` that the server knows (one `POST /rollouts/search`). */
async function existing(
  requester: Requester,
  ids: string[],
  call: { signal?: AbortSignal },
): Promise<string[]> {
  const page = await requester.route('searchRollouts', {
    body: { rollout_id_in: ids, limit: -1, offset: 0, filter_logic: 'and' },
    ...call,
  });
  const known = new Set(page.items.map((rollout) => rollout.rollout_id));
  return ids.filter((id) => known.has(id));
}

/**
 * A server that answers a wait early without progress (one that does not
 * hold requests) would make the slice loop spin; pause for the rest of the
 * slice, at most one second, in that case.
 */
async function paceEarlyAnswer(
  progress: boolean,
  sentAt: number,
  sliceSeconds: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const elapsed = performance.now() - sentAt;
  const rest = Math.min(sliceSeconds * 1000 - elapsed, 1000);
  if (!progress && rest > 0 && elapsed < (sliceSeconds * 1000) / 2)
    await sleepSeconds(rest / 1000, signal);
}
