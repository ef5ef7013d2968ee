import { ROLLOUT_MODES, ROLLOUT_STATUSES } from '@agl/types';
import { InvalidArgumentError } from '../errors';
import type { CreateRolloutOptions, RolloutUpdate } from '../store';

const MODES: ReadonlySet<unknown> = new Set(ROLLOUT_MODES);
const STATUSES: ReadonlySet<unknown> = new Set(ROLLOUT_STATUSES);

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkMode(mode: unknown): void {
  if (mode !== undefined && mode !== null && !MODES.has(mode)) {
    throw new InvalidArgumentError(
      `Invalid mode: ${String(mode)}, expected one of ${ROLLOUT_MODES.join(', ')} or null`,
    );
  }
}

function checkMetadata(metadata: unknown): void {
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    throw new InvalidArgumentError('metadata must be an object or null');
  }
}

function checkResourcesId(resourcesId: unknown): void {
  if (resourcesId !== undefined && resourcesId !== null && typeof resourcesId !== 'string') {
    throw new InvalidArgumentError('resources_id must be a string or null');
  }
}

/**
 * Checks the options of `startRollout`/`enqueueRollout` (the config is checked
 * by `resolveRolloutConfig`).
 *
 * @param options - the caller's options
 * @throws InvalidArgumentError for an unknown mode or a value of the wrong type
 */
export function validateCreateRolloutOptions(options: CreateRolloutOptions): void {
  checkMode(options.mode);
  checkMetadata(options.metadata);
  checkResourcesId(options.resourcesId);
}

/**
 * Checks a rollout update: `status` and `config` cannot be `null`, the status
 * must be a rollout status (the config is checked by `resolveRolloutConfig`).
 *
 * @param update - the fields to change
 * @throws InvalidArgumentError for a forbidden `null` or an invalid value
 */
export function validateRolloutUpdate(update: RolloutUpdate): void {
  const status: unknown = update.status;
  if (status === null)
    throw new InvalidArgumentError('status is invalid; it cannot be a null value.');
  if (status !== undefined && !STATUSES.has(status)) {
    throw new InvalidArgumentError(
      `Invalid rollout status: ${String(status)}, expected one of ${ROLLOUT_STATUSES.join(', ')}`,
    );
  }
  if ((update.config as unknown) === null) {
    throw new InvalidArgumentError('config is invalid; it cannot be a null value.');
  }
  checkMode(update.mode);
  checkMetadata(update.metadata);
  checkResourcesId(update.resourcesId);
}
