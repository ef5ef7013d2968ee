import { InternalStoreError } from '@agl/store-core';
import {
  Fifo,
  type ListQuery,
  pinnedValues,
  type RolloutEntry,
  runListQuery,
  type StorageBackend,
  type StoreCounters,
  type StoreObserver,
} from '@agl/store-core/backend';
import type {
  Attempt,
  PaginatedResult,
  ResourcesUpdate,
  Rollout,
  Span,
  Worker,
  WorkerStatus,
} from '@agl/types';
import { type EvictionThresholds, evictIfNeeded } from './eviction';
import { internRollout } from './intern';
import { ResourcesTable } from './resources-table';
import { queryRolloutsIndexed } from './rollout-query';
import { type RolloutRecord, RolloutTable } from './rollout-table';
import { SpanStore } from './span-store';
import { WorkerTable } from './worker-table';

const NO_ATTEMPTS: readonly Attempt[] = Object.freeze([]);

/**
 * The in-memory `StorageBackend` behind `InMemoryLightningStore`: indexed
 * tables (positional status index, watched set), a FIFO of rollout records,
 * spans kept as JSON text with memory accounting, and eviction of the oldest
 * rollouts' spans after each insertion above the threshold. Stored objects
 * are changed in place by the engine, so `put*` only re-indexes.
 */
export class MemoryStorage implements StorageBackend {
  readonly #rollouts = new RolloutTable();
  readonly #queue = new Fifo<RolloutRecord>();
  readonly #workers = new WorkerTable();
  readonly #resources = new ResourcesTable();
  readonly #spans = new SpanStore();
  readonly #sequences = new Map<string, number>();
  readonly #thresholds: EvictionThresholds;
  readonly #estimateSpan: ((span: Span) => number) | undefined;
  #observer: StoreObserver | undefined;

  /**
   * @param thresholds - resolved eviction thresholds
   * @param estimateSpan - custom span size estimator
   */
  constructor(thresholds: EvictionThresholds, estimateSpan?: (span: Span) => number) {
    this.#thresholds = thresholds;
    this.#estimateSpan = estimateSpan;
  }

  #record(rolloutId: string): RolloutRecord {
    const record = this.#rollouts.get(rolloutId);
    if (!record) throw new InternalStoreError(`Rollout ${rolloutId} is not stored`);
    return record;
  }

  // --- Rollouts and attempts: records indexed by id, status and "watched" ---
  getRollout(rolloutId: string): Rollout | undefined {
    return this.#rollouts.get(rolloutId)?.rollout;
  }
  insertRollout(rollout: Rollout): void {
    this.#rollouts.insert(internRollout(rollout));
  }
  putRollout(rollout: Rollout): void {
    this.#rollouts.update(this.#record(rollout.rollout_id), internRollout(rollout));
  }
  *listRollouts(): Iterable<Rollout> {
    for (const record of this.#rollouts.all) yield record.rollout;
  }
  attemptsOf(rolloutId: string): readonly Attempt[] {
    return this.#rollouts.get(rolloutId)?.attempts ?? NO_ATTEMPTS;
  }
  insertAttempt(attempt: Attempt): void {
    this.#rollouts.addAttempt(this.#record(attempt.rollout_id), attempt);
  }
  putAttempt(attempt: Attempt): void {
    const attempts = this.#record(attempt.rollout_id).attempts;
    for (let i = attempts.length - 1; i >= 0; i--) {
      if (attempts[i]?.attempt_id !== attempt.attempt_id) continue;
      attempts[i] = attempt; // usually the very object stored: changed in place
      return;
    }
  }

  // --- Queue: a FIFO of records, each flagged while queued ---
  enqueue(rolloutId: string): void {
    const record = this.#record(rolloutId);
    record.queued = true;
    this.#queue.push(record);
  }
  dequeue(): string | undefined {
    const record = this.#queue.shift();
    if (!record) return undefined;
    record.queued = false;
    return record.rollout.rollout_id;
  }
  isQueued(rolloutId: string): boolean {
    return this.#rollouts.get(rolloutId)?.queued ?? false;
  }

  // --- Workers and resources ---
  getWorker(workerId: string): Worker | undefined {
    return this.#workers.get(workerId);
  }
  putWorker(worker: Worker): void {
    this.#workers.put(worker);
  }
  listWorkers(): Iterable<Worker> {
    return this.#workers.all;
  }

  getResources(resourcesId: string): ResourcesUpdate | undefined {
    return this.#resources.get(resourcesId);
  }
  putResources(snapshot: ResourcesUpdate): void {
    this.#resources.put(snapshot);
  }
  latestResources(): ResourcesUpdate | undefined {
    return this.#resources.latest;
  }
  listResources(): Iterable<ResourcesUpdate> {
    return this.#resources.values();
  }

  // --- Spans (JSON text, accounted, evicted when over the threshold) and sequence ids ---
  hasSpan(rolloutId: string, attemptId: string, spanId: string): boolean {
    return this.#spans.has(rolloutId, attemptId, spanId);
  }
  insertSpans(spans: readonly Span[]): void {
    this.#spans.insertMany(spans, this.#estimateSpan);
    const evicted = evictIfNeeded(
      this.#spans,
      this.#thresholds,
      (id) => this.getRollout(id)?.start_time ?? 0,
    );
    if (evicted) this.#observer?.spansEvicted?.(evicted);
  }
  listSpans(rolloutId: string): Iterable<Span> {
    return this.#spans.list(rolloutId);
  }

  getSequence(rolloutId: string): number {
    return this.#sequences.get(rolloutId) ?? 0;
  }
  setSequence(rolloutId: string, value: number): void {
    this.#sequences.set(rolloutId, value);
  }

  // --- Hooks: indexed queries, the watched set, eviction, statistics ---
  queryRollouts(query: ListQuery): PaginatedResult<RolloutEntry> | undefined {
    return queryRolloutsIndexed(this.#rollouts, query);
  }
  queryWorkers(query: ListQuery): PaginatedResult<Worker> | undefined {
    const statuses = pinnedValues(query.filter, 'status') as WorkerStatus[] | null;
    return statuses ? runListQuery(query, this.#workers.byStatus(statuses)) : undefined;
  }
  querySpans(rolloutId: string, query: ListQuery): PaginatedResult<Span> {
    return this.#spans.query(rolloutId, query);
  }
  watchedRollouts(): Iterable<RolloutEntry> {
    return this.#rollouts.watched;
  }
  spansEvicted(rolloutId: string): boolean {
    return this.#spans.isEvicted(rolloutId);
  }
  observe(observer: StoreObserver): void {
    this.#observer = observer;
  }
  counters(): StoreCounters {
    return {
      total_rollouts: this.#rollouts.size,
      total_attempts: this.#rollouts.attemptCount,
      total_spans: this.#spans.storedEver,
      total_resources: this.#resources.size,
      total_workers: this.#workers.size,
    };
  }
  statistics(): Readonly<Record<string, number>> {
    const { capacity, eviction, safe } = this.#thresholds;
    return {
      total_span_bytes: this.#spans.totalBytes,
      eviction_threshold_bytes: eviction,
      safe_threshold_bytes: safe,
      memory_capacity_bytes: capacity,
    };
  }
}
