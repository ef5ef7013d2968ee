import { InvalidStateError } from '@agl/store-core';
import { OTLP_TRACES_PATH, OTLP_UNSUPPORTED_PATHS, type STORE_ROUTES } from '@agl/types';
import type { SERVER_ROUTES } from '../schemas';
import { attemptRoutes } from './attempts';
import type { RouteBinding } from './define';
import { miscRoutes } from './misc';
import { resourcesRoutes } from './resources';
import { rolloutRoutes } from './rollouts';
import { spanRoutes } from './spans';
import { workerRoutes } from './workers';

/** Path of the OpenAPI document. */
export const OPENAPI_PATH = '/openapi.json';

/**
 * Every JSON route in the order the reference registers them. Order matters
 * twice: a literal route registered first wins over a parameter route
 * (`POST /rollouts/search` is the search, `GET /resources/latest` the latest
 * snapshot), and a 405's `allow` header names the methods of the first route
 * whose path matches.
 */
const ROUTE_ORDER = [
  'health',
  'enqueueRollouts',
  'dequeueRollouts',
  'startRollout',
  'queryRollouts',
  'searchRollouts',
  'getRollout',
  'updateRollout',
  'startAttempt',
  'queryAttempts',
  'searchAttempts',
  'updateAttempt',
  'queryWorkers',
  'searchWorkers',
  'getWorker',
  'updateWorker',
  'statistics',
  'getLatestAttempt',
  'queryResources',
  'addResources',
  'getLatestResources',
  'updateResources',
  'getResources',
  'addSpan',
  'querySpans',
  'searchSpans',
  'nextSequenceId',
  'addSpansBatch',
  'nextSequenceIdsBatch',
  'waitForRollouts',
] as const satisfies readonly (keyof typeof STORE_ROUTES | keyof typeof SERVER_ROUTES)[];

const BINDINGS: Record<string, RouteBinding> = {
  ...miscRoutes,
  ...rolloutRoutes,
  ...attemptRoutes,
  ...workerRoutes,
  ...resourcesRoutes,
  ...spanRoutes,
};

/** A route binding with its name in `STORE_ROUTES` or `SERVER_ROUTES`. */
export interface NamedBinding extends RouteBinding {
  /** The route's name, e.g. `startRollout`. */
  readonly name: string;
}

/** The JSON route bindings in registration order. */
export function orderedBindings(): NamedBinding[] {
  return ROUTE_ORDER.map((name) => {
    const binding = BINDINGS[name];
    if (!binding) throw new InvalidStateError(`No handler for route ${name}`);
    return { ...binding, name };
  });
}

/** A method and path template the server answers, for 404/405/redirect decisions. */
export interface KnownRoute {
  /** HTTP method. */
  readonly method: string;
  /** Path template with `{name}` parameters. */
  readonly path: string;
}

/** Every route the server answers, in registration order: the OpenAPI document, the JSON routes, then OTLP. */
export function knownRoutes(): KnownRoute[] {
  return [
    { method: 'GET', path: OPENAPI_PATH },
    ...orderedBindings().map(({ route }) => ({ method: route.method, path: route.path })),
    { method: 'POST', path: OTLP_TRACES_PATH },
    ...OTLP_UNSUPPORTED_PATHS.map((path) => ({ method: 'POST', path })),
  ];
}
