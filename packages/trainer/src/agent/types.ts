/**
 * Types shared by agents and the runner.
 *
 * @module
 */
import type { OtelSpanLike } from '@agl/store-core';
import type { AttemptedRollout, Span } from '@agl/types';
import type { SpanCoreFields } from '../tracer/types';

/**
 * What a rollout method may return: nothing (the tracer
 * already stored the spans), a number or boolean (the final reward, written
 * as one reward span), or a list of OpenTelemetry spans, store spans or
 * span core fields.
 */
export type RolloutRawResult =
  | undefined
  | null
  // biome-ignore lint/suspicious/noConfusingVoidType: lets rollout methods that return nothing type-check
  | void
  | number
  | boolean
  | readonly OtelSpanLike[]
  | readonly Span[]
  | readonly SpanCoreFields[];

/** The rollout a rollout method receives: the rollout with its current attempt. */
export type RolloutInfo = AttemptedRollout;
