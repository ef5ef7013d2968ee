/**
 * `@agl/instrumentation/ai-sdk`: the Vercel AI SDK through its OpenTelemetry
 * integration (`@ai-sdk/otel`), with token ids from a provider metadata
 * extractor or `createTokenIdFetch`.
 *
 * @module
 */

import type { MetadataExtractor } from '@ai-sdk/openai-compatible';
import { OpenTelemetry } from '@ai-sdk/otel';
import { registerTelemetry } from 'ai';
import { lightningTracerProvider } from './provider';

/** Options of `aglTelemetry`. */
export interface AglTelemetryOptions {
  /** Also record `ai.response.providerMetadata` (default true: it carries the extractor's token ids). */
  providerMetadata?: boolean;
}

/**
 * The AI SDK telemetry integration that records into the current rollout:
 * `@ai-sdk/otel`'s `OpenTelemetry` on the lightning tracer provider. Each
 * model call becomes a `chat <model>` span with the prompt and completion as
 * GenAI JSON attributes, which the adapters read.
 *
 * @param options - provider metadata recording
 */
export function aglTelemetry(options: AglTelemetryOptions = {}): OpenTelemetry {
  return new OpenTelemetry({
    tracer: lightningTracerProvider().getTracer('gen_ai'),
    providerMetadata: options.providerMetadata ?? true,
  });
}

/**
 * Registers `aglTelemetry()` as a global AI SDK telemetry integration (one
 * line at start-up). Returns a function that removes it again.
 *
 * @param options - see `aglTelemetry`
 */
export function registerAglTelemetry(options: AglTelemetryOptions = {}): () => void {
  const integration = aglTelemetry(options);
  registerTelemetry(integration);
  return () => {
    const registry = (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] })
      .AI_SDK_TELEMETRY_INTEGRATIONS;
    if (!Array.isArray(registry)) return;
    const at = registry.indexOf(integration);
    if (at >= 0) registry.splice(at, 1);
  };
}

function ids(value: unknown): number[] | null {
  return Array.isArray(value) && value.length > 0 && value.every(Number.isInteger)
    ? (value as number[])
    : null;
}

function firstChoiceIds(chunk: Record<string, unknown>): number[] | null {
  const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
  const first = choices[0] as Record<string, unknown> | undefined;
  return first === undefined ? null : ids(first.token_ids);
}

/**
 * A `metadataExtractor` for `createOpenAICompatible` that puts the vLLM-style
 * token ids of each response (plain or streamed) into the provider metadata
 * under `agl`, where the adapters find them.
 */
export const aglTokenIdsMetadataExtractor: MetadataExtractor = {
  async extractMetadata({ parsedBody }) {
    const body = (parsedBody ?? {}) as Record<string, unknown>;
    return {
      agl: {
        prompt_token_ids: ids(body.prompt_token_ids) ?? [],
        response_token_ids: firstChoiceIds(body) ?? [],
      },
    };
  },
  createStreamExtractor() {
    let prompt: number[] = [];
    const response: number[] = [];
    return {
      processChunk(chunk) {
        const body = (chunk ?? {}) as Record<string, unknown>;
        if (prompt.length === 0) prompt = ids(body.prompt_token_ids) ?? [];
        response.push(...(firstChoiceIds(body) ?? []));
      },
      buildMetadata() {
        return { agl: { prompt_token_ids: prompt, response_token_ids: [...response] } };
      },
    };
  },
};
