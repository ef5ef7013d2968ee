import {
  InvalidArgumentError,
  InvalidStateError,
  type LightningStore,
  spanClock,
} from '@agl/store-core';
import type { Attributes, Span, TraceStatus } from '@agl/types';
import { context, type Tracer as OtelApiTracer, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { getLogger } from '../logging';
import { LightningResourceAttributes } from '../semconv/constants';
import type { TraceCaptureOptions } from './capture';
import { ensureContextManager } from './context-manager';
import { coreFieldsFromOtel, secondsToHrTime } from './convert';
import { OtelRecording, otelStatusCode } from './otel-recording';
import { defaultOtlpExporterFactory, type OtlpExporterFactory, resourceStamper } from './otlp';
import { getActiveTracer, runWithActiveTracer } from './registry';
import { runScoped } from './scoped';
import { sharedSpanProcessor } from './shared-processor';
import { LightningSpanProcessor } from './span-processor';
import { type TraceContextOptions, Tracer } from './tracer';
import type { OperationContextOptions, SpanCoreFields, SpanRecordingContext } from './types';

const log = getLogger('agl.tracer');

/** Options of `OtelTracer`. */
export interface OtelTracerOptions {
  /** Timeout of one span write in seconds (default 10, reference `STORE_WRITE_TIMEOUT_SECONDS`). */
  writeTimeoutSeconds?: number;
  /** Also install the provider as the global OpenTelemetry provider (default false). */
  registerGlobal?: boolean;
  /** Extra resource attributes of every span. */
  resourceAttributes?: Attributes;
  /**
   * Extra span processors (e.g. to export spans elsewhere too). Tracers built
   * with the same processor object (clones included) share it: it is shut
   * down when the last of them is torn down.
   */
  spanProcessors?: SpanProcessor[];
  /** Builds the OTLP exporter for a store endpoint (OTLP mode). */
  otlpExporterFactory?: OtlpExporterFactory;
}

/**
 * The default tracer: an OpenTelemetry tracer provider of
 * its own whose `LightningSpanProcessor` writes every finished span to the
 * store, directly (`addOtelSpan`) or over OTLP when the store offers it.
 */
export class OtelTracer extends Tracer {
  /** The processor that captures and writes spans. */
  readonly processor = new LightningSpanProcessor();
  private provider: TracerProvider | null = null;
  private otelTracer: OtelApiTracer | null = null;
  private readonly exporters = new Map<string, SpanExporter>();

  /** @param options - write timeout, global registration, resource and extra processors */
  constructor(private readonly options: OtelTracerOptions = {}) {
    super();
  }

  /** Creates the tracer provider on the first call (later calls only update the store). */
  override async initWorker(workerId: number, store?: LightningStore): Promise<void> {
    await super.initWorker(workerId, store);
    if (this.provider !== null) return;
    ensureContextManager();
    this.provider = new TracerProvider({
      resource: resourceFromAttributes({
        [LightningResourceAttributes.TRACER_NAME]: 'otel',
        ...this.options.resourceAttributes,
      }),
      spanProcessors: [
        this.processor,
        ...(this.options.spanProcessors ?? []).map((p) => sharedSpanProcessor(p).lease()),
      ],
    });
    this.otelTracer = this.provider.getTracer('agentlightning');
    if (this.options.registerGlobal && !trace.setGlobalTracerProvider(this.provider)) {
      log.error(
        'A global OpenTelemetry tracer provider is already set; spans of other libraries will not be captured.',
      );
    }
  }

  /**
   * A new, uninitialised tracer with the same options (one tracer per worker).
   * It shares the extra span processors and the OTLP exporter factory, and
   * never registers itself globally unless `overrides.registerGlobal` says so.
   *
   * @param overrides - options to change in the copy
   */
  clone(overrides: OtelTracerOptions = {}): OtelTracer {
    const { resourceAttributes, spanProcessors } = { ...this.options, ...overrides };
    return new OtelTracer({
      ...this.options,
      ...overrides,
      registerGlobal: overrides.registerGlobal ?? false,
      ...(resourceAttributes === undefined
        ? {}
        : { resourceAttributes: { ...resourceAttributes } }),
      ...(spanProcessors === undefined ? {} : { spanProcessors: [...spanProcessors] }),
    });
  }

  /** Flushes and shuts the provider and the OTLP exporters down. */
  override async teardown(): Promise<void> {
    const provider = this.provider;
    this.provider = null;
    this.otelTracer = null;
    await provider?.shutdown();
    await Promise.all([...this.exporters.values()].map((exporter) => exporter.shutdown()));
    this.exporters.clear();
  }

  /** The OpenTelemetry tracer bound to this tracer's provider. */
  getOtelTracer(): OtelApiTracer {
    if (this.otelTracer === null) {
      throw new InvalidStateError(
        'OpenTelemetry tracer provider is not initialized. Call init_worker() first.',
      );
    }
    return this.otelTracer;
  }

  /**
   * A tracer of this tracer's provider for another instrumentation scope
   * (third-party instrumentation keeps its own scope name).
   *
   * @param name - instrumentation scope name
   * @param version - instrumentation scope version
   * @throws InvalidStateError before `initWorker`
   */
  getScopedOtelTracer(name: string, version?: string): OtelApiTracer {
    if (this.provider === null) {
      throw new InvalidStateError(
        'OpenTelemetry tracer provider is not initialized. Call init_worker() first.',
      );
    }
    return this.provider.getTracer(name, version);
  }

  /** Runs `body` in a trace context; resolves after every span of it reached the store. */
  async traceContext<T>(
    options: TraceContextOptions,
    body: (otelTracer: OtelApiTracer) => Promise<T> | T,
  ): Promise<T> {
    const otelTracer = this.getOtelTracer();
    const capture = this.processor.openCapture(this.captureOptions(options));
    try {
      const active = this.processor.bind(context.active(), capture);
      return await runWithActiveTracer(this, () => context.with(active, () => body(otelTracer)));
    } finally {
      await this.processor.closeCapture(capture);
    }
  }

  /** The spans captured by the most recent trace context, in end order. */
  getLastTrace(): Span[] {
    return this.processor.lastSpans();
  }

  /** Starts and ends a span at once in the current context; status stays `UNSET` unless given. */
  override createSpan(
    name: string,
    attributes: Attributes = {},
    timestamp?: number | null,
    status?: TraceStatus | null,
  ): SpanCoreFields {
    const time = timestamp == null ? undefined : secondsToHrTime(timestamp);
    const span = this.getOtelTracer().startSpan(
      name,
      time === undefined ? { attributes } : { attributes, startTime: time },
    );
    if (status) {
      span.setStatus({
        code: otelStatusCode(status.status_code),
        ...(status.description == null ? {} : { message: status.description }),
      });
    }
    span.end(time);
    return coreFieldsFromOtel(span as unknown as ReadableSpan);
  }

  /** Records `body` as an active span: spans created inside become its children. */
  override operationContext<T>(
    name: string,
    body: (recording: SpanRecordingContext) => T,
    options: OperationContextOptions = {},
  ): T {
    if (options.endTime != null) log.warn('OtelTracer.operationContext ignores endTime.');
    const start =
      options.startTime == null ? {} : { startTime: secondsToHrTime(options.startTime) };
    return this.getOtelTracer().startActiveSpan(
      name,
      { attributes: options.attributes ?? {}, ...start },
      (span) => {
        const recording = new OtelRecording(span);
        return runScoped(
          () => body(recording),
          (error) => recording.recordException(error),
          // An explicit end: with a caller-given start OpenTelemetry would
          // otherwise end the span at `Date.now()`, in whole milliseconds.
          () => span.end(spanClock.nowHrTime()),
        );
      },
    );
  }

  private captureOptions(options: TraceContextOptions): TraceCaptureOptions {
    const { rolloutId, attemptId } = options;
    if ((rolloutId == null) !== (attemptId == null)) {
      throw new InvalidArgumentError(
        'rollout_id and attempt_id must be either all provided or all None',
      );
    }
    if (getActiveTracer() !== null) {
      throw new InvalidArgumentError(
        'An active tracer is already set. Please clear it before setting a new one.',
      );
    }
    if (options.store !== undefined) {
      log.warn('Passing store to traceContext() is deprecated; pass it to initWorker() instead.');
    }
    const timeout = this.options.writeTimeoutSeconds;
    const base = timeout === undefined ? {} : { writeTimeoutSeconds: timeout };
    if (rolloutId == null || attemptId == null) return { ...base, mode: 'local' };
    const store = options.store ?? this.store;
    if (store === null) {
      throw new InvalidArgumentError(
        'store is required when rollout_id and attempt_id are provided',
      );
    }
    if (store.capabilities.otlp_traces === true) {
      return {
        ...base,
        mode: 'otlp',
        rolloutId,
        attemptId,
        exporter: this.exporterFor(store.otlpTracesEndpoint()),
        prepare: resourceStamper(rolloutId, attemptId),
      };
    }
    return { ...base, mode: 'direct', store, rolloutId, attemptId };
  }

  private exporterFor(url: string): SpanExporter {
    let exporter = this.exporters.get(url);
    if (exporter === undefined) {
      exporter = (this.options.otlpExporterFactory ?? defaultOtlpExporterFactory)(url);
      this.exporters.set(url, exporter);
    }
    return exporter;
  }
}
