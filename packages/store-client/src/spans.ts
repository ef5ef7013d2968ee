import { type OtelSpanLike, otelSpanToSpan } from '@agl/store-core';
import type { Span } from '@agl/types';
import { BATCH_ROUTES, type ServerFeatureCache } from './batch';
import { ProtocolError } from './errors';
import type { Requester } from './requester';

/**
 * `POST /spans`: stores one span (sent with all its keys and extras).
 *
 * @returns the stored span, or `null` for a duplicate
 */
export function addSpan(requester: Requester, span: Span): Promise<Span | null> {
  return requester.route('addSpan', { body: span, idempotent: true });
}

/**
 * Stores many spans: one `POST /spans/batch` when the server offers it,
 * otherwise one `POST /spans` per span, in order (like the reference; the
 * first failure is thrown and earlier spans stay stored).
 *
 * @returns the newly stored spans (duplicates left out)
 */
export async function addManySpans(
  requester: Requester,
  features: ServerFeatureCache,
  spans: readonly Span[],
): Promise<Span[]> {
  if (spans.length === 0) return [];
  if ((await features.get(requester)).spanBatch) {
    const { stored } = await requester.call(BATCH_ROUTES.addSpans, {
      body: { spans },
      idempotent: true,
    });
    // The server stores the spans exactly as sent and answers with their indices.
    return stored.map((index) => {
      const span = spans[index];
      if (span === undefined)
        throw new ProtocolError(
          `${BATCH_ROUTES.addSpans.path} answered index ${index} for ${spans.length} spans`,
          201,
          'application/json',
        );
      return span;
    });
  }
  const stored: Span[] = [];
  for (const span of spans) {
    const result = await addSpan(requester, span);
    if (result !== null) stored.push(result);
  }
  return stored;
}

/** `POST /spans/next`: the rollout's next sequence id. */
export async function nextSequenceId(
  requester: Requester,
  rolloutId: string,
  attemptId: string,
): Promise<number> {
  const answer = await requester.route('nextSequenceId', {
    body: { rollout_id: rolloutId, attempt_id: attemptId },
    idempotent: true,
  });
  return answer.sequence_id;
}

/**
 * Issues one sequence id per pair: one `POST /spans/next/batch` when the
 * server offers it, otherwise one `POST /spans/next` per pair, in order.
 */
export async function manySequenceIds(
  requester: Requester,
  features: ServerFeatureCache,
  pairs: readonly (readonly [string, string])[],
): Promise<number[]> {
  if (pairs.length === 0) return [];
  if ((await features.get(requester)).sequenceIdBatch) {
    const body = { pairs: pairs.map(([rollout_id, attempt_id]) => ({ rollout_id, attempt_id })) };
    const answer = await requester.call(BATCH_ROUTES.nextSequenceIds, { body, idempotent: true });
    if (answer.sequence_ids.length !== pairs.length) {
      throw new ProtocolError(
        `${BATCH_ROUTES.nextSequenceIds.path} answered ${answer.sequence_ids.length} ids for ${pairs.length} pairs`,
        200,
        'application/json',
      );
    }
    return answer.sequence_ids;
  }
  const ids: number[] = [];
  for (const [rolloutId, attemptId] of pairs) {
    ids.push(await nextSequenceId(requester, rolloutId, attemptId));
  }
  return ids;
}

/**
 * Stores a finished OpenTelemetry span: sequence id from `POST /spans/next`
 * when none is given, converted client-side with `otelSpanToSpan` of
 * `@agl/store-core`, then `POST /spans`.
 */
export async function addOtelSpan(
  requester: Requester,
  rolloutId: string,
  attemptId: string,
  otelSpan: OtelSpanLike,
  sequenceId: number | null,
): Promise<Span | null> {
  const sequence = sequenceId ?? (await nextSequenceId(requester, rolloutId, attemptId));
  return addSpan(
    requester,
    otelSpanToSpan(otelSpan, { rolloutId, attemptId, sequenceId: sequence }),
  );
}
