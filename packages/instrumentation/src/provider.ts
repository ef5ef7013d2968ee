/**
 * The lightning tracer provider: one `TracerProvider` to hand to third-party
 * instrumentation at start-up. Its tracers decide at each `startSpan` which
 * trace context the span belongs to, so one provider serves every worker and
 * every rollout without touching the process-wide global provider.
 *
 * @module
 */
import { getActiveTracer, OtelTracer } from '@agl/trainer';
import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';

/** Attribute set on a span the library left open when its rollout ended (e.g. an abandoned stream). */
export const ABANDONED_ATTRIBUTE = 'agentlightning.span.abandoned';

/** The active `OtelTracer`, or `null` outside any trace context. */
function activeOtelTracer(): OtelTracer | null {
  const active = getActiveTracer();
  return active instanceof OtelTracer ? active : null;
}

/**
 * Starts a span in the active rollout, and ends it when the rollout ends if
 * the library has not: a library that ends its span only once a stream is
 * read to the end would otherwise lose the call when the reader stops early.
 */
function startInRollout(
  active: OtelTracer,
  scope: string,
  version: string | undefined,
  name: string,
  options: SpanOptions | undefined,
  parent: Context,
): Span | null {
  let tracer: Tracer;
  try {
    tracer = active.getScopedOtelTracer(scope, version);
  } catch {
    return null;
  }
  const span = tracer.startSpan(name, options, parent);
  active.processor.captureOf(parent)?.beforeClose(() => {
    if (!span.isRecording()) return;
    span.setAttribute(ABANDONED_ATTRIBUTE, true);
    span.end();
  });
  return span;
}

type ActiveSpanFn<F> = (span: Span) => F;

class LightningTracer implements Tracer {
  constructor(
    private readonly scope: string,
    private readonly version: string | undefined,
  ) {}

  startSpan(name: string, options?: SpanOptions, parent?: Context): Span {
    const active = activeOtelTracer();
    const span =
      active === null
        ? null
        : startInRollout(
            active,
            this.scope,
            this.version,
            name,
            options,
            parent ?? context.active(),
          );
    // Outside a rollout the span records nothing and is never stored.
    return span ?? trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  }

  startActiveSpan<F extends ActiveSpanFn<ReturnType<F>>>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends ActiveSpanFn<ReturnType<F>>>(
    name: string,
    options: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends ActiveSpanFn<ReturnType<F>>>(
    name: string,
    options: SpanOptions,
    parent: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends ActiveSpanFn<ReturnType<F>>>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : undefined;
    const parent = rest.length > 2 ? (rest[1] as Context) : context.active();
    const span = this.startSpan(name, options, parent);
    return context.with(trace.setSpan(parent, span), fn, undefined, span);
  }
}

class LightningTracerProvider implements TracerProvider {
  private readonly tracers = new Map<string, Tracer>();

  getTracer(name: string, version?: string): Tracer {
    const key = `${name}@${version ?? ''}`;
    let tracer = this.tracers.get(key);
    if (tracer === undefined) {
      tracer = new LightningTracer(name, version);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }
}

const PROVIDER = new LightningTracerProvider();

/**
 * The process-wide lightning tracer provider. Give it once to an
 * instrumentation (`instrumentation.setTracerProvider(lightningTracerProvider())`,
 * `new OpenTelemetry({ tracer: lightningTracerProvider().getTracer('gen_ai') })`):
 * spans started inside a rollout's trace context go to that rollout's
 * `OtelTracer` (whichever worker runs it); spans started anywhere else are
 * non-recording and never stored. A span still open when its rollout ends
 * (a stream the agent stopped reading) is ended then, marked with
 * `agentlightning.span.abandoned`.
 */
export function lightningTracerProvider(): TracerProvider {
  return PROVIDER;
}
