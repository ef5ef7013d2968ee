import { ManualClock } from '@agl/store-core';
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

/** A complete span with every wire key. */
export function makeSpan(
  rolloutId: string,
  attemptId: string,
  spanId: string,
  overrides: Partial<Span> = {},
): Span {
  return {
    rollout_id: rolloutId,
    attempt_id: attemptId,
    sequence_id: 1,
    trace_id: '0'.repeat(32),
    span_id: spanId,
    parent_id: null,
    name: 'step',
    status: { status_code: 'OK', description: null },
    attributes: {},
    events: [],
    links: [],
    start_time: 1,
    end_time: 2,
    context: null,
    parent: null,
    resource: { attributes: {}, schema_url: '' },
    ...overrides,
  };
}
