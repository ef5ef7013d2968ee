import { STORE_ROUTES as R } from '@agl/types';
import { bind, type RouteBinding } from './define';
import { pageOptions } from './paging';

/** Handlers of the resources routes. */
export const resourcesRoutes: Record<string, RouteBinding> = {
  queryResources: bind(R.queryResources, async ({ store, query, options, headers }) =>
    store.queryResources({
      ...pageOptions('resources', query, options, headers),
      resourcesId: query.resources_id,
      resourcesIdContains: query.resources_id_contains,
    }),
  ),
  addResources: bind(R.addResources, async ({ store, body }) => store.addResources(body), true),
  getLatestResources: bind(R.getLatestResources, async ({ store }) => store.getLatestResources()),
  updateResources: bind(
    R.updateResources,
    async ({ store, params, body }) => store.updateResources(params.resources_id as string, body),
    true,
  ),
  getResources: bind(R.getResources, async ({ store, params }) =>
    store.getResourcesById(params.resources_id as string),
  ),
};
