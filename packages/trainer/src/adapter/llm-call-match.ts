/**
 * Which spans are LLM calls. The Python reference recognises only its own
 * instrumentation's span name; the TypeScript libraries name their LLM-call
 * spans differently, so the default pattern also recognises those (see
 * spec/DECISIONS.md), and the reference pattern stays available for strict parity.
 *
 * @module
 */
import type { Span } from '@agl/types';

/** The reference's pattern: only `openai.chat.completion` spans are LLM calls. */
export const PYTHON_LLM_CALL_MATCH = 'openai\\.chat\\.completion';

/**
 * The default pattern: the reference's (unanchored), the Vercel AI SDK's
 * per-step spans (never its `ai.generateText` / `ai.streamText` wrappers,
 * which repeat the last step), the OpenTelemetry GenAI `chat <model>` family
 * and the legacy OpenLLMetry names.
 */
export const KNOWN_LLM_CALL_MATCH =
  'openai\\.chat\\.completion' +
  '|^ai\\.(?:generateText\\.doGenerate|streamText\\.doStream|generateObject\\.doGenerate|streamObject\\.doStream)$' +
  '|^(?:chat|text_completion|generate_content) \\S' +
  '|^openai\\.(?:chat|completion)$';

/** The GenAI-convention names that are only calls when `gen_ai.operation.name` says so. */
const GENERIC_GENAI_NAME = /^(?:chat|text_completion|generate_content) /;

/**
 * Whether a span is an LLM call: its name contains a match of `pattern`.
 * With the default pattern (`KNOWN_LLM_CALL_MATCH`), a GenAI-style name
 * (`chat …`, `text_completion …`, `generate_content …`) must also carry
 * `gen_ai.operation.name`, so that an application span called "chat with
 * bob" is not taken for one; a pattern of the caller's own is taken as is.
 *
 * @param span - the span (name and attributes are read)
 * @param pattern - the LLM-call name pattern (searched, unanchored)
 */
export function isLlmCallSpan(span: Pick<Span, 'name' | 'attributes'>, pattern: RegExp): boolean {
  if (!pattern.test(span.name)) return false;
  if (pattern.source !== KNOWN_LLM_CALL_MATCH || !GENERIC_GENAI_NAME.test(span.name)) return true;
  return typeof span.attributes['gen_ai.operation.name'] === 'string';
}
