import type { JsonObject, Rollout, RolloutConfig } from '@agl/types';

/**
 * Shared, frozen instances of the values most rollouts store: the default
 * config and empty metadata. Stored nested values are never mutated in place
 * (updates replace them and callers get copies), so one instance can back
 * every rollout, saving three objects per rollout.
 */
const DEFAULT_CONFIG: RolloutConfig = Object.freeze({
  timeout_seconds: null,
  unresponsive_seconds: null,
  max_attempts: 1,
  retry_condition: Object.freeze([]) as unknown as RolloutConfig['retry_condition'],
}) as RolloutConfig;

const EMPTY_METADATA: JsonObject = Object.freeze({}) as JsonObject;

/**
 * The shared default config when `config` equals it, else `config`.
 *
 * @param config - a resolved config owned by the store
 */
function internConfig(config: RolloutConfig): RolloutConfig {
  if (config === DEFAULT_CONFIG) return config;
  return config.timeout_seconds === null &&
    config.unresponsive_seconds === null &&
    config.max_attempts === 1 &&
    config.retry_condition.length === 0
    ? DEFAULT_CONFIG
    : config;
}

/**
 * The shared empty object when `metadata` is an empty object, else `metadata`.
 *
 * @param metadata - metadata owned by the store
 */
function internMetadata(metadata: JsonObject | null): JsonObject | null {
  if (metadata === null) return null;
  for (const _ in metadata) return metadata;
  return EMPTY_METADATA;
}

/**
 * Replaces a stored rollout's config and metadata by the shared instances
 * when they equal them (in place), and returns the rollout.
 *
 * @param rollout - a rollout owned by the store
 */
export function internRollout(rollout: Rollout): Rollout {
  rollout.config = internConfig(rollout.config);
  rollout.metadata = internMetadata(rollout.metadata);
  return rollout;
}
