/**
 * An existing agent, written without Agent Lightning in mind: it asks an OpenAI-compatible model
 * a question with the official `openai` client and checks the answer. Nothing here records,
 * traces or knows about rollouts; the only input is a base URL.
 *
 * @module
 */
import OpenAI from 'openai';

/** Where the agent sends its requests. */
export interface ModelSettings {
  /** Base URL of the OpenAI-compatible API. */
  baseURL: string;
  /** API key (the gateway accepts any unless it was given a key). */
  apiKey: string;
  /** Model name. */
  model: string;
}

/** One arithmetic task with its expected answer. */
export interface MathTask {
  /** The question asked. */
  question: string;
  /** The answer that earns reward 1. */
  expected: string;
}

/**
 * Asks the model and scores the answer: 1 when it contains the expected number, else 0.
 *
 * @param task - the question and its answer
 * @param model - where to send the request
 */
export async function solve(task: MathTask, model: ModelSettings): Promise<number> {
  const client = new OpenAI({ baseURL: model.baseURL, apiKey: model.apiKey, maxRetries: 2 });
  const answer = await client.chat.completions.create({
    model: model.model,
    messages: [
      { role: 'system', content: 'Answer with the number only.' },
      { role: 'user', content: task.question },
    ],
  });
  const text = answer.choices[0]?.message.content ?? '';
  return text.trim() === task.expected ? 1 : 0;
}
