import { InvalidArgumentError } from '@agl/store-core';
import type { NamedResources } from '@agl/types';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks that resources map names to objects.
 *
 * @param resources - the named resources
 * @throws InvalidArgumentError otherwise
 */
export function checkResources(resources: NamedResources): void {
  if (!isObject(resources) || !Object.values(resources).every(isObject)) {
    throw new InvalidArgumentError('resources must map names to resource objects');
  }
}

/**
 * Checks a partition name: a non-empty string of at most 200 characters.
 *
 * @param partition - the partition
 * @throws InvalidArgumentError otherwise
 */
export function checkPartition(partition: unknown): asserts partition is string {
  if (typeof partition !== 'string' || partition.length === 0 || partition.length > 200) {
    throw new InvalidArgumentError(
      'partition must be a non-empty string of at most 200 characters',
    );
  }
}
