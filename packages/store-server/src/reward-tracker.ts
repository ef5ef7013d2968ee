import type { Span } from '@agl/types';

/** What an attempt's spans say about its reward. */
export interface AttemptReward {
  /** The final reward (the last counted reward span in sequence order), or null. */
  final_reward: number | null;
  /** Dimensions of the deciding span (empty when none). */
  dimensions: { name: string; value: number }[];
  /** Number of spans carrying a counted reward. */
  reward_spans: number;
}

/**
 * Reads an attempt's reward from its spans, sorted by ascending `sequence_id`.
 * It must read each span on its own (the count is a sum over the spans, the
 * final reward that of the last counted span): the server applies it to one
 * span at a time as spans are written, and only to spans that can carry a
 * reward (see `mayCarryReward`).
 */
export type RewardReader = (spans: readonly Span[]) => AttemptReward;

/**
 * Attempts whose reward the server keeps while spans arrive. At about 200
 * bytes an entry (more for many dimensions) this stays in the tens of MB.
 */
const REWARD_ENTRIES_LIMIT = 100_000;

const DONE_ATTEMPT = new Set(['succeeded', 'failed', 'timeout', 'unresponsive']);

/** An attempt as the tracker needs it. */
interface AttemptKey {
  rollout_id: string;
  attempt_id: string;
  status: string;
}

interface Entry {
  rewardSpans: number;
  /** `sequence_id` of the deciding span (-Infinity while there is none). */
  sequence: number;
  final: number | null;
  dimensions: { name: string; value: number }[];
}

const keyOf = (rolloutId: string, attemptId: string) => `${rolloutId}\u0000${attemptId}`;

/**
 * Whether a span can carry a reward under any convention the dashboard
 * reads: only such spans are handed to the reader, so an ordinary span costs
 * a few property lookups. Dimensions need element 0 (its flattened
 * `value`, or the element as one object); `reward` covers annotation and
 * legacy spans; the AgentOps outputs and operation spans are looked up by key.
 *
 * @param span - a stored span
 */
function mayCarryReward(span: Span): boolean {
  const a = span.attributes as Record<string, unknown> | undefined;
  if (!a) return false;
  return (
    a.reward !== undefined ||
    a['agentlightning.reward.0.value'] !== undefined ||
    a['agentlightning.reward.0'] !== undefined ||
    a['agentops.task.output'] !== undefined ||
    a['agentops.entity.output'] !== undefined ||
    a['agentlightning.operation.name'] !== undefined
  );
}

/**
 * The reward of every attempt created through this server, kept up to date as
 * its spans are stored, so it survives the eviction of those spans. Only
 * attempts whose creation this server saw are tracked (their every span came
 * through it too); the others are read from their spans when asked.
 *
 * The reader is applied to one span at a time: the count is the sum over the
 * spans and the final reward that of the counted span with the highest
 * `sequence_id` (of equal ones, the later stored), which is what the reader
 * gives over all the spans in ascending `sequence_id` order.
 *
 * At most `limit` attempts are kept; past it the attempt that finished
 * longest ago is dropped first, then the oldest unfinished one (a dropped
 * attempt is read from its spans again).
 */
export class RewardTracker {
  readonly #read: RewardReader;
  readonly #limit: number;
  /** Unfinished attempts, oldest first. */
  readonly #open = new Map<string, Entry>();
  /** Finished attempts, in the order they finished. */
  readonly #done = new Map<string, Entry>();

  /**
   * @param read - the dashboard's reward reader
   * @param limit - attempts kept at most
   */
  constructor(read: RewardReader, limit = REWARD_ENTRIES_LIMIT) {
    this.#read = read;
    this.#limit = Math.max(1, limit);
  }

  /** Attempts kept now. */
  get size(): number {
    return this.#open.size + this.#done.size;
  }

  /**
   * Starts tracking attempts this server just created.
   *
   * @param attempts - the new attempts
   */
  attemptsCreated(attempts: readonly AttemptKey[]): void {
    for (const attempt of attempts) {
      const key = keyOf(attempt.rollout_id, attempt.attempt_id);
      if (this.#open.has(key) || this.#done.has(key)) continue;
      const entry: Entry = { rewardSpans: 0, sequence: -Infinity, final: null, dimensions: [] };
      (DONE_ATTEMPT.has(attempt.status) ? this.#done : this.#open).set(key, entry);
      this.#trim();
    }
  }

  /**
   * Notes an attempt's current status (finished ones are dropped first).
   *
   * @param attempt - the attempt after a change
   */
  attemptStatus(attempt: AttemptKey): void {
    const key = keyOf(attempt.rollout_id, attempt.attempt_id);
    const entry = this.#open.get(key) ?? this.#done.get(key);
    if (!entry) return;
    const done = DONE_ATTEMPT.has(attempt.status);
    if (done === this.#done.has(key)) return;
    this.#open.delete(key);
    this.#done.delete(key);
    (done ? this.#done : this.#open).set(key, entry);
  }

  /**
   * Counts the rewards of spans just stored.
   *
   * @param spans - the stored spans (nulls skipped)
   */
  spansAdded(spans: readonly (Span | null | undefined)[]): void {
    for (const span of spans) {
      if (!span || !mayCarryReward(span)) continue;
      const key = keyOf(span.rollout_id, span.attempt_id);
      const entry = this.#open.get(key) ?? this.#done.get(key);
      if (!entry) continue;
      const one = this.#read([span]);
      entry.rewardSpans += one.reward_spans;
      if (one.final_reward !== null && span.sequence_id >= entry.sequence) {
        entry.sequence = span.sequence_id;
        entry.final = one.final_reward;
        entry.dimensions = one.dimensions;
      }
    }
  }

  /**
   * The reward of a tracked attempt, or undefined when it is not tracked.
   *
   * @param rolloutId - the rollout
   * @param attemptId - the attempt
   */
  get(rolloutId: string, attemptId: string): AttemptReward | undefined {
    const key = keyOf(rolloutId, attemptId);
    const entry = this.#open.get(key) ?? this.#done.get(key);
    if (!entry) return undefined;
    return {
      final_reward: entry.final,
      dimensions: entry.dimensions.map((d) => ({ ...d })),
      reward_spans: entry.rewardSpans,
    };
  }

  #trim(): void {
    while (this.size > this.#limit) {
      const from = this.#done.size > 0 ? this.#done : this.#open;
      from.delete(from.keys().next().value as string);
    }
  }
}
