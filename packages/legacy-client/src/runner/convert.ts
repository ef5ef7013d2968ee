import type { Logger } from '@agl/store-core';
import { type OtelSpanLike, otelSpanToSpan } from '@agl/store-core';
import { DUMMY_ATTEMPT_ID, findFinalReward, type Tracer } from '@agl/trainer';
import type { JsonObject, Span } from '@agl/types';
import { parseWire } from '../wire/parse';
import { type RolloutLegacy, RolloutLegacySchema } from '../wire/rollout';
import { isRolloutLegacyLike, legacyListKind } from './result-kind';

/** Turns spans into triplets; `TracerTraceToTriplet` from `@agl/trainer` is the usual one. */
export interface LegacyTripletExporter {
  /** Converts the spans of one rollout into triplets (`{prompt, response, reward, metadata}`). */
  adapt(spans: readonly Span[]): readonly unknown[];
}

/** What {@link convertAgentResult} needs besides the return value. */
export interface LegacyConversionContext {
  /** The task's id, written as the result's `rollout_id`. */
  rolloutId: string;
  /** The tracer whose last trace is used when the agent returned no spans. */
  tracer: Pick<Tracer, 'getLastTrace'>;
  /** Builds triplets from the spans. */
  tripletExporter: LegacyTripletExporter;
  /** Where the boolean-reward warning goes. */
  logger: Logger;
}

/** The pieces of a result; `undefined`/`null` both mean "unset", as `None` does in the reference. */
interface Parts {
  base?: RolloutLegacy;
  finalReward?: number | null;
  triplets?: readonly unknown[] | null;
  trace?: JsonObject[] | null;
  traceSpans?: readonly Span[];
}

const toJson = <V>(value: V): V => JSON.parse(JSON.stringify(value)) as V;

function fromList(items: readonly unknown[], rolloutId: string): Parts {
  switch (legacyListKind(items)) {
    case 'empty':
      return { triplets: [], trace: [], traceSpans: [] };
    case 'triplet':
      return { triplets: items };
    case 'otel': {
      const spans = (items as OtelSpanLike[]).map((span, sequenceId) =>
        otelSpanToSpan(span, { rolloutId, attemptId: DUMMY_ATTEMPT_ID, sequenceId }),
      );
      return { traceSpans: spans, trace: spans.map(toJson) };
    }
    case 'span':
      return { traceSpans: items as Span[], trace: items.map(toJson) as JsonObject[] };
    case 'object':
      return { trace: items.map(toJson) as JsonObject[] };
    default:
      return {};
  }
}

function fromReturnValue(result: unknown, ctx: LegacyConversionContext): Parts {
  if (typeof result === 'number') return { finalReward: result };
  if (typeof result === 'boolean') {
    ctx.logger.warn(`Reward is not a number, got: boolean. Using ${result ? 1 : 0}.`);
    return { finalReward: result ? 1 : 0 };
  }
  if (Array.isArray(result)) return fromList(result, ctx.rolloutId);
  if (isRolloutLegacyLike(result)) {
    const base = parseWire(RolloutLegacySchema, result, 'RolloutLegacy');
    return { base, finalReward: base.final_reward, triplets: base.triplets, trace: base.trace };
  }
  return {};
}

function lastTripletReward(triplets: readonly unknown[] | null | undefined): number | null {
  const last = triplets?.[triplets.length - 1] as { reward?: unknown } | undefined;
  if (typeof last?.reward === 'number') return last.reward;
  if (typeof last?.reward === 'boolean') return last.reward ? 1 : 0;
  return null;
}

function spanReward(spans: readonly Span[] | undefined): number | null {
  if (spans === undefined || spans.length === 0) return null;
  try {
    return findFinalReward(spans);
  } catch {
    return null; // malformed reward attributes: leave the reward unset
  }
}

/**
 * Converts what a legacy agent returned into the `RolloutLegacy` to post:
 * a number is the final reward; a list of triplets, spans or
 * plain objects becomes `triplets` or `trace`; a `RolloutLegacy` contributes
 * its reward, triplets and trace. Without spans in the result the tracer's
 * last trace is used, and whenever there are spans the exporter's triplets
 * replace the agent's. The reward falls back to the last triplet's reward,
 * then (TS addition) to the last reward span (`emitReward`).
 *
 * @param result - the agent's return value
 * @param ctx - task id, tracer, exporter and logger
 * @returns the result; a returned `RolloutLegacy` keeps its `task`, `logs` and `metadata`
 * @throws LegacyValidationError when the result is not a valid `RolloutLegacy`
 */
export function convertAgentResult(result: unknown, ctx: LegacyConversionContext): RolloutLegacy {
  const parts = fromReturnValue(result, ctx);
  let { finalReward, triplets, trace, traceSpans } = parts;
  if (trace == null || traceSpans === undefined) {
    const last = ctx.tracer.getLastTrace();
    if (last.length > 0) {
      traceSpans = last;
      trace = last.map(toJson) as JsonObject[];
    }
  }
  if (traceSpans !== undefined && traceSpans.length > 0) {
    triplets = ctx.tripletExporter.adapt(traceSpans);
  }
  if (finalReward == null) finalReward = lastTripletReward(triplets) ?? spanReward(traceSpans);
  const out: Record<string, unknown> = { ...parts.base, rollout_id: ctx.rolloutId };
  if (finalReward != null) out.final_reward = finalReward;
  if (triplets != null) out.triplets = toJson(triplets);
  if (trace != null) out.trace = trace;
  return parseWire(RolloutLegacySchema, out, 'RolloutLegacy');
}
