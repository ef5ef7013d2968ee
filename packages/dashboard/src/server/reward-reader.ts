import { type RewardSpan, spanReward } from '../core/rewards';

/** An attempt's reward as the store server's `GET /v1/agl/rewards` reports it. */
export interface AttemptRewardSummary {
  /** The final reward (the last counted reward span in sequence order), or null. */
  final_reward: number | null;
  /** The deciding span's dimensions (empty when none). */
  dimensions: { name: string; value: number }[];
  /** Spans carrying a counted reward. */
  reward_spans: number;
}

/**
 * Reads an attempt's reward from its spans with the same rules the page
 * uses (legacy forms not counted, as the trainer does), so the server's
 * aggregates and the browser's own computation agree.
 *
 * @param spans - the attempt's spans, ascending `sequence_id`
 */
export function readAttemptReward(spans: readonly RewardSpan[]): AttemptRewardSummary {
  let final: ReturnType<typeof spanReward> = null;
  let count = 0;
  for (const span of spans) {
    const reward = spanReward(span);
    if (!reward || reward.legacy) continue;
    count++;
    final = reward;
  }
  return {
    final_reward: final?.value ?? null,
    dimensions: final ? final.dimensions.map((d) => ({ name: d.name, value: d.value })) : [],
    reward_spans: count,
  };
}
