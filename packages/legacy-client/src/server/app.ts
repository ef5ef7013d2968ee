import type { Logger } from '@agl/store-core';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RolloutLegacySchema } from '../wire/rollout';
import type { TaskIfAny } from '../wire/task';
import { parseJsonBody } from './body';
import type { LegacyServerState } from './state';

/** Options of {@link createLegacyApp}. */
export interface LegacyAppOptions {
  /** Returns the current state, or `null` while the server is not running. */
  getState: () => LegacyServerState | null;
  /** Current time in epoch seconds, used to stamp resources responses. */
  now: () => number;
  /** Where unexpected errors are logged. */
  logger: Logger;
  /** Largest accepted request body in bytes (larger → 413). */
  maxBodyBytes: number;
}

const NOT_INITIALIZED = { detail: 'Server not fully initialized.' };

/**
 * Builds the hono app of the legacy protocol: `GET /task`,
 * `GET /resources/latest`, `GET /resources/{id}` and `POST /rollout`, with
 * FastAPI-compatible 404, 405 (with `Allow`), 413 and 422 bodies. Every
 * answer is JSON.
 *
 * @param options - the state accessor, clock, logger and body limit
 */
export function createLegacyApp(options: LegacyAppOptions): Hono {
  const { getState, now, logger } = options;
  const app = new Hono();

  const serveResources = (id: string | null, notFound: string) => {
    const state = getState();
    if (state === null) return { status: 503 as const, body: NOT_INITIALIZED };
    const resources = id === null ? null : state.getResources(id);
    if (id === null || resources === null)
      return { status: 404 as const, body: { detail: notFound } };
    const time = now();
    const body = { resources_id: id, create_time: time, update_time: time, version: 1, resources };
    return { status: 200 as const, body };
  };

  app.get('/task', (c) => {
    const task = getState()?.claimNextTask() ?? null;
    const body: TaskIfAny = { is_available: task !== null, task };
    return c.json(body);
  });

  app.get('/resources/latest', (c) => {
    const answer = serveResources(
      getState()?.latestResourcesId ?? null,
      'No resources have been set on the server.',
    );
    return c.json(answer.body, answer.status);
  });

  app.get('/resources/:resourcesId', (c) => {
    const id = c.req.param('resourcesId');
    const answer = serveResources(id, `Resource ID '${id}' not found.`);
    return c.json(answer.body, answer.status);
  });

  const limit = bodyLimit({
    maxSize: options.maxBodyBytes,
    onError: (c) =>
      c.json({ detail: `Request body exceeds the limit of ${options.maxBodyBytes} bytes.` }, 413),
  });

  app.post('/rollout', limit, async (c) => {
    const parsed = parseJsonBody(
      await c.req.text(),
      c.req.header('content-type'),
      RolloutLegacySchema,
    );
    if (!parsed.ok) return c.json({ detail: parsed.detail }, 422);
    const state = getState();
    if (state === null) return c.json(NOT_INITIALIZED, 503);
    state.storeRollout(parsed.value);
    const id = parsed.value.rollout_id;
    return c.json({ status: 'ok', message: `Rollout ${id} received and stored.`, data: null });
  });

  const methodNotAllowed = (allow: string) => (c: Context) =>
    c.json({ detail: 'Method Not Allowed' }, 405, { Allow: allow });
  app.all('/task', methodNotAllowed('GET'));
  app.all('/resources/:resourcesId', methodNotAllowed('GET'));
  app.all('/rollout', methodNotAllowed('POST'));

  app.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  app.onError((error, c) => {
    logger.error(`Unexpected error on ${c.req.method} ${c.req.path}: ${error.message}`);
    return c.json({ detail: 'Internal server error' }, 500);
  });
  return app;
}
