import { describe, expect, it } from 'vitest';
import {
  applyWorkerPatch,
  attemptWorkerPatch,
  heartbeatPatch,
  markIdlePatch,
  newWorker,
} from '../../src/backend';

const base = { rollout_id: 'ro-1', attempt_id: 'at-1', worker_id: 'w' };

describe('worker telemetry', () => {
  it('makes the worker busy on a preparing or running attempt', () => {
    for (const status of ['preparing', 'running'] as const) {
      expect(attemptWorkerPatch({ ...base, status }, 5)).toEqual({
        workerId: 'w',
        patch: {
          status: 'busy',
          last_busy_time: 5,
          current_rollout_id: 'ro-1',
          current_attempt_id: 'at-1',
        },
      });
    }
  });

  it('makes the worker idle on succeeded/failed and unknown on timeout/unresponsive', () => {
    expect(attemptWorkerPatch({ ...base, status: 'failed' }, 6)?.patch).toEqual({
      status: 'idle',
      last_idle_time: 6,
      current_rollout_id: null,
      current_attempt_id: null,
    });
    expect(attemptWorkerPatch({ ...base, status: 'unresponsive' }, 6)?.patch.status).toBe(
      'unknown',
    );
    expect(attemptWorkerPatch({ ...base, status: 'timeout' }, 6)?.patch.last_idle_time).toBe(6);
  });

  it('stamps last_dequeue_time for dequeues only', () => {
    expect(
      attemptWorkerPatch({ ...base, status: 'preparing' }, 7, { dequeue: true })?.patch
        .last_dequeue_time,
    ).toBe(7);
    expect(attemptWorkerPatch({ ...base, status: 'preparing' }, 7)?.patch).not.toHaveProperty(
      'last_dequeue_time',
    );
  });

  it('does nothing for an attempt without worker or with the empty worker id', () => {
    expect(attemptWorkerPatch({ ...base, worker_id: null, status: 'running' }, 1)).toBeNull();
    expect(attemptWorkerPatch({ ...base, worker_id: '', status: 'running' }, 1)).toBeNull();
  });

  it('never touches heartbeat fields on attempt syncs', () => {
    for (const status of ['preparing', 'succeeded', 'timeout'] as const) {
      const patch = attemptWorkerPatch({ ...base, status }, 1, { dequeue: true })?.patch ?? {};
      expect(patch).not.toHaveProperty('heartbeat_stats');
      expect(patch).not.toHaveProperty('last_heartbeat_time');
    }
  });

  it('marks idle without clearing current ids; an idle worker only gets last_dequeue_time', () => {
    expect(markIdlePatch(null, 3)).toEqual({
      status: 'idle',
      last_idle_time: 3,
      last_dequeue_time: 3,
    });
    expect(markIdlePatch({ status: 'busy' }, 3)).not.toHaveProperty('current_rollout_id');
    expect(markIdlePatch({ status: 'idle' }, 4)).toEqual({ last_dequeue_time: 4 });
  });

  it('heartbeats replace stats only when given', () => {
    expect(heartbeatPatch(9)).toEqual({ last_heartbeat_time: 9 });
    expect(heartbeatPatch(9, { cpu: 1 })).toEqual({
      last_heartbeat_time: 9,
      heartbeat_stats: { cpu: 1 },
    });
  });

  it('applies patches over the defaults of a new worker', () => {
    const worker = applyWorkerPatch(newWorker('w'), heartbeatPatch(2, { a: 1 }));
    expect(worker).toEqual({
      worker_id: 'w',
      status: 'unknown',
      heartbeat_stats: { a: 1 },
      last_heartbeat_time: 2,
      last_dequeue_time: null,
      last_busy_time: null,
      last_idle_time: null,
      current_rollout_id: null,
      current_attempt_id: null,
    });
  });
});
