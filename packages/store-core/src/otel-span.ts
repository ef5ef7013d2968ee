/** A time as OpenTelemetry JS represents it: `[seconds, nanoseconds]`. */
export type HrTimeLike = readonly [number, number];

/** The identity of an OpenTelemetry span. */
export interface OtelSpanContextLike {
  /** 32 lowercase hex characters. */
  traceId: string;
  /** 16 lowercase hex characters. */
  spanId: string;
  /** Trace flags (bit 0 = sampled). */
  traceFlags?: number;
  /** Whether the context came from a remote parent. */
  isRemote?: boolean;
  /** W3C trace state. */
  traceState?: { serialize(): string } | undefined;
}

/**
 * The parts of a finished OpenTelemetry SDK span (`ReadableSpan` of
 * `@opentelemetry/sdk-trace-base` 1.x/2.x or `@opentelemetry/sdk-trace` 3.x) that the store reads. Declared
 * structurally so that store-core does not depend on the OpenTelemetry SDK.
 */
export interface OtelSpanLike {
  /** Span name. */
  readonly name: string;
  /** Returns the span's own context. */
  spanContext(): OtelSpanContextLike;
  /** Parent context (SDK 2.x). */
  readonly parentSpanContext?: OtelSpanContextLike | undefined;
  /** Parent span id (SDK 1.x). */
  readonly parentSpanId?: string | undefined;
  /** Start time. */
  readonly startTime: HrTimeLike;
  /** End time. */
  readonly endTime: HrTimeLike;
  /** Status: code 0 = UNSET, 1 = OK, 2 = ERROR. */
  readonly status: { code: number; message?: string | undefined };
  /** Attributes. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Events. */
  readonly events: readonly {
    name: string;
    attributes?: Readonly<Record<string, unknown>> | undefined;
    time: HrTimeLike;
  }[];
  /** Links. */
  readonly links: readonly {
    context: OtelSpanContextLike;
    attributes?: Readonly<Record<string, unknown>> | undefined;
  }[];
  /** The resource the span was produced under. */
  readonly resource: {
    readonly attributes: Readonly<Record<string, unknown>>;
    readonly schemaUrl?: string | undefined;
  };
  /** Span kind (0 INTERNAL .. 4 CONSUMER). */
  readonly kind?: number;
}
