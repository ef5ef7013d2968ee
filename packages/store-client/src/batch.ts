import { EXTENSION_ROUTES, STORE_ROUTES } from '@agl/types';
import * as v from 'valibot';
import type { Endpoint, Requester } from './requester';

/**
 * The batch routes our server offers beyond the reference (DECISIONS.md,
 * "Batched writes"), from `EXTENSION_ROUTES` of `@agl/types`. Used only when
 * `GET /v1/agl/health` advertises them.
 */
export const BATCH_ROUTES = {
  /** `POST /v1/agl/spans/batch` `{"spans": Span[]}` → 201 `{"stored": indices of the newly stored spans}`. */
  addSpans: EXTENSION_ROUTES.addSpansBatch,
  /** `POST /v1/agl/spans/next/batch` `{"pairs": [{rollout_id, attempt_id}]}` → `{"sequence_ids": int[]}`. */
  nextSequenceIds: EXTENSION_ROUTES.nextSequenceIdsBatch,
} as const satisfies Record<string, Endpoint>;

/** Optional features a store server advertises in its health answer. */
export interface ServerFeatures {
  /** `capabilities.span_batch`: `POST /spans/batch` exists. */
  readonly spanBatch: boolean;
  /** `capabilities.sequence_id_batch`: `POST /spans/next/batch` exists. */
  readonly sequenceIdBatch: boolean;
  /** `capabilities.rollout_filters`: rollout queries accept `mode_in` and `resources_id_in`. */
  readonly rolloutFilters: boolean;
}

/** The health answer, read leniently: only `capabilities.<name> === true` turns a feature on. */
const HealthWithCapabilitiesSchema = v.looseObject({
  status: v.string(),
  capabilities: v.optional(v.unknown()),
});

/**
 * Asks the server once (per client, until `reset`) which optional features it
 * has. The Python server answers `{"status": "ok"}`: no features. A failed
 * question is not cached, so the next call asks again.
 */
export class ServerFeatureCache {
  #answer: Promise<ServerFeatures> | null = null;

  /**
   * @param requester - sends `GET /v1/agl/health` (with the normal retry policy)
   * @returns the server's features
   */
  get(requester: Requester): Promise<ServerFeatures> {
    if (this.#answer) return this.#answer;
    const answer = requester
      .call({ ...STORE_ROUTES.health, response: HealthWithCapabilitiesSchema })
      .then((health): ServerFeatures => {
        const caps = (typeof health.capabilities === 'object' && health.capabilities) || {};
        const flag = (name: string) => (caps as Record<string, unknown>)[name] === true;
        return {
          spanBatch: flag('span_batch'),
          sequenceIdBatch: flag('sequence_id_batch'),
          rolloutFilters: flag('rollout_filters'),
        };
      });
    this.#answer = answer;
    answer.catch(() => {
      if (this.#answer === answer) this.#answer = null;
    });
    return answer;
  }

  /** Forgets the answer (the server may have been replaced). */
  reset(): void {
    this.#answer = null;
  }
}
