/**
 * The gateway's hono app: agent routes (with attribution by path prefix or headers), health, and
 * the management routes (pause/resume/state/stats and the model registry).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Context, Hono } from 'hono';
import { anthropicError } from './anthropic.js';
import { type ParsedPath, parsePath } from './attribution.js';
import type { CallRun } from './call-record.js';
import { errorResponse } from './envelope.js';
import { forward } from './forward.js';
import { admit, type HeaderView } from './generation.js';
import { routeTemplate } from './metrics.js';
import type { ModelConfig } from './models.js';
import { readiness } from './readiness.js';
import type { GatewayState } from './state.js';

type NodeEnv = { Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse } };

function sameKey(given: string, key: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

function presentedKey(headers: Headers): string | null {
  const auth = headers.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return headers.get('x-api-key') ?? headers.get('api-key');
}

function clientIp(incoming: IncomingMessage | undefined): string {
  const ip = incoming?.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

const utf8 = new TextDecoder();

/**
 * Reads a request body straight from the Node request (cheaper than going through web streams);
 * `null` when it exceeds `limit` bytes (the rest is read and dropped so the connection stays usable).
 */
function readIncoming(incoming: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) parts.push(chunk);
    });
    incoming.once('end', () =>
      resolve(
        size > limit ? null : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts),
      ),
    );
    incoming.once('error', reject);
    // A client that goes away mid-body must not leave the call waiting for ever.
    incoming.once('close', () => {
      if (!incoming.complete) reject(new Error('client disconnected before the body was complete'));
    });
  });
}

/**
 * The headers of a Node request without building a web `Headers` object; duplicate headers are
 * joined with `, ` and entries come sorted by name, as `Headers` gives them.
 */
function nodeHeaders(incoming: IncomingMessage): HeaderView {
  const raw = incoming.headers;
  const value = (v: string | string[] | undefined): string | null =>
    v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  return {
    get: (name) => value(raw[name]),
    entries: () =>
      Object.keys(raw)
        .sort()
        .map((name) => [name, value(raw[name]) ?? ''] as [string, string]),
  };
}

const isLoopback = (ip: string): boolean => ip.startsWith('127.') || ip === '::1';

function modelEntries(gw: GatewayState): Array<Record<string, unknown>> {
  return gw.registry
    .names()
    .map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai' }));
}

/** Re-wraps an OpenAI-envelope error answer in Anthropic's envelope (the paused answer keeps its shape). */
async function asAnthropic(res: Response): Promise<Response> {
  if (res.status < 400 || res.headers.get('x-agl-paused') === 'true') return res;
  const text = await res.text();
  let message = text;
  try {
    const body = JSON.parse(text) as {
      type?: unknown;
      error?: { message?: unknown };
      message?: unknown;
    };
    if (body.type === 'error')
      return new Response(text, { status: res.status, headers: res.headers });
    message = String(body.error?.message ?? body.message ?? text);
  } catch {
    // Not JSON: the text is the message.
  }
  const headers = new Headers(res.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  return new Response(JSON.stringify(anthropicError(res.status, message)), {
    status: res.status,
    headers,
  });
}

/** Builds the app over a gateway state. */
export function buildApp(gw: GatewayState): Hono<NodeEnv> {
  const app = new Hono<NodeEnv>();
  const metrics = gw.metrics;
  if (metrics !== null) {
    // Every request, refused ones included, by route template (ids never become labels).
    app.use('*', async (c, next) => {
      const started = performance.now();
      let status = '500';
      try {
        await next();
        status = c.env?.incoming?.socket?.destroyed ? '499' : String(c.res.status);
      } finally {
        metrics.metrics.observeHttp(
          routeTemplate(c.req.method, c.req.path),
          c.req.method,
          status,
          (performance.now() - started) / 1000,
        );
      }
    });
  }

  app.use('/proxy/*', async (c, next) => {
    if (c.req.path.startsWith('/proxy/rollout/')) return next();
    return adminGuard(c.req.raw.headers, clientIp(c.env?.incoming)) ?? next();
  });
  for (const path of ['/api/models', '/metrics']) {
    app.use(
      path,
      async (c, next) => adminGuard(c.req.raw.headers, clientIp(c.env?.incoming)) ?? next(),
    );
  }
  if (metrics !== null && gw.options.exposeMetrics)
    app.get('/metrics', () => metrics.metrics.response());

  function adminGuard(headers: Headers, ip: string): Response | null {
    const key = gw.options.adminKey;
    if (key === null)
      return isLoopback(ip)
        ? null
        : errorResponse(
            403,
            'Management routes are local-only without an admin key',
            'permission_error',
          );
    const given = presentedKey(headers);
    return given !== null && sameKey(given, key)
      ? null
      : errorResponse(401, 'Admin key required', 'auth_error');
  }

  app.post('/proxy/pause', async (c) => {
    let body: unknown = {};
    const text = await c.req.text();
    try {
      if (text.trim() !== '') body = JSON.parse(text);
    } catch {
      return c.json({ detail: [{ msg: 'Invalid JSON' }] }, 422);
    }
    const b = (body ?? {}) as { retry_after_seconds?: unknown; reason?: unknown };
    const retry = b.retry_after_seconds ?? 5;
    if (
      typeof body !== 'object' ||
      !Number.isInteger(retry) ||
      (retry as number) < 0 ||
      !(b.reason === undefined || b.reason === null || typeof b.reason === 'string')
    ) {
      return c.json(
        { detail: [{ msg: 'retry_after_seconds must be an integer and reason a string or null' }] },
        422,
      );
    }
    gw.paused = true;
    gw.retryAfterSeconds = retry as number;
    gw.reason = (b.reason as string | null | undefined) ?? null;
    return c.json(gw.state());
  });
  app.post('/proxy/resume', (c) => {
    gw.paused = false;
    gw.reason = null;
    return c.json(gw.state());
  });
  app.get('/proxy/state', (c) => c.json(gw.state()));
  app.get('/proxy/stats', (c) => c.json(gw.stats()));
  app.get('/proxy/ready', async (c) => {
    const ready = await readiness(gw);
    return c.json(ready, ready.status === 'ok' ? 200 : 503);
  });
  app.get('/api/models', (c) =>
    c.json(
      gw.registry
        .all()
        .map((d) => ({ model: d.modelName, endpoint: d.apiBase, version: d.version })),
    ),
  );
  app.post('/api/models', async (c) => {
    let items: unknown;
    try {
      items = await c.req.json();
    } catch {
      return c.json({ detail: [{ msg: 'Invalid JSON' }] }, 422);
    }
    const valid =
      Array.isArray(items) &&
      items.every(
        (i) =>
          i &&
          typeof i.model === 'string' &&
          typeof i.endpoint === 'string' &&
          (i.version === undefined || Number.isInteger(i.version)),
      );
    if (!valid)
      return c.json({ detail: [{ msg: 'expected an array of {model, endpoint, version?}' }] }, 422);
    const list: ModelConfig[] = (
      items as Array<{ model: string; endpoint: string; version?: number }>
    ).map((i) => ({
      model_name: i.model,
      litellm_params: { model: `hosted_vllm/${i.model}`, api_base: i.endpoint.replace(/\/$/, '') },
      model_info: { version: i.version ?? 0 },
    }));
    try {
      gw.registry.upsert(list);
    } catch (error) {
      return c.json({ detail: [{ msg: (error as Error).message }] }, 422);
    }
    return c.json(items, 201);
  });
  app.delete('/api/models', (c) => {
    gw.registry.clear();
    return c.json({ status: 'ok' });
  });

  app.all('*', async (c) => {
    const tArrival = gw.options.now();
    const method = c.req.method;
    const path = parsePath(c.req.path, method);
    if ('status' in path)
      return errorResponse(
        path.status,
        path.message,
        path.status === 404 ? 'not_found_error' : undefined,
      );
    if (path.route === null)
      return errorResponse(404, `Not Found: ${method} ${c.req.path}`, 'not_found_error');
    if (path.route === 'health') return c.json({ status: 'ok' });
    if (path.route === 'liveliness') return c.json("I'm alive!");
    const key = gw.options.key;
    if (key !== null) {
      const given = presentedKey(c.req.raw.headers);
      if (given === null || !sameKey(given, key)) {
        const denied = errorResponse(
          401,
          'Authentication Error: invalid or missing API key',
          'auth_error',
        );
        return path.route === 'messages' ? asAnthropic(denied) : denied;
      }
    }
    if (path.route === 'messages') return asAnthropic(await generation(c, path, tArrival));
    if (path.route === 'models') return c.json({ data: modelEntries(gw), object: 'list' });
    if (path.route === 'model') {
      const entry = modelEntries(gw).find((m) => m.id === path.pathModel);
      return entry
        ? c.json(entry)
        : errorResponse(404, `Model not found: ${path.pathModel}`, 'not_found_error');
    }
    return generation(c, path, tArrival);
  });

  async function generation(
    c: Context<NodeEnv>,
    path: ParsedPath,
    tArrival: number,
  ): Promise<Response> {
    gw.callsTotal++;
    const incoming = c.env?.incoming;
    const headers = incoming ? nodeHeaders(incoming) : c.req.raw.headers;
    const declared = Number(headers.get('content-length') ?? '0');
    const limit = gw.options.maxBodyBytes;
    if (declared > limit)
      return errorResponse(413, `Request body too large (limit ${limit} bytes)`);
    const bytes =
      incoming && !incoming.readableDidRead
        ? await readIncoming(incoming, limit)
        : new Uint8Array(await c.req.arrayBuffer());
    if (bytes === null || bytes.byteLength > limit)
      return errorResponse(413, `Request body too large (limit ${limit} bytes)`);
    const bodyText = utf8.decode(bytes);
    const admitted = await admit(gw, { path, headers, bodyText });
    if (admitted instanceof Response) return admitted;
    if (admitted.attribution) gw.callsAttributed++;
    gw.enter();
    const abort = new AbortController();
    gw.active.add(abort);
    const outgoing = c.env?.outgoing;
    const onClose = (): void => {
      if (outgoing && !outgoing.writableFinished) abort.abort();
    };
    outgoing?.once('close', onClose);
    const run: CallRun = {
      gw,
      call: admitted,
      tArrival,
      tUpstreamStart: gw.options.now(),
      clientIp: clientIp(c.env?.incoming),
      abort,
    };
    if (gw.options.logBodies && gw.options.logger.isEnabled?.('debug') !== false) {
      gw.options.logger.debug(`LLM proxy request body: ${bodyText}`);
    }
    try {
      return await forward(run);
    } catch (error) {
      gw.options.logger.error(`LLM proxy failed to serve a call: ${(error as Error).message}`);
      return errorResponse(500, 'Internal error in LLM proxy', 'internal_error');
    } finally {
      gw.active.delete(abort);
    }
  }

  app.onError((error) => {
    gw.options.logger.error(`LLM proxy internal error: ${error.message}`);
    return errorResponse(500, 'Internal error in LLM proxy', 'internal_error');
  });
  return app;
}
