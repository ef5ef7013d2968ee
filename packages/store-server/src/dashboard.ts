import type { Hono } from 'hono';

/**
 * Anything that serves dashboard pages with web-standard requests, such as
 * the handler `createDashboardHandler` of `@agl/dashboard` returns: it
 * answers its own paths and resolves `undefined` for the rest.
 */
export interface DashboardMount {
  /** Answers a dashboard request, or `undefined` to let the API answer. */
  fetch(request: Request): Promise<Response | undefined>;
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
