import { isTerminalStatus, type Rollout } from '@agl/types';
import { InvalidArgumentError } from '../../errors';
import type { WaitForOptions } from '../../waiters';
import type { EngineContext } from '../context';
import { copyRollout } from '../copies';

/**
 * Checks the ids of `waitForRollouts`.
 *
 * @param rolloutIds - the caller's value
 * @throws InvalidArgumentError unless it is a list of strings
 */
export function checkRolloutIds(rolloutIds: unknown): void {
  if (!Array.isArray(rolloutIds) || rolloutIds.some((id) => typeof id !== 'string')) {
    throw new InvalidArgumentError('rollout_ids must be a list of strings');
  }
}

/**
 * Waits until each rollout is terminal or the deadline passes,
 * woken by the terminal transitions the engine reports to the waiters.
 *
 * @param ctx - the engine context
 * @param rolloutIds - the rollouts (unknown ones are skipped at once)
 * @param options - timeout in seconds and abort signal
 * @returns the terminal rollouts in the order of `rolloutIds`, without attempts
 */
export function waitForTerminal(
  ctx: EngineContext,
  rolloutIds: readonly string[],
  options: WaitForOptions,
): Promise<Rollout[]> {
  return ctx.waiters.wait(rolloutIds, options, (id) => {
    const rollout = ctx.backend.getRollout(id);
    if (!rollout) return { state: 'unknown' };
    if (!isTerminalStatus(rollout.status)) return { state: 'pending' };
    return { state: 'terminal', value: copyRollout(rollout) };
  });
}
