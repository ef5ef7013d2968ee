import type { Attempt, Rollout, RolloutStatus, Span } from '@agl/types';

interface NaiveRecord {
  rollout: Rollout;
  attempts: Attempt[];
}

/**
 * The simplest possible store, used as the baseline column: rollouts in an
 * array and a Map, the queue as a plain array (`shift()`), queries by
 * scanning every rollout, spans kept as the objects received. No validation,
 * no copies, no watchdog, no worker telemetry: a lower bound on the cost of
 * the data-structure work alone, and an upper bound on what scanning costs.
 */
export class NaiveStore {
  readonly rollouts: Rollout[] = [];
  readonly byId = new Map<string, NaiveRecord>();
  readonly queue: string[] = [];
  readonly spans: Span[] = [];
  #next = 0;

  enqueue(input: unknown): Rollout {
    const rollout: Rollout = {
      rollout_id: `ro-${(this.#next++).toString(16).padStart(12, '0')}`,
      input,
      start_time: Date.now() / 1000,
      end_time: null,
      mode: null,
      resources_id: null,
      status: 'queuing',
      config: {
        timeout_seconds: null,
        unresponsive_seconds: null,
        max_attempts: 1,
        retry_condition: [],
      },
      metadata: {},
    };
    this.rollouts.push(rollout);
    this.byId.set(rollout.rollout_id, { rollout, attempts: [] });
    this.queue.push(rollout.rollout_id);
    return rollout;
  }

  dequeue(): (Rollout & { attempt: Attempt }) | null {
    const id = this.queue.shift();
    const record = id === undefined ? undefined : this.byId.get(id);
    if (!record) return null;
    const attempt: Attempt = {
      rollout_id: record.rollout.rollout_id,
      attempt_id: `at-${record.attempts.length}`,
      sequence_id: record.attempts.length + 1,
      start_time: Date.now() / 1000,
      end_time: null,
      status: 'preparing',
      worker_id: null,
      last_heartbeat_time: null,
      metadata: null,
    };
    record.attempts.push(attempt);
    record.rollout.status = 'preparing';
    return { ...record.rollout, attempt };
  }

  updateLatestAttempt(
    rolloutId: string,
    status: 'succeeded' | 'failed' | 'running',
  ): Attempt | null {
    const record = this.byId.get(rolloutId);
    const attempt = record?.attempts[record.attempts.length - 1];
    if (!record || !attempt) return null;
    attempt.status = status;
    record.rollout.status = status;
    return attempt;
  }

  setStatus(rolloutId: string, status: RolloutStatus): void {
    const record = this.byId.get(rolloutId);
    if (record) record.rollout.status = status;
  }

  queryByStatus(status: RolloutStatus, offset: number, limit: number): Rollout[] {
    return this.rollouts.filter((r) => r.status === status).slice(offset, offset + limit);
  }

  addSpan(span: Span): Span {
    this.spans.push(span);
    return span;
  }
}
