import type { LightningStore } from '@agl/store-core';
import { STORE_API_PREFIX } from '@agl/types';
import { type Context, Hono } from 'hono';
import { createAggregateRoutes } from './aggregates';
import { mountDashboard } from './dashboard';
import { ChangeFeed, createEventsHandler, observeStore } from './events';
import { answerToResponse } from './http/answer';
import { apiKeyMiddleware } from './http/api-key';
import { corsMiddleware, normaliseCorsOrigins } from './http/cors';
import { errorToResponse } from './http/error-response';
import { routingFallback } from './http/fallback';
import { IdempotencyCache } from './http/idempotency';
import { READY_PATH, readinessResponse } from './http/readiness';
import { requestLog } from './http/request-log';
import { httpMetrics, METRICS_PATHS } from './metrics/http-metrics';
import { instrumentStore, registerStoreGauges } from './metrics/store-metrics';
import { countStoreWork } from './metrics/work-metrics';
import { buildOpenApiDocument } from './openapi/document';
import { resolveAppOptions, type StoreAppOptions } from './options';
import { createOtlpRoutes } from './otlp';
import { RewardTracker } from './reward-tracker';
import { createDispatcher } from './routes/dispatch';
import { createFastPath, type FastPath } from './routes/fast-path';
import { honoRouteRequest } from './routes/request';
import { type RouteRunner, toRouteRunner } from './routes/runner';
import { knownRoutes, OPENAPI_PATH, orderedBindings } from './routes/table';

/**
 * Builds the HTTP API of a store as a hono app: every route of the
 * reference under `/v1/agl` (plus our batch routes), OTLP/HTTP traces under
 * `/v1`, `GET /openapi.json`, CORS, request logging and the reference's
 * 404/405/307 answers. Serve it with `LightningStoreServer`, any hono
 * adapter, or call `app.request(...)` directly without a network listener.
 *
 * @param backing - the store to serve
 * @param options - limits, logging, CORS, idempotency and shutdown settings
 * @returns the hono app
 */
export function createStoreApp(backing: LightningStore, options: StoreAppOptions = {}): Hono {
  return buildStoreApp(backing, options).app;
}

/** A store app and, when the app allows it, the fast path of its store routes. */
interface BuiltStoreApp {
  /** The hono app (every request can go through it). */
  readonly app: Hono;
  /** Serves plain store-route requests directly under Node (see `createFastPath`). */
  readonly fastPath: FastPath | undefined;
}

/**
 * `createStoreApp`, also returning the fast path that `LightningStoreServer`
 * puts in front of the app. There is none when a middleware must see every
 * request (request log, metrics, CORS, API key).
 *
 * @param backing - the store to serve
 * @param options - as for `createStoreApp`
 */
export function buildStoreApp(
  backing: LightningStore,
  options: StoreAppOptions = {},
): BuiltStoreApp {
  const resolved = resolveAppOptions(options);
  const app = new Hono();
  const metrics = resolved.metrics;
  if (metrics) {
    registerStoreGauges(metrics, backing);
    // A stopped server stops observing a store that may outlive it.
    const stopCounting = countStoreWork(metrics, backing);
    if (stopCounting) resolved.shutdownSignal?.addEventListener('abort', stopCounting);
  }
  const metered = metrics ? instrumentStore(backing, metrics) : backing;
  // With live events, every write made through this app is published as a change hint,
  // and so is every transition the store's own watchdog makes.
  const feed = resolved.events ? new ChangeFeed() : undefined;
  // Dashboard aggregates (rewards, time series): only with a dashboard that reads rewards.
  // Rewards are counted as spans are written, through the same seam as the feed.
  const readReward = resolved.dashboard?.readReward;
  const rewards = readReward ? new RewardTracker(readReward) : undefined;
  const store =
    feed || rewards
      ? observeStore(metered, feed, {
          observed: backing,
          shutdownSignal: resolved.shutdownSignal,
          listener: rewards,
        })
      : metered;
  const fail = (error: unknown, c: Context) =>
    errorToResponse(error, resolved, `${c.req.method} ${c.req.path}`);
  // Store routes catch everything themselves (see toHonoHandler); hono's onError
  // only sees Error instances, so the OTLP routes get a catch-all of their own.
  app.use('/v1/traces', async (c, next) => {
    try {
      await next();
    } catch (error) {
      c.res = fail(error, c);
    }
  });
  // One debug line per request; skipped entirely when debug lines are not written.
  const logsRequests = resolved.logger.isEnabled?.('debug') !== false;
  if (logsRequests) app.use('*', requestLog(resolved.logger));
  // First, so that refused (401) and unknown requests are counted too. The
  // dispatcher it asks for templates is built below, before any request arrives.
  if (metrics) {
    const templateOf = (method: string, path: string) => {
      const match = dispatch(method, path);
      return match ? templates.get(match.value) : pathTemplate(path);
    };
    app.use('*', httpMetrics(metrics, templateOf));
  }
  const origins = normaliseCorsOrigins(resolved.corsOrigins);
  if (origins !== null) app.use('*', corsMiddleware(origins));
  if (resolved.apiKey !== undefined)
    app.use(
      '*',
      apiKeyMiddleware(resolved.apiKey, resolved.dashboard ? isDashboardFile : undefined),
    );
  app.get(READY_PATH, () => readinessResponse(backing));
  if (metrics && resolved.exposeMetrics)
    for (const path of METRICS_PATHS) app.get(path, () => metrics.response());

  let openapi: string | undefined;
  app.get(OPENAPI_PATH, () => {
    openapi ??= JSON.stringify(
      buildOpenApiDocument({
        events: resolved.events === true,
        aggregates: resolved.dashboard?.readReward !== undefined,
      }),
    );
    return new Response(openapi, { headers: { 'content-type': 'application/json' } });
  });

  const idempotency =
    resolved.idempotency === false
      ? undefined
      : new IdempotencyCache(resolved.idempotency, resolved.clock);
  const context = { store, options: resolved, idempotency };
  // The JSON routes resolve through our own dispatcher (registration order, a
  // map for literal paths): hono's RegExpRouter cannot express the reference's
  // precedence and its trie router cost a sizeable share of a small request.
  const templates = new Map<RouteRunner, string>();
  const dispatch = createDispatcher<RouteRunner>(
    orderedBindings().map((binding) => {
      const runner = toRouteRunner(binding, context);
      templates.set(runner, binding.route.path);
      return [binding.route.method, binding.route.path, runner];
    }),
  );
  if (feed) {
    const events = createEventsHandler(feed, {
      capabilities: () => ({ events: true }),
      shutdownSignal: resolved.shutdownSignal,
      onEnd: (count) =>
        resolved.logger.debug(`GET ${STORE_API_PREFIX}/events ended after ${count} events`),
    });
    app.get(`${STORE_API_PREFIX}/events`, (c) => events(c.req.raw));
  }
  if (readReward && rewards) app.route('/', createAggregateRoutes(store, readReward, rewards));
  app.on(['GET', 'POST'], `${STORE_API_PREFIX}/*`, async (c, next) => {
    const match = dispatch(c.req.method, c.req.path);
    if (!match) return next();
    return answerToResponse(await match.value(honoRouteRequest(c), match.params));
  });
  app.route(
    '/',
    createOtlpRoutes(store, { logger: resolved.logger, bodyLimit: resolved.maxBodyBytes }),
  );

  if (resolved.dashboard) mountDashboard(app, resolved.dashboard);

  app.notFound(routingFallback(knownRoutes()));
  app.onError(fail);
  const plain = !logsRequests && !metrics && origins === null && resolved.apiKey === undefined;
  // Paths answered by routes registered before the store routes.
  const earlier = new Set([
    READY_PATH,
    `${STORE_API_PREFIX}/events`,
    `${STORE_API_PREFIX}/rewards`,
    `${STORE_API_PREFIX}/timeseries`,
  ]);
  return { app, fastPath: plain ? createFastPath(dispatch, earlier) : undefined };
}

/**
 * Requests the dashboard may answer without the access key: its page and
 * static files hold no store data, and the page then asks for the key and
 * sends it with every API call. Every API, OTLP, OpenAPI and metrics path
 * still needs the key.
 */
function isDashboardFile(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path.startsWith('/v1/') || path === '/v1' || path === OPENAPI_PATH) return false;
  return path !== READY_PATH && !METRICS_PATHS.includes(path);
}

/** OTLP and other non-store paths are few and fixed; anything else under `/v1/` is one label. */
function pathTemplate(path: string): string | undefined {
  if (path === '/v1/traces' || path === READY_PATH || METRICS_PATHS.includes(path)) return path;
  if (['/v1/metrics', '/v1/logs', '/v1/development/profiles'].includes(path)) return path;
  return undefined;
}
