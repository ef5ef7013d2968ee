/**
 * Trains the unchanged agent of `agent.ts` through the LLM gateway: the algorithm registers the
 * model server, publishes the gateway as a `ProxyLLM` resource and enqueues the tasks; runners
 * hand each rollout's bound base URL to the agent; the gateway records every call with its token
 * ids; the algorithm turns the recorded spans into triplets with `TracerTraceToTriplet`.
 *
 * The offline model is the fake vLLM-like server of `@agl/llm-proxy/testing`, started by the
 * algorithm. Its prompt directive `[[say:TEXT]]` makes it answer TEXT, so some tasks are
 * answered right and some wrong.
 *
 * @module
 */
import { LlmProxy } from '@agl/llm-proxy';
import { createFakeUpstream } from '@agl/llm-proxy/testing';
import { algo, llmRollout, TracerTraceToTriplet, Trainer, type Triplet } from '@agl/trainer';
import { type MathTask, solve } from './agent';

/** The tasks: the fake model gets the first two right and the third wrong. */
export const TASKS: MathTask[] = [
  { question: 'What is 2 + 2? [[say:4]]', expected: '4' },
  { question: 'What is 3 + 4? [[say:7]]', expected: '7' },
  { question: 'What is 5 + 5? [[say:11]]', expected: '10' },
];

/** What the algorithm learned from one rollout. */
export interface RolloutReport {
  /** The task's question. */
  question: string;
  /** Triplets built from the gateway's spans. */
  triplets: Triplet[];
}

/** Formats one rollout's triplets as a report line. */
export function formatReport(report: RolloutReport): string {
  const t = report.triplets[0];
  const prompt = (t?.prompt as { token_ids?: number[] } | undefined)?.token_ids ?? [];
  const response = (t?.response as { token_ids?: number[] } | undefined)?.token_ids ?? [];
  return `${report.question.padEnd(28)} triplets=${report.triplets.length} prompt_ids=${prompt.length} response_ids=[${response.join(', ')}] reward=${t?.reward}`;
}

/** The wrapper a runner uses: the rollout's `LLM` resource (bound to its attempt) in, reward out. */
export const agent = llmRollout<MathTask>((task, llm) =>
  solve(task, { baseURL: llm.endpoint, apiKey: llm.api_key ?? 'none', model: llm.model }),
);

/**
 * Runs the training loop to the end and returns one report per task.
 *
 * @param strategy - `shm` (runners in this process) or `cs` (runner processes reach the gateway
 *   and the store over HTTP)
 * @param onReport - receives each report in the algorithm's process
 */
export async function trainThroughGateway(
  strategy: 'shm' | 'cs',
  onReport: (report: RolloutReport) => void = () => {},
): Promise<RolloutReport[]> {
  const reports: RolloutReport[] = [];
  const algorithm = algo<MathTask>(async ({ store, llmProxy, trainDataset }) => {
    const gateway = llmProxy as LlmProxy;
    const model = await createFakeUpstream();
    try {
      // A real algorithm would point this at its vLLM replicas and update it after each weight sync.
      gateway.updateModelList([
        {
          model_name: 'policy',
          litellm_params: { model: 'hosted_vllm/fake/toy-1', api_base: model.url },
        },
      ]);
      const { resources_id } = await store.addResources({ main_llm: gateway.asResource() });
      const tasks = trainDataset ?? [];
      const ids: string[] = [];
      for (let i = 0; i < tasks.length; i++) {
        const rollout = await store.enqueueRollout(tasks[i], {
          mode: 'train',
          resourcesId: resources_id,
        });
        ids.push(rollout.rollout_id);
      }
      await store.waitForRollouts(ids, { timeoutSeconds: 120 });
      const adapter = new TracerTraceToTriplet();
      for (const [i, id] of ids.entries()) {
        const report = {
          question: (tasks[i] as MathTask).question,
          triplets: adapter.adapt((await store.querySpans(id)).items),
        };
        reports.push(report);
        onReport(report);
      }
    } finally {
      await model.close();
    }
  });
  const trainer = new Trainer({
    algorithm,
    llmProxy: new LlmProxy(),
    strategy: strategy === 'shm' ? { type: 'shm', main_thread: 'algorithm' } : { type: 'cs' },
    nRunners: 2,
    runner: { type: 'LitAgentRunner', poll_interval: 0.05 },
    progress: false,
  });
  await trainer.fit(agent, TASKS);
  return reports;
}
