import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STORE_ROUTES, type StoreRouteName } from '@agl/types';

/** One recorded exchange of the Python reference server (spec/fixtures/README.md). */
export interface Exchange {
  readonly name: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly query: [string, string][];
    readonly headers: Record<string, string>;
    readonly body: unknown;
    readonly body_raw?: string;
  };
  readonly response: {
    readonly status: number;
    readonly content_type: string | null;
    readonly body: unknown;
  };
}

const FILE = fileURLToPath(
  new URL('../../../../spec/fixtures/store-v0.3.0.jsonl', import.meta.url),
);

/** Every exchange of `store-v0.3.0.jsonl`, in recording order. */
export const EXCHANGES: readonly Exchange[] = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Exchange);

/** The exchange with this name. */
export function exchange(name: string): Exchange {
  const found = EXCHANGES.find((e) => e.name === name);
  if (!found) throw new Error(`No recorded exchange named ${name}`);
  return found;
}

function templateRegExp(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{\w+\}/g, '[^/]+')}$`);
}

/**
 * The `STORE_ROUTES` entry that serves a request, with the reference's
 * precedence (a literal segment beats a parameter).
 */
export function routeOf(method: string, path: string): StoreRouteName | undefined {
  const candidates = (Object.keys(STORE_ROUTES) as StoreRouteName[]).filter((name) => {
    const route = STORE_ROUTES[name];
    return route.method === method && templateRegExp(route.path).test(path);
  });
  const params = (name: StoreRouteName) => (STORE_ROUTES[name].path.match(/\{/g) ?? []).length;
  return candidates.sort((a, b) => params(a) - params(b))[0];
}

/** Recorded exchanges of a route. */
function exchangesOf(route: StoreRouteName): Exchange[] {
  return EXCHANGES.filter((e) => routeOf(e.request.method, e.request.path) === route);
}

/** GET list routes whose recorded answers also serve the POST search variant. */
const SEARCH_TWINS: Partial<Record<StoreRouteName, StoreRouteName>> = {
  searchRollouts: 'queryRollouts',
  searchAttempts: 'queryAttempts',
  searchWorkers: 'queryWorkers',
  searchSpans: 'querySpans',
};

/**
 * A recorded success answer of the route serving `method path` (the first
 * one with a non-empty body, if any), for fake servers that must answer
 * plausibly whatever they are asked.
 */
export function recordedAnswer(method: string, path: string): Exchange['response'] | undefined {
  const route = routeOf(method, path);
  if (!route) return undefined;
  const candidates = [route, SEARCH_TWINS[route]].flatMap((name) =>
    name ? exchangesOf(name) : [],
  );
  const successes = candidates.filter((e) => e.response.status < 300);
  const nonEmpty = (body: unknown) => body !== null && !(Array.isArray(body) && body.length === 0);
  return (successes.find((e) => nonEmpty(e.response.body)) ?? successes[0])?.response;
}
