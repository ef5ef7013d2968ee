import type { LightningStore } from '@agl/store-core';
import { NotImplementedStoreError } from '@agl/store-core';
import type { Attributes, Span, TraceStatus } from '@agl/types';
import type { Tracer as OtelApiTracer } from '@opentelemetry/api';
import type { OperationContextOptions, SpanCoreFields, SpanRecordingContext } from './types';

/** Options of `Tracer.traceContext`. */
export interface TraceContextOptions {
  /** A name for the context (informational). */
  name?: string;
  /** The rollout the spans belong to; give both ids or neither. */
  rolloutId?: string;
  /** The attempt the spans belong to; give both ids or neither. */
  attemptId?: string;
  /** Deprecated: the store to write to; pass it to `initWorker` instead. */
  store?: LightningStore;
}

/**
 * Base class of tracers: captures the spans an agent
 * produces while a runner executes one attempt and writes them to the store.
 * Lifecycle: `init` → `initWorker` → any number of `traceContext` → `teardownWorker` → `teardown`.
 */
export abstract class Tracer {
  /** The store given to `initWorker`, used for span writes. */
  protected store: LightningStore | null = null;

  /** Prepares the tracer in the main process (default: nothing). */
  async init(): Promise<void> {}

  /** Prepares the tracer for one worker and remembers the store used for span writes. */
  async initWorker(_workerId: number, store?: LightningStore): Promise<void> {
    if (store !== undefined) this.store = store;
  }

  /** Releases what `initWorker` set up (default: nothing). */
  async teardownWorker(_workerId: number): Promise<void> {}

  /** Releases what `init` set up (default: nothing). */
  async teardown(): Promise<void> {}

  /**
   * Runs body inside a trace context bound to (rolloutId, attemptId); resolves
   * only after every span write of the context has been flushed to the store.
   * The tracer is the active tracer (`getActiveTracer()`) inside `body`.
   */
  abstract traceContext<T>(
    options: TraceContextOptions,
    body: (otelTracer: OtelApiTracer) => Promise<T> | T,
  ): Promise<T>;

  /** The spans captured by the most recent trace context. */
  abstract getLastTrace(): Span[];

  /**
   * Creates a zero-duration span right away (fire and forget).
   *
   * @param name - span name
   * @param attributes - flat attributes
   * @param timestamp - start = end time in epoch seconds; default now
   * @param status - span status; the default depends on the tracer
   */
  createSpan(
    _name: string,
    _attributes?: Attributes,
    _timestamp?: number | null,
    _status?: TraceStatus | null,
  ): SpanCoreFields {
    throw new NotImplementedStoreError(`${this.constructor.name} does not implement createSpan().`);
  }

  /**
   * Records `body` as one span. The body gets a recording context; when it
   * returns a promise the span ends once the promise settles. Exceptions are
   * recorded on the span and re-thrown.
   */
  operationContext<T>(
    _name: string,
    _body: (recording: SpanRecordingContext) => T,
    _options?: OperationContextOptions,
  ): T {
    throw new NotImplementedStoreError(
      `${this.constructor.name} does not implement operationContext().`,
    );
  }

  /** Deprecated convenience: runs `fn(...args)` inside `traceContext({name: fn.name})`. */
  traceRunAsync<A extends unknown[], R>(
    fn: (...args: A) => Promise<R> | R,
    ...args: A
  ): Promise<R> {
    return this.traceContext({ name: fn.name }, () => fn(...args));
  }

  /**
   * Runs `body` between `init()`/`initWorker(0, store)` and
   * `teardownWorker(0)`/`teardown()`; each teardown runs only when its setup did.
   */
  async lifespan<T>(body: (tracer: this) => Promise<T> | T, store?: LightningStore): Promise<T> {
    await this.init();
    try {
      await this.initWorker(0, store);
      try {
        return await body(this);
      } finally {
        await this.teardownWorker(0);
      }
    } finally {
      await this.teardown();
    }
  }
}
