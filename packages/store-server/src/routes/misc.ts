import { STORE_ROUTES as R } from '@agl/types';
import type { HealthWithCapabilities } from '../schemas';
import { bind, type RouteBinding } from './define';

/** Handlers of health and statistics. */
export const miscRoutes: Record<string, RouteBinding> = {
  health: bind(
    R.health,
    async ({ options }): Promise<HealthWithCapabilities> => ({
      status: 'ok',
      capabilities: {
        span_batch: true,
        sequence_id_batch: true,
        long_wait: true,
        idempotency: options.idempotency !== false,
        rollout_filters: true,
        ...(options.events ? { events: true } : {}),
        ...(options.dashboard?.readReward ? { rewards: true, timeseries: true } : {}),
      },
    }),
  ),
  statistics: bind(R.statistics, async ({ store }) => store.statistics()),
};
