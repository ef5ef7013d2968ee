/**
 * `lightningSpanProcessor`: for applications that already run their own
 * OpenTelemetry SDK. Added to that SDK's tracer provider, it hands the spans
 * started inside a rollout's trace context to the rollout's capture, and
 * ignores every other span, so application spans never leak into rollouts.
 *
 * @module
 */
import { getActiveTracer, type LightningSpanProcessor, OtelTracer } from '@agl/trainer';
import type { Context } from '@opentelemetry/api';

/** The span-processor contract of the OpenTelemetry SDKs (1.x to 3.x), structurally. */
export interface SpanProcessorLike {
  /** Called when a span starts. */
  onStart(span: object, parentContext: Context): void;
  /** Called when a span ends. */
  onEnd(span: object): void;
  /** Flushes pending work. */
  forceFlush(): Promise<void>;
  /** Shuts the processor down. */
  shutdown(): Promise<void>;
}

type StartedSpan = Parameters<LightningSpanProcessor['onStart']>[0];
type EndedSpan = Parameters<LightningSpanProcessor['onEnd']>[0];

/**
 * A span processor to add to your own tracer provider
 * (`new NodeSDK({ spanProcessors: [lightningSpanProcessor()] })`). Spans
 * started inside a trace context of an `OtelTracer` are written to that
 * rollout; spans started outside are dropped (not sent to any rollout).
 * Shutting your provider down does not shut the `OtelTracer` down.
 */
export function lightningSpanProcessor(): SpanProcessorLike {
  const owners = new WeakMap<object, LightningSpanProcessor>();
  return {
    onStart(span, parentContext) {
      const active = getActiveTracer();
      if (!(active instanceof OtelTracer)) return;
      if (active.processor.captureOf(parentContext) === null) return;
      owners.set(span, active.processor);
      active.processor.onStart(span as StartedSpan, parentContext);
    },
    onEnd(span) {
      const owner = owners.get(span);
      if (owner === undefined) return;
      owners.delete(span);
      owner.onEnd(span as unknown as EndedSpan);
    },
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
}
