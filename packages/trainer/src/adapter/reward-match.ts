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
 * How much earlier than a call's end a reward may appear to start and still
 * count as after it. OpenTelemetry JS stamps a span's start with `Date.now()`
 * (whole milliseconds) but its end as start plus a sub-millisecond duration,
 * so a reward emitted just after a call ended can carry a start up to 1 ms
 * before that end. The Python reference, with microsecond clocks, compares
 * strictly.
 */
export const REWARD_CLOCK_TOLERANCE_SECONDS = 0.001;

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
): void {
  const start = reward.start;
  if (start === null) return;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const call = candidates[i] as TraceNode;
    if (call.end === null || call.end - REWARD_CLOCK_TOLERANCE_SECONDS > start) continue;
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
 * @returns the reward of each credited call
 */
export function matchRewards(
  root: TraceNode,
  calls: readonly TraceNode[],
  policy: RewardMatchPolicy,
): Map<TraceNode, number> {
  const isCall = new Set(calls);
  const rewards = new Map<TraceNode, number>();
  const visit = (nodes: readonly TraceNode[]): void => {
    const seen: TraceNode[] = [];
    for (const node of nodes) {
      if (isCall.has(node)) seen.push(node);
      const value = node.maybeReward();
      if (value !== null) credit(node, value, seen, rewards);
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
