/**
 * A weather agent written with OpenAI Agents JS: an `Agent` with a `weather`
 * tool on a Chat Completions model. One line at start-up
 * (`registerAgentsTracing()`) mirrors every Agents span into the rollout
 * (and removes the processor that would upload traces to OpenAI); the
 * client's token-id `fetch` adds the token ids.
 *
 * @module
 */
import { createTokenIdFetch } from '@agl/instrumentation';
import { registerAgentsTracing } from '@agl/instrumentation/openai-agents';
import { emitReward, llmRollout } from '@agl/trainer';
import { Agent, OpenAIChatCompletionsModel, Runner, tool } from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';
import { isRight, questionOf, type WeatherTask, weatherOf } from '../shared/model-search';

registerAgentsTracing();

const weather = tool({
  name: 'weather',
  description: 'Current weather of a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => weatherOf(city),
});

/** The agent: the `LLM` resource in, a reward out. */
export const weatherAgent = llmRollout<WeatherTask>(async (task, llm) => {
  const client = new OpenAI({
    baseURL: llm.endpoint,
    apiKey: llm.api_key ?? 'not-needed-offline',
    fetch: createTokenIdFetch(),
  });
  const agent = new Agent({
    name: 'weather-agent',
    instructions: 'You answer weather questions.',
    model: new OpenAIChatCompletionsModel(client, llm.model),
    tools: [weather],
    modelSettings: { providerData: { return_token_ids: true } },
  });
  const result = await new Runner().run(agent, questionOf(task));
  emitReward(isRight(String(result.finalOutput ?? ''), task) ? 1 : 0);
});
