import { forgetJsonText, takeJsonText } from '@agl/store-core/backend';
import { STORE_ROUTES as R } from '@agl/types';
import { JsonText } from '../http/answer';
import { SERVER_ROUTES as S } from '../schemas';
import { bind, type RouteBinding, searchVia } from './define';
import { pageOptions } from './paging';

const querySpans = bind(R.querySpans, async ({ store, query, options, headers }) =>
  store.querySpans(query.rollout_id, {
    ...pageOptions('spans', query, options, headers),
    attemptId: query.attempt_id,
    traceId: query.trace_id,
    traceIdContains: query.trace_id_contains,
    spanId: query.span_id,
    spanIdContains: query.span_id_contains,
    parentId: query.parent_id,
    parentIdContains: query.parent_id_contains,
    name: query.name,
    nameContains: query.name_contains,
    filterLogic: query.filter_logic,
  }),
);

/** Handlers of the span and sequence-id routes, including our batch routes. */
export const spanRoutes: Record<string, RouteBinding> = {
  addSpan: bind(
    R.addSpan,
    async ({ store, body }) => {
      // An in-memory store serialises the span it stores; the answer is that
      // same span, so its text is taken instead of serialising it again.
      forgetJsonText();
      const stored = await store.addSpan(body);
      const taken = takeJsonText(stored);
      return taken === undefined ? stored : new JsonText(taken.text, taken.utf8Bytes);
    },
    true,
  ),
  querySpans,
  searchSpans: searchVia(R.searchSpans, querySpans),
  nextSequenceId: bind(
    R.nextSequenceId,
    async ({ store, body }) => ({
      sequence_id: await store.getNextSpanSequenceId(body.rollout_id, body.attempt_id),
    }),
    true,
  ),
  addSpansBatch: bind(
    S.addSpansBatch,
    async ({ store, body }) => ({
      stored: storedIndices(body.spans, await store.addManySpans(body.spans)),
    }),
    true,
  ),
  nextSequenceIdsBatch: bind(
    S.nextSequenceIdsBatch,
    async ({ store, body }) => ({
      sequence_ids: await store.getManySpanSequenceIds(
        body.pairs.map((pair) => [pair.rollout_id, pair.attempt_id] as const),
      ),
    }),
    true,
  ),
};

/** The identity of a span in the store: (rollout, attempt, span id). */
function spanKey(span: { rollout_id: string; attempt_id: string; span_id: string }): string {
  return `${span.rollout_id}\u0000${span.attempt_id}\u0000${span.span_id}`;
}

/**
 * Indices into `sent` of the spans the store reports as newly stored, in the
 * store's order. A span id repeated within one request is stored once, from
 * its first occurrence.
 */
function storedIndices(
  sent: readonly { rollout_id: string; attempt_id: string; span_id: string }[],
  stored: readonly { rollout_id: string; attempt_id: string; span_id: string }[],
): number[] {
  const first = new Map<string, number>();
  sent.forEach((span, index) => {
    const key = spanKey(span);
    if (!first.has(key)) first.set(key, index);
  });
  return stored.map((span) => first.get(spanKey(span)) ?? -1).filter((index) => index >= 0);
}
