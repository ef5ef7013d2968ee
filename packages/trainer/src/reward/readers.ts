/**
 * Reading rewards back from spans, exactly where a Python
 * algorithm looks for them.
 *
 * @module
 */

import { InvalidArgumentError } from '@agl/store-core';
import type { Span } from '@agl/types';
import type { RewardDimension } from '../emitter/reward';
import { getLogger } from '../logging';
import {
  AGENTOPS_REWARD_KEYS,
  AGL_ANNOTATION,
  LightningSpanAttributes,
  RewardAttributes,
} from '../semconv/constants';
import { filterAndUnflattenAttributes, isPlainObject } from '../semconv/flatten';

const log = getLogger('agl.reward');

/** The parts of a span the readers look at. */
export type RewardSpanLike = Pick<Span, 'name' | 'attributes'>;

/**
 * The reward dimensions stored under `agentlightning.reward.*`; `[]` when
 * the span has none.
 *
 * @throws InvalidArgumentError when the dimensions are malformed
 */
export function getRewardsFromSpan(span: RewardSpanLike): RewardDimension[] {
  const prefix = LightningSpanAttributes.REWARD;
  if (!Object.keys(span.attributes).some((key) => key.startsWith(prefix))) return [];
  const raw = filterAndUnflattenAttributes(span.attributes, prefix);
  const valid =
    Array.isArray(raw) &&
    raw.every(
      (item) =>
        isPlainObject(item) &&
        typeof item[RewardAttributes.NAME] === 'string' &&
        typeof item[RewardAttributes.VALUE] === 'number',
    );
  if (!valid) {
    throw new InvalidArgumentError(`Malformed reward attributes: ${JSON.stringify(raw)}`);
  }
  return (raw as Record<string, unknown>[]).map((item) => ({
    name: item[RewardAttributes.NAME] as string,
    value: item[RewardAttributes.VALUE] as number,
  }));
}

function agentOpsReward(raw: unknown): { found: boolean; value: number | null } {
  let payload: unknown = raw;
  if (typeof raw === 'string') {
    try {
      payload = JSON.parse(raw);
    } catch {
      return { found: false, value: null };
    }
  }
  if (!isPlainObject(payload) || payload.type !== 'reward') return { found: false, value: null };
  const value = payload.value;
  if (value === null || value === undefined) return { found: true, value: null };
  if (typeof value !== 'number')
    log.error(`AgentOps reward value is not a number: ${JSON.stringify(value)}`);
  return { found: true, value: value as number };
}

/**
 * The primary reward of a span, or `null`. First match wins:
 * `agentlightning.reward.0.value`; an AgentOps `{type: "reward", value}` in
 * `agentops.task.output` / `agentops.entity.output`; a `reward` attribute on
 * an `agentlightning.annotation` span (legacy).
 */
export function getRewardValue(span: RewardSpanLike): number | null {
  const dimensions = getRewardsFromSpan(span);
  if (dimensions.length > 0) return (dimensions[0] as RewardDimension).value;
  const attributes: Record<string, unknown> = span.attributes;
  for (const key of AGENTOPS_REWARD_KEYS) {
    if (attributes[key] === undefined) continue;
    const { found, value } = agentOpsReward(attributes[key]);
    if (found) return value;
  }
  if (span.name === AGL_ANNOTATION && 'reward' in attributes) {
    const value = attributes.reward;
    return value === null || value === undefined ? null : (value as number);
  }
  return null;
}

/** Whether the span carries a reward (`getRewardValue` is not null). */
export function isRewardSpan(span: RewardSpanLike): boolean {
  return getRewardValue(span) !== null;
}

/** The spans that carry a reward, in order. */
export function findRewardSpans<S extends RewardSpanLike>(spans: readonly S[]): S[] {
  return spans.filter(isRewardSpan);
}

/** The last non-null reward of the list (scanning from the end), or `null`. */
export function findFinalReward(spans: readonly RewardSpanLike[]): number | null {
  for (let i = spans.length - 1; i >= 0; i--) {
    const value = getRewardValue(spans[i] as RewardSpanLike);
    if (value !== null) return value;
  }
  return null;
}
