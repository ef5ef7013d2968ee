import type { Attempt, RolloutConfig } from '@agl/types';
import { describe, expect, it } from 'vitest';
import {
  applyAttemptUpdate,
  applySpanHeartbeat,
  attemptStatusStampsEndTime,
  buildAttempt,
  buildRollout,
  impliedRolloutStatus,
  propagatedRolloutStatus,
  resolveRolloutConfig,
  rolloutStatusEffects,
  spanPromotesRollout,
  updateSyncsWorker,
} from '../../src/backend';
import { InvalidArgumentError } from '../../src/index';

const retry = (retry_condition: RolloutConfig['retry_condition'], max_attempts: number) => ({
  retry_condition,
  max_attempts,
});

function attempt(overrides: Partial<Attempt> = {}): Attempt {
  return {
    ...buildAttempt({ rolloutId: 'ro-1', attemptId: 'at-1', sequenceId: 1, now: 10 }),
    ...overrides,
  };
}

describe('impliedRolloutStatus', () => {
  it('maps preparing, running and succeeded one to one', () => {
    for (const status of ['preparing', 'running', 'succeeded'] as const) {
      expect(impliedRolloutStatus({ status, sequence_id: 1 }, retry([], 1))).toBe(status);
    }
  });

  it('requeues only when the status is a retry condition and sequence_id < max_attempts', () => {
    const config = retry(['failed', 'timeout'], 3);
    expect(impliedRolloutStatus({ status: 'failed', sequence_id: 2 }, config)).toBe('requeuing');
    expect(impliedRolloutStatus({ status: 'failed', sequence_id: 3 }, config)).toBe('failed');
    expect(impliedRolloutStatus({ status: 'timeout', sequence_id: 1 }, config)).toBe('requeuing');
    expect(impliedRolloutStatus({ status: 'unresponsive', sequence_id: 1 }, config)).toBe('failed');
  });

  it('fails every failure with the default config', () => {
    for (const status of ['failed', 'timeout', 'unresponsive'] as const) {
      expect(impliedRolloutStatus({ status, sequence_id: 1 }, retry([], 1))).toBe('failed');
    }
  });
});

describe('propagatedRolloutStatus', () => {
  it('returns null when nothing changes', () => {
    expect(
      propagatedRolloutStatus('running', { status: 'running', sequence_id: 1 }, retry([], 1)),
    ).toBeNull();
  });

  it('returns the implied status when it differs', () => {
    expect(
      propagatedRolloutStatus('running', { status: 'succeeded', sequence_id: 1 }, retry([], 1)),
    ).toBe('succeeded');
  });

  it('keeps cancelled sticky (DECISIONS.md item 3)', () => {
    for (const status of ['succeeded', 'running', 'failed'] as const) {
      expect(
        propagatedRolloutStatus('cancelled', { status, sequence_id: 1 }, retry([], 1)),
      ).toBeNull();
    }
  });

  it('does not make other terminal statuses sticky', () => {
    expect(
      propagatedRolloutStatus('failed', { status: 'succeeded', sequence_id: 1 }, retry([], 1)),
    ).toBe('succeeded');
  });
});

describe('spanPromotesRollout', () => {
  it('promotes preparing, requeuing and queuing (DECISIONS.md item 4) only', () => {
    expect(spanPromotesRollout('preparing')).toBe(true);
    expect(spanPromotesRollout('requeuing')).toBe(true);
    expect(spanPromotesRollout('queuing')).toBe(true);
    for (const status of ['running', 'failed', 'succeeded', 'cancelled'] as const) {
      expect(spanPromotesRollout(status)).toBe(false);
    }
  });
});

describe('rolloutStatusEffects', () => {
  it('stamps end_time and releases waiters on terminal statuses', () => {
    for (const status of ['failed', 'succeeded', 'cancelled'] as const) {
      expect(rolloutStatusEffects(status, { alreadyQueued: false, now: 42 })).toEqual({
        endTime: 42,
        enqueue: false,
        releaseWaiters: true,
      });
    }
  });

  it('enqueues on the queuing class unless already queued', () => {
    expect(rolloutStatusEffects('requeuing', { alreadyQueued: false, now: 1 }).enqueue).toBe(true);
    expect(rolloutStatusEffects('queuing', { alreadyQueued: true, now: 1 }).enqueue).toBe(false);
    expect(rolloutStatusEffects('requeuing', { alreadyQueued: false, now: 1 }).endTime).toBeNull();
  });

  it('does nothing for the running class', () => {
    expect(rolloutStatusEffects('running', { alreadyQueued: false, now: 1 })).toEqual({
      endTime: null,
      enqueue: false,
      releaseWaiters: false,
    });
  });
});

describe('attempt updates', () => {
  it('stamps end_time only for succeeded and failed', () => {
    expect(attemptStatusStampsEndTime('succeeded')).toBe(true);
    expect(attemptStatusStampsEndTime('failed')).toBe(true);
    expect(attemptStatusStampsEndTime('timeout')).toBe(false);
    expect(attemptStatusStampsEndTime('unresponsive')).toBe(false);
  });

  it('applies supplied fields and re-stamps end_time on every ending status', () => {
    const a = attempt();
    applyAttemptUpdate(a, { status: 'failed' }, 20);
    expect(a.end_time).toBe(20);
    applyAttemptUpdate(a, { status: 'running', workerId: '', metadata: { k: 1 } }, 30);
    expect(a).toMatchObject({ status: 'running', end_time: 20, worker_id: '', metadata: { k: 1 } });
    applyAttemptUpdate(a, { status: 'succeeded', lastHeartbeatTime: 25 }, 40);
    expect(a).toMatchObject({ end_time: 40, last_heartbeat_time: 25 });
  });

  it('copies metadata through the given cloner', () => {
    const a = attempt();
    const metadata = { nested: { x: 1 } };
    applyAttemptUpdate(a, { metadata }, 1, (value) => structuredClone(value));
    metadata.nested.x = 2;
    expect(a.metadata).toEqual({ nested: { x: 1 } });
  });

  it('heartbeats: preparing and unresponsive become running, others stay', () => {
    for (const [from, to] of [
      ['preparing', 'running'],
      ['unresponsive', 'running'],
      ['timeout', 'timeout'],
      ['succeeded', 'succeeded'],
      ['failed', 'failed'],
    ] as const) {
      const a = attempt({ status: from });
      applySpanHeartbeat(a, 77);
      expect(a.status).toBe(to);
      expect(a.last_heartbeat_time).toBe(77);
    }
  });

  it('syncs the worker when a worker id or a status is supplied', () => {
    const withWorker = attempt({ worker_id: 'w' });
    expect(updateSyncsWorker({ workerId: 'w2' }, withWorker)).toBe(true);
    expect(updateSyncsWorker({ workerId: '' }, attempt({ worker_id: '' }))).toBe(false);
    expect(updateSyncsWorker({ status: 'running' }, withWorker)).toBe(true);
    expect(updateSyncsWorker({ status: 'running' }, attempt())).toBe(false);
    expect(updateSyncsWorker({ metadata: {} }, withWorker)).toBe(false);
  });
});

describe('resolveRolloutConfig', () => {
  it('fills defaults for null and {}', () => {
    const defaults = {
      timeout_seconds: null,
      unresponsive_seconds: null,
      max_attempts: 1,
      retry_condition: [],
    };
    expect(resolveRolloutConfig(null)).toEqual(defaults);
    expect(resolveRolloutConfig({})).toEqual(defaults);
  });

  it('copies the retry list so the caller cannot change the stored config', () => {
    const input = { max_attempts: 2, retry_condition: ['failed' as const] };
    const config = resolveRolloutConfig(input);
    input.retry_condition.push('failed');
    expect(config.retry_condition).toEqual(['failed']);
  });

  it('rejects invalid values', () => {
    expect(() => resolveRolloutConfig({ max_attempts: 0 })).toThrow(InvalidArgumentError);
    expect(() => resolveRolloutConfig({ max_attempts: 1.5 })).toThrow(/max_attempts/);
    expect(() => resolveRolloutConfig({ retry_condition: ['requeuing' as never] })).toThrow(
      /retry_condition/,
    );
    expect(() => resolveRolloutConfig({ timeout_seconds: 'x' as never })).toThrow(
      /timeout_seconds/,
    );
  });
});

describe('builders', () => {
  it('builds a rollout with every wire key and {} metadata by default', () => {
    const rollout = buildRollout({
      rolloutId: 'ro-1',
      input: null,
      now: 5,
      status: 'queuing',
      config: resolveRolloutConfig(null),
    });
    expect(Object.keys(rollout)).toEqual([
      'rollout_id',
      'input',
      'start_time',
      'end_time',
      'mode',
      'resources_id',
      'status',
      'config',
      'metadata',
    ]);
    expect(rollout).toMatchObject({ input: null, end_time: null, mode: null, metadata: {} });
  });

  it('builds a preparing attempt with null heartbeat and metadata', () => {
    expect(
      buildAttempt({ rolloutId: 'ro-1', attemptId: 'at-1', sequenceId: 3, now: 9, workerId: 'w' }),
    ).toEqual({
      rollout_id: 'ro-1',
      attempt_id: 'at-1',
      sequence_id: 3,
      start_time: 9,
      end_time: null,
      status: 'preparing',
      worker_id: 'w',
      last_heartbeat_time: null,
      metadata: null,
    });
  });
});
