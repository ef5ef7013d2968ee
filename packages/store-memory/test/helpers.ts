import { ManualClock } from '@agl/store-core';
import { makeSpan as buildSpan } from '@agl/store-core/testing';
import type { Span } from '@agl/types';
import { InMemoryLightningStore, type InMemoryStoreOptions } from '../src/index';

/** A store on a manual clock, scanning on every triggering call, without timer. */
export function makeStore(options: InMemoryStoreOptions = {}) {
  const clock = new ManualClock(1_700_000_000);
  const store = new InMemoryLightningStore({
    clock,
    scanDebounceSeconds: 0,
    watchdogIntervalSeconds: null,
    ...options,
  });
  return { store, clock };
}

/** The contract suite's span builder with this package's fixture values (span id first). */
export function makeSpan(
  rolloutId: string,
  attemptId: string,
  spanId: string,
  overrides: Partial<Span> = {},
): Span {
  return buildSpan(rolloutId, attemptId, {
    trace_id: '0'.repeat(32),
    span_id: spanId,
    name: 'step',
    start_time: 1,
    end_time: 2,
    context: null,
    ...overrides,
  });
}
