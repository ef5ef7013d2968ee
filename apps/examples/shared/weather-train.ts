/**
 * Trains one of the weather agents through the store: two runners in this
 * process run the rollouts, the model search reads the triplets back.
 *
 * @module
 */
import { type LitAgent, Trainer } from '@agl/trainer';
import { type ModelScore, modelSearch, WEATHER_TASKS, type WeatherTask } from './model-search';

/** The candidate models (see the weather model server). */
const MODELS: readonly string[] = ['guesser', 'weather-expert'];

/**
 * Runs the model search to the end.
 *
 * @param agent - the agent to train
 * @param endpoint - the model server's base URL
 * @param onScore - receives each model's score
 */
export async function trainWeatherAgent(
  agent: LitAgent<WeatherTask>,
  endpoint: string,
  onScore: (score: ModelScore) => void = () => undefined,
): Promise<ModelScore[]> {
  const scores: ModelScore[] = [];
  const trainer = new Trainer({
    algorithm: modelSearch(endpoint, MODELS, (score) => {
      scores.push(score);
      onScore(score);
    }),
    strategy: { type: 'shm', main_thread: 'algorithm' },
    nRunners: 2,
    runner: { type: 'LitAgentRunner', poll_interval: 0.05, interval_jitter: 0.02 },
    progress: false,
  });
  await trainer.fit(agent, [], { valDataset: WEATHER_TASKS });
  return scores;
}

/** One line of the report. */
export function formatScore(score: ModelScore): string {
  const withIds = score.triplets.filter(
    (t) => ((t.prompt as { token_ids: number[] }).token_ids ?? []).length > 0,
  ).length;
  return `${score.model}: mean reward ${score.meanReward.toFixed(2)} over ${score.triplets.length} triplets (token ids on ${withIds})`;
}
