import { describe, expect, it } from 'vitest';
import {
  type EvictionEvent,
  type StoreObserver,
  StoreObservers,
  type WatchdogEvent,
} from '../src/backend';
import { engineStore } from './engine/helpers';
import { NaiveBackend } from './engine/naive-backend';

function recorder() {
  const events: (WatchdogEvent | EvictionEvent)[] = [];
  const observer: StoreObserver = {
    watchdogEnded: (event) => events.push(event),
    spansEvicted: (event) => events.push(event),
  };
  return { events, observer };
}

describe('StoreObservers', () => {
  it('forwards each event to every observer until it is removed', () => {
    const observers = new StoreObservers();
    const a = recorder();
    const b = recorder();
    const removeA = observers.addObserver(a.observer);
    observers.addObserver(b.observer);
    observers.watchdogEnded({ reason: 'timeout', requeued: true });
    removeA();
    observers.spansEvicted({ rollouts: 1, spans: 2, bytes: 3 });
    expect(a.events).toEqual([{ reason: 'timeout', requeued: true }]);
    expect(b.events).toEqual([
      { reason: 'timeout', requeued: true },
      { rollouts: 1, spans: 2, bytes: 3 },
    ]);
  });

  it('ignores an observer that throws, and one without the member', () => {
    const observers = new StoreObservers();
    const kept = recorder();
    observers.addObserver({
      watchdogEnded: () => {
        throw new Error('broken observer');
      },
    });
    observers.addObserver({});
    observers.addObserver(kept.observer);
    expect(() =>
      observers.watchdogEnded({ reason: 'unresponsive', requeued: false }),
    ).not.toThrow();
    expect(() => observers.spansEvicted({ rollouts: 0, spans: 0, bytes: 0 })).not.toThrow();
    expect(kept.events).toHaveLength(2);
  });
});

describe('BaseLightningStore reports what its watchdog ends', () => {
  it('a timeout that may retry is requeued, a silent attempt without retries is not', async () => {
    const { store, clock } = engineStore(new NaiveBackend(), { claimTimeoutSeconds: null });
    const { events, observer } = recorder();
    store.addObserver(observer);
    const retry = await store.enqueueRollout('retry', {
      config: { timeout_seconds: 5, max_attempts: 2, retry_condition: ['timeout'] },
    });
    const silent = await store.enqueueRollout('silent', { config: { unresponsive_seconds: 5 } });
    const claimed = await store.dequeueManyRollouts({ limit: 2, workerId: 'w1' });
    const attemptOf = (id: string) => claimed.find((r) => r.rollout_id === id)?.attempt;
    clock.advance(6);
    await store.queryRollouts();
    expect(events).toEqual([
      {
        reason: 'timeout',
        requeued: true,
        change: {
          rolloutId: retry.rollout_id,
          rolloutStatus: 'requeuing',
          attemptId: attemptOf(retry.rollout_id)?.attempt_id,
          sequenceId: 1,
          attemptStatus: 'timeout',
          workerId: 'w1',
        },
      },
      {
        reason: 'unresponsive',
        requeued: false,
        change: {
          rolloutId: silent.rollout_id,
          rolloutStatus: 'failed',
          attemptId: attemptOf(silent.rollout_id)?.attempt_id,
          sequenceId: 1,
          attemptStatus: 'unresponsive',
          workerId: 'w1',
        },
      },
    ]);
  });

  it('a stranded claim is requeued; nothing more is reported once the observer is removed', async () => {
    const { store, clock } = engineStore(new NaiveBackend(), { claimTimeoutSeconds: 30 });
    const { events, observer } = recorder();
    const remove = store.addObserver(observer);
    await store.enqueueManyRollouts([{ input: 'lost' }, { input: 'lost too' }]);
    const claimed = await store.dequeueRollout();
    clock.advance(31);
    await store.queryRollouts();
    expect(events).toEqual([
      {
        reason: 'stranded_claim',
        requeued: true,
        change: expect.objectContaining({
          rolloutId: claimed?.rollout_id,
          rolloutStatus: 'requeuing',
          attemptId: claimed?.attempt?.attempt_id,
          attemptStatus: 'unresponsive',
        }),
      },
    ]);
    remove();
    await store.dequeueRollout();
    clock.advance(31);
    await store.queryRollouts();
    expect(events).toHaveLength(1);
  });
});
