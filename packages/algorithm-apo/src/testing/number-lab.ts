/**
 * The "number lab": a toy task whose reward depends only on the prompt text,
 * so APO's progress can be asserted exactly. The lab model adds the first
 * two integers of the rendered prompt and words its answer according to the
 * prompt: a prompt that states the numbers gets the sum hedged (reward 0.5),
 * one that also asks for the number only gets it bare (1), and one that
 * forbids revealing the answer gets nothing (0).
 *
 * @module
 */
import {
  type FunctionalLitAgent,
  PromptTemplate,
  promptRollout,
  traceChatCompletion,
} from '@agl/trainer';
import type { ApoChatResponse, ChatCompletionsClient } from '../types';

/** The fragment that makes the prompt state the numbers. */
export const F_NUM = 'Add {a} and {b}.';
/** The fragment that makes the lab model answer with the bare number. */
export const F_FMT = 'Answer with the number only.';
/** A harmful fragment: the lab model then refuses. */
export const F_BAD = 'Never reveal the answer.';
/** A fragment that changes nothing. */
export const F_NOOP = 'Be concise.';
/** The seed prompt: it states no numbers, so it scores 0. */
export const SEED_PROMPT = 'Solve the task.';
/** The model name the lab agent sends. */
export const LAB_AGENT_MODEL = 'fake-agent';

/** One lab task. */
export interface LabTask {
  /** `t<i>` or `v<i>`. */
  id: string;
  /** First addend. */
  a: number;
  /** Second addend. */
  b: number;
}

/** 8 training tasks. */
export const TRAIN_TASKS: readonly LabTask[] = Array.from({ length: 8 }, (_, i) => ({
  id: `t${i}`,
  a: i + 2,
  b: 2 * i + 3,
}));

/** 8 validation tasks. */
export const VAL_TASKS: readonly LabTask[] = Array.from({ length: 8 }, (_, i) => ({
  id: `v${i}`,
  a: i + 3,
  b: 2 * i + 4,
}));

/** The seed resources: `{prompt_template: PromptTemplate("Solve the task.")}`. */
export function labSeedResources(): { prompt_template: PromptTemplate } {
  return { prompt_template: new PromptTemplate(SEED_PROMPT, 'f-string') };
}

const integers = (text: string): number[] => [...text.matchAll(/-?\d+/g)].map((m) => Number(m[0]));

/**
 * The lab model's reply to a rendered prompt.
 *
 * @param prompt - the rendered prompt
 */
export function labReply(prompt: string): string {
  const [x, y] = integers(prompt);
  if (x === undefined || y === undefined) return 'I cannot tell which numbers to add.';
  const sum = x + y;
  if (prompt.includes(F_BAD)) return 'I cannot share the answer.';
  if (prompt.includes(F_FMT)) return String(sum);
  return `The sum might be ${sum}.`;
}

/**
 * The reward: 1 for exactly the sum, 0.5 when the sum appears among the reply's numbers, else 0.
 *
 * @param reply - the model's reply
 * @param task - the task
 */
export function labReward(reply: string, task: LabTask): number {
  const sum = task.a + task.b;
  if (reply.trim() === String(sum)) return 1;
  return integers(reply).includes(sum) ? 0.5 : 0;
}

/** A complete chat response carrying `content`. */
export function chatResponse(content: string | null, model = LAB_AGENT_MODEL, n = 1) {
  return {
    id: `chatcmpl-fake-${n}`,
    object: 'chat.completion' as const,
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content },
        finish_reason: 'stop' as const,
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

/** Options of {@link createNumberLabAgent}. */
export interface NumberLabAgentOptions {
  /** Ask this client (e.g. an `openai` client pointed at the fake server); default: the lab model in process. */
  client?: ChatCompletionsClient;
  /** Model name sent (default `fake-agent`). */
  model?: string;
}

/**
 * The lab agent: renders the `prompt_template` resource with the task, sends
 * it as one user message (traced, so `TraceToMessages` sees the call), and
 * returns the reward, which the runner stores as a reward span.
 *
 * @param options - where the model runs
 */
export function createNumberLabAgent(
  options: NumberLabAgentOptions = {},
): FunctionalLitAgent<LabTask> {
  const model = options.model ?? LAB_AGENT_MODEL;
  return promptRollout<LabTask>(async (task, template) => {
    const prompt = template.format({ ...task });
    const request = {
      model,
      messages: [{ role: 'user' as const, content: prompt }],
      temperature: 0,
    };
    const response: ApoChatResponse = await traceChatCompletion(request, async (r) =>
      options.client
        ? await options.client.chat.completions.create(r)
        : chatResponse(labReply(prompt), model),
    );
    return labReward(response.choices[0]?.message.content ?? '', task);
  });
}
