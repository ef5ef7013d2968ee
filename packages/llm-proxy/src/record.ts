/**
 * Writes call records into the store. Records finished in the same event-loop turn go to the store
 * together, in one `addManySpans` (every span of a call always in the same request); if that batch
 * fails, each record is written on its own, so one refused record never takes the others with it
 * (the store skips spans it already holds, so a partly applied batch is not duplicated). Transient
 * failures are retried with back-off, terminal ones logged and counted. Pending writes are tracked
 * so `stop()` can flush them.
 */
import { type LightningStore, type Logger, StoreError } from '@agl/store-core';
import type { Span } from '@agl/types';

/** What `onRecord` receives after each write. */
export interface RecordedCall {
  /** The call's rollout. */
  rolloutId: string;
  /** The call's attempt. */
  attemptId: string;
  /** The sequence id shared by the record's spans. */
  sequenceId: number;
  /** `ok` or `error` (the call's outcome). */
  status: 'ok' | 'error';
  /** The status the agent got (499 when it disconnected). */
  httpStatus: number;
  /** Whether the store accepted the spans. */
  stored: boolean;
  /** The spans of the record. */
  spans: Span[];
}

/** Counters of the recorder. */
export interface RecorderCounters {
  written: number;
  failed: number;
  pending: number;
}

/** Most records one batched `addManySpans` carries (keeps requests to an HTTP store bounded). */
const MAX_BATCH = 256;

interface Queued {
  store: LightningStore;
  call: Omit<RecordedCall, 'stored'>;
  done: () => void;
}

function isTransient(error: unknown): boolean {
  if (error instanceof StoreError) return error.code === 'UNAVAILABLE' || error.code === 'INTERNAL';
  return true;
}

/** Writes records, keeping count of pending ones. */
export class Recorder {
  readonly counters: RecorderCounters = { written: 0, failed: 0, pending: 0 };
  private readonly inflight = new Set<Promise<void>>();
  private abandoned = false;
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(
    private readonly logger: Logger,
    private readonly retryMs: number,
    private readonly onRecord: ((call: RecordedCall) => void) | null,
    private readonly onOutcome: ((stored: boolean) => void) | null = null,
  ) {}

  /** Starts writing a record; the promise settles when it is stored or given up (never rejects). */
  write(store: LightningStore, call: Omit<RecordedCall, 'stored'>): Promise<void> {
    this.counters.pending++;
    const queued = new Promise<void>((done) => {
      this.queue.push({ store, call, done });
    });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flushQueue());
    }
    const task = queued.finally(() => {
      this.counters.pending--;
      this.inflight.delete(task);
    });
    this.inflight.add(task);
    return task;
  }

  /** Waits for pending writes up to `timeoutMs`; returns how many were still pending. */
  async flush(timeoutMs: number): Promise<number> {
    if (this.inflight.size === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inflight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    const left = this.inflight.size;
    if (left > 0) this.abandoned = true;
    return left;
  }

  /** Sends the records queued during the last turn, one batch per store. */
  private flushQueue(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    const byStore = new Map<LightningStore, Queued[]>();
    for (const entry of queue) {
      const list = byStore.get(entry.store);
      if (list) list.push(entry);
      else byStore.set(entry.store, [entry]);
    }
    for (const [store, entries] of byStore) {
      for (let i = 0; i < entries.length; i += MAX_BATCH) {
        const batch = entries.slice(i, i + MAX_BATCH);
        if (batch.length === 1) {
          const only = batch[0] as Queued;
          void this.run(store, only.call).then(only.done);
        } else void this.writeBatch(store, batch);
      }
    }
  }

  private async writeBatch(store: LightningStore, batch: Queued[]): Promise<void> {
    try {
      await store.addManySpans(batch.flatMap((entry) => entry.call.spans));
    } catch {
      await Promise.all(batch.map((entry) => this.run(store, entry.call).then(entry.done)));
      return;
    }
    for (const entry of batch) {
      this.counters.written++;
      this.notify({ ...entry.call, stored: true });
      entry.done();
    }
  }

  private async run(store: LightningStore, call: Omit<RecordedCall, 'stored'>): Promise<void> {
    const deadline = Date.now() + this.retryMs;
    let delay = 0.1;
    const where = `rollout ${call.rolloutId}, attempt ${call.attemptId}, sequence ${call.sequenceId}`;
    for (;;) {
      try {
        await store.addManySpans(call.spans);
        this.counters.written++;
        this.notify({ ...call, stored: true });
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!isTransient(error) || Date.now() + delay * 1000 > deadline || this.abandoned) {
          this.counters.failed++;
          this.logger.error(`LLM proxy could not record the call of ${where}: ${message}`);
          this.notify({ ...call, stored: false });
          return;
        }
        this.logger.debug(
          `LLM proxy retries recording the call of ${where} in ${delay} s: ${message}`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay * 1000));
        delay = Math.min(delay * 2, 5);
      }
    }
  }

  private notify(call: RecordedCall): void {
    this.onOutcome?.(call.stored);
    try {
      this.onRecord?.(call);
    } catch (error) {
      this.logger.warn(`onRecord threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
