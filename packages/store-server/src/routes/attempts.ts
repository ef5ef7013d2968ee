import type { AttemptUpdate } from '@agl/store-core';
import { STORE_ROUTES as R } from '@agl/types';
import { bind, type RouteBinding, searchVia } from './define';
import { forbidNulls, pageOptions } from './paging';

const queryAttempts = bind(R.queryAttempts, async ({ store, params, query, options, headers }) =>
  store.queryAttempts(
    params.rollout_id as string,
    pageOptions('attempts', query, options, headers),
  ),
);

/** Handlers of the attempt routes. */
export const attemptRoutes: Record<string, RouteBinding> = {
  startAttempt: bind(
    R.startAttempt,
    async ({ store, params, body }) =>
      store.startAttempt(params.rollout_id as string, { workerId: body.worker_id }),
    true,
  ),
  queryAttempts,
  searchAttempts: searchVia(R.searchAttempts, queryAttempts),
  getLatestAttempt: bind(R.getLatestAttempt, async ({ store, params }) =>
    store.getLatestAttempt(params.rollout_id as string),
  ),
  updateAttempt: bind(R.updateAttempt, async ({ store, params, body }) => {
    forbidNulls(body, ['status', 'worker_id', 'last_heartbeat_time', 'metadata']);
    const update: AttemptUpdate = {};
    if (body.status) update.status = body.status;
    if (typeof body.worker_id === 'string') update.workerId = body.worker_id;
    if (typeof body.last_heartbeat_time === 'number')
      update.lastHeartbeatTime = body.last_heartbeat_time;
    if (body.metadata) update.metadata = body.metadata;
    return store.updateAttempt(params.rollout_id as string, params.attempt_id as string, update);
  }),
};
