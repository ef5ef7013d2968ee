/**
 * The client side of the legacy pair (the agent): an ordinary `@agl/trainer`
 * agent — it sends the `system_prompt` template and the question to the fake
 * model as a traced chat call and returns the reward — driven against the
 * legacy server by `fitV0`, which polls tasks, fetches their resources, runs
 * the agent and posts each result (`final_reward`, triplets from the traced
 * call, the trace).
 *
 * @module
 */
import { fitV0 } from '@agl/legacy-client';
import { promptRollout, traceChatCompletion } from '@agl/trainer';
import { fakeChatCompletion, grade, type QaTask } from './fake-model';

/** The agent: the system prompt resource in, the reward out. */
const qaAgent = promptRollout<QaTask>(async (task, promptTemplate) => {
  const request = {
    model: 'fake-chat',
    messages: [
      { role: 'system' as const, content: promptTemplate.template },
      { role: 'user' as const, content: task.question },
    ],
  };
  const response = await traceChatCompletion(request, fakeChatCompletion);
  return grade(response.choices[0]?.message.content ?? '', task.answer);
});

/** Options of `runLegacyAgent`. */
export interface LegacyAgentOptions {
  /** The legacy server, e.g. `http://127.0.0.1:8000`. */
  endpoint: string;
  /** Stops the workers (each finishes and posts its current task first). */
  signal: AbortSignal;
  /** Concurrent runner loops (default 1). */
  nWorkers?: number;
  /** Seconds between polls of an empty queue (default 0.2). */
  pollIntervalSeconds?: number;
}

/**
 * Answers tasks until `signal` aborts.
 *
 * @param options - endpoint, stop signal, workers, poll interval
 * @returns how many results were posted
 */
export async function runLegacyAgent(options: LegacyAgentOptions): Promise<number> {
  const { processed } = await fitV0(qaAgent, options.endpoint, {
    nWorkers: options.nWorkers ?? 1,
    clientOptions: { pollIntervalSeconds: options.pollIntervalSeconds ?? 0.2 },
    signal: options.signal,
  });
  return processed.reduce((sum, n) => sum + n, 0);
}
