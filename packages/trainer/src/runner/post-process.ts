/**
 * Turns what an agent returned into stored spans.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import { InvalidArgumentError } from '@agl/store-core';
import type { Span } from '@agl/types';
import { emitReward } from '../emitter';
import { getLogger } from '../logging';
import { OtelTracer } from '../tracer';
import { spanFromCoreFields } from '../tracer/synthetic';
import type { Tracer } from '../tracer/tracer';
import type { SpanCoreFields } from '../tracer/types';
import { classifyElement, describeType } from './classify';

const log = getLogger('agl.runner');

/** Where the spans go. */
export interface PostProcessContext {
  /** The store. */
  store: LightningStore;
  /** The runner's tracer (its last trace is the default result). */
  tracer: Tracer;
  /** The rollout id. */
  rolloutId: string;
  /** The attempt id. */
  attemptId: string;
}

async function writeReward(value: number, ctx: PostProcessContext): Promise<Span[]> {
  const spans = [...ctx.tracer.getLastTrace()];
  const core = emitReward(value, { propagate: false });
  const sequenceId = await ctx.store.getNextSpanSequenceId(ctx.rolloutId, ctx.attemptId);
  await ctx.store.addSpan(
    spanFromCoreFields(core, { rolloutId: ctx.rolloutId, attemptId: ctx.attemptId, sequenceId }),
  );
  // Like the reference, the returned list does not contain the reward span.
  return spans;
}

async function writeList(items: readonly unknown[], ctx: PostProcessContext): Promise<Span[]> {
  const kinds = new Set(items.map(classifyElement));
  if (kinds.size !== 1 || kinds.has('other')) {
    throw new InvalidArgumentError(
      `Invalid raw result type. It's expected to be a list of ReadableSpan or Span, but got: ${describeType(items)}`,
    );
  }
  const [kind] = kinds;
  if (kind === 'otel') {
    if (ctx.tracer instanceof OtelTracer) {
      log.warn(
        'Tracer is already an OpenTelemetry tracer; the returned spans were probably stored already and will be duplicated.',
      );
    }
    const stored: Span[] = [];
    for (const item of items as Parameters<LightningStore['addOtelSpan']>[2][]) {
      const span = await ctx.store.addOtelSpan(ctx.rolloutId, ctx.attemptId, item);
      if (span) stored.push(span);
      else log.error('Failed to add OpenTelemetry span to the store.');
    }
    return stored;
  }
  if (kind === 'span') {
    for (const span of items as Span[]) await ctx.store.addSpan(span);
    return [...(items as Span[])];
  }
  const cores = items as SpanCoreFields[];
  const ids = await ctx.store.getManySpanSequenceIds(
    cores.map(() => [ctx.rolloutId, ctx.attemptId] as const),
  );
  const spans = cores.map((core, i) =>
    spanFromCoreFields(core, {
      rolloutId: ctx.rolloutId,
      attemptId: ctx.attemptId,
      sequenceId: ids[i] ?? 0,
    }),
  );
  await ctx.store.addManySpans(spans);
  return spans;
}

/**
 * Post-processes an agent's return value: nothing → the tracer's last trace;
 * a number (or boolean, with a warning) → one reward span; a list of spans →
 * stored (OpenTelemetry spans converted, store spans re-numbered).
 *
 * @param result - what the agent returned
 * @param ctx - store, tracer and ids
 * @returns the spans of the attempt (without the numeric reward span)
 * @throws InvalidArgumentError for an unsupported value or an invalid list
 */
export async function postProcessResult(result: unknown, ctx: PostProcessContext): Promise<Span[]> {
  if (result === null || result === undefined) return [...ctx.tracer.getLastTrace()];
  if (typeof result === 'boolean') {
    log.warn(`Reward is not a number, got: ${typeof result}. Auto converting to float.`);
    return writeReward(result ? 1.0 : 0.0, ctx);
  }
  if (typeof result === 'number') return writeReward(result, ctx);
  if (Array.isArray(result)) {
    if (result.length === 0) {
      log.warn('The rollout returns an empty list. Please check your rollout implementation.');
      return [];
    }
    return writeList(result, ctx);
  }
  throw new InvalidArgumentError(
    `Invalid raw result type. It's expected to be none, float, or a list of ReadableSpan or Span, but got: ${describeType(result)}`,
    { pythonType: 'TypeError' },
  );
}
