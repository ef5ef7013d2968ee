/**
 * One trace context's span capture: spans are recorded synchronously from
 * `onEnd` (an OpenTelemetry span processor cannot wait), written to the store
 * one after the other on a promise chain (so `sequence_id` follows end
 * order), each write bounded by a timeout with a locally converted fallback
 * (so a slow store cannot stall the agent), and kept in a buffer in end order.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { otelSpanToSpan } from '@agl/store-core';
import type { Span } from '@agl/types';
import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { getLogger } from '../logging';

const log = getLogger('agl.tracer');

/** Rollout id stamped on spans converted outside a rollout. */
export const DUMMY_ROLLOUT_ID = 'rollout-dummy';
/** Attempt id stamped on spans converted outside a rollout. */
export const DUMMY_ATTEMPT_ID = 'attempt-dummy';
/** Reference constant `STORE_WRITE_TIMEOUT_SECONDS`. */
export const STORE_WRITE_TIMEOUT_SECONDS = 10;

/** How a capture delivers spans. */
export type CaptureMode = 'direct' | 'otlp' | 'local';

/** Options of a `TraceCapture`. */
export interface TraceCaptureOptions {
  /** `direct`: `store.addOtelSpan`; `otlp`: the exporter; `local`: buffer only. */
  mode: CaptureMode;
  /** The store (direct mode). */
  store?: LightningStore | null;
  /** Rollout id (direct and OTLP modes). */
  rolloutId?: string | null;
  /** Attempt id (direct and OTLP modes). */
  attemptId?: string | null;
  /** The OTLP exporter (OTLP mode). */
  exporter?: SpanExporter | null;
  /** Per-write timeout in seconds; default 10. */
  writeTimeoutSeconds?: number;
  /** Rewrites each span before it is written or converted (e.g. to stamp resource attributes). */
  prepare?: (span: ReadableSpan) => ReadableSpan;
}

/** The spans of one trace context and the writes still in flight. */
export class TraceCapture {
  /** One slot per recorded span, in end order; `null` = the store skipped it as a duplicate. */
  private readonly slots: (Span | null | undefined)[] = [];
  private chain: Promise<void> = Promise.resolve();
  private localSequence = 0;
  private closed = false;
  private readonly closing: (() => void)[] = [];

  /** @param options - mode, store, ids, exporter and timeout */
  constructor(readonly options: TraceCaptureOptions) {}

  /**
   * Records a finished span; never throws. Unsampled spans are ignored.
   *
   * @param raw - the finished span
   * @param ambient - the span was started outside any trace context (no warning when closed)
   */
  record(raw: ReadableSpan, ambient = false): void {
    const context = raw.spanContext();
    if (!context || (context.traceFlags & TraceFlags.SAMPLED) === 0) return;
    const span = this.options.prepare ? this.options.prepare(raw) : raw;
    const slot = this.slots.push(undefined) - 1;
    const { mode, store, rolloutId, attemptId, exporter } = this.options;
    if (this.closed) {
      if (!ambient) {
        log.warn(
          `Span "${span.name}" ended after its trace context closed; it is kept locally only.`,
        );
      }
      this.slots[slot] = this.convertLocally(span);
    } else if (mode === 'direct' && store && rolloutId != null && attemptId != null) {
      this.enqueue(async () => {
        try {
          const stored = await this.withTimeout(store.addOtelSpan(rolloutId, attemptId, span));
          this.slots[slot] = stored;
        } catch (error) {
          log.error(
            `Failed to write span "${span.name}" to the store; keeping a local copy.`,
            error,
          );
          this.slots[slot] = this.convertLocally(span);
        }
      });
    } else {
      this.slots[slot] = this.convertLocally(span);
      if (mode === 'otlp' && exporter) this.enqueue(() => this.export(exporter, span));
    }
  }

  /** Waits until every write recorded so far (and any recorded meanwhile) has settled. */
  async flush(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  /**
   * Registers a callback run when the trace context ends, before its spans
   * are flushed (e.g. to end a span a library left open).
   */
  beforeClose(callback: () => void): void {
    if (!this.closed) this.closing.push(callback);
  }

  /** Runs the `beforeClose` callbacks once; errors are logged. */
  runBeforeClose(): void {
    for (const callback of this.closing.splice(0)) {
      try {
        callback();
      } catch (error) {
        log.error('A trace-context close callback failed.', error);
      }
    }
  }

  /** Marks the context as exited: later spans are kept locally, never written. */
  close(): void {
    this.closed = true;
  }

  /** The captured spans in end order (stored versions when written to the store). */
  spans(): Span[] {
    return this.slots.filter((span): span is Span => span != null);
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error) => log.error('Span write failed.', error));
  }

  private async export(exporter: SpanExporter, span: ReadableSpan): Promise<void> {
    try {
      const result = await this.withTimeout(
        new Promise<{ code: number; error?: Error }>((resolve) => exporter.export([span], resolve)),
      );
      if (result.code !== 0) throw result.error ?? new Error('OTLP export failed');
    } catch (error) {
      log.error(`Failed to export span "${span.name}" over OTLP; it is kept locally only.`, error);
    }
  }

  private convertLocally(span: ReadableSpan): Span {
    return otelSpanToSpan(span, {
      rolloutId: this.options.rolloutId ?? DUMMY_ROLLOUT_ID,
      attemptId: this.options.attemptId ?? DUMMY_ATTEMPT_ID,
      sequenceId: this.localSequence++,
    });
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    const seconds = this.options.writeTimeoutSeconds ?? STORE_WRITE_TIMEOUT_SECONDS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Span write timed out after ${seconds} seconds`)),
        seconds * 1000,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
