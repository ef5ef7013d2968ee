import { NotImplementedStoreError, type QueryRolloutsOptions } from '@agl/store-core';
import type { ServerFeatureCache } from './batch';
import type { Requester } from './requester';

/**
 * Refuses a rollout query filtered by mode or resources id when the server
 * does not advertise `rollout_filters`. A server without it (the Python one)
 * ignores the unknown keys and would answer every rollout, so the caller
 * would silently get unfiltered rows; and filtering here instead would mean
 * reading every page to get `total` right. Queries without these filters
 * never ask the server anything extra.
 *
 * @param requester - asks `GET /v1/agl/health` when the features are not known yet
 * @param features - the client's cached server features
 * @param options - the query options
 * @throws NotImplementedStoreError when the filters are used and the server lacks them
 */
export async function requireRolloutFilters(
  requester: Requester,
  features: ServerFeatureCache,
  options: QueryRolloutsOptions,
): Promise<void> {
  const used = [
    options.modeIn != null ? 'modeIn' : null,
    options.resourcesIdIn != null ? 'resourcesIdIn' : null,
  ].filter((name) => name !== null);
  if (used.length === 0) return;
  if ((await features.get(requester)).rolloutFilters) return;
  throw new NotImplementedStoreError(
    `The store server does not advertise rollout_filters, so queryRollouts cannot filter by ${used.join(' and ')}`,
  );
}
