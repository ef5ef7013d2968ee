/**
 * Copies the message content that GenAI instrumentations emit as OpenTelemetry
 * log records onto the LLM span they belong to, in the reference layout
 * (`gen_ai.prompt.<i>.*`, `gen_ai.completion.<i>.*`), so the content reaches
 * the store with the span. The OpenTelemetry OpenAI instrumentation sends
 * content only as log records; a tracer provider alone never sees it.
 *
 * @module
 */
import {
  type AnyValue,
  context,
  type Logger,
  type LoggerProvider,
  type LogRecord,
  type Span,
  trace,
} from '@opentelemetry/api';

type AnyValueMap = { [key: string]: AnyValue };

const ROLE_OF_EVENT: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

function asMap(value: AnyValue | undefined): AnyValueMap {
  return typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
    ? (value as AnyValueMap)
    : {};
}

function text(value: AnyValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function toolCallAttributes(prefix: string, calls: AnyValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(calls)) return out;
  calls.forEach((call, j) => {
    const c = asMap(call);
    const fn = asMap(c.function);
    const entries: [string, string | undefined][] = [
      ['id', text(c.id)],
      ['name', text(fn.name)],
      ['arguments', text(fn.arguments)],
    ];
    for (const [key, value] of entries) {
      if (value !== undefined) out[`${prefix}.tool_calls.${j}.${key}`] = value;
    }
  });
  return out;
}

function messageAttributes(
  prefix: string,
  role: string,
  body: AnyValueMap,
): Record<string, string> {
  const out: Record<string, string> = { [`${prefix}.role`]: role };
  const content = text(body.content);
  if (content !== undefined) out[`${prefix}.content`] = content;
  if (role === 'tool' && body.id !== undefined) out[`${prefix}.tool_call_id`] = String(body.id);
  return { ...out, ...toolCallAttributes(prefix, body.tool_calls) };
}

/** Writes one GenAI log record onto its span; returns nothing, never throws. */
class EnrichingLogger implements Logger {
  constructor(private readonly promptCounts: WeakMap<Span, number>) {}

  enabled(): boolean {
    return true;
  }

  emit(record: LogRecord): void {
    const span = trace.getSpan(record.context ?? context.active());
    if (span === undefined || !span.isRecording()) return;
    const event = record.eventName ?? record.attributes?.['event.name'];
    if (typeof event !== 'string') return;
    const body = asMap(record.body);
    const role = ROLE_OF_EVENT[event];
    if (role !== undefined) {
      const index = this.promptCounts.get(span) ?? 0;
      this.promptCounts.set(span, index + 1);
      span.setAttributes(messageAttributes(`gen_ai.prompt.${index}`, role, body));
    } else if (event === 'gen_ai.choice') {
      const index = typeof body.index === 'number' ? body.index : 0;
      const prefix = `gen_ai.completion.${index}`;
      const finish = text(body.finish_reason);
      span.setAttributes({
        ...messageAttributes(prefix, 'assistant', asMap(body.message)),
        ...(finish === undefined ? {} : { [`${prefix}.finish_reason`]: finish }),
      });
    } else if (event === 'gen_ai.client.inference.operation.details') {
      for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages']) {
        const value = record.attributes?.[key];
        if (value !== undefined) span.setAttribute(key, text(value as AnyValue) as string);
      }
    }
  }
}

/**
 * A `LoggerProvider` to give a GenAI instrumentation
 * (`instrumentation.setLoggerProvider(genAiLogEnricher())`): each content log
 * record (`gen_ai.{system,user,assistant,tool}.message`, `gen_ai.choice`,
 * `gen_ai.client.inference.operation.details`) is written onto the still
 * recording LLM span it was emitted for. Records without a recording span
 * are ignored.
 */
export function genAiLogEnricher(): LoggerProvider {
  const logger = new EnrichingLogger(new WeakMap());
  return { getLogger: () => logger };
}
