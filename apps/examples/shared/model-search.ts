/**
 * The algorithm of the weather agent examples: for each candidate model it
 * publishes an `LLM` resource, runs the tasks, reads each rollout's spans
 * from the store, turns them into triplets with `TracerTraceToTriplet`, and
 * scores the model by the mean reward per rollout. The best model wins.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import {
  algo,
  type FunctionalAlgorithm,
  LLM,
  TracerTraceToTriplet,
  type Triplet,
} from '@agl/trainer';

/** One weather question. */
export interface WeatherTask {
  /** The city asked about. */
  city: string;
}

/** The tasks of both examples. */
export const WEATHER_TASKS: readonly WeatherTask[] = [
  { city: 'Paris' },
  { city: 'Oslo' },
  { city: 'Lima' },
];

/** The question of a task. */
export function questionOf(task: WeatherTask): string {
  return `What is the weather in ${task.city}?`;
}

/** The tool both agents use. */
export function weatherOf(city: string): string {
  return city === 'Oslo' ? 'snow' : 'sunny';
}

/** Whether an answer is right for a task. */
export function isRight(answer: string, task: WeatherTask): boolean {
  return answer.includes(task.city) && answer.includes(weatherOf(task.city));
}

/** The score of one model. */
export interface ModelScore {
  /** The model name. */
  model: string;
  /** Mean reward per rollout. */
  meanReward: number;
  /** The triplets of every rollout. */
  triplets: Triplet[];
}

/** Publishes `model`, runs the tasks and collects the triplets. */
async function scoreModel(
  store: LightningStore,
  endpoint: string,
  model: string,
  tasks: readonly WeatherTask[],
): Promise<ModelScore> {
  const version = `model-${model}`;
  await store.updateResources(version, { main_llm: new LLM({ endpoint, model }).toJSON() });
  const queued = await store.enqueueManyRollouts(
    tasks.map((input) => ({ input, mode: 'val' as const, resourcesId: version })),
  );
  const ids = queued.map((r) => r.rollout_id);
  const finished = await store.waitForRollouts(ids, { timeoutSeconds: 120 });
  if (finished.length < ids.length) throw new Error(`${model}: rollouts did not finish in 120 s`);
  const adapter = new TracerTraceToTriplet();
  const triplets: Triplet[] = [];
  for (const rollout of finished) {
    const spans = (await store.querySpans(rollout.rollout_id)).items;
    if (spans.length > 0) triplets.push(...adapter.adapt(spans));
  }
  const total = triplets.reduce((sum, t) => sum + (t.reward ?? 0), 0);
  return { model, meanReward: total / tasks.length, triplets };
}

/**
 * The model search.
 *
 * @param endpoint - the OpenAI-compatible base URL the `LLM` resources point at
 * @param models - candidate model names
 * @param onScore - receives each model's score
 */
export function modelSearch(
  endpoint: string,
  models: readonly string[],
  onScore: (score: ModelScore) => void,
): FunctionalAlgorithm<WeatherTask> {
  return algo<WeatherTask>(async ({ store, valDataset }) => {
    const tasks = Array.from({ length: valDataset?.length ?? 0 }, (_, i) => valDataset?.[i]);
    for (const model of models) {
      onScore(await scoreModel(store, endpoint, model, tasks as WeatherTask[]));
    }
  });
}
