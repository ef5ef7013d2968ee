/**
 * OTLP mode helpers: an exporter per store endpoint and the
 * resource attributes that tell the store which attempt a span belongs to.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type * as OtlpProto from '@opentelemetry/exporter-trace-otlp-proto';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { LightningResourceAttributes } from '../semconv/constants';

/** Builds the exporter for one OTLP/HTTP traces endpoint. */
export type OtlpExporterFactory = (url: string) => SpanExporter;

/**
 * The default factory: OTLP/HTTP protobuf, 10 s timeout, `Authorization:
 * Bearer $AGL_STORE_API_KEY` when that variable is set. The exporter package
 * is loaded on first use (Node resolution), so only OTLP mode pays for it.
 */
export const defaultOtlpExporterFactory: OtlpExporterFactory = (url) => {
  const load = createRequire(import.meta.url);
  const { OTLPTraceExporter } = load(
    '@opentelemetry/exporter-trace-otlp-proto',
  ) as typeof OtlpProto;
  // A store started with an access key wants it on OTLP requests too.
  const apiKey = process.env.AGL_STORE_API_KEY;
  const headers = apiKey ? { authorization: `Bearer ${apiKey}` } : undefined;
  return new OTLPTraceExporter({ url, timeoutMillis: 10_000, ...(headers ? { headers } : {}) });
};

/**
 * Returns a function that gives each span a resource carrying
 * `agentlightning.rollout_id` and `agentlightning.attempt_id` (merged over
 * the span's own resource). The span itself is not modified.
 */
export function resourceStamper(
  rolloutId: string,
  attemptId: string,
): (span: ReadableSpan) => ReadableSpan {
  const ids = resourceFromAttributes({
    [LightningResourceAttributes.ROLLOUT_ID]: rolloutId,
    [LightningResourceAttributes.ATTEMPT_ID]: attemptId,
  });
  const merged = new WeakMap<Resource, Resource>();
  return (span) => {
    let resource = merged.get(span.resource);
    if (resource === undefined) {
      resource = span.resource.merge(ids);
      merged.set(span.resource, resource);
    }
    return withResource(span, resource);
  };
}

/** A copy of the span's readable fields with another resource. */
function withResource(span: ReadableSpan, resource: Resource): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    ...(span.parentSpanContext ? { parentSpanContext: span.parentSpanContext } : {}),
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: span.attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
