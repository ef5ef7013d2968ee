import type { LightningStore } from '@agl/store-core';
import type { StoreRoute } from '@agl/types';
import type * as v from 'valibot';
import type { ResolvedAppOptions } from '../options';

type Out<S> = S extends v.GenericSchema ? v.InferOutput<S> : undefined;

/** What a route handler receives: the validated request and the means to answer. */
interface RouteInput<TRoute extends StoreRoute> {
  /** The store being served. */
  readonly store: LightningStore;
  /** Percent-decoded path parameters. */
  readonly params: Readonly<Record<string, string>>;
  /** The validated body (absent or `null` bodies of optional-body routes become `{}`). */
  readonly body: Out<TRoute['body']>;
  /** The validated query string. */
  readonly query: Out<TRoute['query']>;
  /** Aborted when the client disconnects or the server stops. */
  readonly signal: AbortSignal;
  /** Extra headers of the answer. */
  readonly headers: Record<string, string>;
  /** The app's settings. */
  readonly options: ResolvedAppOptions;
  /** The same input with `query` replaced (lets a search route reuse its query twin). */
  withQuery(query: unknown): RouteInput<StoreRoute>;
}

/** A route handler: returns the JSON answer (sent with the route's status) or a `Response`. */
export type RouteHandler<TRoute extends StoreRoute = StoreRoute> = (
  input: RouteInput<TRoute>,
) => Promise<unknown>;

/** A route together with its handler. */
export interface RouteBinding {
  /** The route (method, path, schemas, status). */
  readonly route: StoreRoute;
  /** Its handler. */
  readonly handle: RouteHandler;
  /** Whether an `Idempotency-Key` header is honoured on this route. */
  readonly idempotent: boolean;
}

/**
 * Binds a handler to a route with the handler's input typed from the route's schemas.
 *
 * @param route - an entry of `STORE_ROUTES` or `SERVER_ROUTES`
 * @param handle - the handler
 * @param idempotent - whether `Idempotency-Key` is honoured (non-idempotent creates)
 */
export function bind<TRoute extends StoreRoute>(
  route: TRoute,
  handle: RouteHandler<TRoute>,
  idempotent = false,
): RouteBinding {
  return { route, handle: handle as RouteHandler, idempotent };
}

/**
 * Binds a POST search route to the handler of its GET query twin: the JSON
 * body takes the place of the query string.
 *
 * @param route - the search route
 * @param query - the binding of the matching query route
 */
export function searchVia<TRoute extends StoreRoute>(
  route: TRoute,
  query: RouteBinding,
): RouteBinding {
  return bind(route, async (input) => query.handle(input.withQuery(input.body)));
}
