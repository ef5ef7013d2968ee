import { isLlmCallSpan } from './llm-call-match';
import { responseIdOf } from './span-to-triplet';
import type { TraceNode } from './trace-node';

/** Options of `findLlmCalls`. */
export interface FindLlmCallsOptions {
  /** Pattern an LLM span's name must contain (searched, unanchored; see `isLlmCallSpan`). */
  llmCallMatch: RegExp;
  /** Pattern an agent name must contain; `null` = every agent. */
  agentMatch: RegExp | null;
  /** Skip LLM calls below a reward span. */
  excludeLlmCallInReward: boolean;
  /** Skip nested duplicate instrumentation and repeated response ids. */
  dedupLlmCall: boolean;
}

/** One LLM call found in the tree. */
export interface LlmCall {
  /** The LLM span's node. */
  node: TraceNode;
  /** The enclosing matching agent (`*` outside any agent when `agentMatch` is null). */
  agentName: string;
}

interface WalkState {
  matchingAgent: string | null;
  withinReward: boolean | 'disabled';
  withinLlmCall: boolean | 'disabled';
}

/**
 * The LLM calls of a tree in pre-order, with the agent each
 * belongs to.
 */
export function findLlmCalls(root: TraceNode, options: FindLlmCallsOptions): LlmCall[] {
  const calls: LlmCall[] = [];
  const seen = new Set<string>();
  const walk = (node: TraceNode, state: WalkState): void => {
    const next = { ...state };
    if (
      state.matchingAgent !== null &&
      state.withinReward !== true &&
      isLlmCallSpan(node.span, options.llmCallMatch)
    ) {
      const id = responseIdOf(node.span);
      const nestedDuplicate = id === null && state.withinLlmCall === true;
      const repeated = options.dedupLlmCall && id !== null && seen.has(id);
      if (!nestedDuplicate && !repeated) {
        calls.push({ node, agentName: state.matchingAgent });
        if (id !== null) seen.add(id);
        if (next.withinLlmCall !== 'disabled') next.withinLlmCall = true;
      }
    }
    const agent = node.agentName();
    if (agent !== null) {
      next.matchingAgent =
        options.agentMatch === null || options.agentMatch.test(agent) ? agent : null;
    }
    if (next.withinReward !== 'disabled' && node.isRewardSpan()) next.withinReward = true;
    for (const child of node.children) walk(child, next);
  };
  walk(root, {
    matchingAgent: options.agentMatch === null ? '*' : null,
    withinReward: options.excludeLlmCallInReward ? false : 'disabled',
    withinLlmCall: options.dedupLlmCall ? false : 'disabled',
  });
  return calls;
}
