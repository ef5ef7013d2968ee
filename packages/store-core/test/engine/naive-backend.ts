/**
 * A deliberately naive `StorageBackend`: plain Maps and arrays, scans only,
 * none of the optional hooks, and a copy at every read and write (like rows
 * of a database). It proves that `BaseLightningStore` is complete on its own
 * (it passes the whole contract suite) and that the engine writes back every
 * change instead of relying on mutating stored objects.
 */
import type { StorageBackend } from '@agl/store-core/backend';
import type { Attempt, ResourcesUpdate, Rollout, Span, Worker } from '@agl/types';

const copy = <T>(value: T): T => structuredClone(value);

export class NaiveBackend implements StorageBackend {
  readonly rollouts = new Map<string, Rollout>();
  readonly attempts = new Map<string, Attempt[]>();
  readonly queue: string[] = [];
  readonly workers = new Map<string, Worker>();
  readonly resources = new Map<string, ResourcesUpdate>();
  latest: string | undefined;
  readonly spans: Span[] = [];
  readonly sequences = new Map<string, number>();

  getRollout(rolloutId: string) {
    return copy(this.rollouts.get(rolloutId));
  }
  insertRollout(rollout: Rollout) {
    this.rollouts.set(rollout.rollout_id, copy(rollout));
  }
  putRollout(rollout: Rollout) {
    this.rollouts.set(rollout.rollout_id, copy(rollout));
  }
  listRollouts() {
    return [...this.rollouts.values()].map(copy);
  }
  attemptsOf(rolloutId: string) {
    return copy(this.attempts.get(rolloutId) ?? []);
  }
  insertAttempt(attempt: Attempt) {
    const list = this.attempts.get(attempt.rollout_id) ?? [];
    this.attempts.set(attempt.rollout_id, [...list, copy(attempt)]);
  }
  putAttempt(attempt: Attempt) {
    const list = this.attempts.get(attempt.rollout_id) ?? [];
    const replace = (a: Attempt) => (a.attempt_id === attempt.attempt_id ? copy(attempt) : a);
    this.attempts.set(attempt.rollout_id, list.map(replace));
  }

  enqueue(rolloutId: string) {
    this.queue.push(rolloutId);
  }
  dequeue() {
    return this.queue.shift();
  }
  isQueued(rolloutId: string) {
    return this.queue.includes(rolloutId);
  }

  getWorker(workerId: string) {
    return copy(this.workers.get(workerId));
  }
  putWorker(worker: Worker) {
    this.workers.set(worker.worker_id, copy(worker));
  }
  listWorkers() {
    return [...this.workers.values()].map(copy);
  }

  getResources(resourcesId: string) {
    return copy(this.resources.get(resourcesId));
  }
  putResources(snapshot: ResourcesUpdate) {
    this.resources.set(snapshot.resources_id, copy(snapshot));
    this.latest = snapshot.resources_id;
  }
  latestResources() {
    return this.latest === undefined ? undefined : this.getResources(this.latest);
  }
  listResources() {
    return [...this.resources.values()].map(copy);
  }

  hasSpan(rolloutId: string, attemptId: string, spanId: string) {
    return this.spans.some(
      (s) => s.rollout_id === rolloutId && s.attempt_id === attemptId && s.span_id === spanId,
    );
  }
  insertSpans(spans: readonly Span[]) {
    this.spans.push(...spans.map(copy));
  }
  listSpans(rolloutId: string) {
    return this.spans.filter((s) => s.rollout_id === rolloutId).map(copy);
  }

  getSequence(rolloutId: string) {
    return this.sequences.get(rolloutId) ?? 0;
  }
  setSequence(rolloutId: string, value: number) {
    this.sequences.set(rolloutId, value);
  }
}
