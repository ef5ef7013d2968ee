import { InvalidArgumentError, NotImplementedStoreError, spanClock } from '@agl/store-core';
import type { Attributes, Span, StatusCode, TraceStatus } from '@agl/types';
import type { Tracer as OtelApiTracer } from '@opentelemetry/api';
import { exceptionAttributes, toError } from '../semconv/exception';
import { runScoped } from './scoped';
import { type TraceContextOptions, Tracer } from './tracer';
import type { OperationContextOptions, SpanCoreFields, SpanRecordingContext } from './types';

// The same clock as every other span we write, so times compare across tracers.
const now = (): number => spanClock.now();

/** Recording context of the dummy tracer: everything stays in memory. */
class DummyRecording implements SpanRecordingContext {
  private status: TraceStatus = { status_code: 'OK', description: null };
  private readonly attributes: Attributes;
  private endTime: number | null = null;

  constructor(
    private readonly name: string,
    attributes: Attributes,
    private readonly startTime: number,
  ) {
    this.attributes = { ...attributes };
  }

  recordException(error: unknown): void {
    const err = toError(error);
    this.status = { status_code: 'ERROR', description: err.message };
    Object.assign(this.attributes, exceptionAttributes(err));
  }

  recordAttributes(attributes: Attributes): void {
    Object.assign(this.attributes, attributes);
  }

  recordStatus(code: StatusCode, description?: string | null): void {
    this.status = { status_code: code, description: description ?? null };
  }

  finish(endTime: number): void {
    this.endTime = endTime;
  }

  getRecordedSpan(): SpanCoreFields {
    if (this.endTime === null) {
      throw new InvalidArgumentError('End time is not set. The operation has not finished yet.');
    }
    return {
      name: this.name,
      status: { ...this.status },
      attributes: { ...this.attributes },
      start_time: this.startTime,
      end_time: this.endTime,
    };
  }
}

/**
 * A tracer without backend or store. Emitters use it with
 * `propagate: false`; it cannot drive a runner (`traceContext` throws).
 */
export class DummyTracer extends Tracer {
  /** Not supported: always throws `NotImplementedStoreError`. */
  traceContext<T>(
    _options: TraceContextOptions,
    _body: (otelTracer: OtelApiTracer) => Promise<T> | T,
  ): Promise<T> {
    return Promise.reject(
      new NotImplementedStoreError('DummyTracer does not support traceContext().'),
    );
  }

  /** Always empty: the dummy tracer captures nothing. */
  getLastTrace(): Span[] {
    return [];
  }

  /** Returns core fields with start = end = `timestamp` (default now) and status `OK` by default. */
  override createSpan(
    name: string,
    attributes: Attributes = {},
    timestamp?: number | null,
    status?: TraceStatus | null,
  ): SpanCoreFields {
    const time = timestamp ?? now();
    return {
      name,
      status: status ? { ...status } : { status_code: 'OK', description: null },
      attributes: { ...attributes },
      start_time: time,
      end_time: time,
    };
  }

  /** Records `body` in memory; the end time is `options.endTime` or the time the body settles. */
  override operationContext<T>(
    name: string,
    body: (recording: SpanRecordingContext) => T,
    options: OperationContextOptions = {},
  ): T {
    const recording = new DummyRecording(
      name,
      options.attributes ?? {},
      options.startTime ?? now(),
    );
    return runScoped(
      () => body(recording),
      (error) => recording.recordException(error),
      () => recording.finish(options.endTime ?? now()),
    );
  }
}
