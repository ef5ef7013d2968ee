/**
 * The decoded form of an OTLP `ExportTraceServiceRequest`, shared by the
 * protobuf and the JSON decoder. Ids are lowercase hex strings exactly as
 * sent (not padded); 64-bit integers are `bigint` so nothing is rounded
 * before conversion. Fields the store drops (dropped counts, scope
 * attributes) are not kept; span kind, flags, trace state and the scope's
 * name and version are kept for diagnostics and tests.
 *
 * @module
 */

/** An OTLP `AnyValue`: one of seven kinds, or `unset` when no field was sent. */
export type OtlpAnyValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'bytes'; readonly hex: string }
  | { readonly kind: 'array'; readonly values: readonly OtlpAnyValue[] }
  | { readonly kind: 'kvlist'; readonly values: readonly OtlpKeyValue[] }
  | { readonly kind: 'unset' };

/** An OTLP `KeyValue` attribute. */
export interface OtlpKeyValue {
  /** Attribute key. */
  readonly key: string;
  /** Attribute value. */
  readonly value: OtlpAnyValue;
}

/** An OTLP `Status`. */
export interface OtlpStatus {
  /** 0 UNSET, 1 OK, 2 ERROR (other values are kept as sent). */
  readonly code: number;
  /** Developer-facing message, `''` when absent. */
  readonly message: string;
}

/** An OTLP `Span.Event`. */
export interface OtlpEvent {
  /** Event time in nanoseconds since the epoch (`0n` = unset). */
  readonly timeUnixNano: bigint;
  /** Event name. */
  readonly name: string;
  /** Event attributes. */
  readonly attributes: readonly OtlpKeyValue[];
}

/** An OTLP `Span.Link`. */
export interface OtlpLink {
  /** Linked trace id, lowercase hex. */
  readonly traceId: string;
  /** Linked span id, lowercase hex. */
  readonly spanId: string;
  /** Link attributes. */
  readonly attributes: readonly OtlpKeyValue[];
}

/** An OTLP `Span`. */
export interface OtlpSpan {
  /** Trace id, lowercase hex (`''` when empty). */
  readonly traceId: string;
  /** Span id, lowercase hex (`''` when empty). */
  readonly spanId: string;
  /** Parent span id, lowercase hex (`''` for a root span). */
  readonly parentSpanId: string;
  /** W3C trace state string. */
  readonly traceState: string;
  /** Span name. */
  readonly name: string;
  /** Span kind (0 unspecified .. 5 consumer). */
  readonly kind: number;
  /** Start time in nanoseconds since the epoch (`0n` = unset). */
  readonly startTimeUnixNano: bigint;
  /** End time in nanoseconds since the epoch (`0n` = unset). */
  readonly endTimeUnixNano: bigint;
  /** Span attributes. */
  readonly attributes: readonly OtlpKeyValue[];
  /** Span events. */
  readonly events: readonly OtlpEvent[];
  /** Span links. */
  readonly links: readonly OtlpLink[];
  /** Span status. */
  readonly status: OtlpStatus;
  /** W3C trace flags and the remote bits. */
  readonly flags: number;
}

/** An OTLP `ScopeSpans`: the spans of one instrumentation scope. */
export interface OtlpScopeSpans {
  /** Instrumentation scope name and version (`''` when absent). */
  readonly scope: { readonly name: string; readonly version: string };
  /** The spans. */
  readonly spans: readonly OtlpSpan[];
}

/** An OTLP `ResourceSpans`: the spans produced under one resource. */
export interface OtlpResourceSpans {
  /** The resource's attributes. */
  readonly resourceAttributes: readonly OtlpKeyValue[];
  /** The resource's schema URL (`''` when absent). */
  readonly schemaUrl: string;
  /** The spans, by instrumentation scope. */
  readonly scopeSpans: readonly OtlpScopeSpans[];
}

/** An OTLP `ExportTraceServiceRequest`. */
export interface OtlpTraceRequest {
  /** Spans grouped by resource. */
  readonly resourceSpans: readonly OtlpResourceSpans[];
}

/** A payload that is not a valid `ExportTraceServiceRequest`; `message` says why. */
export class OtlpDecodeError extends Error {
  /** @param message - what is wrong with the payload */
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

/** How deeply `AnyValue`s may nest (arrays and key-value lists) before decoding gives up. */
export const MAX_ANY_VALUE_DEPTH = 64;
