import type { LightningStore } from '@agl/store-core';
import { runWithIdempotencyKey } from '@agl/store-core/backend';
import { type StoreRoute, toValidationDetails, type ValidationSource } from '@agl/types';
import * as v from 'valibot';
import { type Answer, jsonAnswer, responseToAnswer } from '../http/answer';
import { readBody } from '../http/body';
import { errorToAnswer } from '../http/error-response';
import { unprocessable } from '../http/http-error';
import type { IdempotencyCache } from '../http/idempotency';
import { arraysInModelPositions } from '../http/model-arrays';
import { queryToObject } from '../http/query';
import type { ResolvedAppOptions } from '../options';
import type { RouteBinding } from './define';
import type { RouteRequest } from './request';

/**
 * Validates a value against a schema, answering 422 with FastAPI-style details on failure.
 *
 * @param schema - the schema
 * @param value - the value
 * @param source - `body`, `query` or `path`, the first element of each `loc`
 * @returns the parsed output
 */
function validate<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  source: ValidationSource,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw unprocessable(toValidationDetails(result.issues, { schema, input: value, source }));
}

const missingBody = () =>
  unprocessable([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);

async function bodyOf(route: StoreRoute, req: RouteRequest, options: ResolvedAppOptions) {
  if (route.bodyMode === 'none' || !route.body) return undefined;
  const read = await readBody(
    req.raw,
    { maxBytes: options.maxBodyBytes, maxDepth: options.maxJsonDepth },
    req.incoming,
  );
  let value = read.present ? read.value : null;
  if (value === null) {
    if (route.bodyMode === 'required') throw missingBody();
    value = {};
  }
  const arrays = arraysInModelPositions(route.body, value);
  if (arrays.length > 0) throw unprocessable(arrays);
  return validate(route.body, value, 'body');
}

function queryOf(route: StoreRoute, req: RouteRequest) {
  if (!route.query) return undefined;
  const params = req.searchParams();
  return validate(route.query, queryToObject(params, route.query, route.listParams), 'query');
}

function requestSignal(client: AbortSignal, shutdown: AbortSignal | undefined): AbortSignal {
  return shutdown ? AbortSignal.any([client, shutdown]) : client;
}

/**
 * The input of one handler call. A class rather than an object literal with
 * a `signal` getter: a per-request accessor made V8 allocate a new property
 * layout every request (measured as millisecond latency spikes).
 */
class HandlerInput {
  /**
   * @param store - the store
   * @param params - decoded path parameters
   * @param body - validated body
   * @param query - validated query
   * @param headers - extra answer headers
   * @param options - app settings
   * @param request - the request (for its abort signal)
   */
  constructor(
    readonly store: LightningStore,
    readonly params: Readonly<Record<string, string>>,
    readonly body: unknown,
    readonly query: unknown,
    readonly headers: Record<string, string>,
    readonly options: ResolvedAppOptions,
    private readonly request: RouteRequest,
  ) {}

  /** Aborted when the client disconnects or the server stops (built on demand: only long waits need it). */
  get signal(): AbortSignal {
    return requestSignal(this.request.signal(), this.options.shutdownSignal);
  }

  /** The same input with `query` replaced (a search route's body standing in for a query). */
  withQuery(query: unknown): HandlerInput {
    return new HandlerInput(
      this.store,
      this.params,
      this.body,
      query,
      this.headers,
      this.options,
      this.request,
    );
  }
}

function hasKeys(record: Record<string, string>): boolean {
  for (const _ in record) return true;
  return false;
}

/** What every handler of one app shares. */
export interface RunnerContext {
  /** The store being served. */
  readonly store: LightningStore;
  /** The app's settings. */
  readonly options: ResolvedAppOptions;
  /** The idempotency-key memory, when enabled. */
  readonly idempotency: IdempotencyCache | undefined;
}

/** Runs one route for a request whose path parameters are already resolved. */
export type RouteRunner = (req: RouteRequest, params: Record<string, string>) => Promise<Answer>;

/**
 * Turns a route binding into a runner: reads and validates the query and
 * body, runs the handler, answers JSON with the route's status, and honours
 * `Idempotency-Key` where the binding says so. Anything thrown becomes an answer.
 *
 * @param binding - the route and its handler
 * @param context - store, options and idempotency memory
 */
export function toRouteRunner(binding: RouteBinding, context: RunnerContext): RouteRunner {
  const { route, handle, idempotent } = binding;
  const { store, options } = context;
  // Built once per route, not per request: a closure per request costs an
  // allocation (and, under the TypeScript loader, a property definition).
  const run = async (req: RouteRequest, params: Record<string, string>): Promise<Answer> => {
    const headers: Record<string, string> = {};
    const body = await bodyOf(route, req, options);
    const query = queryOf(route, req);
    const result = await handle(
      new HandlerInput(store, params, body, query, headers, options, req),
    );
    return result instanceof Response
      ? responseToAnswer(result)
      : jsonAnswer(route.status, result, hasKeys(headers) ? headers : undefined);
  };
  // Catch here rather than in a middleware: anything thrown (not only Error
  // instances, which hono's onError would see) becomes an answer.
  const answer = async (req: RouteRequest, params: Record<string, string>): Promise<Answer> => {
    try {
      return await run(req, params);
    } catch (error) {
      return errorToAnswer(error, options, `${req.method} ${req.path}`);
    }
  };
  return (req, params) => {
    const key = idempotent ? req.header('idempotency-key') : undefined;
    if (key === undefined || !context.idempotency) return answer(req, params);
    // The in-process memory answers retries to this process at once; the key in
    // scope lets a store that records keys durably (PostgreSQL) answer retries
    // that reach another process, or this one after a restart.
    const scoped = `${req.method} ${req.path} ${key}`;
    const ttlSeconds = context.idempotency.ttlSeconds;
    return context.idempotency.runAnswer(scoped, () =>
      runWithIdempotencyKey(scoped, ttlSeconds, () => answer(req, params)),
    );
  };
}
