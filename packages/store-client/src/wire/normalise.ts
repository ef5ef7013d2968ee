import { InvalidArgumentError } from '@agl/store-core';
import {
  type NamedResources,
  NamedResourcesSchema,
  type RolloutConfig,
  type RolloutConfigInput,
  RolloutConfigSchema,
} from '@agl/types';
import * as v from 'valibot';

/**
 * Validates a value against a wire schema before it is sent, filling in the
 * schema's defaults.
 *
 * @param schema - the wire schema
 * @param value - the caller's value
 * @param what - what the value is, for the error message
 * @throws InvalidArgumentError when the value does not match
 */
function validated<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  what: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) {
    throw new InvalidArgumentError(`Invalid ${what}: ${v.summarize(result.issues)}`);
  }
  return result.output;
}

/**
 * A rollout config as the reference client sends it: a full object with
 * every key (missing keys take their defaults).
 *
 * @param config - the caller's (possibly partial) config
 */
export function fullConfig(config: RolloutConfigInput): RolloutConfig {
  return validated(RolloutConfigSchema, config, 'rollout config');
}

/**
 * Named resources as the reference client sends them: every resource fully
 * serialised (`resource_type`, `api_key: null`, `sampling_parameters: {}`, ...).
 *
 * @param resources - the caller's resources
 */
export function fullResources(resources: NamedResources): NamedResources {
  return validated(NamedResourcesSchema, resources, 'named resources');
}
