import type { Hono } from 'hono';
import type { RewardReader } from './reward-tracker';

/**
 * Anything that serves dashboard pages with web-standard requests, such as
 * the handler `createDashboardHandler` of `@agl/dashboard` returns: it
 * answers its own paths and resolves `undefined` for the rest.
 */
export interface DashboardMount {
  /** Answers a dashboard request, or `undefined` to let the API answer. */
  fetch(request: Request): Promise<Response | undefined>;
  /**
   * The dashboard's reward reader. When given, the server also offers
   * `GET /v1/agl/rewards` and `GET /v1/agl/timeseries` (advertised as the
   * `rewards` and `timeseries` capabilities), computed with the same reader
   * the dashboard uses in the browser, so both give the same numbers.
   */
  readReward?: RewardReader;
}

/**
 * Mounts a dashboard on a store app after the API routes: `GET`/`HEAD`
 * requests the dashboard does not claim (API paths, unknown paths outside
 * its base path) fall through to the API's own 404/405 answers.
 *
 * @param app - the store app
 * @param dashboard - the dashboard handler
 */
export function mountDashboard(app: Hono, dashboard: DashboardMount): void {
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const response = await dashboard.fetch(c.req.raw);
    if (response) return response;
    await next();
    return undefined;
  });
}
