/**
 * The storage primitives of the JSON-lines store: plain Maps in memory, and
 * every mutation written to the log as one record. Replaying the records of
 * the file rebuilds the same Maps.
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';
import type { StorageBackend } from '@agl/store-core/backend';
import type { Attempt, ResourcesUpdate, Rollout, Span, Worker } from '@agl/types';
import { JsonlLog } from './jsonl-log';

/** One line of the log: one mutation. `rollout`, `attempt`, `worker` and `resources` upsert. */
export type LogRecord =
  | { readonly op: 'rollout'; readonly rollout: Rollout }
  | { readonly op: 'attempt'; readonly attempt: Attempt }
  | { readonly op: 'enqueue'; readonly rollout_id: string }
  | { readonly op: 'dequeue' }
  | { readonly op: 'worker'; readonly worker: Worker }
  | { readonly op: 'resources'; readonly snapshot: ResourcesUpdate }
  | { readonly op: 'spans'; readonly spans: readonly Span[] }
  | { readonly op: 'sequence'; readonly rollout_id: string; readonly value: number };

/** A `StorageBackend` kept in Maps and persisted as a JSON-lines log of mutations. */
export class JsonlStorage implements StorageBackend {
  readonly #rollouts = new Map<string, Rollout>();
  readonly #attempts = new Map<string, Attempt[]>();
  readonly #queue: string[] = [];
  readonly #workers = new Map<string, Worker>();
  readonly #resources = new Map<string, ResourcesUpdate>();
  #latestResourcesId: string | undefined;
  readonly #spans = new Map<string, Span[]>();
  readonly #sequences = new Map<string, number>();
  readonly #log: JsonlLog;

  /**
   * Opens the log at `path` and replays it.
   *
   * @param path - the JSON-lines file (created when missing)
   * @param warn - receives warnings (a torn last line skipped)
   */
  constructor(path: string, warn: (message: string) => void) {
    const { log, values } = JsonlLog.open(path, warn);
    for (const value of values) {
      if (typeof value !== 'object' || value === null) throw new Error(`${path}: not a log record`);
      this.#apply(value as LogRecord);
    }
    this.#log = log;
  }

  // --- Rollouts and attempts ---
  getRollout(id: string) {
    return this.#rollouts.get(id);
  }
  insertRollout(rollout: Rollout) {
    this.#write({ op: 'rollout', rollout });
  }
  putRollout(rollout: Rollout) {
    this.#write({ op: 'rollout', rollout });
  }
  listRollouts() {
    return this.#rollouts.values();
  }
  attemptsOf(rolloutId: string) {
    return this.#attempts.get(rolloutId) ?? [];
  }
  insertAttempt(attempt: Attempt) {
    this.#write({ op: 'attempt', attempt });
  }
  putAttempt(attempt: Attempt) {
    this.#write({ op: 'attempt', attempt });
  }

  // --- Queue ---
  enqueue(rolloutId: string) {
    this.#write({ op: 'enqueue', rollout_id: rolloutId });
  }
  dequeue() {
    const head = this.#queue[0];
    if (head !== undefined) this.#write({ op: 'dequeue' });
    return head;
  }
  isQueued(rolloutId: string) {
    return this.#queue.includes(rolloutId);
  }

  // --- Workers and resources ---
  getWorker(id: string) {
    return this.#workers.get(id);
  }
  putWorker(worker: Worker) {
    this.#write({ op: 'worker', worker });
  }
  listWorkers() {
    return this.#workers.values();
  }
  getResources(id: string) {
    return this.#resources.get(id);
  }
  putResources(snapshot: ResourcesUpdate) {
    this.#write({ op: 'resources', snapshot });
  }
  latestResources() {
    return this.#latestResourcesId === undefined
      ? undefined
      : this.#resources.get(this.#latestResourcesId);
  }
  listResources() {
    return this.#resources.values();
  }

  // --- Spans (copied on the way out: callers own what they get) and sequence ids ---
  hasSpan(rolloutId: string, attemptId: string, spanId: string) {
    const spans = this.#spans.get(rolloutId) ?? [];
    return spans.some((span) => span.attempt_id === attemptId && span.span_id === spanId);
  }
  insertSpans(spans: readonly Span[]) {
    this.#write({ op: 'spans', spans });
  }
  listSpans(rolloutId: string) {
    return (this.#spans.get(rolloutId) ?? []).map((span) => structuredClone(span));
  }
  getSequence(rolloutId: string) {
    return this.#sequences.get(rolloutId) ?? 0;
  }
  setSequence(rolloutId: string, value: number) {
    this.#write({ op: 'sequence', rollout_id: rolloutId, value });
  }

  /** Writes pending log lines now. */
  flush(): void {
    this.#log.flush();
  }

  /** The `close` hook: flushes and closes the file. */
  close(): void {
    this.#log.close();
  }

  /**
   * Appends a record to the log, then applies the parsed line: the Maps hold
   * exactly what a replay of the file will build, and no caller's object.
   */
  #write(record: LogRecord): void {
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch (error) {
      throw new InvalidArgumentError(`Cannot store a value that is not JSON (${record.op})`, {
        cause: error,
      });
    }
    this.#log.append(line);
    this.#apply(JSON.parse(line) as LogRecord);
  }

  /** Applies one record to the Maps (live and during replay). */
  #apply(record: LogRecord): void {
    switch (record.op) {
      case 'rollout':
        this.#rollouts.set(record.rollout.rollout_id, record.rollout);
        return;
      case 'attempt': {
        const list = this.#attempts.get(record.attempt.rollout_id) ?? [];
        const at = list.findIndex((a) => a.attempt_id === record.attempt.attempt_id);
        if (at < 0) list.push(record.attempt);
        else list[at] = record.attempt;
        this.#attempts.set(record.attempt.rollout_id, list);
        return;
      }
      case 'enqueue':
        this.#queue.push(record.rollout_id);
        return;
      case 'dequeue':
        this.#queue.shift();
        return;
      case 'worker':
        this.#workers.set(record.worker.worker_id, record.worker);
        return;
      case 'resources':
        this.#resources.set(record.snapshot.resources_id, record.snapshot);
        this.#latestResourcesId = record.snapshot.resources_id;
        return;
      case 'spans':
        for (const span of record.spans) {
          const list = this.#spans.get(span.rollout_id);
          if (list) list.push(span);
          else this.#spans.set(span.rollout_id, [span]);
        }
        return;
      case 'sequence':
        this.#sequences.set(record.rollout_id, record.value);
        return;
      default:
        throw new Error(`Unknown log record: ${JSON.stringify(record)}`);
    }
  }
}
