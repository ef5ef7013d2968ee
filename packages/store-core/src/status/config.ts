import {
  ATTEMPT_STATUSES,
  type AttemptStatus,
  defaultRolloutConfig,
  type RolloutConfig,
  type RolloutConfigInput,
} from '@agl/types';
import { InvalidArgumentError } from '../errors';

const ATTEMPT_STATUS_SET: ReadonlySet<string> = new Set(ATTEMPT_STATUSES);

function seconds(value: unknown, key: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidArgumentError(`config.${key} must be a number or null, got ${String(value)}`);
  }
  return value;
}

/**
 * Resolves a caller's rollout config into a complete, independent one:
 * `null`/absent = all defaults, missing keys take their defaults, arrays are
 * copied so the caller's object is never shared with the store.
 *
 * @param input - the config as given by the caller
 * @returns a complete config
 * @throws InvalidArgumentError when a value is invalid (`max_attempts` below 1, unknown retry status, ...)
 */
export function resolveRolloutConfig(input: RolloutConfigInput | null | undefined): RolloutConfig {
  const config = defaultRolloutConfig();
  if (input === null || input === undefined) return config;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidArgumentError('config must be an object');
  }
  config.timeout_seconds = seconds(input.timeout_seconds, 'timeout_seconds');
  config.unresponsive_seconds = seconds(input.unresponsive_seconds, 'unresponsive_seconds');
  if (input.max_attempts !== undefined) {
    const max = input.max_attempts;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
      throw new InvalidArgumentError(
        `config.max_attempts must be an integer >= 1, got ${String(max)}`,
      );
    }
    config.max_attempts = max;
  }
  if (input.retry_condition !== undefined) {
    const list: unknown = input.retry_condition;
    if (!Array.isArray(list) || list.some((status) => !ATTEMPT_STATUS_SET.has(status))) {
      throw new InvalidArgumentError(
        `config.retry_condition must list attempt statuses (${ATTEMPT_STATUSES.join(', ')})`,
      );
    }
    config.retry_condition = [...(list as AttemptStatus[])];
  }
  return config;
}

/**
 * Copies a stored, already complete config (for returning it to a caller).
 *
 * @param config - a complete config
 */
export function copyRolloutConfig(config: RolloutConfig): RolloutConfig {
  return {
    timeout_seconds: config.timeout_seconds,
    unresponsive_seconds: config.unresponsive_seconds,
    max_attempts: config.max_attempts,
    retry_condition: [...config.retry_condition],
  };
}
