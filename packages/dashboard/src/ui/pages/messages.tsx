import { useState } from 'preact/hooks';
import { maskString } from '../../core/mask';
import type { ChatMessage, ConversationTurn, LlmCall } from '../../core/messages';

const ROLE_LABELS: Record<string, string> = {
  system: 'System',
  user: 'User',
  assistant: 'Assistant',
  tool: 'Tool',
};

/** One message as text: whitespace kept, never interpreted as HTML; long ones folded. */
function MessageBlock(props: { message: ChatMessage }) {
  const m = props.message;
  const isSystem = m.role === 'system';
  const [open, setOpen] = useState(!isSystem);
  const [all, setAll] = useState(false);
  const content = maskString(m.content);
  const lines = content.split('\n');
  let shown = content;
  if (!open) shown = lines.slice(0, 3).join('\n');
  else if (!all && content.length > 20_000) shown = content.slice(0, 20_000);
  return (
    <div class={`message role-${m.role}`}>
      <div class="message-head">
        <strong>{ROLE_LABELS[m.role] ?? m.role}</strong>
        {m.toolCallId && <span class="muted small"> ← result of {m.toolCallId}</span>}
        {m.finishReason && <span class="muted small"> · finish: {m.finishReason}</span>}
        {isSystem && (
          <button type="button" class="link-button" onClick={() => setOpen(!open)}>
            {open ? 'Collapse' : 'Expand'}
          </button>
        )}
      </div>
      {content !== '' && <pre class="message-text">{shown}</pre>}
      {open && !all && content.length > 20_000 && (
        <button type="button" class="link-button" onClick={() => setAll(true)}>
          Show all ({content.length.toLocaleString('en-US')} characters)
        </button>
      )}
      {m.toolCalls.map((call, i) => (
        <pre key={i} class="tool-call">
          → {call.name}({maskString(call.arguments)})
        </pre>
      ))}
    </div>
  );
}

export function LlmCallView(props: {
  call: LlmCall;
  sameAs?: string | undefined;
  onSpan?: (id: string) => void;
}) {
  const c = props.call;
  const params = Object.entries(c.parameters)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
  return (
    <div class="llm-call">
      <p class="llm-head">
        <strong>{c.model ?? 'unknown model'}</strong>
        {params && <span class="muted"> · {params}</span>}
        {(c.inputTokens !== null || c.outputTokens !== null) && (
          <span>
            {' '}
            · {c.inputTokens ?? '?'} → {c.outputTokens ?? '?'} tokens
          </span>
        )}
        {c.responseId && <span class="muted mono"> · {c.responseId}</span>}
      </p>
      {c.promptTokenIds !== null || c.responseTokenIds !== null ? (
        <p class="muted small">
          prompt token ids: {c.promptTokenIds ?? 0} · response token ids: {c.responseTokenIds ?? 0}
        </p>
      ) : (
        <p class="notice warn small">No token ids on this LLM call</p>
      )}
      {props.sameAs && (
        <p class="muted small">
          Same response as span{' '}
          <button
            type="button"
            class="link-button mono"
            onClick={() => props.onSpan?.(props.sameAs as string)}
          >
            {props.sameAs}
          </button>
        </p>
      )}
      {c.prompt.length === 0 && c.completion.length === 0 ? (
        <p>No messages found in the known attributes (see the Attributes tab).</p>
      ) : (
        <>
          {c.prompt.map((m, i) => (
            <MessageBlock key={`p${i}`} message={m} />
          ))}
          <div class="separator" role="separator">
            Response
          </div>
          {c.completion.map((m, i) => (
            <MessageBlock key={`c${i}`} message={m} />
          ))}
        </>
      )}
    </div>
  );
}

export function ConversationView(props: {
  turns: (ConversationTurn & { title: string })[];
  onSpan: (id: string) => void;
}) {
  if (props.turns.length === 0) return <p>No LLM calls in this attempt.</p>;
  return (
    <div class="conversation">
      {props.turns.map((turn) => (
        <section key={turn.spanId} class="turn">
          <h3>
            <button type="button" class="link-button" onClick={() => props.onSpan(turn.spanId)}>
              {turn.title}
            </button>
          </h3>
          {turn.items.map((item, i) =>
            item.kind === 'earlier' ? (
              <p key={i} class="muted small">
                … {item.count} earlier message{item.count === 1 ? '' : 's'}
              </p>
            ) : (
              <div key={i}>
                {item.response && <div class="separator">Response</div>}
                <MessageBlock message={item.message} />
              </div>
            ),
          )}
        </section>
      ))}
    </div>
  );
}
