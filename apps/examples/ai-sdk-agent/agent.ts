/**
 * A weather agent written with the Vercel AI SDK: `generateText` with a
 * `weather` tool, up to three steps. One line at start-up
 * (`registerAglTelemetry()`) records every model call of every rollout; the
 * provider's metadata extractor adds the token ids.
 *
 * @module
 */
import { aglTokenIdsMetadataExtractor, registerAglTelemetry } from '@agl/instrumentation/ai-sdk';
import { emitReward, llmRollout } from '@agl/trainer';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, stepCountIs, tool } from 'ai';
import { z } from 'zod';
import { isRight, questionOf, type WeatherTask, weatherOf } from '../shared/model-search';

registerAglTelemetry();

/** The agent: the `LLM` resource in, a reward out. */
export const weatherAgent = llmRollout<WeatherTask>(async (task, llm) => {
  const provider = createOpenAICompatible({
    name: 'vllm',
    baseURL: llm.endpoint,
    metadataExtractor: aglTokenIdsMetadataExtractor,
  });
  const { text } = await generateText({
    model: provider.chatModel(llm.model),
    system: 'You answer weather questions.',
    prompt: questionOf(task),
    tools: {
      weather: tool({
        description: 'Current weather of a city',
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => weatherOf(city),
      }),
    },
    stopWhen: stepCountIs(3),
    providerOptions: { vllm: { return_token_ids: true } },
  });
  emitReward(isRight(text, task) ? 1 : 0);
});
