import { STORE_ROUTES as R } from '@agl/types';
import { bind, type RouteBinding, searchVia } from './define';
import { forbidNulls, pageOptions } from './paging';

const queryWorkers = bind(R.queryWorkers, async ({ store, query, options, headers }) =>
  store.queryWorkers({
    ...pageOptions('workers', query, options, headers),
    statusIn: query.status_in,
    workerIdContains: query.worker_id_contains,
    filterLogic: query.filter_logic,
  }),
);

/** Handlers of the worker routes. */
export const workerRoutes: Record<string, RouteBinding> = {
  queryWorkers,
  searchWorkers: searchVia(R.searchWorkers, queryWorkers),
  getWorker: bind(R.getWorker, async ({ store, params }) =>
    store.getWorkerById(params.worker_id as string),
  ),
  updateWorker: bind(R.updateWorker, async ({ store, params, body }) => {
    forbidNulls(body, ['heartbeat_stats']);
    const stats = body.heartbeat_stats;
    return store.updateWorker(params.worker_id as string, stats ? { heartbeatStats: stats } : {});
  }),
};
