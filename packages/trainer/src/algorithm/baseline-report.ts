/**
 * The log lines `Baseline` writes for a finished rollout.
 *
 * @module
 */
import type { LightningStore } from '@agl/store-core';
import type { Rollout, Span } from '@agl/types';
import { getLogger } from '../logging';
import type { AdapterLike } from './types';

const log = getLogger('agl.algorithm.baseline');

/** How much of each span `Baseline` logs. */
export type SpanVerbosity = 'keys' | 'key_values' | 'none';

const iso = (t: number | null | undefined): string =>
  t ? new Date(t * 1000).toISOString() : 'unknown';

function spanLine(rolloutId: string, span: Span, verbosity: SpanVerbosity): string {
  const elapsed =
    span.start_time && span.end_time ? (span.end_time - span.start_time).toFixed(2) : 'unknown';
  const head =
    `[Rollout ${rolloutId} | Attempt ${span.attempt_id} | Span ${span.span_id}] #${span.sequence_id} ` +
    `(${span.name}) From ${iso(span.start_time)}, to ${iso(span.end_time)}, ${elapsed} seconds. `;
  return verbosity === 'key_values'
    ? `${head}Attributes: ${JSON.stringify(span.attributes)}`
    : `${head}Attribute keys: [${Object.keys(span.attributes).join(', ')}]`;
}

/**
 * Logs a finished rollout: status and duration, each attempt with every span
 * of the rollout, then the adapted data of the latest attempt. A rollout
 * without spans is reported and not adapted (the reference's adapter would
 * throw and end the algorithm); adapter errors are logged, never thrown.
 *
 * @param store - the store
 * @param rollout - the finished rollout
 * @param adapter - the adapter, or `null`
 * @param verbosity - span detail
 * @param seconds - how long the harvest waited
 */
export async function logFinishedRollout(
  store: LightningStore,
  rollout: Rollout,
  adapter: AdapterLike | null,
  verbosity: SpanVerbosity,
  seconds: number,
): Promise<void> {
  const id = rollout.rollout_id;
  log.info(
    `[Rollout ${id}] Finished with status ${rollout.status} in ${seconds.toFixed(2)} seconds.`,
  );
  const attempts = (await store.queryAttempts(id)).items;
  const spans = (await store.querySpans(id)).items;
  for (const attempt of attempts) {
    log.info(
      `[Rollout ${id} | Attempt ${attempt.sequence_id}] ID: ${attempt.attempt_id}. Status: ${attempt.status}. Worker: ${attempt.worker_id}`,
    );
    if (verbosity !== 'none') for (const span of spans) log.info(spanLine(id, span, verbosity));
  }
  if (!adapter) {
    log.warn(`[Rollout ${id}] No adapter is set; skipping adaptation.`);
    return;
  }
  const latest = (await store.querySpans(id, { attemptId: 'latest' })).items;
  if (latest.length === 0) {
    log.warn(`[Rollout ${id}] The latest attempt has no spans; nothing to adapt.`);
    return;
  }
  try {
    log.info(`[Rollout ${id}] Adapted data: ${JSON.stringify(adapter.adapt(latest))}`);
  } catch (error) {
    log.error(`[Rollout ${id}] The adapter failed: ${(error as Error).message}`, error);
  }
}
