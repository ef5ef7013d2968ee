/**
 * Synthetic spans: store `Span`s built without
 * OpenTelemetry, e.g. the reward span a runner writes for a numeric result.
 *
 * @module
 */
import { spanClock } from '@agl/store-core';
import { randomHex } from '@agl/store-core/backend';
import type { Attributes, Span, TraceStatus } from '@agl/types';
import { AGL_VIRTUAL } from '../semconv/constants';
import type { SpanCoreFields } from './types';

/** Options of `spanFromAttributes`; everything is optional. */
export interface SyntheticSpanOptions {
  /** Rollout id; default `""`. */
  rolloutId?: string;
  /** Attempt id; default `""`. */
  attemptId?: string;
  /** Sequence id; default 0. */
  sequenceId?: number;
  /** Trace id; default a random 32-hex id. */
  traceId?: string;
  /** Span id; default a random 16-hex id. */
  spanId?: string;
  /** Parent span id; default `null`. */
  parentId?: string | null;
  /** Span name; default `agentlightning.virtual`. */
  name?: string;
  /** Status; default `OK`. */
  status?: TraceStatus;
  /** Start time in epoch seconds; default `null`. */
  startTime?: number | null;
  /** End time in epoch seconds; default `null`. */
  endTime?: number | null;
}

/** A random 32-hex trace id. */
export function randomTraceId(): string {
  return randomHex(32);
}

/** A random 16-hex span id. */
export function randomSpanId(): string {
  return randomHex(16);
}

/**
 * Builds a complete store `Span` around `attributes` (reference
 * `Span.from_attributes`): random ids, no events or links, empty resource.
 *
 * @param attributes - the span attributes (flat, already sanitised)
 * @param options - ids, name, status and times
 */
export function spanFromAttributes(
  attributes: Attributes,
  options: SyntheticSpanOptions = {},
): Span {
  const traceId = options.traceId ?? randomTraceId();
  const spanId = options.spanId ?? randomSpanId();
  const parentId = options.parentId ?? null;
  const context = (id: string) => ({
    trace_id: traceId,
    span_id: id,
    is_remote: false,
    trace_state: {},
  });
  return {
    rollout_id: options.rolloutId ?? '',
    attempt_id: options.attemptId ?? '',
    sequence_id: options.sequenceId ?? 0,
    trace_id: traceId,
    span_id: spanId,
    parent_id: parentId,
    name: options.name ?? AGL_VIRTUAL,
    status: options.status ?? { status_code: 'OK', description: null },
    attributes: { ...attributes },
    events: [],
    links: [],
    start_time: options.startTime ?? null,
    end_time: options.endTime ?? null,
    context: context(spanId),
    parent: parentId === null ? null : context(parentId),
    resource: { attributes: {}, schema_url: '' },
  };
}

/**
 * Builds a store `Span` from core fields (reference `Span.from_core_fields`);
 * a missing start time becomes now.
 *
 * @param core - name, status, attributes and times, e.g. from `emitReward(v, {propagate: false})`
 * @param options - rollout, attempt and sequence id (default `""`, `""`, 0) and optional ids
 */
export function spanFromCoreFields(
  core: SpanCoreFields,
  options: Omit<SyntheticSpanOptions, 'name' | 'status' | 'startTime' | 'endTime'> = {},
): Span {
  return spanFromAttributes(core.attributes, {
    ...options,
    name: core.name,
    status: { ...core.status },
    startTime: core.start_time ?? spanClock.now(),
    endTime: core.end_time,
  });
}
