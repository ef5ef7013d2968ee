import type { SequenceStorage } from '../backend';

/**
 * Issues the next sequence id of a rollout (one counter per rollout id, no
 * existence check; the first id is 1).
 *
 * @param backend - the storage
 * @param rolloutId - the rollout id
 */
export function nextSequenceId(backend: SequenceStorage, rolloutId: string): number {
  const next = backend.getSequence(rolloutId) + 1;
  backend.setSequence(rolloutId, next);
  return next;
}

/**
 * Raises a rollout's counter to at least `sequenceId`, so later ids are greater.
 *
 * @param backend - the storage
 * @param rolloutId - the rollout id
 * @param sequenceId - a sequence id seen for the rollout
 */
export function raiseSequenceId(
  backend: SequenceStorage,
  rolloutId: string,
  sequenceId: number,
): void {
  if (sequenceId > backend.getSequence(rolloutId)) backend.setSequence(rolloutId, sequenceId);
}
