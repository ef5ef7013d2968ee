import { type LightningStore, type OtelSpanLike, otelSpanToSpan } from '@agl/store-core';
import type { Span, StoreCapabilities } from '@agl/types';

/** What one write does: succeed (optionally after a delay), fail, or never settle. */
export type WriteBehaviour = { delayMs?: number } | 'fail' | 'hang';

/**
 * A test double for the two members a tracer uses (`addOtelSpan`,
 * `capabilities`, `otlpTracesEndpoint`); everything else is absent.
 */
export class RecordingStore {
  readonly capabilities: StoreCapabilities;
  /** Every stored span, in the order writes completed. */
  readonly stored: Span[] = [];
  /** Every call, in the order it was received. */
  readonly received: { rolloutId: string; attemptId: string; name: string }[] = [];
  private readonly sequences = new Map<string, number>();
  private calls = 0;

  constructor(
    private readonly behaviour: (call: number) => WriteBehaviour = () => ({}),
    capabilities: StoreCapabilities = {},
    private readonly endpoint = '',
  ) {
    this.capabilities = capabilities;
  }

  async addOtelSpan(
    rolloutId: string,
    attemptId: string,
    otel: OtelSpanLike,
  ): Promise<Span | null> {
    const behaviour = this.behaviour(this.calls++);
    this.received.push({ rolloutId, attemptId, name: otel.name });
    if (behaviour === 'fail') throw new Error('store down');
    if (behaviour === 'hang') return new Promise<never>(() => {});
    if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    const sequenceId = (this.sequences.get(rolloutId) ?? 0) + 1;
    this.sequences.set(rolloutId, sequenceId);
    const span = otelSpanToSpan(otel, { rolloutId, attemptId, sequenceId });
    this.stored.push(span);
    return span;
  }

  otlpTracesEndpoint(): string {
    return this.endpoint;
  }

  asStore(): LightningStore {
    return this as unknown as LightningStore;
  }
}
