import { isLlmCall } from '../../core/messages';
import { type SpanReward, spanReward } from '../../core/rewards';
import type { WireSpan } from '../../core/wire';

/** What a span is, for styling and navigation. */
function spanKind(
  span: WireSpan | null,
  llm: RegExp,
): 'llm' | 'reward' | 'tool' | 'agent' | 'plain' {
  if (!span) return 'plain';
  if (isLlmCall(span, llm)) return 'llm';
  if (spanReward(span)) return 'reward';
  return otherKind(span);
}

function otherKind(span: WireSpan): 'tool' | 'agent' | 'plain' {
  const a = span.attributes ?? {};
  if (/^(tool|execute_tool)/.test(span.name) || 'tool.name' in a || 'gen_ai.tool.name' in a)
    return 'tool';
  if (span.name === 'agent.run' || 'agentlightning.operation.name' in a || 'agent.name' in a)
    return 'agent';
  return 'plain';
}

/** Kinds and rewards of every span, computed in one pass and shared by the views. */
export interface SpanFacts {
  kinds: Map<string, ReturnType<typeof spanKind>>;
  rewards: Map<string, SpanReward>;
}

/** Classifies spans once (LLM call, reward, tool, agent) and keeps their rewards. */
export function classifySpans(
  spans: readonly WireSpan[],
  llm: RegExp,
  into?: SpanFacts,
): SpanFacts {
  const kinds = into?.kinds ?? new Map<string, ReturnType<typeof spanKind>>();
  const rewards = into?.rewards ?? new Map<string, SpanReward>();
  for (const span of spans) {
    if (isLlmCall(span, llm)) {
      kinds.set(span.span_id, 'llm');
      continue;
    }
    const reward = spanReward(span);
    rewards.delete(span.span_id);
    if (reward) {
      kinds.set(span.span_id, 'reward');
      rewards.set(span.span_id, reward);
      continue;
    }
    kinds.set(span.span_id, otherKind(span));
  }
  return { kinds, rewards };
}
