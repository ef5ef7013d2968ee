/**
 * `LightningSpanProcessor`: the OpenTelemetry span
 * processor that routes every finished span to the capture of the trace
 * context it was started in.
 *
 * @module
 */
import type { Span } from '@agl/types';
import { type Context, createContextKey } from '@opentelemetry/api';
import type { ReadableSpan, Span as SdkSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { TraceCapture, type TraceCaptureOptions } from './capture';
import { alignStartToSpanClock } from './span-time';

const CAPTURE_KEY = createContextKey('agentlightning.trace-capture');

/**
 * Routes finished spans to per-context captures. A span belongs to the
 * capture found in the OpenTelemetry context it was started in; spans started
 * outside any capture go to the most recently opened one (the reference's
 * single buffer), or to a local-only capture when none was ever opened.
 */
export class LightningSpanProcessor implements SpanProcessor {
  private readonly owners = new WeakMap<object, TraceCapture>();
  private readonly open: TraceCapture[] = [];
  private last: TraceCapture | null = null;

  /** Opens a capture; it becomes the "last trace" and resets the buffer `getLastTrace` reads. */
  openCapture(options: TraceCaptureOptions): TraceCapture {
    const capture = new TraceCapture(options);
    this.open.push(capture);
    this.last = capture;
    return capture;
  }

  /** Runs the capture's `beforeClose` callbacks, waits for its writes, then closes it. */
  async closeCapture(capture: TraceCapture): Promise<void> {
    try {
      capture.runBeforeClose();
      await capture.flush();
    } finally {
      capture.close();
      const index = this.open.indexOf(capture);
      if (index >= 0) this.open.splice(index, 1);
    }
  }

  /** A copy of `context` in which new spans belong to `capture`. */
  bind(context: Context, capture: TraceCapture): Context {
    return context.setValue(CAPTURE_KEY, capture);
  }

  /** The capture new spans started in `context` belong to, or `null` outside any trace context. */
  captureOf(context: Context): TraceCapture | null {
    const capture = context.getValue(CAPTURE_KEY);
    return capture instanceof TraceCapture ? capture : null;
  }

  /** The spans of the most recently opened capture. */
  lastSpans(): Span[] {
    return this.last?.spans() ?? [];
  }

  /** Puts the span's times on the span clock and remembers which capture it belongs to. */
  onStart(span: SdkSpan, parentContext: Context): void {
    alignStartToSpanClock(span);
    const capture = parentContext.getValue(CAPTURE_KEY);
    if (capture instanceof TraceCapture) this.owners.set(span, capture);
  }

  /** Hands the finished span to its capture (synchronous; writes run in the background). */
  onEnd(span: ReadableSpan): void {
    const owner = this.owners.get(span);
    if (owner) owner.record(span);
    else this.ambientCapture().record(span, true);
  }

  /** Waits for the pending writes of every capture. */
  async forceFlush(): Promise<void> {
    const captures = new Set([...this.open, ...(this.last ? [this.last] : [])]);
    await Promise.all([...captures].map((capture) => capture.flush()));
  }

  /** Flushes; the processor keeps no other resources. */
  async shutdown(): Promise<void> {
    await this.forceFlush();
  }

  /** Where spans started outside any capture go: the newest open capture, else the last one. */
  private ambientCapture(): TraceCapture {
    const capture = this.open[this.open.length - 1] ?? this.last;
    if (capture) return capture;
    this.last = new TraceCapture({ mode: 'local' });
    return this.last;
  }
}
