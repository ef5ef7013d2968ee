/**
 * Writes call records into the store: one `addManySpans` per call, transient failures retried
 * with back-off, terminal ones logged and counted. Pending writes are tracked so `stop()` can
 * flush them.
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

function isTransient(error: unknown): boolean {
  if (error instanceof StoreError) return error.code === 'UNAVAILABLE' || error.code === 'INTERNAL';
  return true;
}

/** Writes records, keeping count of pending ones. */
export class Recorder {
  readonly counters: RecorderCounters = { written: 0, failed: 0, pending: 0 };
  private readonly inflight = new Set<Promise<void>>();
  private abandoned = false;

  constructor(
    private readonly logger: Logger,
    private readonly retryMs: number,
    private readonly onRecord: ((call: RecordedCall) => void) | null,
  ) {}

  /** Starts writing a record; the promise settles when it is stored or given up (never rejects). */
  write(store: LightningStore, call: Omit<RecordedCall, 'stored'>): Promise<void> {
    this.counters.pending++;
    const task = this.run(store, call).finally(() => {
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
    try {
      this.onRecord?.(call);
    } catch (error) {
      this.logger.warn(`onRecord threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
