import type { TraceNode } from './trace-node';

/** How rewards are credited to LLM calls (reference `RewardMatchPolicy`). */
export type RewardMatchPolicy = 'first_occurrence' | 'first_sibling';

/** The reward policies. */
export const RewardMatchPolicy = {
  /** Each reward goes to the most recent earlier call (by time) without a reward. */
  FIRST_OCCURRENCE: 'first_occurrence',
  /** Each reward goes to the most recent earlier sibling call without a reward. */
  FIRST_SIBLING: 'first_sibling',
} as const;

/**
 * Default of `rewardClockToleranceSeconds`: none. A reward counts for a call
 * only when it starts at or after the call's end, the Python reference's rule,
 * so both adapters credit the same rewards on the same spans. Every span this
 * project writes is stamped by one sub-microsecond clock, so a reward emitted
 * after a call returned always starts at or after that call's end.
 */
export const DEFAULT_REWARD_CLOCK_TOLERANCE_SECONDS = 0;

/**
 * Credits a reward node to the most recent call in `candidates` that ended
 * no later than the reward started (within the clock tolerance) and has no
 * reward yet.
 */
function credit(
  reward: TraceNode,
  value: number,
  candidates: readonly TraceNode[],
  rewards: Map<TraceNode, number>,
  toleranceSeconds: number,
): void {
  const start = reward.start;
  if (start === null) return;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const call = candidates[i] as TraceNode;
    if (call.end === null || call.end - toleranceSeconds > start) continue;
    if (rewards.has(call)) continue;
    rewards.set(call, value);
    return;
  }
}

/**
 * Matches rewards to LLM calls. Only spans recognised by
 * `getRewardValue` count as rewards here.
 *
 * @param root - the tree
 * @param calls - the LLM call nodes that became triplets
 * @param policy - `first_occurrence` (by start time over all nodes) or `first_sibling`
 * @param toleranceSeconds - how much earlier than a call's end a reward may start and still count
 * @returns the reward of each credited call
 */
export function matchRewards(
  root: TraceNode,
  calls: readonly TraceNode[],
  policy: RewardMatchPolicy,
  toleranceSeconds: number = DEFAULT_REWARD_CLOCK_TOLERANCE_SECONDS,
): Map<TraceNode, number> {
  const isCall = new Set(calls);
  const rewards = new Map<TraceNode, number>();
  const visit = (nodes: readonly TraceNode[]): void => {
    const seen: TraceNode[] = [];
    for (const node of nodes) {
      if (isCall.has(node)) seen.push(node);
      const value = node.maybeReward();
      if (value !== null) credit(node, value, seen, rewards, toleranceSeconds);
    }
  };
  if (policy === 'first_sibling') {
    for (const node of root.traverse()) visit(node.children);
  } else {
    const byStart = (n: TraceNode): number => n.start ?? Number.POSITIVE_INFINITY;
    visit([...root.traverse()].sort((a, b) => byStart(a) - byStart(b)));
  }
  return rewards;
}
