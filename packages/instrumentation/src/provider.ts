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

/** The OpenTelemetry tracer of the active `OtelTracer` for a scope, or `null` outside any trace context. */
function activeScopedTracer(name: string, version: string | undefined): Tracer | null {
  const active = getActiveTracer();
  if (!(active instanceof OtelTracer)) return null;
  try {
    return active.getScopedOtelTracer(name, version);
  } catch {
    return null;
  }
}

type ActiveSpanFn<F> = (span: Span) => F;

class LightningTracer implements Tracer {
  constructor(
    private readonly scope: string,
    private readonly version: string | undefined,
  ) {}

  startSpan(name: string, options?: SpanOptions, parent?: Context): Span {
    const target = activeScopedTracer(this.scope, this.version);
    // Outside a rollout the span records nothing and is never stored.
    if (target === null) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    return target.startSpan(name, options, parent ?? context.active());
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
 * non-recording and never stored.
 */
export function lightningTracerProvider(): TracerProvider {
  return PROVIDER;
}
