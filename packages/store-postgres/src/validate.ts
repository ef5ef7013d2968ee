import { InvalidArgumentError } from '@agl/store-core';
import type { NamedResources, Span } from '@agl/types';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the span fields the store relies on (full validation is the HTTP
 * server's job): string ids and an integer sequence id.
 *
 * @param span - the span
 * @throws InvalidArgumentError otherwise
 */
export function checkSpanShape(span: Span): void {
  if (
    !isObject(span) ||
    typeof span.rollout_id !== 'string' ||
    typeof span.attempt_id !== 'string' ||
    typeof span.span_id !== 'string' ||
    !Number.isSafeInteger(span.sequence_id)
  ) {
    throw new InvalidArgumentError(
      'A span needs string rollout_id, attempt_id and span_id and an integer sequence_id',
    );
  }
}

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
