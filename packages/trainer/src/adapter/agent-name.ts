import type { Span } from '@agl/types';

/**
 * The agent a span represents, by the first rule that yields a value:
 * `agent.name`; `operation.name` when `agentops.span.kind` is `agent`;
 * `recipient_agent_type`; `langchain.chain.type`; `executor.id`;
 * `agentlightning.operation.input.name` when `type` is `agent`; `lc_name` on
 * `langchain.Chain.*` spans; then `gen_ai.agent.name` (GenAI conventions).
 * `null` when none applies.
 */
export function spanAgentName(span: Pick<Span, 'name' | 'attributes'>): string | null {
  const attrs: Record<string, unknown> = span.attributes;
  const read = (key: string): string | null => {
    const value = attrs[key];
    if (value === undefined || value === null) return null;
    return typeof value === 'string' ? value : String(value);
  };
  return (
    read('agent.name') ??
    (attrs['agentops.span.kind'] === 'agent' ? read('operation.name') : null) ??
    read('recipient_agent_type') ??
    read('langchain.chain.type') ??
    read('executor.id') ??
    (attrs.type === 'agent' ? read('agentlightning.operation.input.name') : null) ??
    (span.name.startsWith('langchain.Chain.') ? read('lc_name') : null) ??
    read('gen_ai.agent.name')
  );
}
