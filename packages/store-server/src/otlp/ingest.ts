import type { Logger } from '@agl/store-core';
import { InternalStoreError, type LightningStore } from '@agl/store-core';
import { convertTraceRequest } from './convert/request';
import type { OtlpTraceRequest } from './model';

/** What happened to the spans of one OTLP request. */
export interface IngestResult {
  /** Spans converted and handed to the store. */
  readonly converted: number;
  /** Spans the store newly stored (duplicates of stored spans are not counted). */
  readonly stored: number;
  /** Spans skipped for lacking a rollout or attempt id. */
  readonly skipped: number;
}

/**
 * Converts a decoded OTLP request and stores its spans: spans without a
 * usable sequence id get one from `store.getManySpanSequenceIds` (in
 * conversion order, so ids are consecutive per rollout), then all spans go
 * to `store.addManySpans` in one call (which heartbeats their attempts).
 *
 * @param store - the store to write to
 * @param request - the decoded request
 * @param logger - receives warnings about skipped spans and ignored sequence ids
 * @throws StoreError from the store, e.g. NotFoundError for an unknown rollout or attempt
 */
export async function ingestTraceRequest(
  store: LightningStore,
  request: OtlpTraceRequest,
  logger: Logger,
): Promise<IngestResult> {
  const { spans, needsSequenceId, skipped } = convertTraceRequest(request, logger);
  const pending = spans.flatMap((span, index) => (needsSequenceId[index] ? [{ span, index }] : []));
  if (pending.length > 0) {
    const ids = await store.getManySpanSequenceIds(
      pending.map(({ span }) => [span.rollout_id, span.attempt_id] as const),
    );
    if (ids.length !== pending.length) {
      throw new InternalStoreError(
        `getManySpanSequenceIds returned ${ids.length} ids for ${pending.length} spans`,
      );
    }
    pending.forEach(({ span, index }, position) => {
      spans[index] = { ...span, sequence_id: ids[position] as number };
    });
  }
  const stored = spans.length > 0 ? await store.addManySpans(spans) : [];
  return { converted: spans.length, stored: stored.length, skipped };
}
