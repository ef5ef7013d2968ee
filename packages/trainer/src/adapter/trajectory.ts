import { getLogger } from '../logging';
import { KNOWN_LLM_CALL_MATCH } from './llm-call-match';
import { findLlmCalls } from './llm-calls';
import {
  DEFAULT_REWARD_CLOCK_TOLERANCE_SECONDS,
  matchRewards,
  type RewardMatchPolicy,
} from './reward-match';
import { spanToTriplet } from './span-to-triplet';
import type { TraceNode } from './trace-node';
import type { Triplet, TripletPrompt, TripletResponse } from './triplet';

const log = getLogger('agl.adapter');

/** Options of `toTrajectory`. */
export interface TrajectoryOptions {
  /** Pattern of LLM span names (default `openai\.chat\.completion`). */
  llmCallMatch?: string | RegExp;
  /** Pattern of agent names to keep; `null` (default) = all. */
  agentMatch?: string | RegExp | null;
  /** Skip LLM calls below reward spans (default true). */
  excludeLlmCallInReward?: boolean;
  /** Skip nested duplicates and repeated response ids (default true). */
  dedupLlmCall?: boolean;
  /** Reward policy (default `first_occurrence`). */
  rewardMatch?: RewardMatchPolicy;
  /**
   * How much earlier than a call's end a reward may start and still be
   * credited to it (default 0, the reference's rule). Only for reading spans
   * from writers whose clocks had millisecond steps; a non-zero value credits
   * rewards that a Python reader of the same spans would not.
   */
  rewardClockToleranceSeconds?: number;
  /** When given and there are triplets, overwrites the last triplet's reward. */
  finalReward?: number | null;
  /** Internal: drop calls whose prompt or response token ids are empty (default false). */
  skipEmptyTokenSpans?: boolean;
}

/**
 * The default LLM span pattern: `KNOWN_LLM_CALL_MATCH` (the reference's name
 * plus the TypeScript libraries' LLM-call spans); pass `PYTHON_LLM_CALL_MATCH`
 * for the reference's exact behaviour.
 */
export const DEFAULT_LLM_CALL_MATCH = KNOWN_LLM_CALL_MATCH;

/** A regex for a user pattern (JS syntax; stateful flags removed so `test` is a pure search). */
function toPattern(pattern: string | RegExp): RegExp {
  if (typeof pattern === 'string') return new RegExp(pattern);
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

/**
 * Converts a trace tree into triplets, one per LLM call in walk order, with
 * rewards credited by the chosen policy.
 */
export function toTrajectory(root: TraceNode, options: TrajectoryOptions = {}): Triplet[] {
  const agentMatch = options.agentMatch ?? null;
  const calls = findLlmCalls(root, {
    llmCallMatch: toPattern(options.llmCallMatch ?? DEFAULT_LLM_CALL_MATCH),
    agentMatch: agentMatch === null ? null : toPattern(agentMatch),
    excludeLlmCallInReward: options.excludeLlmCallInReward ?? true,
    dedupLlmCall: options.dedupLlmCall ?? true,
  });
  let kept = calls.map((call) => ({
    node: call.node,
    triplet: spanToTriplet(call.node.span, call.agentName),
  }));
  if (options.skipEmptyTokenSpans) {
    kept = kept.filter(({ node, triplet }) => {
      const empty =
        (triplet.prompt as TripletPrompt).token_ids.length === 0 ||
        (triplet.response as TripletResponse).token_ids.length === 0;
      if (empty)
        log.warn(`Skipping LLM span ${node.span.span_id}: prompt or response token ids are empty.`);
      return !empty;
    });
  }
  const rewards = matchRewards(
    root,
    kept.map((k) => k.node),
    options.rewardMatch ?? 'first_occurrence',
    options.rewardClockToleranceSeconds ?? DEFAULT_REWARD_CLOCK_TOLERANCE_SECONDS,
  );
  const triplets = kept.map(({ node, triplet }) => ({
    ...triplet,
    reward: rewards.get(node) ?? null,
  }));
  const last = triplets[triplets.length - 1];
  if (options.finalReward != null && last !== undefined) last.reward = options.finalReward;
  return triplets;
}
