import { expect } from 'vitest';
import type { LightningStore } from '../../../store';
import { attemptOf, present } from '../../assertions';
import { makeOtelSpan, makeSpan, sampleResources } from '../../builders';
import { defineContractGroup } from '../../registry';

/** The rollouts an operation may act on: `target` is about to time out, `other` is queued. */
interface Targets {
  readonly target: string;
  readonly attempt: string;
  readonly other: string;
}

type Operation = (store: LightningStore, targets: Targets) => Promise<unknown>;

/** Operations that run the lazy scan first. */
const SCANNING: Record<string, Operation> = {
  startRollout: (s) => s.startRollout({}),
  enqueueRollout: (s) => s.enqueueRollout({}),
  enqueueManyRollouts: (s) => s.enqueueManyRollouts([{ input: 1 }]),
  dequeueRollout: (s) => s.dequeueRollout(),
  dequeueManyRollouts: (s) => s.dequeueManyRollouts({ limit: 2 }),
  startAttempt: (s, t) => s.startAttempt(t.other),
  queryRollouts: (s) => s.queryRollouts(),
  getRolloutById: (s, t) => s.getRolloutById(t.other),
  queryAttempts: (s, t) => s.queryAttempts(t.other),
  getLatestAttempt: (s, t) => s.getLatestAttempt(t.other),
  updateResources: (s) => s.updateResources('manual', {}),
  waitForRollouts: (s, t) => s.waitForRollouts([t.other], { timeoutSeconds: 0 }),
  querySpans: (s, t) => s.querySpans(t.other),
  updateRollout: (s, t) => s.updateRollout(t.other, { metadata: { touched: true } }),
  updateAttempt: (s, t) => s.updateAttempt(t.target, t.attempt, { metadata: { touched: true } }),
  queryWorkers: (s) => s.queryWorkers(),
};

/** Operations that never run the scan. */
const NON_SCANNING: Record<string, Operation> = {
  addResources: (s) => s.addResources(sampleResources()),
  queryResources: (s) => s.queryResources(),
  getResourcesById: (s) => s.getResourcesById('rs-000000000000'),
  getLatestResources: (s) => s.getLatestResources(),
  addSpan: (s, t) => s.addSpan(makeSpan(t.target, t.attempt)),
  addManySpans: (s, t) => s.addManySpans([makeSpan(t.target, t.attempt)]),
  addOtelSpan: (s, t) => s.addOtelSpan(t.target, t.attempt, makeOtelSpan()),
  getNextSpanSequenceId: (s, t) => s.getNextSpanSequenceId(t.target, t.attempt),
  getManySpanSequenceIds: (s, t) => s.getManySpanSequenceIds([[t.target, t.attempt]]),
  getWorkerById: (s) => s.getWorkerById('Worker-W'),
  updateWorker: (s) => s.updateWorker('Worker-W', { heartbeatStats: { beat: 1 } }),
  statistics: (s) => s.statistics(),
};

/**
 * A rollout run by `Worker-W` that is past its 1 s timeout, plus a queued
 * rollout. The worker's status (read without scanning) shows whether a scan ran.
 */
async function overdue(store: LightningStore, advance: () => void): Promise<Targets> {
  const started = await store.startRollout(
    {},
    { workerId: 'Worker-W', config: { timeout_seconds: 1 } },
  );
  const other = await store.enqueueRollout({});
  advance();
  return {
    target: started.rollout_id,
    attempt: started.attempt.attempt_id,
    other: other.rollout_id,
  };
}

const workerStatus = async (store: LightningStore) =>
  present(await store.getWorkerById('Worker-W')).status;

/** Which operations run the scan, and the debounce between scans. */
export const watchdogTriggersGroup = defineContractGroup('watchdog triggers', (test) => {
  for (const [name, operation] of Object.entries(SCANNING)) {
    test(`${name} runs the scan first`, async ({ store, clock }) => {
      const targets = await overdue(store, () => clock.advance(2));
      expect(await workerStatus(store)).toBe('busy');
      await operation(store, targets);
      expect(await workerStatus(store)).toBe('unknown');
    });
  }

  for (const [name, operation] of Object.entries(NON_SCANNING)) {
    test(`${name} does not run the scan`, async ({ store, clock }) => {
      const targets = await overdue(store, () => clock.advance(2));
      await operation(store, targets);
      expect(await workerStatus(store)).toBe('busy');
      await store.queryRollouts();
      expect(await workerStatus(store)).toBe('unknown');
    });
  }

  test('the scan completes before the operation reads', async ({ store, clock }) => {
    const targets = await overdue(store, () => clock.advance(2));
    const read = present(await store.getRolloutById(targets.target));
    expect(read.status).toBe('failed');
    expect(attemptOf(read).status).toBe('timeout');
  });

  test('with debounce 0 every triggering call scans', async ({ store, clock }) => {
    const config = { timeout_seconds: 1 };
    const first = await store.startRollout({}, { config });
    clock.advance(2);
    expect((await store.getRolloutById(first.rollout_id))?.status).toBe('failed');
    const second = await store.startRollout({}, { config });
    clock.advance(1.5);
    expect((await store.getRolloutById(second.rollout_id))?.status).toBe('failed');
  });

  test(
    'within the debounce window a scan is skipped and the window runs from the last scan',
    async ({ store, clock }) => {
      const started = await store.startRollout({}, { config: { timeout_seconds: 1 } });
      clock.advance(2);
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe('preparing');
      clock.advance(2);
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe('preparing');
      clock.advance(1.5);
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe('failed');
    },
    { scanDebounceSeconds: 5 },
  );

  test(
    'the first scan runs at the first triggering call and opens the window',
    async ({ store, clock }) => {
      clock.advance(3);
      const started = await store.startRollout({}, { config: { timeout_seconds: 1 } });
      clock.advance(3);
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe('preparing');
      clock.advance(2.5);
      expect((await store.getRolloutById(started.rollout_id))?.status).toBe('failed');
    },
    { scanDebounceSeconds: 5 },
  );
});
