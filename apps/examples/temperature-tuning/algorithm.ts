/**
 * The algorithm of the temperature demo: for each candidate
 * temperature it publishes an `LLM` resource, runs the validation questions,
 * reads each rollout's spans from the store, turns them into triplets with
 * `TracerTraceToTriplet`, and averages the triplet rewards. The best
 * temperature wins.
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
import type { AdditionTask } from './tasks';

/** The temperatures tried, in order. */
export const TEMPERATURES: readonly number[] = [1.0, 0.7, 0.4, 0.1, 0.0];

/** The score of one temperature. */
export interface TemperatureScore {
  /** The temperature. */
  temperature: number;
  /** Mean triplet reward over the validation questions (a missing reward counts as 0). */
  meanReward: number;
  /** The triplets of every rollout, in rollout order. */
  triplets: Triplet[];
}

/** The outcome of the search. */
export interface TemperatureResult {
  /** One score per temperature, in the order tried. */
  scores: TemperatureScore[];
  /** The chosen temperature (highest mean reward; the first one on ties). */
  best: TemperatureScore;
}

/** The endpoint the published `LLM` resources point at. */
export interface EndpointSettings {
  /** Base URL (ends in `/v1`). */
  endpoint: string;
  /** Model name. */
  model: string;
}

/** Every rollout of a resources version failed: there is nothing to score. */
export class AllRolloutsFailedError extends Error {
  /**
   * @param version - the resources version
   * @param count - how many rollouts failed
   * @param reason - the error of one of them
   */
  constructor(version: string, count: number, reason: string) {
    super(`all ${count} rollouts of ${version} failed; the first one with: ${reason}`);
    this.name = 'AllRolloutsFailedError';
  }
}

/** Runs the questions against one published resources version and adapts the spans. */
async function scoreVersion(
  store: LightningStore,
  version: string,
  tasks: readonly AdditionTask[],
): Promise<Triplet[]> {
  const queued = await store.enqueueManyRollouts(
    tasks.map((input) => ({ input, mode: 'val' as const, resourcesId: version })),
  );
  const ids = queued.map((r) => r.rollout_id);
  const finished = await store.waitForRollouts(ids, { timeoutSeconds: 120 });
  if (finished.length < ids.length) throw new Error(`${version}: rollouts did not finish in 120 s`);
  if (finished.every((rollout) => rollout.status !== 'succeeded')) {
    // A mean over failures would read as "every answer was wrong"; say what went wrong instead.
    const [attempt] = (await store.queryAttempts(ids[0] as string)).items.slice(-1);
    const error = (attempt?.metadata as { error?: { message?: string } } | null)?.error;
    throw new AllRolloutsFailedError(version, ids.length, error?.message ?? 'no error recorded');
  }
  const adapter = new TracerTraceToTriplet();
  const triplets: Triplet[] = [];
  for (const rollout of finished) {
    const spans = (await store.querySpans(rollout.rollout_id)).items;
    if (spans.length > 0) triplets.push(...adapter.adapt(spans));
  }
  return triplets;
}

/**
 * Builds the search.
 *
 * @param endpoint - where the `LLM` resources point
 * @param onResult - receives the result (in the algorithm's process)
 * @param onScore - receives each temperature's score as soon as it is known
 */
export function temperatureSearch(
  endpoint: EndpointSettings,
  onResult: (result: TemperatureResult) => void,
  onScore?: (score: TemperatureScore) => void,
): FunctionalAlgorithm<AdditionTask> {
  return algo<AdditionTask>(async ({ store, valDataset }) => {
    const tasks = Array.from({ length: valDataset?.length ?? 0 }, (_, i) => valDataset?.[i]);
    if (tasks.length === 0) throw new Error('The search needs a validation dataset.');
    const scores: TemperatureScore[] = [];
    for (const temperature of TEMPERATURES) {
      const version = `temperature-${temperature}`;
      const llm = new LLM({ ...endpoint, samplingParameters: { temperature } });
      await store.updateResources(version, { main_llm: llm.toJSON() });
      const triplets = await scoreVersion(store, version, tasks as AdditionTask[]);
      const total = triplets.reduce((sum, t) => sum + (t.reward ?? 0), 0);
      const score = { temperature, meanReward: total / tasks.length, triplets };
      scores.push(score);
      onScore?.(score);
    }
    const best = scores.reduce((a, b) => (b.meanReward > a.meanReward ? b : a));
    onResult({ scores, best });
  });
}
