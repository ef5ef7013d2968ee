import { InvalidArgumentError } from '@agl/store-core';
import type { EvictionEvent } from '@agl/store-core/backend';
import type { SpanStore } from './span-store';

/** Span memory settings of the in-memory store. */
export interface EvictionOptions {
  /** Span bytes above which eviction starts, in bytes (>= 1). Exclusive with the ratio. */
  evictionThresholdBytes?: number;
  /** Span bytes above which eviction starts, as a ratio of capacity in (0, 1] (default 0.7). */
  evictionThresholdRatio?: number;
  /** Span bytes eviction brings usage back under, in bytes (>= 0). Exclusive with the ratio. */
  safeThresholdBytes?: number;
  /** The same as a ratio of capacity in [0, 1] (default: 80 % of the eviction threshold). */
  safeThresholdRatio?: number;
  /** The memory capacity ratios refer to (default `os.totalmem()`). */
  memoryCapacityBytes?: number;
}

/** Resolved thresholds, in bytes. */
export interface EvictionThresholds {
  /** Memory capacity. */
  readonly capacity: number;
  /** Eviction threshold E. */
  readonly eviction: number;
  /** Safe threshold S (`0 <= S < E`). */
  readonly safe: number;
}

function exclusive(bytes: number | undefined, ratio: number | undefined, name: string): void {
  if (bytes !== undefined && ratio !== undefined) {
    throw new InvalidArgumentError(`Give either ${name}Bytes or ${name}Ratio, not both`);
  }
}

function bytesOption(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a number of bytes >= 0, got ${String(value)}`);
  }
  return Math.floor(value);
}

/**
 * Resolves and validates the thresholds: E from bytes, a ratio of capacity in
 * (0, 1], or `floor(0.7 * C)`, and at least 1 byte; S from bytes, a ratio in
 * [0, 1], or `floor(0.8 * E)`; `0 <= S < E`.
 *
 * @param options - the store options
 * @param defaultCapacity - the capacity when none is given (system memory)
 * @throws InvalidArgumentError for any invalid value or combination
 */
export function resolveEvictionThresholds(
  options: EvictionOptions,
  defaultCapacity: () => number,
): EvictionThresholds {
  const capacity = options.memoryCapacityBytes ?? defaultCapacity();
  if (typeof capacity !== 'number' || !Number.isFinite(capacity) || capacity <= 0) {
    throw new InvalidArgumentError(`memoryCapacityBytes must be > 0, got ${String(capacity)}`);
  }
  exclusive(options.evictionThresholdBytes, options.evictionThresholdRatio, 'evictionThreshold');
  exclusive(options.safeThresholdBytes, options.safeThresholdRatio, 'safeThreshold');
  let eviction: number;
  if (options.evictionThresholdBytes !== undefined) {
    eviction = bytesOption(options.evictionThresholdBytes, 'evictionThresholdBytes');
  } else {
    const ratio = options.evictionThresholdRatio ?? 0.7;
    if (!(ratio > 0 && ratio <= 1)) {
      throw new InvalidArgumentError(`evictionThresholdRatio must be in (0, 1], got ${ratio}`);
    }
    eviction = Math.floor(capacity * ratio);
  }
  if (eviction < 1) {
    throw new InvalidArgumentError(
      `The eviction threshold must be at least 1 byte, got ${eviction}`,
    );
  }
  let safe: number;
  if (options.safeThresholdBytes !== undefined) {
    safe = bytesOption(options.safeThresholdBytes, 'safeThresholdBytes');
  } else if (options.safeThresholdRatio !== undefined) {
    const ratio = options.safeThresholdRatio;
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new InvalidArgumentError(`safeThresholdRatio must be in [0, 1], got ${ratio}`);
    }
    safe = Math.floor(capacity * ratio);
  } else {
    safe = Math.floor(eviction * 0.8);
  }
  if (!(safe >= 0 && safe < eviction)) {
    throw new InvalidArgumentError(
      `The safe threshold (${safe} bytes) must be below the eviction threshold (${eviction} bytes)`,
    );
  }
  return { capacity: Math.floor(capacity), eviction, safe };
}

/**
 * Evicts whole rollouts' spans when usage exceeds E: oldest rollouts first
 * (by `start_time`, then `rollout_id`), stopping as soon as usage is at most
 * S. Rollouts without spans change nothing, so only rollouts holding spans
 * are visited.
 *
 * @param spans - the span store
 * @param thresholds - E and S
 * @param startTimeOf - a rollout's `start_time`
 * @returns what was dropped, or `undefined` when usage was not above E
 */
export function evictIfNeeded(
  spans: SpanStore,
  thresholds: EvictionThresholds,
  startTimeOf: (rolloutId: string) => number,
): EvictionEvent | undefined {
  if (spans.totalBytes <= thresholds.eviction) return undefined;
  const candidates = [...spans.rollouts.keys()].map((id) => ({ id, start: startTimeOf(id) }));
  candidates.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let rollouts = 0;
  let count = 0;
  let bytes = 0;
  for (const { id } of candidates) {
    if (spans.totalBytes <= thresholds.safe) break;
    count += spans.rollouts.get(id)?.records.length ?? 0;
    bytes += spans.evictRollout(id);
    rollouts += 1;
  }
  return { rollouts, spans: count, bytes };
}
