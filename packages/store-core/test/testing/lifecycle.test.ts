import { afterAll, expect } from 'vitest';
import { ManualClock } from '../../src/clock';
import { NotImplementedStoreError } from '../../src/errors';
import type { LightningStore } from '../../src/store';
import { contractTestNames, describeLightningStore } from '../../src/testing/index';
import type { ContractContext } from '../../src/testing/types';

// Runs two contract tests that need nothing but `name` and `capabilities`
// against a fake store, to check what the suite hands to `create` and that
// every created store is destroyed.
const KEEP = [
  'statistics > the store name is a non-empty string',
  'statistics > otlpTracesEndpoint agrees with the otlp_traces capability',
];
const contexts: ContractContext[] = [];
const destroyed: string[] = [];

function fakeStore(id: string): LightningStore {
  const unsupported = () => {
    throw new Error('not used by the kept tests');
  };
  return new Proxy({} as LightningStore, {
    get(_, prop) {
      if (prop === 'name') return `fake-${id}`;
      if (prop === 'capabilities') return { otlp_traces: false };
      if (prop === 'otlpTracesEndpoint') {
        return () => {
          throw new NotImplementedStoreError('no OTLP endpoint');
        };
      }
      if (prop === 'then') return undefined;
      return unsupported;
    },
  });
}

describeLightningStore({
  name: 'suite lifecycle',
  create: (context) => {
    contexts.push(context);
    return fakeStore(String(contexts.length));
  },
  destroy: (store) => {
    destroyed.push(store.name);
  },
  skip: [
    {
      reason: 'the fake store only has a name and capabilities',
      tests: contractTestNames().filter((name) => !KEEP.includes(name)),
    },
  ],
});

afterAll(() => {
  expect(contexts).toHaveLength(2);
  expect(destroyed).toEqual(['fake-1', 'fake-2']);
  for (const context of contexts) {
    expect(context.clock).toBeInstanceOf(ManualClock);
    expect(context.options).toEqual({
      clock: context.clock,
      scanDebounceSeconds: 0,
      watchdogIntervalSeconds: null,
    });
    expect(Math.abs(context.clock.now() - Date.now() / 1000)).toBeLessThan(60);
  }
  expect(contexts[0]?.clock).not.toBe(contexts[1]?.clock);
});
