import type { CreateRolloutOptions, RolloutUpdate } from '@agl/store-core';
import { type EnqueueRolloutRequest, STORE_ROUTES as R } from '@agl/types';
import { bind, type RouteBinding, searchVia } from './define';
import { forbidNulls, pageOptions } from './paging';

/** Longest wait honoured as a timer (about 24 days); longer or non-finite = no deadline. */
const MAX_WAIT_SECONDS = 2_000_000;

function createOptions(item: Omit<EnqueueRolloutRequest, 'input'>): CreateRolloutOptions {
  return {
    mode: item.mode,
    resourcesId: item.resources_id,
    config: item.config,
    metadata: item.metadata,
  };
}

type RolloutQuery = typeof R.queryRollouts;

const queryRollouts = bind<RolloutQuery>(
  R.queryRollouts,
  async ({ store, query, options, headers }) =>
    store.queryRollouts({
      ...pageOptions('rollouts', query, options, headers),
      statusIn: query.status_in,
      rolloutIdIn: query.rollout_id_in,
      rolloutIdContains: query.rollout_id_contains,
      modeIn: query.mode_in ?? null,
      resourcesIdIn: query.resources_id_in ?? null,
      filterLogic: query.filter_logic,
    }),
);

/** Handlers of the rollout and queue routes. */
export const rolloutRoutes: Record<string, RouteBinding> = {
  enqueueRollouts: bind(
    R.enqueueRollouts,
    async ({ store, body }) => {
      const items = body.rollouts;
      if (items.length === 0) return [];
      if (items.length === 1) {
        const [item] = items as [EnqueueRolloutRequest];
        return [await store.enqueueRollout(item.input, createOptions(item))];
      }
      return store.enqueueManyRollouts(
        items.map((item) => ({ input: item.input, ...createOptions(item) })),
      );
    },
    true,
  ),
  // An `Idempotency-Key` on a dequeue is a claim key: a retry with it gets the
  // rollouts the first request claimed, not new ones.
  dequeueRollouts: bind(
    R.dequeueRollouts,
    async ({ store, body }) => {
      if (body.limit <= 0) return [];
      if (body.limit === 1) {
        const rollout = await store.dequeueRollout({ workerId: body.worker_id });
        return rollout ? [rollout] : [];
      }
      return store.dequeueManyRollouts({ limit: body.limit, workerId: body.worker_id });
    },
    true,
  ),
  startRollout: bind(
    R.startRollout,
    async ({ store, body }) =>
      store.startRollout(body.input, { ...createOptions(body), workerId: body.worker_id }),
    true,
  ),
  queryRollouts,
  searchRollouts: searchVia(R.searchRollouts, queryRollouts),
  getRollout: bind(R.getRollout, async ({ store, params }) =>
    store.getRolloutById(params.rollout_id as string),
  ),
  updateRollout: bind(R.updateRollout, async ({ store, params, body }) => {
    forbidNulls(body, ['status', 'config']);
    const update: RolloutUpdate = {};
    if (Object.hasOwn(body, 'input')) update.input = body.input;
    if (body.mode !== undefined) update.mode = body.mode;
    if (body.resources_id !== undefined) update.resourcesId = body.resources_id;
    if (body.status) update.status = body.status;
    if (body.config) update.config = body.config;
    if (body.metadata !== undefined) update.metadata = body.metadata;
    return store.updateRollout(params.rollout_id as string, update);
  }),
  waitForRollouts: bind(R.waitForRollouts, async ({ store, body, signal }) => {
    const timeout = body.timeout;
    const bounded =
      timeout === null || !Number.isFinite(timeout) || timeout > MAX_WAIT_SECONDS ? null : timeout;
    return store.waitForRollouts(body.rollout_ids, { timeoutSeconds: bounded, signal });
  }),
};
