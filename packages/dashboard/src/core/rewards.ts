/**
 * Reward values of spans and the final reward of an attempt, read the way
 * the trainer reads them, plus the older conventions shown as "legacy".
 *
 * @module
 */
import { parseJsonText, unflattenPrefix } from './unflatten';
import type { WireSpan } from './wire';

/** One named reward value. */
export interface RewardDimension {
  /** Dimension name (`primary`, `format`, …). */
  name: string;
  /** Its value (any sign and size). */
  value: number;
}

/** What the dashboard knows about the reward a span carries. */
export interface SpanReward {
  /** The primary value. */
  value: number;
  /** Every dimension (one unnamed entry for single-value conventions). */
  dimensions: RewardDimension[];
  /** Which convention it came from. */
  source: 'dimensions' | 'agentops' | 'annotation' | 'legacy-span' | 'legacy-operation';
  /** True for conventions the trainer no longer counts. */
  legacy: boolean;
}

/** The parts of a span rewards are read from. */
export type RewardSpan = Pick<WireSpan, 'name' | 'attributes'>;

const AGENTOPS_KEYS = ['agentops.task.output', 'agentops.entity.output'];

function dimensionsOf(attributes: Record<string, unknown>): RewardDimension[] | null {
  const raw = unflattenPrefix(attributes, 'agentlightning.reward');
  if (!Array.isArray(raw)) return null;
  const out: RewardDimension[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) return null;
    const { name, value } = item as Record<string, unknown>;
    if (typeof name !== 'string' || typeof value !== 'number') return null;
    out.push({ name, value });
  }
  return out.length > 0 ? out : null;
}

function single(value: number, source: SpanReward['source'], legacy: boolean): SpanReward {
  return { value, dimensions: [{ name: 'reward', value }], source, legacy };
}

/**
 * The reward a span carries, or null. The first convention that matches wins:
 * `agentlightning.reward.<i>.{name,value}` dimensions; an AgentOps
 * `{"type": "reward", "value"}` output; a `reward` attribute on an
 * `agentlightning.annotation` span; then the legacy forms (a span named
 * `agentlightning.reward`, or an operation span of that name).
 *
 * @param span - the span
 */
export function spanReward(span: RewardSpan): SpanReward | null {
  const attributes = span.attributes ?? {};
  const dimensions = dimensionsOf(attributes);
  if (dimensions) {
    return {
      value: (dimensions[0] as RewardDimension).value,
      dimensions,
      source: 'dimensions',
      legacy: false,
    };
  }
  for (const key of AGENTOPS_KEYS) {
    if (attributes[key] === undefined) continue;
    const payload = parseJsonText(attributes[key]);
    if (typeof payload !== 'object' || payload === null) continue;
    const record = payload as Record<string, unknown>;
    if (record.type !== 'reward') continue;
    return typeof record.value === 'number' ? single(record.value, 'agentops', false) : null;
  }
  if (span.name === 'agentlightning.annotation' && typeof attributes.reward === 'number') {
    return single(attributes.reward, 'annotation', false);
  }
  if (span.name === 'agentlightning.reward' && typeof attributes.reward === 'number') {
    return single(attributes.reward, 'legacy-span', true);
  }
  if (attributes['agentlightning.operation.name'] === 'agentlightning.reward') {
    const output = attributes['agentlightning.operation.output'];
    const value = typeof output === 'string' ? Number(output) : output;
    if (typeof value === 'number' && Number.isFinite(value))
      return single(value, 'legacy-operation', true);
  }
  return null;
}

/** Options of the final-reward readers. */
export interface FinalRewardOptions {
  /** Count legacy reward forms too (default false, as the trainer). */
  countLegacy?: boolean;
}

function counted(span: RewardSpan, options: FinalRewardOptions): SpanReward | null {
  const reward = spanReward(span);
  if (!reward) return null;
  return reward.legacy && !options.countLegacy ? null : reward;
}

/**
 * The final reward of an attempt: over its spans in `sequence_id` order,
 * the last span carrying a reward.
 *
 * @param spans - the attempt's spans, ascending `sequence_id`
 * @param options - legacy handling
 * @returns the deciding reward, or null
 */
export function finalReward(
  spans: readonly RewardSpan[],
  options: FinalRewardOptions = {},
): SpanReward | null {
  for (let i = spans.length - 1; i >= 0; i--) {
    const reward = counted(spans[i] as RewardSpan, options);
    if (reward) return reward;
  }
  return null;
}

/**
 * The same answer as `finalReward` from a page sorted by `sequence_id`
 * descending. Ties keep their natural order in both directions, so each group
 * of equal `sequence_id` is scanned in reverse page order.
 *
 * @param page - spans sorted by `sequence_id` descending
 * @param options - legacy handling
 */
export function finalRewardFromDescending(
  page: readonly (RewardSpan & { sequence_id: number })[],
  options: FinalRewardOptions = {},
): SpanReward | null {
  let start = 0;
  while (start < page.length) {
    let end = start;
    const sequence = (page[start] as { sequence_id: number }).sequence_id;
    while (
      end + 1 < page.length &&
      (page[end + 1] as { sequence_id: number }).sequence_id === sequence
    )
      end++;
    for (let i = end; i >= start; i--) {
      const reward = counted(page[i] as RewardSpan, options);
      if (reward) return reward;
    }
    start = end + 1;
  }
  return null;
}
