/**
 * The agent of the temperature demo: asks an OpenAI-compatible endpoint an
 * addition question through the official `openai` client, records the call
 * as one `openai.chat.completion` span (`traceChatCompletion`), and emits a
 * reward of 1 or 0. It returns nothing: the spans are the result.
 *
 * @module
 */
import { emitReward, type LLM, llmRollout, traceChatCompletion } from '@agl/trainer';
import OpenAI from 'openai';
import { type AdditionTask, isCorrect, questionOf } from './tasks';

/** Where the agent sends its requests. */
export interface ClientSettings {
  /** Base URL of the OpenAI-compatible API (ends in `/v1`). */
  baseURL: string;
  /** API key (the fake server accepts any). */
  apiKey: string;
  /** Model name. */
  model: string;
}

/**
 * The endpoint to call: the `LLM` resource the algorithm published, unless
 * `OPENAI_BASE_URL` / `OPENAI_API_KEY` / `OPENAI_MODEL` are set (a real endpoint).
 *
 * @param llm - the LLM resource of the rollout
 * @param env - the environment
 */
export function clientSettings(
  llm: LLM,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ClientSettings {
  return {
    baseURL: env.OPENAI_BASE_URL || llm.endpoint,
    apiKey: env.OPENAI_API_KEY || llm.api_key || 'not-needed-offline',
    model: env.OPENAI_MODEL || llm.model,
  };
}

/** The agent: `main_llm` resource in, reward span out. */
export const additionAgent = llmRollout<AdditionTask>(async (task, llm) => {
  const settings = clientSettings(llm);
  const client = new OpenAI({ baseURL: settings.baseURL, apiKey: settings.apiKey });
  const temperature = llm.sampling_parameters.temperature;
  const request = {
    model: settings.model,
    messages: [
      { role: 'system' as const, content: 'Answer with the number only.' },
      { role: 'user' as const, content: questionOf(task) },
    ],
    ...(typeof temperature === 'number' ? { temperature } : {}),
  };
  const response = await traceChatCompletion(request, (r) => client.chat.completions.create(r));
  const reply = response.choices[0]?.message.content ?? '';
  emitReward(isCorrect(reply, task) ? 1 : 0);
});
