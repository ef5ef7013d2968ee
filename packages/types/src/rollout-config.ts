import * as v from 'valibot';
import { AttemptStatusSchema } from './enums';

/**
 * Schema of a rollout's retry and watchdog policy. Every key is optional on
 * input (`{}` means all defaults) and present on output.
 */
export const RolloutConfigSchema = v.object({
  /** Maximum wall time of one attempt in seconds, measured from its `start_time`; `null` = no limit. */
  timeout_seconds: v.optional(v.nullable(v.number()), null),
  /** Maximum silence (no heartbeat or span) in seconds; `null` = no limit. */
  unresponsive_seconds: v.optional(v.nullable(v.number()), null),
  /** Total attempts allowed, including the first; at least 1. */
  max_attempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
  /** Attempt statuses that justify a retry. */
  retry_condition: v.optional(v.array(AttemptStatusSchema), () => []),
});

/** A rollout's retry and watchdog policy, with every key present. */
export type RolloutConfig = v.InferOutput<typeof RolloutConfigSchema>;

/** A rollout config as a caller may write it: every key optional. */
export type RolloutConfigInput = v.InferInput<typeof RolloutConfigSchema>;

/** The default config: no timeouts, one attempt, no retries. */
export function defaultRolloutConfig(): RolloutConfig {
  return {
    timeout_seconds: null,
    unresponsive_seconds: null,
    max_attempts: 1,
    retry_condition: [],
  };
}
