import type { Attempt, Rollout } from '@agl/types';
import { watchdogVerdict, watchdogWatches } from '../watchdog/rule';
import type { StorageBackend } from './backend';
import type { EngineContext } from './context';
import type { RolloutEntry } from './hooks';
import { applyAttemptChange } from './lifecycle';

/**
 * One watchdog scan: the latest attempt of every watched
 * `preparing`/`running` rollout that exceeded its timeout or went silent is
 * marked `timeout`/`unresponsive`, exactly like `updateAttempt(status)`.
 * Verdicts are collected first, then applied, so the scan never sees its own
 * changes.
 *
 * @param ctx - the engine context
 * @param now - the scan time
 */
export function watchdogScan(ctx: EngineContext, now: number): void {
  const due: { rollout: Rollout; attempt: Attempt; status: 'timeout' | 'unresponsive' }[] = [];
  for (const { rollout, attempts } of candidates(ctx.backend)) {
    if (!watchdogWatches(rollout.status, rollout.config)) continue;
    const latest = attempts[attempts.length - 1];
    const verdict = latest ? watchdogVerdict(latest, rollout.config, now) : null;
    if (latest && verdict) due.push({ rollout, attempt: latest, status: verdict });
  }
  for (const { rollout, attempt, status } of due) {
    applyAttemptChange(ctx, rollout, attempt, { status }, now);
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
