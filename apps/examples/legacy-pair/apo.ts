/**
 * The server side of the legacy pair (the algorithm): publishes each
 * candidate system prompt as a resources snapshot, queues every question
 * under it, collects the results the client agent posts, and keeps the
 * prompt with the best mean reward.
 *
 * @module
 */
import type { AgentLightningServer, RolloutLegacy } from '@agl/legacy-client';
import type { QaTask } from './fake-model';

/** The system prompts the server proposes. */
export const CANDIDATE_PROMPTS: readonly string[] = [
  'You are a helpful assistant.',
  'You are a pirate. Stay in character.',
  'You are a precise assistant. Answer with one word.',
];

/** The evaluation of one prompt. */
export interface PromptScore {
  /** The system prompt. */
  prompt: string;
  /** The resources id it was published under. */
  resourcesId: string;
  /** Mean `final_reward` of its results. */
  meanReward: number;
  /** The results retrieved for it. */
  results: RolloutLegacy[];
}

/**
 * Runs the evaluation on a started server.
 *
 * @param server - a started `AgentLightningServer`
 * @param tasks - the questions
 * @param options - candidates (default `CANDIDATE_PROMPTS`) and the per-result timeout in seconds (default 60)
 * @returns one score per candidate, in order
 * @throws Error when a result does not arrive in time (is a client agent running?)
 */
export async function evaluatePrompts(
  server: AgentLightningServer,
  tasks: readonly QaTask[],
  options: { candidates?: readonly string[]; timeoutSeconds?: number } = {},
): Promise<PromptScore[]> {
  const queued: { prompt: string; resourcesId: string; ids: string[] }[] = [];
  for (const prompt of options.candidates ?? CANDIDATE_PROMPTS) {
    const resourcesId = await server.updateResources({
      system_prompt: { resource_type: 'prompt_template', template: prompt, engine: 'f-string' },
    });
    const ids = [];
    for (const task of tasks)
      ids.push(await server.queueTask(task, { mode: 'train', resourcesId }));
    queued.push({ prompt, resourcesId, ids });
  }
  const scores: PromptScore[] = [];
  for (const { prompt, resourcesId, ids } of queued) {
    const results: RolloutLegacy[] = [];
    for (const id of ids) {
      const result = await server.pollCompletedRollout(id, {
        timeoutSeconds: options.timeoutSeconds ?? 60,
      });
      if (result === null)
        throw new Error(`No result for ${id}; is a client agent polling ${server.endpoint}?`);
      results.push(result);
    }
    const total = results.reduce((sum, r) => sum + (r.final_reward ?? 0), 0);
    scores.push({ prompt, resourcesId, meanReward: total / ids.length, results });
  }
  return scores;
}
