/**
 * Span processors shared by an `OtelTracer` and its clones: each tracer's
 * provider holds a lease, and the user's processor is shut down only when the
 * last lease is released (earlier releases only flush it).
 *
 * @module
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span as SdkSpan, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * A user span processor shared by several tracer providers. `lease()` gives
 * each provider its own handle; shutting a handle down flushes the processor,
 * and the last handle to shut down shuts the processor down for real.
 */
export class SharedSpanProcessor {
  #leases = 0;

  /** @param inner - the user's processor */
  constructor(readonly inner: SpanProcessor) {}

  /** How many handles are currently open. */
  get leases(): number {
    return this.#leases;
  }

  /** A handle for one provider; its `shutdown()` releases the lease (once). */
  lease(): SpanProcessor {
    this.#leases += 1;
    let released = false;
    return {
      onStart: (span: SdkSpan, parentContext: Context) => this.inner.onStart(span, parentContext),
      onEnd: (span: ReadableSpan) => this.inner.onEnd(span),
      forceFlush: () => this.inner.forceFlush(),
      shutdown: async () => {
        if (released) return;
        released = true;
        this.#leases -= 1;
        if (this.#leases === 0) await this.inner.shutdown();
        else await this.inner.forceFlush();
      },
    };
  }
}

const registry = new WeakMap<SpanProcessor, SharedSpanProcessor>();

/**
 * The one `SharedSpanProcessor` of a user processor (created on first use),
 * so every tracer given the same processor object shares its leases.
 *
 * @param processor - the user's processor
 */
export function sharedSpanProcessor(processor: SpanProcessor): SharedSpanProcessor {
  let shared = registry.get(processor);
  if (shared === undefined) {
    shared = new SharedSpanProcessor(processor);
    registry.set(processor, shared);
  }
  return shared;
}
