import type { PaginatedResult, Span } from '@agl/types';
import { InvalidArgumentError, NotFoundError } from '../../errors';
import type { OtelSpanLike } from '../../otel-span';
import { spansQuery } from '../../query/build';
import { runListQuery } from '../../query/run';
import { otelSpanToSpan } from '../../spans/otel-convert';
import { checkSpanShape } from '../../spans/shape';
import type { QuerySpansOptions } from '../../store';
import { type EngineContext, findAttempt, latestAttemptOf } from '../context';
import { heartbeatAttempt } from '../lifecycle';
import { nextSequenceId, raiseSequenceId } from './sequences';

/**
 * Stores one (rollout, attempt) group of spans: raises
 * the rollout's sequence counter (even when the group is then rejected),
 * checks the rollout and attempt, skips duplicates, hands the new spans to
 * the backend in one call (it copies them), and heartbeats once if anything
 * was stored.
 *
 * @param ctx - the engine context
 * @param group - spans of one rollout and attempt, in input order
 * @returns the caller's spans that were newly stored
 * @throws NotFoundError for an unknown rollout or attempt
 */
function addSpanGroup(ctx: EngineContext, group: readonly Span[]): Span[] {
  const first = group[0];
  if (!first) return [];
  const { backend } = ctx;
  const { rollout_id: rolloutId, attempt_id: attemptId } = first;
  let maxSequenceId = first.sequence_id;
  for (const span of group) if (span.sequence_id > maxSequenceId) maxSequenceId = span.sequence_id;
  raiseSequenceId(backend, rolloutId, maxSequenceId);
  const rollout = backend.getRollout(rolloutId);
  if (!rollout) throw new NotFoundError(`Rollout ${rolloutId} not found`);
  const attempt = findAttempt(backend, rolloutId, attemptId);
  if (!attempt) throw new NotFoundError(`Attempt ${attemptId} not found for rollout ${rolloutId}`);
  const fresh: Span[] = [];
  const seen = new Set<string>();
  for (const span of group) {
    if (seen.has(span.span_id) || backend.hasSpan(rolloutId, attemptId, span.span_id)) continue;
    seen.add(span.span_id);
    fresh.push(span);
  }
  if (fresh.length === 0) return fresh;
  backend.insertSpans(fresh);
  heartbeatAttempt(ctx, rollout, attempt, ctx.clock.now());
  return fresh;
}

/**
 * Stores many spans, grouped by (rollout, attempt) in order of first
 * appearance; an unknown rollout or attempt aborts at that group (earlier
 * groups stay stored).
 *
 * @param ctx - the engine context
 * @param spans - the spans
 * @returns the newly stored spans, group by group
 */
export function addManySpans(ctx: EngineContext, spans: readonly Span[]): Span[] {
  if (!Array.isArray(spans)) throw new InvalidArgumentError('spans must be a list');
  for (const span of spans) checkSpanShape(span);
  if (spans.length === 1) return addSpanGroup(ctx, spans);
  const groups = new Map<string, Span[]>();
  for (const span of spans) {
    const key = `${span.rollout_id}\u0000${span.attempt_id}`;
    const group = groups.get(key);
    if (group) group.push(span);
    else groups.set(key, [span]);
  }
  const stored: Span[] = [];
  for (const group of groups.values()) stored.push(...addSpanGroup(ctx, group));
  return stored;
}

/**
 * Converts a finished OpenTelemetry span and stores it like `addSpan`:
 * without a sequence id it takes the rollout's next one,
 * with one it raises the counter to it.
 *
 * @param ctx - the engine context
 * @param rolloutId - the rollout
 * @param attemptId - the attempt
 * @param otelSpan - the OpenTelemetry span
 * @param given - an explicit sequence id, or `null`
 */
export function addOtelSpan(
  ctx: EngineContext,
  rolloutId: string,
  attemptId: string,
  otelSpan: OtelSpanLike,
  given: number | null,
): Span | null {
  const { backend } = ctx;
  let sequenceId: number;
  if (given === null) sequenceId = nextSequenceId(backend, rolloutId);
  else {
    raiseSequenceId(backend, rolloutId, given);
    sequenceId = given;
  }
  const span = otelSpanToSpan(otelSpan, { rolloutId, attemptId, sequenceId });
  return addManySpans(ctx, [span])[0] ?? null;
}

/**
 * Lists the spans of a rollout: `latest` is resolved now, the
 * backend's `querySpans` hook answers when it can, else a scan of the
 * rollout's spans. Eviction is checked by the caller, before the watchdog.
 *
 * @param ctx - the engine context
 * @param rolloutId - the rollout
 * @param options - attempt, filters, sorting and pagination
 */
export function querySpans(
  ctx: EngineContext,
  rolloutId: string,
  options: QuerySpansOptions,
): PaginatedResult<Span> {
  const { backend } = ctx;
  const requested = options.attemptId ?? null;
  const attemptId =
    requested === 'latest' ? (latestAttemptOf(backend, rolloutId)?.attempt_id ?? null) : requested;
  const query = spansQuery(rolloutId, attemptId, options);
  if (requested === 'latest' && attemptId === null) {
    return { items: [], limit: query.limit, offset: query.offset, total: 0 };
  }
  // Spans come back from the backend as copies already (see SpanStorage).
  return (
    backend.querySpans?.(rolloutId, query) ?? runListQuery(query, backend.listSpans(rolloutId))
  );
}
