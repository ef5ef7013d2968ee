import { InvalidArgumentError } from '@agl/store-core';
import { LightningSpanAttributes } from '../semconv/constants';
import type { SpanCoreFields } from '../tracer/types';
import { type EmitOptions, emitAnnotation } from './annotation';

/** One reward dimension as stored under `agentlightning.reward.<i>`. */
export interface RewardDimension {
  /** Dimension name; `primary` for scalar rewards. */
  name: string;
  /** Dimension value. */
  value: number;
}

/** Options of `emitReward`. */
export interface EmitRewardOptions extends EmitOptions {
  /** The key of a multi-dimensional reward that becomes dimension 0 (required for objects). */
  primaryKey?: string;
  /** Extra attributes (e.g. from `makeLinkAttributes` / `makeTagAttributes`), flattened. */
  attributes?: Record<string, unknown>;
}

function toRewardNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** A scalar reward or named reward dimensions. */
export type RewardInput =
  | number
  | boolean
  | Readonly<Record<string, number | boolean>>
  | ReadonlyMap<string, number | boolean>;

/**
 * Builds the reward dimensions, primary first.
 *
 * @throws InvalidArgumentError for a non-numeric scalar or a bad multi-dimensional reward
 */
export function rewardDimensions(reward: RewardInput, primaryKey?: string): RewardDimension[] {
  if (typeof reward !== 'object' || reward === null) {
    const value = toRewardNumber(reward);
    if (value === null)
      throw new InvalidArgumentError(`Reward must be a number, got ${typeof reward}`, {
        pythonType: 'TypeError',
      });
    return [{ name: 'primary', value }];
  }
  const entries = reward instanceof Map ? [...reward.entries()] : Object.entries(reward);
  const dimensions = entries.map(([name, raw]) => {
    const value = toRewardNumber(raw);
    if (value === null) {
      throw new InvalidArgumentError(
        `Reward dimension "${name}" must be a number, got ${typeof raw}`,
      );
    }
    return { name, value };
  });
  if (primaryKey === undefined) {
    throw new InvalidArgumentError('primaryKey is required for a multi-dimensional reward');
  }
  const primary = dimensions.find((d) => d.name === primaryKey);
  if (primary === undefined) {
    throw new InvalidArgumentError(`primaryKey "${primaryKey}" is not a key of the reward`);
  }
  return [primary, ...dimensions.filter((d) => d !== primary)];
}

/**
 * Records a reward: an `agentlightning.annotation` span with
 * `agentlightning.reward.0.name` / `.value` (plus further dimensions) and status `OK`.
 * With `propagate: false` nothing is sent; the runner turns the returned core
 * fields into a stored span with `spanFromCoreFields`.
 *
 * @param reward - a number (booleans become 1/0) or an object of named numbers
 * @param options - `primaryKey`, extra `attributes`, `propagate`
 * @returns the span's core fields
 * @throws InvalidArgumentError for a scalar that is not a number or a bad multi-dimensional reward
 * @example emitReward({task: 1, speed: 0.8}, {primaryKey: 'task'})
 */
export function emitReward(reward: RewardInput, options: EmitRewardOptions = {}): SpanCoreFields {
  const dimensions = rewardDimensions(reward, options.primaryKey);
  return emitAnnotation(
    { [LightningSpanAttributes.REWARD]: dimensions, ...options.attributes },
    options.propagate === undefined ? {} : { propagate: options.propagate },
  );
}
