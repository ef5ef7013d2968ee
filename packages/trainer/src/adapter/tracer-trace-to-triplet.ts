import type { OtelSpanLike } from '@agl/store-core';
import { otelSpanToSpan } from '@agl/store-core';
import type { Span } from '@agl/types';
import { TraceToTripletBase } from './base';
import { repairHierarchy } from './repair';
import type { RewardMatchPolicy } from './reward-match';
import { TraceTree } from './trace-tree';
import { DEFAULT_LLM_CALL_MATCH, toTrajectory } from './trajectory';
import type { Triplet } from './triplet';

/** Options of `TracerTraceToTriplet` (reference defaults). */
export interface TracerTraceToTripletOptions {
  /** Move LLM spans under the agent span enclosing them in time (default true). */
  repairHierarchy?: boolean;
  /** Pattern of LLM span names, JS regex syntax, searched (default `DEFAULT_LLM_CALL_MATCH`; `PYTHON_LLM_CALL_MATCH` for strict parity). */
  llmCallMatch?: string | RegExp;
  /** Pattern of agent names to keep; `null` (default) = all. */
  agentMatch?: string | RegExp | null;
  /** Skip LLM calls below reward spans (default true). */
  excludeLlmCallInReward?: boolean;
  /** `first_occurrence` (default) or `first_sibling`. */
  rewardMatch?: RewardMatchPolicy;
  /**
   * How much earlier than a call's end a reward may start and still be
   * credited to it (default 0, the reference's rule; see `toTrajectory`).
   */
  rewardClockToleranceSeconds?: number;
  /** Internal: drop LLM calls without token ids (default false). */
  skipEmptyTokenSpans?: boolean;
}

function isOtelSpan(span: Span | OtelSpanLike): span is OtelSpanLike {
  return typeof (span as OtelSpanLike).spanContext === 'function';
}

/**
 * Turns the spans of one attempt into triplets: builds the
 * span tree, repairs it, finds the LLM calls and credits rewards.
 *
 * @example new TracerTraceToTriplet({agentMatch: 'planner'}).adapt(spans)
 */
export class TracerTraceToTriplet extends TraceToTripletBase {
  /** The effective options. */
  readonly options: Required<Omit<TracerTraceToTripletOptions, 'agentMatch'>> & {
    agentMatch: string | RegExp | null;
  };

  /** @param options - see `TracerTraceToTripletOptions` */
  constructor(options: TracerTraceToTripletOptions = {}) {
    super();
    this.options = {
      repairHierarchy: options.repairHierarchy ?? true,
      llmCallMatch: options.llmCallMatch ?? DEFAULT_LLM_CALL_MATCH,
      agentMatch: options.agentMatch ?? null,
      excludeLlmCallInReward: options.excludeLlmCallInReward ?? true,
      rewardMatch: options.rewardMatch ?? 'first_occurrence',
      rewardClockToleranceSeconds: options.rewardClockToleranceSeconds ?? 0,
      skipEmptyTokenSpans: options.skipEmptyTokenSpans ?? false,
    };
  }

  /**
   * Converts stored spans (or OpenTelemetry spans, stamped `dummy`) into triplets.
   *
   * @throws InvalidArgumentError "No spans provided to create TraceTree." for an empty list
   */
  override adapt(spans: readonly (Span | OtelSpanLike)[]): Triplet[] {
    const tree = this.toTree(spans);
    return toTrajectory(tree, { ...this.options, dedupLlmCall: true });
  }

  /** Builds (and, when enabled, repairs) the span tree. */
  toTree(spans: readonly (Span | OtelSpanLike)[]): TraceTree {
    const normalised = spans.map((span) =>
      isOtelSpan(span)
        ? otelSpanToSpan(span, { rolloutId: 'dummy', attemptId: 'dummy', sequenceId: 0 })
        : span,
    );
    const tree = TraceTree.fromSpans(normalised);
    if (this.options.repairHierarchy) repairHierarchy(tree);
    return tree;
  }
}
