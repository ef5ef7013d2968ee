/**
 * One printed line per temperature.
 *
 * @module
 */
import type { TemperatureScore } from './algorithm';

/**
 * Formats a temperature's score, e.g.
 * `temperature 0.4: mean reward 0.65 over 20 triplets (token ids on 20)`.
 *
 * @param score - the score
 */
export function formatScore(score: TemperatureScore): string {
  const withIds = score.triplets.filter((t) => {
    const ids = (t.response as { token_ids?: unknown[] } | null)?.token_ids;
    return Array.isArray(ids) && ids.length > 0;
  }).length;
  return `temperature ${score.temperature.toFixed(1)}: mean reward ${score.meanReward.toFixed(2)} over ${score.triplets.length} triplets (token ids on ${withIds})`;
}
