import type { Attempt, Rollout } from '@agl/types';
import { type StoreObserver, watchdogChange } from '../observer';
import { applyAttemptUpdate } from '../status/attempt-status';
import { isStrandedClaim, watchdogVerdict, watchdogWatches } from '../watchdog/rule';
import type { StorageBackend } from './backend';
import type { EngineContext } from './context';
import type { RolloutEntry } from './hooks';
import { applyAttemptChange, setRolloutStatus, syncWorker } from './lifecycle';

/**
 * One watchdog scan: the latest attempt of every watched
 * `preparing`/`running` rollout that exceeded its timeout or went silent is
 * marked `timeout`/`unresponsive`, exactly like `updateAttempt(status)`.
 * Verdicts are collected first, then applied, so the scan never sees its own
 * changes. Each ended attempt is reported to `observer`.
 *
 * @param ctx - the engine context
 * @param now - the scan time
 * @param claimTimeoutSeconds - the store's claim timeout, or `null`
 * @param observer - told about each attempt the scan ends
 */
export function watchdogScan(
  ctx: EngineContext,
  now: number,
  claimTimeoutSeconds: number | null = null,
  observer?: StoreObserver,
): void {
  const due: { rollout: Rollout; attempt: Attempt; status: 'timeout' | 'unresponsive' }[] = [];
  for (const { rollout, attempts } of candidates(ctx.backend)) {
    if (!watchdogWatches(rollout.status, rollout.config)) continue;
    const latest = attempts[attempts.length - 1];
    const verdict = latest ? watchdogVerdict(latest, rollout.config, now) : null;
    if (latest && verdict) due.push({ rollout, attempt: latest, status: verdict });
  }
  for (const { rollout, attempt, status } of due) {
    applyAttemptChange(ctx, rollout, attempt, { status }, now);
    observer?.watchdogEnded?.({
      reason: status,
      requeued: rollout.status === 'requeuing',
      change: watchdogChange(rollout, attempt),
    });
  }
  if (claimTimeoutSeconds !== null) requeueStrandedClaims(ctx, now, claimTimeoutSeconds, observer);
}

/**
 * Puts stranded claims back in the queue (see `isStrandedClaim`): the
 * attempt becomes `unresponsive` without the usual propagation (which would
 * fail a rollout whose config allows no retry) and the rollout `requeuing`.
 */
function requeueStrandedClaims(
  ctx: EngineContext,
  now: number,
  claimTimeout: number,
  observer: StoreObserver | undefined,
): void {
  const stranded: { rollout: Rollout; attempt: Attempt }[] = [];
  for (const rollout of ctx.backend.listRollouts()) {
    if (rollout.status !== 'preparing') continue;
    const attempts = ctx.backend.attemptsOf(rollout.rollout_id);
    const latest = attempts[attempts.length - 1];
    if (latest && isStrandedClaim(rollout.status, latest, claimTimeout, now))
      stranded.push({ rollout, attempt: latest });
  }
  for (const { rollout, attempt } of stranded) {
    applyAttemptUpdate(attempt, { status: 'unresponsive' }, now);
    ctx.backend.putAttempt(attempt);
    syncWorker(ctx, attempt, now);
    setRolloutStatus(ctx, rollout, 'requeuing', now);
    observer?.watchdogEnded?.({
      reason: 'stranded_claim',
      requeued: true,
      change: watchdogChange(rollout, attempt),
    });
  }
}

/** The `watchedRollouts` hook's entries, or every rollout with its attempts. */
function* candidates(backend: StorageBackend): Iterable<RolloutEntry> {
  const watched = backend.watchedRollouts?.();
  if (watched) {
    yield* watched;
    return;
  }
  for (const rollout of backend.listRollouts()) {
    if (!watchdogWatches(rollout.status, rollout.config)) continue;
    yield { rollout, attempts: backend.attemptsOf(rollout.rollout_id) };
  }
}
